/**
 * `ip addr` / `ip a` / `ip link` / `ip -d link` / `ip -d addr` / `ip addr show dev X` / `ip -br [-4] addr|link`.
 *
 * Accepts: the classic multi-line form (any indentation, also de-indented or double-spaced pastes, old
 * iproute2 without `group`), `ip -d` detail lines (veth, bridge, vxlan, bridge_slave), `ip -br` brief rows,
 * `ip a | grep` fragments (a header line alone). Does not accept: `ifconfig` (net-tools) or `ip -s` statistics
 * (their lines are named as unsupported).
 *
 * Output: the objects of `ip -j addr`: ifindex, ifname, link (peer name in the same netns) or link_index
 * (the N of `@ifN`), link_netnsid / link_netns, flags, mtu, qdisc, master, operstate, linkmode, group, txqlen,
 * link_type, address, broadcast, permaddr, altnames, linkinfo { info_kind, info_slave_kind, info_data },
 * addr_info [{ family, local, address (peer), prefixlen, broadcast, scope, label, metric, flags…,
 * valid_life_time, preferred_life_time }].
 *
 * Example:
 *   5: azv431b324e9b7@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
 *       link/ether aa:aa:aa:aa:aa:aa brd ff:ff:ff:ff:ff:ff link-netns cni-5532cb0f-765a-286d-21b1-c697f138b161
 *   → { ifindex: 5, ifname: "azv431b324e9b7", link_index: 4, link_netns: "cni-5532…", … }
 */
import { defineKind } from '../common/kind.ts';
import { convertIpAddr } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines, type Line } from '../common/lines.ts';

export interface AddrInfo {
  family: 'inet' | 'inet6';
  local: string;
  address?: string;
  prefixlen: number;
  broadcast?: string;
  scope?: string;
  metric?: number;
  label?: string;
  dynamic?: boolean;
  noprefixroute?: boolean;
  secondary?: boolean;
  tentative?: boolean;
  valid_life_time?: number;
  preferred_life_time?: number;
}

export interface IpLink {
  ifindex?: number;
  link?: string;
  link_index?: number;
  ifname: string;
  flags: string[];
  mtu?: number;
  qdisc?: string;
  master?: string;
  operstate?: string;
  linkmode?: string;
  group?: string;
  txqlen?: number;
  link_type?: string;
  address?: string;
  broadcast?: string;
  permaddr?: string;
  link_netnsid?: number;
  link_netns?: string;
  altnames?: string[];
  linkinfo?: { info_kind?: string; info_slave_kind?: string; info_data?: Record<string, string | number | boolean>;
    info_slave_data?: Record<string, string | number | boolean> };
  addr_info: AddrInfo[];
}

const HEADER = /^\s*(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/;
const LINK_LINE = /^\s*link\/(\S+)(?:\s+(\S+))?(?:\s+(?:brd|peer)\s+(\S+))?(.*)$/;
const ADDR_LINE = /^\s*(inet6?)\s+([0-9a-fA-F.:]+)(?:\/(\d+))?(?:\s+peer\s+([0-9a-fA-F.:]+)(?:\/(\d+))?)?(.*)$/;
// (a translated page may put a unit word after each value: `valid_lft 3453 秒 preferred_lft 3453 秒`)
const LIFETIME = /^\s*valid_lft\s+(\S+?)(?:sec)?(?:\s+\S+)?\s+preferred_lft\s+(\S+?)(?:sec)?(?=\s|$)(?:\s+(?=\P{ASCII})\S+)?\s*(.*)$/u;
const LIFETIME_VALUE = /^(forever|\d+)$/;
const BRIEF = /^([A-Za-z0-9_.-]+)(?:@(\S+))?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)\b\s*(.*)$/;
const DETAIL_KINDS = new RegExp(String.raw`^\s*(veth|bridge|bridge_slave|vxlan|dummy|ipip|tun|tap|bond|bond_slave|macvlan|ipvlan|vlan|wireguard|`
  + String.raw`geneve|openvswitch|openvswitch_slave|team|vrf|nlmon|gre|sit)\b(.*)$`);
const FOREVER = 4294967295;

const lifetime = (s: string): number => (s === 'forever' ? FOREVER : Number.parseInt(s, 10));
/** A blog's machine translation of the lifetimes (corpus ip-addr/podman-cni0-double-spaced-translated): 永久 forever, 秒 sec. */
const untranslated = (s: string): string => (s === '永久' ? 'forever' : s.replace(/秒$/, ''));

