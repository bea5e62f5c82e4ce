/**
 * `ip neigh [show]` (iproute2) and `arp -n` / `arp -na` / `arp -a` (net-tools).
 *
 * Accepts: `ip neigh` rows with `dev`, `lladdr`, `router`, `proxy` and NUD states; `arp -a` rows
 * (`? (10.0.0.1) at aa:… [ether] on eth0`); `arp -n` table rows. Author annotations appended to rows
 * are dropped with a warning. Does not accept `ip -s neigh` counters.
 *
 * Output: the objects of `ip -j neigh`: { dst, dev, lladdr, router, proxy, state: ["REACHABLE"] }.
 *
 * Example:
 *   169.254.1.1 dev eth0 lladdr aa:aa:aa:aa:aa:aa PERMANENT
 *   → { dst: "169.254.1.1", dev: "eth0", lladdr: "aa:aa:aa:aa:aa:aa", state: ["PERMANENT"] }
 */
import { defineKind } from '../common/kind.ts';
import { convertNeigh } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface Neighbour {
  dst: string;
  dev?: string;
  lladdr?: string;
  router?: boolean;
  proxy?: boolean;
  state: string[];
}

const NEIGH = /^\s*([0-9a-fA-F.:]+)\s+(dev\s+\S+.*|lladdr\s.*|FAILED|INCOMPLETE)\s*$/;
const ARP_A = /^\s*(\S+)\s+\(([0-9.]+)\)\s+at\s+(\S+)(?:\s+\[(\w+)\])?(?:\s+PERM)?\s+on\s+(\S+)(.*)$/;
const ARP_N = /^\s*([0-9.]+)\s+(ether|infiniband)\s+((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\s+(\w*)\s+(\S+)\s*$/i;
const STATES = new Set(['PERMANENT', 'NOARP', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'INCOMPLETE', 'NONE']);

function parseNeigh(dst: string, rest: string): Neighbour {
  const n: Neighbour = { dst, state: [] };
  const toks = rest.trim().split(/\s+/);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const v = toks[i + 1];
    if (t === 'dev' && v) { n.dev = v; i++; }
    else if (t === 'lladdr' && v) { n.lladdr = v.toLowerCase(); i++; }
    else if (t === 'router') n.router = true;
    else if (t === 'proxy') n.proxy = true;
    else if (STATES.has(t)) n.state.push(t);
  }
  return n;
}

function parseText(text: string) {
  const out = new Collector<Neighbour>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const n = NEIGH.exec(t);
    if (n) { out.add(parseNeigh(n[1] as string, n[2] as string)); continue; }
    const a = ARP_A.exec(t);
    if (a) {
      const rec: Neighbour = { dst: a[2] as string, dev: a[5] as string, state: [] };
      if (/^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(a[3] as string)) { rec.lladdr = (a[3] as string).toLowerCase(); rec.state.push(/PERM/.test(t) ? 'PERMANENT' : 'REACHABLE'); }
      else rec.state.push('INCOMPLETE');
      out.add(rec);
      if ((a[6] as string).trim()) out.warn(line.no, 'ignored', `text after the row dropped: ${(a[6] as string).trim().slice(0, 60)}`);
      continue;
    }
    const an = ARP_N.exec(t);
    if (an) { out.add({ dst: an[1] as string, dev: an[5] as string, lladdr: (an[3] as string).toLowerCase(), state: [(an[4] as string).includes('M') ? 'PERMANENT' : 'REACHABLE'] }); continue; }
    if (/^\s*Address\s+HWtype\s+HWaddress/.test(t)) continue;
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not an ip neigh / arp row');
  }
  return out.result();
}

export const info = {
  id: 'ip-neigh',
  title: 'ip neigh / arp',
  family: 'other' as const,
  commands: ['ip neigh', 'ip neigh show [dev X]', 'ip n', 'arp -n', 'arp -na', 'arp -a'],
  origins: ['corpus other/flannel-vxlan-KVM01-ip-neigh-show-cni0-flannel1-incomplete.txt', 'corpus other/antrea-worker1-arp-a-HTML-BOLD-INLINE-ANNOTATIONS.txt', 'kernel captures'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const hits = lines.filter((l) => (NEIGH.test(l) && /\b(lladdr|REACHABLE|STALE|PERMANENT|FAILED|INCOMPLETE|DELAY|PROBE|NOARP)\b/.test(l)) || ARP_A.test(l) || ARP_N.test(l)).length;
  return hits / lines.length;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipNeighParser: Parser<Neighbour> = { info, detect, parse };

export const ipNeighKind = defineKind<Neighbour>({
  parser: ipNeighParser, convert: convertNeigh, scope: 'node',
  commandLines: [/^ip\s+((?!-j(son)?\b)-\S+\s+)*(n|ne|nei|neigh|neighbor|neighbour)\b/, /^arp\b/],
});
