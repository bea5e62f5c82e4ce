/**
 * iproute2's `bridge link [show]` and `bridge fdb [show]`.
 *
 * Accepts: `bridge link` records (also hard-wrapped onto two lines, as a blog rendered them), `bridge fdb`
 * rows with `dev`, `dst`, `vlan`, `master`, `self`, `permanent`, `offload`… Does not accept `bridge vlan`,
 * `bridge mdb` (named as unsupported).
 *
 * Output: { type: "port", ifindex, ifname, link_index, flags, mtu, master, state, priority, cost } and
 * { type: "fdb", mac, dev, dst, vlan, master, flags[], state }.
 *
 * Example:
 *   5: veth1a2b@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state forwarding priority 32 cost 2
 *   → { type: "port", ifindex: 5, ifname: "veth1a2b", link_index: 4, master: "cni0", state: "forwarding", … }
 */
import { defineKind } from '../common/kind.ts';
import { convertBridgeLink } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines, type Line } from '../common/lines.ts';

export interface BridgePort {
  type: 'port';
  ifindex: number;
  ifname: string;
  link_index?: number;
  link?: string;
  flags: string[];
  mtu?: number;
  master?: string;
  state?: string;
  priority?: number;
  cost?: number;
}

export interface FdbEntry {
  type: 'fdb';
  mac: string;
  dev?: string;
  dst?: string;
  vlan?: number;
  master?: string;
  flags: string[];
  state?: string;
}

export type BridgeRecord = BridgePort | FdbEntry;

const PORT = /^\s*(\d+):\s+([^\s:@]+)(?:@(\S+?))?:\s+<([^>]*)>(.*)$/;
const FDB = /^\s*((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\s+(.*)$/i;
const FDB_STATES = new Set(['permanent', 'static', 'dynamic', 'stale']);

function parsePort(m: RegExpMatchArray, more: string): BridgePort {
  const [, idx, name, peer, flags, rest] = m as unknown as [string, string, string, string | undefined, string, string];
  const p: BridgePort = { type: 'port', ifindex: Number(idx), ifname: name, flags: flags.split(',').filter(Boolean) };
  if (peer) {
    const n = /^if(\d+)$/.exec(peer);
    if (n) p.link_index = Number(n[1]);
    else p.link = peer;
  }
  const toks = `${rest} ${more}`.trim().split(/\s+/);
  for (let i = 0; i < toks.length - 1; i++) {
    const v = toks[i + 1] as string;
    switch (toks[i]) {
      case 'mtu': p.mtu = Number(v); i++; break;
      case 'master': p.master = v; i++; break;
      case 'state': p.state = v; i++; break;
      case 'priority': p.priority = Number(v); i++; break;
      case 'cost': p.cost = Number(v); i++; break;
      default: break;
    }
  }
  return p;
}

function parseFdb(m: RegExpMatchArray): FdbEntry {
  const e: FdbEntry = { type: 'fdb', mac: (m[1] as string).toLowerCase(), flags: [] };
  const toks = (m[2] as string).trim().split(/\s+/);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const v = toks[i + 1];
    if (t === 'dev' && v) { e.dev = v; i++; }
    else if (t === 'dst' && v) { e.dst = v; i++; }
    else if (t === 'vlan' && v) { e.vlan = Number(v); i++; }
    else if (t === 'master' && v) { e.master = v; i++; }
    else if (FDB_STATES.has(t)) e.state = t;
    else e.flags.push(t);
  }
  return e;
}

function parseText(text: string) {
  const out = new Collector<BridgeRecord>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const p = PORT.exec(t);
    if (p) {
      // a record hard-wrapped by a blog: the next line carries the rest of the attributes
      const next = lines[i + 1];
      let more = '';
      if (next && /^\s*(master|state|priority|cost|mtu)\b/.test(next.text)) { more = next.text; i++; }
      out.add(parsePort(p, more));
      continue;
    }
    const f = FDB.exec(t);
    if (f) { out.add(parseFdb(f)); continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    if (/^\s*(port|vlan ids|\S+\s+\d+\s+PVID)/.test(t)) { out.skip(line, 'unsupported', 'bridge vlan/mdb output is not read'); continue; }
    out.skip(line, 'unrecognized', 'not a bridge link/fdb line');
  }
  return out.result();
}

export const info = {
  id: 'bridge',
  title: 'bridge link / bridge fdb (iproute2)',
  family: 'brctl' as const,
  commands: ['bridge link', 'bridge link show', 'bridge fdb', 'bridge fdb show [dev X]'],
  origins: ['corpus brctl/vagrant-flannel-bridge-link-show-hard-wrapped.txt', 'corpus other/flannel-ip-d-link-bridge-fdb-2019.txt', 'kernel captures'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const ports = lines.filter((l) => PORT.test(l) && /\bstate (forwarding|disabled|blocking|listening|learning)\b/.test(l)).length;
  const wrapped = lines.filter((l) => /^\s*master \S+ state (forwarding|disabled|blocking)/.test(l)).length;
  const fdb = lines.filter((l) => FDB.test(l) && /\b(dev|self|master|permanent|dst)\b/.test(l)).length;
  if (ports + wrapped > 0 && /\bstate (forwarding|disabled|blocking|listening|learning) priority \d+/.test(head(text))) return 1;
  return Math.min(1, (ports + wrapped + fdb) / lines.length + (ports || fdb ? 0.2 : 0));
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const bridgeParser: Parser<BridgeRecord> = { info, detect, parse };

export const bridgeKind = defineKind<BridgeRecord>({
  parser: bridgeParser, convert: convertBridgeLink, scope: 'node',
  commandLines: [/^bridge\s+(-\S+\s+)*(link|fdb)\b/],
});
