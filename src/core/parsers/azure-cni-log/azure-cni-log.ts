/**
 * `/var/log/azure-vnet.log` and `/var/log/azure-vnet-ipam.log` (Azure CNI plugin logs, Linux and Windows),
 * also their `grep` excerpts and author-abbreviated lists (timestamps dropped, `- ` bullets).
 *
 * Accepts: `YYYY/MM/DD HH:MM:SS [PID] message` lines (and the same messages without the prefix). Lines that are
 * well-formed log lines but carry no networking fact are read and passed over; anything else is named.
 *
 * Output: facts, one record each: { event: "version", plugin, version } | { event: "add", containerId, netns, ifName,
 * podName, podNamespace, mode } | { event: "network", network, subnet } | { event: "interface", index, name, mac, ips[] }
 * | { event: "veth", hostIfName, containerIfName } | { event: "route", dst, gateway, dev, netns: "host"|"container" }
 * | { event: "proxy-arp", dev } | { event: "address", address, dev } | { event: "static-arp", ip, mac }
 * | { event: "endpoint", hostIfName, ipAddresses[], podName, podNamespace, mac } | { event: "bridge", bridge, dev }
 * | { event: "allocated", address } | { event: "pool", subnet, count, ifName } | { event: "endpoint-request", id,
 * containerId, netns, ifName, ipAddresses[], routes[], podName, podNamespace } (Go's `Creating endpoint &{…}`) — each
 * with `line` and `pid`. `interface` reads Go's `Network interface: {Index:5 … Name:azure0 …} with IP addresses: […]`.
 *
 * Example:
 *   2024/08/28 09:46:32 [11185] [net] Creating veth pair azvc440f455693 azvc440f4556932.
 *   → { event: "veth", hostIfName: "azvc440f455693", containerIfName: "azvc440f4556932", pid: 11185, line: 1 }
 */
import { defineKind } from '../common/kind.ts';
import { convertCniLog } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, splitLines } from '../common/lines.ts';
import { hexMaskToPrefix } from '../../net/ip.ts';
import { LineRun, passedOver } from '../common/line-run.ts';

export interface CniLogEvent { event: string; line: number; pid?: number; [k: string]: unknown }

const PREFIX = /^\s*(?:-\s+|\d+\.\s+)?(?:(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?)\s+)?(?:\[(\d+)\]\s+)?(.*)$/;
const KNOWN_MESSAGE = /^\[(cni|cni-net|cni-ipam|net|ipam|Azure-Utils|Utils|telemetry|azure-vnet|netlink|platform|iptables|ebtables|Azure-CNS|ovs)\]|^(CNI_COMMAND|Acquir|Released|Connected to|Generate veth|Transparent client|calling setArpProxy|Setting mtu|Number of endpoints|Bridge client|Linux bridge client|Reading|Plugin|Failed|Error|Read network|Calling plugin|Creating endpoint|Setting link|Entering|Exiting|Opening netns|Adding|Deleting|Save|Created|Processing)/i;

/** `{IP:10.224.0.24 Mask:ffffffff}` → `10.224.0.24/32`. */
function goIpMask(s: string): string | undefined {
  const m = /IP:([0-9a-f.:]+)\s+Mask:([0-9a-f]+)/i.exec(s);
  if (!m) return undefined;
  const p = hexMaskToPrefix(m[2] as string);
  return p === null ? m[1] : `${m[1]}/${p}`;
}

/**
 * One field of a struct Go printed with %+v (`Name:azure0`, `IPAddresses:[{IP:… Mask:…}]`, `DNS:{Suffix: Servers:[]}`):
 * its value up to the next field (` Name:`) or the struct's end, brackets balanced; '' when empty, undefined when absent.
 */
export function goField(struct: string, name: string): string | undefined {
  const at = new RegExp(`(?:^|[\\s{])${name}:`).exec(struct);
  if (!at) return undefined;
  let i = at.index + at[0].length;
  const start = i;
  let depth = 0;
  for (; i < struct.length; i++) {
    const c = struct[i];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') { if (depth === 0) break; depth--; }
    // a value may hold spaces (Windows: `Name:vEthernet (Ethernet 2)`): it ends where the next field starts
    else if (c === ' ' && depth === 0 && /^ [A-Z]\w*:/.test(struct.slice(i, i + 40))) break;
  }
  return struct.slice(start, i);
}