function parseHeader(m: RegExpMatchArray): IpLink {
  const [, idx, name, peer, flags, rest] = m as unknown as [string, string, string, string | undefined, string, string];
  const link: IpLink = { ifindex: Number(idx), ifname: name, flags: flags ? flags.split(',') : [], addr_info: [] };
  if (peer) {
    const ifn = /^if(\d+)$/.exec(peer);
    if (ifn) link.link_index = Number(ifn[1]);
    else if (peer !== 'NONE') link.link = peer;
  }
  const toks = rest.trim().split(/\s+/);
  for (let i = 0; i < toks.length - 1; i++) {
    const k = toks[i];
    const v = toks[i + 1] as string;
    switch (k) {
      case 'mtu': link.mtu = Number(v); i++; break;
      case 'qdisc': link.qdisc = v; i++; break;
      case 'master': link.master = v; i++; break;
      case 'state': link.operstate = v; i++; break;
      case 'mode': link.linkmode = v; i++; break;
      case 'group': link.group = v; i++; break;
      case 'qlen': link.txqlen = Number(v); i++; break;
      default: break;
    }
  }
  return link;
}

function applyLinkLine(link: IpLink, m: RegExpMatchArray): void {
  const [, type, addr, brd, rest] = m as unknown as [string, string, string | undefined, string | undefined, string];
  link.link_type = type;
  if (addr && addr !== 'brd') link.address = addr;
  if (brd) link.broadcast = brd;
  const toks = rest.trim().split(/\s+/);
  for (let i = 0; i < toks.length - 1; i++) {
    const v = toks[i + 1] as string;
    if (toks[i] === 'link-netnsid') { link.link_netnsid = Number(v); i++; }
    else if (toks[i] === 'link-netns') { link.link_netns = v; i++; }
    else if (toks[i] === 'permaddr') { link.permaddr = v; i++; }
  }
}

const ADDR_FLAGS = new Set(['dynamic', 'noprefixroute', 'secondary', 'tentative', 'deprecated', 'dadfailed',
  'temporary', 'mngtmpaddr', 'optimistic', 'nodad', 'home', 'stable-privacy', 'permanent']);

function parseAddr(m: RegExpMatchArray, ifname: string): AddrInfo {
  const [, fam, local, plen, peer, , rest] = m as unknown as [string, 'inet' | 'inet6', string, string | undefined,
    string | undefined, string | undefined, string];
  const info: AddrInfo = { family: fam, local, prefixlen: plen ? Number(plen) : fam === 'inet' ? 32 : 128 };
  if (peer) info.address = peer;
  const toks = rest.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const v = toks[i + 1];
    if (t === 'brd' && v) { info.broadcast = v; i++; }
    else if (t === 'scope' && v) { info.scope = v; i++; }
    else if (t === 'metric' && v) { info.metric = Number(v); i++; }
    else if (ADDR_FLAGS.has(t)) (info as unknown as Record<string, boolean>)[t] = true;
    else if (fam === 'inet' && i === toks.length - 1 && (t === ifname || t.startsWith(`${ifname}:`) || /^[\w.:-]+$/.test(t))) info.label = t;
  }
  return info;
}

/** `veth`, `vxlan id 4096 local 10.0.0.1 dev eth0 srcport 0 0 dstport 4789`, `bridge … nf_call_iptables 1`. */
function applyDetail(link: IpLink, kind: string, rest: string): void {
  const toks = rest.trim().split(/\s+/).filter(Boolean);
  link.linkinfo ??= {};
  if (kind === 'bridge_slave' || kind === 'bond_slave' || kind === 'openvswitch_slave') {
    link.linkinfo.info_slave_kind = kind.replace(/_slave$/, '');
    if (kind === 'bridge_slave') {
      const data = bridgeSlaveData(toks);
      if (Object.keys(data).length) link.linkinfo.info_slave_data = data;
    }
    return;
  }
  link.linkinfo.info_kind = kind;
  const data: Record<string, string | number | boolean> = {};
  const num = (s: string | undefined): number | string => (s !== undefined && /^\d+$/.test(s) ? Number(s) : (s ?? ''));
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const v = toks[i + 1];
    if (kind === 'vxlan') {
      if (t === 'id') { data.id = num(v); i++; }
      else if (t === 'local' || t === 'remote' || t === 'group' || t === 'dev') { data[t === 'dev' ? 'link' : t] = v ?? ''; i++; }
      else if (t === 'dstport') { data.port = num(v); i++; }
    } else if (kind === 'bridge') {
      if (['nf_call_iptables', 'nf_call_ip6tables', 'stp_state', 'vlan_filtering'].includes(t)) { data[t] = num(v); i++; }
    }
  }
  if (Object.keys(data).length) link.linkinfo.info_data = data;
}

