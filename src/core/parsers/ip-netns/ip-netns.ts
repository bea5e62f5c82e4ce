/**
 * `ip netns [list]` and `ip netns pids NAME`.
 *
 * Accepts: `NAME` or `NAME (id: N)` rows; bare PID rows (from `ip netns pids`). Does not accept `ip netns identify`.
 *
 * Output: { type: "netns", name, id } and { type: "pid", pid }.
 *
 * Example:
 *   cni-1770aa7f-262a-c2ad-1c19-0a376d016a78 (id: 2)
 *   → { type: "netns", name: "cni-1770aa7f-262a-c2ad-1c19-0a376d016a78", id: 2 }
 */
import { defineKind } from '../common/kind.ts';
import { convertNetns } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export type NetnsRecord = { type: 'netns'; name: string; id?: number } | { type: 'pid'; pid: number };

const NETNS = /^\s*([A-Za-z0-9_.-]+)(?:\s+\(id:\s*(\d+)\))?\s*$/;
const PID = /^\s*(\d+)\s*$/;

function parseText(text: string) {
  const out = new Collector<NetnsRecord>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const p = PID.exec(t);
    if (p) { out.add({ type: 'pid', pid: Number(p[1]) }); continue; }
    const n = NETNS.exec(t);
    if (n) {
      const rec: NetnsRecord = { type: 'netns', name: n[1] as string };
      if (n[2]) rec.id = Number(n[2]);
      out.add(rec);
      continue;
    }
    if (isElision(t)) out.skip(line, 'ignored', 'elision marker');
    else out.skip(line, 'unrecognized', 'not an ip netns line');
  }
  return out.result();
}

export const info = {
  id: 'ip-netns',
  title: 'ip netns / ip netns pids',
  family: 'other' as const,
  commands: ['ip netns', 'ip netns list', 'ip netns pids NAME'],
  origins: ['seed 004', 'kernel captures'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const withId = lines.filter((l) => /\(id:\s*\d+\)\s*$/.test(l)).length;
  const cni = lines.filter((l) => /^\s*cni-[0-9a-f-]{20,}\s*$/.test(l)).length;
  // `ip netns pids NAME` prints bare PIDs: nothing else looks like that, but it proves little
  if (lines.every((l) => /^\s*\d+\s*$/.test(l))) return 0.4;
  return Math.min(1, (withId + cni) / lines.length);
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipNetnsParser: Parser<NetnsRecord> = { info, detect, parse };

export const ipNetnsKind = defineKind<NetnsRecord>({
  parser: ipNetnsParser, convert: convertNetns, scope: 'node',
  commandLines: [/^ip\s+(-\S+\s+)*netns\b/],
});