function facts(msg: string): Omit<CniLogEvent, 'line'>[] {
  let m: RegExpExecArray | null;
  const out: Omit<CniLogEvent, 'line'>[] = [];
  if ((m = /Plugin (azure-vnet(?:-ipam)?) version (\S+?)\.?$/.exec(msg))) out.push({ event: 'version', plugin: m[1], version: m[2] });
  if ((m = /Processing (ADD|DEL) command with args \{ContainerID:(\S+) Netns:(\S+) IfName:(\S+) Args:(\S+)/.exec(msg))) {
    const args = Object.fromEntries((m[5] as string).split(';').map((kv) => kv.split('=') as [string, string]));
    const mode = /"mode":"(\w+)"/.exec(msg)?.[1];
    out.push({ event: m[1] === 'ADD' ? 'add' : 'del', containerId: m[2], netns: m[3], ifName: m[4], podName: args.K8S_POD_NAME, podNamespace: args.K8S_POD_NAMESPACE, ...(mode ? { mode } : {}) });
  }
  if ((m = /Found network (\S+) with subnet (\S+?)\.?$/.exec(msg))) out.push({ event: 'network', network: m[1], subnet: m[2] });
  // Go's %+v of a net.Interface and its addresses: `Network interface: {Index:5 MTU:1500 Name:azure0 HardwareAddr:… Flags:up|broadcast} with IP addresses: [10.240.0.4/16 …]`
  if ((m = /Network interface: (\{.*?\}) with IP(?: addresses)?: \[([^\]]*)\]/.exec(msg))) {
    const iface = m[1] as string;
    const index = goField(iface, 'Index');
    const mtu = goField(iface, 'MTU');
    out.push({ event: 'interface', ...(index ? { index: Number(index) } : {}), ...(mtu ? { mtu: Number(mtu) } : {}), name: goField(iface, 'Name'),
      mac: goField(iface, 'HardwareAddr') || undefined, ips: (m[2] as string).split(/\s+/).filter(Boolean) });
  }
  // the endpoint the plugin is about to create, as Go prints an EndpointInfo: `Creating endpoint &{Id:… IfName:eth0 … IPAddresses:[{IP:… Mask:…}] … PODName:nginx PODNameSpace:default …}`
  if ((m = /Creating endpoint &(\{.*\})/.exec(msg))) {
    const ep = m[1] as string;
    const ips = [...(goField(ep, 'IPAddresses') ?? '').matchAll(/\{IP:([0-9a-f.:]+) Mask:([0-9a-f]+)\}/gi)].map((x) => `${x[1]}/${hexMaskToPrefix(x[2] as string)}`);
    const routes = [...(goField(ep, 'Routes') ?? '').matchAll(/\{Dst:(\{[^}]*\})[^}]*?Gw:([0-9a-f.:]*|<nil>)/gi)].map((x) => ({ dst: goIpMask(x[1] as string), gateway: x[2] === '<nil>' ? undefined : x[2] }));
    out.push({ event: 'endpoint-request', id: goField(ep, 'Id'), containerId: goField(ep, 'ContainerID') || undefined, netns: goField(ep, 'NetNsPath') || undefined,
      ifName: goField(ep, 'IfName') || undefined, hostIfName: goField(ep, 'HostIfName') || undefined, mac: goField(ep, 'MacAddress') || undefined, ipAddresses: ips,
      ...(routes.length ? { routes } : {}), podName: goField(ep, 'PODName') || undefined, podNamespace: goField(ep, 'PODNameSpace') || undefined });
  }
  if ((m = /Creating veth pair (\S+) (\S+?)\.?$/.exec(msg))) out.push({ event: 'veth', hostIfName: m[1], containerIfName: m[2] });
  if ((m = /Adding IP route (\{.*\}) to link (\S+?)\.?$/.exec(msg))) {
    const gw = /Gw:([0-9a-f.:]+)/i.exec(m[1] as string)?.[1];
    const dst = goIpMask(m[1] as string);
    out.push({ event: 'route', dst: dst === '0.0.0.0/0' ? 'default' : dst, ...(gw ? { gateway: gw } : {}), dev: m[2] });
  }
  if ((m = /Deleting IP route (\{.*\}) from link (\S+?)\.?$/.exec(msg))) out.push({ event: 'route-deleted', dst: goIpMask(m[1] as string), dev: m[2] });
  if ((m = /\/proc\/sys\/net\/ipv4\/conf\/(\S+)\/proxy_arp/.exec(msg))) out.push({ event: 'proxy-arp', dev: m[1] });
  if ((m = /Adding IP address (\S+) to link (\S+?)\.?$/.exec(msg))) out.push({ event: 'address', address: m[1], dev: m[2] });
  if ((m = /Adding static arp for IP address (\S+) and MAC (\S+?)(?: in (VM|Container namespace))?\.?$/.exec(msg))) {
    out.push({ event: 'static-arp', ip: (m[1] as string).replace(/\/\d+$/, ''), mac: m[2], ...(m[3] ? { where: m[3] === 'VM' ? 'host' : 'container' } : {}) });
  }
  if ((m = /Adding ARP reply rule for IP address (\S+)/.exec(msg))) out.push({ event: 'arp-reply', ip: (m[1] as string).replace(/\/\d+$/, '') });
  if ((m = /Setting link (\S+) netns (\S+?)\.?$/.exec(msg))) out.push({ event: 'netns', dev: m[1], netns: m[2] });
  if ((m = /Created endpoint &\{Id:(\S+).*?HostIfName:(\S+) MacAddress:(\S*) .*?IPAddresses:\[(.*?)\] .*?PODName:(\S*) PODNameSpace:(\S*)/.exec(msg))) {
    const ips = [...(m[4] as string).matchAll(/\{IP:([0-9a-f.:]+) Mask:([0-9a-f]+)\}/gi)].map((x) => `${x[1]}/${hexMaskToPrefix(x[2] as string)}`);
    out.push({ event: 'endpoint', id: m[1], hostIfName: m[2], mac: m[3] || undefined, ipAddresses: ips, podName: m[5], podNamespace: m[6] });
  }
  if ((m = /(?:Connecting|Adding) (?:interface|link) (\S+) to bridge (\S+?)\.?$/i.exec(msg)) || (m = /Setting link (\S+) master (\S+?)\.?$/.exec(msg))) out.push({ event: 'bridge', dev: m[1], bridge: m[2] });
  if ((m = /Allocated address (\S+?)\.?$/.exec(msg))) out.push({ event: 'allocated', address: m[1] });
  if ((m = /got (\d+) addresses from interface (\S+), subnet (\S+?)\.?$/.exec(msg))) out.push({ event: 'pool', count: Number(m[1]), ifName: m[2], subnet: m[3] });
  if ((m = /Address request completed with address:(\S+)/.exec(msg))) out.push({ event: 'allocated', address: m[1] });
  return out.map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Omit<CniLogEvent, 'line'>);
}

