/** iptables rules written by PacketPath itself (a mode's standard wiring, a what-if), parsed like captured ones. */
import type { IptChain, IptRule, SourceRef } from '../model/types.ts';
import { parseRuleLine } from '../parsers/common/iptables-rule.ts';

/** `-A CHAIN …` lines → rules with `source`; a line that does not parse is a bug in the caller, so it throws. */
export function rulesFromLines(lines: string[], source: SourceRef, first = 1): IptRule[] {
  return lines.map((line, i) => {
    const parsed = parseRuleLine(line);
    if (!parsed) throw new Error(`not an iptables rule: ${line}`);
    const r = parsed.rule;
    return { index: first + i, matches: r.matches, ...(r.target ? { target: r.target } : {}), text: r.text, source };
  });
}

export function chainFromLines(name: string, lines: string[], source: SourceRef, builtin = true): IptChain {
  return { name, builtin, ...(builtin ? { policy: 'ACCEPT' } : {}), rules: rulesFromLines(lines, source), source };
}
