/**
 * `iptables -S` / `iptables --list-rules` / `iptables -t TABLE -S [CHAIN]` / `iptables -S -v` (with `-c P B`
 * counters) / `ip6tables -S`.
 *
 * Accepts: `-P CHAIN POLICY`, `-N CHAIN`, `-A CHAIN …` rules (same rule grammar as iptables-save), the
 * `# Warning: iptables-legacy tables present` note, a unified-diff prefix (` `, `+`, `-`) when the whole block is
 * a diff, trailing spaces; rules flattened onto one line (seed 001), rebuilt by `reflow`. The table is not in
 * the output: ingest takes it from the command (`-t nat`), else `filter`. Does not accept the nf_tables
 * "is incompatible, use nft tool" error lines (named as unsupported).
 *
 * Output: { type: "chain", name, policy } and the shared rule record (see iptables-save).
 *
 * Example:
 *   -P FORWARD ACCEPT
 *   -A FORWARD -m conntrack --ctstate NEW -j AZURE-NPM
 *   → chain { name: "FORWARD", policy: "ACCEPT" }, rule { chain: "FORWARD", matches: [conntrack --ctstate NEW], target: AZURE-NPM }
 */
import { defineKind } from '../common/kind.ts';
import { convertIptables } from '../../convert/iptables.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';
import { LEGACY_TABLES_PRESENT, legacyTablesAdvice, parseRuleLine, reflowIptables as reflow } from '../common/iptables-rule.ts';
import type { IptablesRecord } from '../iptables-save/iptables-save.ts';

function parseText(text: string) {
  const out = new Collector<IptablesRecord>();
  const lines = splitLines(text);
  // A unified diff of two `iptables -S` dumps: every rule line carries a ' ', '+' or '-' prefix.
  const diff = lines.some((l) => /^@@ .* @@/.test(l.text)) && lines.some((l) => /^[ +]-A /.test(l.text));
  for (const line of lines) {
    out.cursor = line.no;
    let t = line.text.replace(/\s+$/, '');
    if (!t.trim()) continue;
    if (diff) {
      if (/^(@@|\+\+\+|---)/.test(t)) { out.skip(line, 'ignored', 'diff header'); continue; }
      if (/^--[APN] /.test(t)) { out.skip(line, 'ignored', 'removed in the diff'); continue; }
      t = t.replace(/^[ +]/, '');
    }
    t = t.trim();
    const pn = /^-(P|N)\s+(\S+)(?:\s+(\S+))?(?:\s+-c\s+(\d+)\s+(\d+))?\s*$/.exec(t);
    if (pn) {
      out.add({ type: 'chain', name: pn[2] as string, policy: pn[1] === 'P' ? (pn[3] ?? 'ACCEPT') : '-',
        ...(pn[4] !== undefined ? { counters: { packets: Number(pn[4]), bytes: Number(pn[5]) } } : {}) });
      continue;
    }
    const r = parseRuleLine(t);
    if (r) {
      out.add(r.rule);
      for (const p of r.problems) out.warn(line.no, 'unrecognized', `rule kept, but ${p}`);
      continue;
    }
    if (t.startsWith('#')) {
      if (LEGACY_TABLES_PRESENT.test(t)) out.warn(line.no, 'ignored', legacyTablesAdvice('iptables-legacy -S', 'list'));
      else out.skip(line, 'ignored', 'a comment (# …), not an iptables -S line');
      continue;
    }
    if (/incompatible, use 'nft' tool|^iptables v[\d.]+/.test(t)) { out.skip(line, 'unsupported', 'iptables error message'); continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not an iptables -S line');
  }
  return out.result();
}

export const info = {
  id: 'iptables-rules',
  title: 'iptables -S / --list-rules',
  family: 'iptables-list-rules' as const,
  commands: ['iptables -S', 'iptables --list-rules', 'iptables -t TABLE -S [CHAIN]', 'iptables -S -v', 'ip6tables -S'],
  origins: ['seeds 000 001', 'corpus iptables-list-rules/*', 'kernel captures'],
};

export function detect(text: string): number {
  const h = head(text);
  const pn = /^[ +]?-[PN] \S+/m.test(h);
  const rules = /^[ +]?-A \S+/m.test(h);
  const save = /^\*(nat|filter|mangle|raw)\s*$|^:[\w.:-]+ (ACCEPT|DROP|-) \[\d+:\d+\]/m.test(h);
  if (save) return 0.1;
  if (pn && rules) return 1;
  if (pn) return 0.9;
  if (rules) return 0.6;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}


export const iptablesRulesParser: Parser<IptablesRecord> = { info, detect, parse, reflow };

export const iptablesRulesKind = defineKind<IptablesRecord>({
  parser: iptablesRulesParser, convert: convertIptables, scope: 'node',
  commandLines: [/^ip6?tables(-legacy|-nft)?(\s.*)?\s(-S|--list-rules)\b/],
});
