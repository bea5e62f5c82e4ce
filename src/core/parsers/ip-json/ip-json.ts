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
import { Collector, head, safeParse, lastLineOf } from '../common/lines.ts';
import { readJson } from '../common/json-lines.ts';
import { checkShape, spanOfPath, z, type ZodSchema, warnProblem } from '../common/shape.ts';

export type IpJsonRecord = Record<string, unknown>;
export type IpJsonShape = 'link' | 'route' | 'neigh' | 'rule' | 'unknown';

export function shapeOf(r: IpJsonRecord): IpJsonShape {
  if (typeof r.ifname === 'string') return 'link';
  if (typeof r.priority === 'number' && ('src' in r || 'table' in r)) return 'rule';
  if (typeof r.dst === 'string' && ('lladdr' in r || ('state' in r && !('gateway' in r) && !('protocol' in r)))) return 'neigh';
  if (typeof r.dst === 'string') return 'route';
  return 'unknown';
}

const STR = z.optional(z.string());
const NUM = z.optional(z.number());
const STRINGS = z.optional(z.array(z.string()));
/** The fields the converters read, by shape (the kernel's own output; other fields pass as they are). */
const SHAPES: Record<Exclude<IpJsonShape, 'unknown'>, ZodSchema> = {
  link: z.looseObject({ ifname: z.string(), ifindex: NUM, link_index: NUM, link: z.nullish(z.string()), flags: STRINGS, mtu: NUM, master: STR,
    operstate: STR, link_type: STR, address: STR, link_netnsid: NUM, link_netns: STR,
    addr_info: z.optional(z.array(z.looseObject({ family: z.string(), local: z.string(), prefixlen: z.number(), scope: STR, address: STR, broadcast: STR }))),
    linkinfo: z.optional(z.looseObject({ info_kind: STR, info_data: z.optional(z.looseObject({})) })) }),
  route: z.looseObject({ dst: z.string(), type: STR, gateway: STR, dev: STR, protocol: STR, scope: STR, prefsrc: STR, metric: NUM, table: STR, flags: STRINGS,
    nexthops: z.optional(z.array(z.looseObject({ gateway: STR, dev: STR, weight: NUM, flags: STRINGS }))) }),
  neigh: z.looseObject({ dst: z.string(), dev: STR, lladdr: STR, state: STRINGS }),
  rule: z.looseObject({ priority: z.number(), src: z.string(), dst: STR, table: STR, fwmark: STR, iif: STR, oif: STR, action: STR }),
};

function parseText(text: string) {
  const out = new Collector<IpJsonRecord>();
  // iproute2 writes its JSON with every key quoted: a bare `key:` line (YAML pasted after it) is not part of it
  const read = readJson(text, out as Collector<unknown>, undefined, true);
  if (!read || !Array.isArray(read.value)) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'not an ip -j JSON array');
    return out.result();
  }
  read.value.forEach((item, k) => {
    const shape = item && typeof item === 'object' && !Array.isArray(item) ? shapeOf(item as IpJsonRecord) : 'unknown';
    if (shape === 'unknown') {
      const [from, to] = spanOfPath(read.lines, [k]);
      out.warnRange(from, to, 'unrecognized', `item ${k} is not an ip link, route, neighbour or rule`);
      return;
    }
    const checked = checkShape(SHAPES[shape], item);
    for (const p of checked.problems) warnProblem(out, read.lines, 0, [k], p, `wrong shape: ${k}.${p.message}`);
    if (checked.value) out.add(checked.value as IpJsonRecord);
  });
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