function parseText(text: string) {
  const out = new Collector<CniLogEvent>();
  const passed = new LineRun();
  const say = passedOver('azure-vnet log');
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const p = PREFIX.exec(t);
    const msg = (p?.[3] ?? t).trim();
    const pid = p?.[2] ? Number(p[2]) : undefined;
    const found = facts(msg);
    if (!found.length && (p?.[1] || KNOWN_MESSAGE.test(msg))) { passed.note(line.no); continue; } // a log line, no fact in it
    passed.flush(out, 'ignored', say);
    for (const f of found) out.add({ ...f, line: line.no, ...(pid !== undefined ? { pid } : {}) } as CniLogEvent);
    if (!found.length) out.skip(line, 'unrecognized', 'not an azure-vnet log line');
  }
  passed.flush(out, 'ignored', say);
  return out.result();
}

export const info = {
  id: 'azure-cni-log',
  title: 'azure-vnet.log / azure-vnet-ipam.log',
  family: 'azure-cni' as const,
  commands: ['cat /var/log/azure-vnet.log', 'cat /var/log/azure-vnet-ipam.log', 'grep X /var/log/azure-vnet.log'],
  origins: ['seed 004', 'corpus azure-cni/*.log excerpts'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/\[(cni-net|cni-ipam|net|ipam|Azure-Utils)\]/.test(h) && /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/.test(h)) return 1;
  if (/\[(cni-net|cni-ipam)\]|Creating veth pair|azure-vnet(-ipam)? version|Processing (ADD|DEL) command with args/.test(h)) return 0.9;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const azureCniLogParser: Parser<CniLogEvent> = { info, detect, parse };

export const azureCniLogKind = defineKind<CniLogEvent>({
  parser: azureCniLogParser, convert: convertCniLog, scope: 'node',
  commandLines: [/azure-vnet(-ipam)?\.log|azure-cnimonitor/],
});
