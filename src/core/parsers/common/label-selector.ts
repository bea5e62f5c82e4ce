/** Kubernetes label selectors as kubectl prints them (`app=x,tier in (a,b),!canary`) → LabelSelector objects. */

import type { LabelSelector, LabelSelectorRequirement } from '../../model/types.ts';

export type { LabelSelector, LabelSelectorRequirement };

/** Splits on commas outside parentheses. */
function terms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function parseSelectorString(s: string): LabelSelector {
  return readSelector(s).selector;
}

/** The selector, and the terms of `s` that are no selector term (garbled text, which a selector must not drop in silence). */
export function readSelector(s: string): { selector: LabelSelector; unread: string[] } {
  const text = s.trim().replace(/\s*\(.*(Allowing|allowing|all pods).*\)$/, '');
  const unread: string[] = [];
  if (!text || text === '<none>' || text === '<any>') return { selector: {}, unread };
  const sel: LabelSelector = {};
  for (const t of terms(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(t))) {
      (sel.matchExpressions ??= []).push({ key: m[1] as string, operator: m[2] === 'in' ? 'In' : 'NotIn', values: (m[3] as string).split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([^=!\s]+)\s*!=\s*(.*)$/.exec(t))) {
      (sel.matchExpressions ??= []).push({ key: m[1] as string, operator: 'NotIn', values: [m[2] as string] });
    } else if ((m = /^([^=!\s]+)\s*==?\s*(.*)$/.exec(t))) {
      (sel.matchLabels ??= {})[m[1] as string] = m[2] as string;
    } else if ((m = /^!(\S+)$/.exec(t))) {
      (sel.matchExpressions ??= []).push({ key: m[1] as string, operator: 'DoesNotExist' });
    } else if (/^\S+$/.test(t)) {
      (sel.matchExpressions ??= []).push({ key: t, operator: 'Exists' });
    } else unread.push(t);
  }
  return { selector: sel, unread };
}