// `ip -d` prints these bridge port keys under other names than `ip -j` does
const SLAVE_KEY: Record<string, string> = { port_id: 'id', port_no: 'no', designated_bridge: 'bridge_id', designated_root: 'root_id',
  mcast_router: 'multicast_router' };

/**
 * `bridge_slave state forwarding priority 32 cost 2 hairpin off … addrgenmode eui64 …`: the port's key/value pairs as
 * `ip -j` holds them in info_slave_data (on/off → booleans); the state is what a trace of the bridge needs. From
 * `addrgenmode` on the pairs are the link's, not the port's.
 */
function bridgeSlaveData(toks: string[]): Record<string, string | number | boolean> {
  const data: Record<string, string | number | boolean> = {};
  for (let i = 0; i + 1 < toks.length; i += 2) {
    const k = toks[i] as string;
    const v = toks[i + 1] as string;
    if (k === 'addrgenmode') break;
    data[SLAVE_KEY[k] ?? k] = v === 'on' ? true : v === 'off' ? false : /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return data;
}

/** `ip -br addr`: `eth0@if5  UP  10.0.0.1/24 fe80::1/64`; `ip -br link`: `eth0 UP 52:54:… <BROADCAST,…>`. */
function parseBrief(m: RegExpMatchArray): IpLink {
  const [, name, peer, state, rest] = m as unknown as [string, string, string | undefined, string, string];
  const link: IpLink = { ifname: name, flags: [], operstate: state, addr_info: [] };
  if (peer) {
    const ifn = /^if(\d+)$/.exec(peer);
    if (ifn) link.link_index = Number(ifn[1]);
    else link.link = peer;
  }
  for (const tok of rest.trim().split(/\s+/).filter(Boolean)) {
    const cidr = /^([0-9a-fA-F.:]+)\/(\d+)$/.exec(tok);
    if (cidr) {
      const local = cidr[1] as string;
      link.addr_info.push({ family: local.includes(':') ? 'inet6' : 'inet', local, prefixlen: Number(cidr[2]) });
    } else if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(tok)) link.address = tok;
    else if (/^<.*>$/.test(tok)) link.flags = tok.slice(1, -1).split(',').filter(Boolean);
  }
  return link;
}

/**
 * A `link/…` line. A second one in one interface means its own header was lost (cut or garbled): it is not read
 * into the interface above, which keeps its own. A type with no address (`link/e`) is a line cut short.
 */
function readLinkLine(out: Collector<IpLink>, line: Line, cur: IpLink, l: RegExpMatchArray): void {
  if (cur.link_type !== undefined) {
    out.skip(line, 'unrecognized', `a second link/ line under ${cur.ifname} (its own header line is missing or unreadable), not read`);
    return;
  }
  if (!l[2] && l[1] !== 'none' && l[1] !== 'void') {
    out.skip(line, 'unrecognized', 'a link/ line without its address (cut short?), not read');
    return;
  }
  applyLinkLine(cur, l);
}

/** `valid_lft forever preferred_lft 3600sec`: a value that is neither `forever` nor a number is named, not read as NaN. */
function readLifetime(out: Collector<IpLink>, line: Line, addr: AddrInfo, lt: RegExpMatchArray): void {
  const [, written, writtenPreferred, rest] = lt as unknown as [string, string, string, string];
  const valid = untranslated(written);
  const preferred = untranslated(writtenPreferred);
  if (!LIFETIME_VALUE.test(valid) || !LIFETIME_VALUE.test(preferred)) {
    out.skip(line, 'unrecognized', 'address lifetimes not readable (a value is neither forever nor seconds)');
    return;
  }
  // ip prints one lifetime line under an address: a second is another address's, whose inet line was lost
  if (addr.valid_life_time !== undefined) {
    out.skip(line, 'unrecognized', `a second lifetime line under ${addr.local ?? 'one address'} (the address it belongs to missing?), not read`);
    return;
  }
  addr.valid_life_time = lifetime(valid);
  addr.preferred_life_time = lifetime(preferred);
  if (rest.trim()) out.warn(line.no, 'unrecognized', `text after the address lifetimes not read: ${rest.trim().slice(0, 60)}`);
}

