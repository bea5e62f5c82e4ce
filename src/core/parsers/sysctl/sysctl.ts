/**
 * `sysctl KEY…`, `sysctl -a`, `sysctl -w KEY=VALUE` (which echoes the new value): the kernel settings a trace
 * depends on, chiefly `net.bridge.bridge-nf-call-iptables` (whether bridged pod-to-pod traffic goes through
 * iptables) and `net.ipv4.ip_forward` (whether the node routes at all).
 *
 * Accepts: `key = value` lines (values may hold tabs and spaces: `net.ipv4.ip_local_port_range = 32768\t60999`),
 * `key=value` as `sysctl -w` takes it, sysctl's own complaints (`sysctl: cannot stat /proc/sys/…`, `permission
 * denied on key`), named as ignored. Does not accept `sysctl -n` output (values without keys).
 *
 * Output: { key, value }; keys as printed (an interface with a dot in its name shows as `vxlan/calico`).
 *
 * Example:
 *   net.bridge.bridge-nf-call-iptables = 1
 *   → { key: "net.bridge.bridge-nf-call-iptables", value: "1" }
 */
import { defineKind } from '../common/kind.ts';
import { convertSysctl } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface SysctlRecord { key: string; value: string }

const SETTING = /^\s*([a-z][\w-]*(?:\.[\w\-/:@]+)+)\s*=\s?(.*?)\s*$/;
const COMPLAINT = /^\s*sysctl:\s/;

function parseText(text: string) {
  const out = new Collector<SysctlRecord>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const m = SETTING.exec(t);
    if (m) { out.add({ key: m[1] as string, value: (m[2] as string).replace(/\s+/g, ' ') }); continue; }
    if (COMPLAINT.test(t)) { out.skip(line, 'ignored', 'sysctl could not read this key'); continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not a sysctl setting');
  }
  return out.result();
}

export const info = {
  id: 'sysctl',
  title: 'sysctl',
  family: 'other' as const,
  commands: ['sysctl KEY…', 'sysctl -a', 'sysctl -w KEY=VALUE'],
  origins: ['kernel captures (scripts/capture-sysctl-fixture.sh)'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const settings = lines.filter((l) => SETTING.test(l) && /^\s*(net|kernel|vm|fs|dev|user|abi|debug|crypto|sunrpc)\./.test(l)).length;
  if (!settings) return 0;
  const share = settings / lines.length;
  return share >= 0.8 ? 0.9 : share >= 0.5 ? 0.6 : 0.2;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const sysctlParser: Parser<SysctlRecord> = { info, detect, parse };

export const sysctlKind = defineKind<SysctlRecord>({
  parser: sysctlParser, convert: convertSysctl, scope: 'node',
  commandLines: [/^sysctl\b/],
});
