/**
 * azure-cns logs: `kubectl logs -n kube-system -l k8s-app=azure-cns` (Azure CNI Overlay / dynamic IP IPAM).
 *
 * Accepts: `YYYY/MM/DD HH:MM:SS [PID] message` lines; kubectl's `Defaulted container …` notes (read, passed over).
 *
 * Output: { event: "ip-state", ip, state, podName, podNamespace, ncid } for `[updateIPConfigState]` lines, and
 * { event: "pod-ip", ip, prefixlen, podInterfaceId, hostPrimaryIp, hostGateway, hostSubnet, nicType } for
 * `IPConfigsResponse` lines — each with `line`.
 *
 * Example:
 *   … [updateIPConfigState] Changing IpId [192.168.1.47] state to [Assigned], podInfo [… Name: [nginx], Namespace: [default]] …
 *   → { event: "ip-state", ip: "192.168.1.47", state: "Assigned", podName: "nginx", podNamespace: "default" }
 */
import { defineKind } from '../common/kind.ts';
import { convertCniLog } from '../azure-cni-log/convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, splitLines } from '../common/lines.ts';
import { LineRun, passedOver } from '../common/line-run.ts';

export interface CnsLogEvent { event: string; line: number; [k: string]: unknown }

function parseText(text: string) {
  const out = new Collector<CnsLogEvent>();
  const passed = new LineRun();
  const say = passedOver('azure-cns log');
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    // kubectl's note and log lines without a fact read here (requests, lookups, a cut state line) are named as a run
    if (!/\[updateIPConfigState\] Changing IpId .*NCID|PodIPConfig:\{/.test(t)
      && (/^Defaulted container/.test(t) || /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/.test(t))) { passed.note(line.no); continue; }
    passed.flush(out, 'ignored', say);
    if ((m = /\[updateIPConfigState\] Changing IpId \[([^\]]+)\] state to \[(\w+)\], podInfo \[(.*)\]\. Current config \[ID: \[[^\]]*\], NCID: \[([^\]]*)\]/.exec(t))) {
      const name = /Name: \[([^\]]*)\]/.exec(m[3] as string)?.[1];
      const ns = /Namespace: \[([^\]]*)\]/.exec(m[3] as string)?.[1];
      out.add({ event: 'ip-state', line: line.no, ip: m[1], state: m[2], ...(name ? { podName: name } : {}), ...(ns ? { podNamespace: ns } : {}), ncid: m[4] });
      continue;
    }
    if ((m = /PodIPConfig:\{IPAddress:(\S+) PrefixLength:(\d+)\}.*?HostPrimaryIPInfo:\{Gateway:(\S*) PrimaryIP:(\S*) Subnet:(\S*)\} NICType:(\S+)/.exec(t))) {
      const pif = /PodInterfaceID:(\S+)/.exec(t)?.[1];
      out.add({ event: 'pod-ip', line: line.no, ip: m[1], prefixlen: Number(m[2]), hostGateway: m[3], hostPrimaryIp: m[4], hostSubnet: m[5], nicType: m[6], ...(pif ? { podInterfaceId: pif } : {}) });
      continue;
    }
    out.skip(line, 'unrecognized', 'not an azure-cns log line');
  }
  passed.flush(out, 'ignored', say);
  return out.result();
}

export const info = {
  id: 'azure-cns-log',
  title: 'azure-cns logs',
  family: 'azure-cni' as const,
  commands: ['kubectl logs -n kube-system -l k8s-app=azure-cns', 'kubectl logs -n kube-system azure-cns-XXXXX'],
  origins: ['seed 004'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/\[updateIPConfigState\]|cns\.IPConfigsRequest|\[azure-cns/.test(h)) return 1;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const azureCnsLogParser: Parser<CnsLogEvent> = { info, detect, parse };

export const azureCnsLogKind = defineKind<CnsLogEvent>({
  parser: azureCnsLogParser, convert: convertCniLog, scope: 'node',
  commandLines: [/^(kubectl|k)\b.*\blogs\b.*azure-cns/],
});
