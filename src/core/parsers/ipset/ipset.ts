/**
 * `ipset list [SET]` / `ipset -L` / `ipset list -t` (headers only) / `ipset save` (`create`/`add` lines).
 *
 * Accepts: every header field (Name, Type, Revision, Header, Size in memory, References, Number of entries),
 * members with options (`10.0.0.1 timeout 0`, `10.96.0.10,udp:53`, `10.0.0.0/24 nomatch`), author elisions;
 * the whole listing flattened onto one line (seed 001), rebuilt by `reflow`.
 *
 * Output: { name, type, revision, header: { family, hashsize, maxelem, … }, sizeInMemory, references,
 * numberOfEntries, members: [{ elem, options? }] }.
 *
 * Example:
 *   Name: cali40s:d0vaXDV0OjdKq6czssWe9SI
 *   Type: hash:net
 *   Members:
 *   10.13.76.13
 *   → { name: "cali40s:d0vaXDV0OjdKq6czssWe9SI", type: "hash:net", members: [{ elem: "10.13.76.13" }] }
 */
import { defineKind } from '../common/kind.ts';
import { convertIpset } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface IpsetMember { elem: string; options?: string }
export interface IpSet {
  name: string;
  type?: string;
  revision?: number;
  header?: Record<string, string | number>;
  sizeInMemory?: number;
  references?: number;
  numberOfEntries?: number;
  members: IpsetMember[];
}

const FIELD = /^\s*(Name|Type|Revision|Header|Size in memory|References|Number of entries|Members):\s*(.*)$/;
const SAVE = /^\s*(create|add)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;

function parseHeader(s: string): Record<string, string | number> {
  const toks = s.trim().split(/\s+/);
  const h: Record<string, string | number> = {};
  for (let i = 0; i < toks.length; i += 2) {
    const v = toks[i + 1];
    if (v === undefined) { h[toks[i] as string] = 'true'; break; }
    h[toks[i] as string] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return h;
}

const NUMERIC: Record<string, 'revision' | 'sizeInMemory' | 'references' | 'numberOfEntries'> = {
  Revision: 'revision', 'Size in memory': 'sizeInMemory', References: 'references', 'Number of entries': 'numberOfEntries' };
const FIELD_OF: Record<string, keyof IpSet> = { ...NUMERIC, Type: 'type', Header: 'header' };

/**
 * One `Key: value` header field into its set; the reason it was not read otherwise. A field the set already has
 * means the next set's Name: line was lost (the first is kept); a count that is not a number (empty, two fields run
 * together: `References: 1Number of entries: 1`) is not read as NaN or 0.
 */
function readField(cur: IpSet, key: string, val: string): string | null {
  const field = FIELD_OF[key];
  if (field && cur[field] !== undefined) return `a second ${key}: under set ${cur.name} (the next set's Name: line missing?), not read`;
  const num = NUMERIC[key];
  if (num) {
    if (!/^\d+$/.test(val)) return `ipset ${key}: not a number, not read`;
    cur[num] = Number(val);
  } else if (key === 'Type') {
    if (!/^\S+$/.test(val)) return 'ipset Type: not one set type, not read';
    cur.type = val;
  } else if (key === 'Header') cur.header = parseHeader(val);
  else if (key === 'Members' && val) return 'text after Members: not read as members';
  return null;
}

function parseText(text: string) {
  const out = new Collector<IpSet>();
  let cur: IpSet | null = null;
  let inMembers = false;
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.trim();
    if (!t) { inMembers = false; continue; }
    const f = FIELD.exec(t);
    if (f) {
      const [, key, val = ''] = f;
      if (key === 'Name') { cur = out.add({ name: val.trim(), members: [] }); inMembers = false; continue; }
      if (!cur) { out.skip(line, 'unrecognized', `${key} before any Name:`); continue; }
      const why = readField(cur, key as string, val.trim());
      if (why) out.skip(line, 'unrecognized', why);
      // (the member lines under a garbled Members: line are still the members)
      if (key === 'Members') inMembers = true;
      continue;
    }
    const s = SAVE.exec(t);
    if (s) {
      const [, verb, name, a, rest] = s as unknown as [string, string, string, string, string | undefined];
      if (verb === 'create') { cur = out.add({ name, type: a, members: [], ...(rest ? { header: parseHeader(rest) } : {}) }); }
      else {
        let set = out.records.find((r) => r.name === name);
        if (!set) set = out.add({ name, members: [] });
        set.members.push(rest ? { elem: a, options: rest } : { elem: a });
      }
      continue;
    }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    if (cur && inMembers) {
      const [word, ...opts] = t.split(/\s+/);
      // an author's Markdown bold around a member (`**10.244.1.5**`): the member is the address inside
      const bold = /^\*\*(.+)\*\*$/.exec(word as string);
      if (bold) out.warn(line.no, 'ignored', 'Markdown bold removed from a member');
      const elem = bold ? bold[1] as string : word as string;
      cur.members.push(opts.length ? { elem, options: opts.join(' ') } : { elem });
      continue;
    }
    out.skip(line, 'unrecognized', 'not an ipset list line');
  }
  return out.result();
}

/** `Name: X Type: hash:net Revision: 6 Header: … Members: 10.13.76.13 10.13.76.20 …` → one field per line, one member per line. */
export function reflow(text: string): string[] | null {
  const flat = text.trim();
  if (flat.includes('\n') || !/^Name: \S+ Type: /.test(flat)) return null;
  const lines: string[] = [];
  for (const block of flat.split(/\s+(?=Name: )/)) {
    const parts = block.split(/\s+(?=(?:Type|Revision|Header|Size in memory|References|Number of entries|Members):)/);
    for (const p of parts) {
      if (p.startsWith('Members:')) {
        lines.push('Members:');
        // members are single tokens unless followed by option words (timeout N, nomatch, packets N …)
        const toks = p.slice('Members:'.length).trim().split(/\s+/).filter(Boolean);
        for (let i = 0; i < toks.length; i++) {
          let m = toks[i] as string;
          while (i + 1 < toks.length && /^(timeout|packets|bytes|comment|skbmark|skbprio|skbqueue|nomatch)$/.test(toks[i + 1] as string)) {
            const kw = toks[++i] as string;
            m += ` ${kw}`;
            if (kw !== 'nomatch' && i + 1 < toks.length) m += ` ${toks[++i]}`;
          }
          lines.push(m);
        }
      } else lines.push(p);
    }
  }
  return lines;
}

export const info = {
  id: 'ipset',
  title: 'ipset list',
  family: 'ipset' as const,
  commands: ['ipset list', 'ipset list SET', 'ipset -L', 'ipset list -t', 'ipset save'],
  origins: ['seed 001', 'corpus ipset/*', 'kernel captures'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/^\s*Name: \S+/m.test(h) && /^\s*Type: (hash|bitmap|list):/m.test(h)) return 1;
  if (/^Name: \S+ Type: (hash|bitmap|list):/.test(h.trim())) return 1;
  if (/^create \S+ (hash|bitmap|list):/m.test(h)) return 0.95;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipsetParser: Parser<IpSet> = { info, detect, parse, reflow };

export const ipsetKind = defineKind<IpSet>({
  parser: ipsetParser, convert: convertIpset, scope: 'node',
  commandLines: [/^ipset\s+(list|-L|save|-l)\b|^ips\b/],
});
