/**
 * `ip rule [show]` / `ip -4 rule` / `ip -6 rule`.
 *
 * Accepts: `PRIO:\tfrom SEL [to SEL] [fwmark M[/MASK]] [iif X] [oif Y] [not] lookup|table T` and actions
 * `blackhole`, `unreachable`, `prohibit`, `goto N`. Does not accept `ip rule` statistics.
 *
 * Output: the objects of `ip -j rule`: { priority, src, srclen, dst, dstlen, fwmark, fwmask, iif, oif, not, table, action }.
 *
 * Example:
 *   9:	from all fwmark 0x200/0xf00 lookup 2004
 *   → { priority: 9, src: "all", fwmark: "0x200", fwmask: "0xf00", table: "2004" }
 */
import { defineKind } from '../common/kind.ts';
import { convertRules } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface IpRule {
  priority: number;
  src: string;
  srclen?: number;
  dst?: string;
  dstlen?: number;
  not?: boolean;
  fwmark?: string;
  fwmask?: string;
  iif?: string;
  oif?: string;
  table?: string;
  action?: string;
  goto?: number;
}

const RULE = /^\s*(\d+):\s+(not\s+)?from\s+(\S+)(.*)$/;

function parseText(text: string) {
  const out = new Collector<IpRule>();
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    const m = RULE.exec(t);
    if (!m) {
      if (isElision(t)) out.skip(line, 'ignored', 'elision marker');
      else out.skip(line, 'unrecognized', 'not an ip rule line');
      continue;
    }
    const r: IpRule = { priority: Number(m[1]), src: 'all' };
    if (m[2]) r.not = true;
    const src = m[3] as string;
    if (src !== 'all') {
      const [a, l] = src.split('/');
      r.src = a as string;
      if (l) r.srclen = Number(l);
    }
    const toks = (m[4] as string).trim().split(/\s+/).filter(Boolean);
    for (let i = 0; i < toks.length; i++) {
      const k = toks[i] as string;
      const v = toks[i + 1];
      if (k === 'to' && v) { const [a, l] = v.split('/'); r.dst = a as string; if (l) r.dstlen = Number(l); i++; }
      else if (k === 'fwmark' && v) { const [mk, mask] = v.split('/'); r.fwmark = mk as string; if (mask) r.fwmask = mask; i++; }
      else if ((k === 'lookup' || k === 'table') && v) { r.table = v; i++; }
      else if (k === 'iif' && v) { r.iif = v; i++; }
      else if (k === 'oif' && v) { r.oif = v; i++; }
      else if (k === 'goto' && v) { r.action = 'goto'; r.goto = Number(v); i++; }
      else if (['blackhole', 'unreachable', 'prohibit'].includes(k)) r.action = k;
      else if (['pref', 'priority', 'tos', 'dsfield', 'realms', 'suppress_prefixlength', 'uidrange', 'ipproto', 'sport', 'dport', 'l3mdev', 'proto'].includes(k)) i++;
    }
    out.add(r);
  }
  return out.result();
}

export const info = {
  id: 'ip-rule',
  title: 'ip rule',
  family: 'other' as const,
  commands: ['ip rule', 'ip rule show', 'ip -4 rule', 'ip -6 rule'],
  origins: ['corpus ip-route/cilium-node-ip-rule-fwmark-and-table-2004-local-route-split-prompt.txt', 'corpus other/cilium-ip-rule-wg-show.txt', 'kernel captures'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  const hits = lines.filter((l) => RULE.test(l) && /\b(lookup|table|blackhole|unreachable|prohibit|goto)\b/.test(l)).length;
  return hits / lines.length;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipRuleParser: Parser<IpRule> = { info, detect, parse };

export const ipRuleKind = defineKind<IpRule>({
  parser: ipRuleParser, convert: convertRules, scope: 'node',
  commandLines: [/^ip\s+((?!-j(son)?\b)-\S+\s+)*(ru|rule)\b/],
});
