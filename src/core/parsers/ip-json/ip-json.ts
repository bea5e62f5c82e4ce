/**
 * iproute2's JSON output: `ip -j addr|link|route|neigh|rule` (and `ip -j -d …`, `ip -j -p …` pretty-printed).
 *
 * These are the field names every other ip parser emits, so the records flow through the same converters.
 *
 * Output: the array items as printed, each one of: link/addr objects (ifname, addr_info …), routes (dst,
 * gateway, dev …), neighbours (dst, lladdr, state), rules (priority, src, table).
 *
 * Example:
 *   [{"dst":"10.1.0.0/24","dev":"v0","protocol":"kernel","scope":"link","prefsrc":"10.1.0.1","flags":[]}]
 *   → { dst: "10.1.0.0/24", dev: "v0", protocol: "kernel", scope: "link", prefsrc: "10.1.0.1", flags: [] }
 */
import { defineKind } from '../common/kind.ts';
import { convertIpJson } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse } from '../common/lines.ts';
import { parseLenientJson } from '../common/lenient-json.ts';

export type IpJsonRecord = Record<string, unknown>;
export type IpJsonShape = 'link' | 'route' | 'neigh' | 'rule' | 'unknown';

export function shapeOf(r: IpJsonRecord): IpJsonShape {
  if (typeof r.ifname === 'string') return 'link';
  if (typeof r.priority === 'number' && ('src' in r || 'table' in r)) return 'rule';
  if (typeof r.dst === 'string' && ('lladdr' in r || ('state' in r && !('gateway' in r) && !('protocol' in r)))) return 'neigh';
  if (typeof r.dst === 'string') return 'route';
  return 'unknown';
}

function parseText(text: string) {
  const out = new Collector<IpJsonRecord>();
  const parsed = parseLenientJson(text);
  if (!parsed || !Array.isArray(parsed.value)) {
    out.warn(1, 'unrecognized', 'not an ip -j JSON array');
    return out.result();
  }
  if (parsed.repaired) out.warn(1, 'ignored', parsed.repaired);
  for (const item of parsed.value) {
    if (item && typeof item === 'object' && shapeOf(item as IpJsonRecord) !== 'unknown') out.add(item as IpJsonRecord);
    else out.warn(1, 'unrecognized', 'array item is not an ip link, route, neighbour or rule');
  }
  return out.result();
}

export const info = {
  id: 'ip-json',
  title: 'ip -j (JSON)',
  family: 'other' as const,
  commands: ['ip -j addr', 'ip -j link', 'ip -j route', 'ip -j neigh', 'ip -j rule', 'ip -j -d link', 'ip -j -p addr'],
  origins: ['kernel captures (scripts/capture-kernel-fixtures.sh)'],
};

export function detect(text: string): number {
  const h = head(text).trim();
  if (!h.startsWith('[')) return 0;
  if (/"ifname"\s*:|"addr_info"\s*:/.test(h)) return 1;
  if (/"dst"\s*:/.test(h) && /"(dev|gateway|lladdr|protocol)"\s*:/.test(h)) return 1;
  if (/"priority"\s*:/.test(h) && /"table"\s*:/.test(h)) return 1;
  if (h === '[]' || h === '[ ]') return 0.3;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipJsonParser: Parser<IpJsonRecord> = { info, detect, parse };

export const ipJsonKind = defineKind<IpJsonRecord>({
  parser: ipJsonParser, convert: convertIpJson, scope: 'node',
  commandLines: [/^ip\s+(-\S+\s+)*-j(son)?\b/],
});