function parseText(text: string) {
  const out = new Collector<IpLink>();
  let cur: IpLink | null = null;
  let lastAddr: AddrInfo | null = null;
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const h = HEADER.exec(t);
    if (h) {
      cur = out.add(parseHeader(h));
      lastAddr = null;
      continue;
    }
    if (cur) {
      const l = LINK_LINE.exec(t);
      if (l) { readLinkLine(out, line, cur, l); continue; }
      const a = ADDR_LINE.exec(t);
      if (a) { lastAddr = parseAddr(a, cur.ifname); cur.addr_info.push(lastAddr); continue; }
      const lt = LIFETIME.exec(t);
      if (lt && lastAddr) { readLifetime(out, line, lastAddr, lt); continue; }
      const alt = /^\s*altname\s+(\S+)\s*$/.exec(t);
      if (alt) { (cur.altnames ??= []).push(alt[1] as string); continue; }
      const d = DETAIL_KINDS.exec(t);
      if (d) {
        // one kind line and one port line per link: another is a line out of place (its own header lost), whose
        // details would overwrite this link's
        const slave = /_slave$/.test(d[1] as string);
        const had = slave ? cur.linkinfo?.info_slave_kind : cur.linkinfo?.info_kind;
        if (had) out.skip(line, 'unrecognized', `a second ip -d ${d[1]} line under ${cur.ifname} (already ${had}${slave ? ' port' : ''}), not read`);
        else applyDetail(cur, d[1] as string, d[2] as string);
        continue;
      }
      if (/^\s*(RX|TX):|^\s*\d+\s+\d+\s+\d+/.test(t)) { out.skip(line, 'unsupported', 'interface statistics (ip -s) are not read'); continue; }
      if (/^\s*(prometheus|promiscuity|alias|vf \d+)\b/.test(t)) { out.skip(line, 'ignored', 'link detail not used'); continue; }
    }
    const b = BRIEF.exec(t.trim());
    if (b) { cur = out.add(parseBrief(b)); lastAddr = null; continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not an ip addr/link line');
  }
  return out.result();
}

export const info = {
  id: 'ip-addr',
  title: 'ip addr / ip link',
  family: 'ip-addr' as const,
  commands: ['ip addr', 'ip a', 'ip addr show [dev X]', 'ip link', 'ip -d link', 'ip -d addr', 'ip -br addr', 'ip -br link'],
  origins: ['seeds 000 001 002 003 004', 'corpus ip-addr/*', 'kernel captures (scripts/capture-kernel-fixtures.sh)'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  let headers = 0;
  let details = 0;
  let brief = 0;
  for (const l of lines) {
    if (HEADER.test(l)) headers++;
    else if (LINK_LINE.test(l) || /^\s*(inet6?\s+[0-9a-f.:]+\/\d+|valid_lft)/.test(l)) details++;
    else if (BRIEF.test(l.trim()) && /\d+\.\d+\.\d+\.\d+\/\d+|[0-9a-f:]+\/\d+|<[A-Z_,]+>/.test(l)) brief++;
  }
  if (headers === 0 && brief === 0) return 0;
  // `bridge link` prints the same header with a bridge port state: that is the bridge parser's
  if (/\bstate (forwarding|blocking|listening|learning) priority\b/.test(head(text))) return 0.3;
  return Math.min(1, (headers * 2 + details + brief * 2) / lines.length);
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipAddrParser: Parser<IpLink> = { info, detect, parse };

export const ipAddrKind = defineKind<IpLink>({
  parser: ipAddrParser, convert: convertIpAddr, scope: 'node',
  // an address that never expires (永久 in a translated iproute2): read into its lifetimes (4294967295, ip -j's forever)
  emptyForms: /^\s*valid_lft\s+(?:forever|永久)\s+preferred_lft\s+(?:forever|永久)\s*$/,
  commandLines: [/^ip\s+((?!-j(son)?\b)-\S+\s+)*(a|ad|add|addr|addre|addres|address|l|li|lin|link)\b/],
});
