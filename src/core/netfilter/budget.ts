/**
 * What one walk through a table may cost, and how it says it stopped. The kernel never loops: both
 * iptables-legacy and iptables-nft refuse to load a rule set whose jumps or gotos form a cycle (iptables-restore
 * fails at COMMIT; nft says "Too many links"), and iptables-nft also refuses more than 15 nested user chains
 * (iptables-legacy takes any depth) — asked of the kernel in a scratch namespace, see
 * scripts/capture-netfilter-limits.sh. A pasted or edited dump can still hold a loop, so every walk has a budget:
 * visits per chain, nested chains, rules looked at, and forks; a walk over budget ends `unknown` and says why —
 * naming the loop when there is one, and saying "deep" when there is none.
 */
import type { IptTable } from '../model/types.ts';

/** Entries into one chain in one walk: a real rule set enters a chain a handful of times (KUBE-MARK-MASQ …). */
export const MAX_CHAIN_VISITS = 64;
/** Nested chains (-j pushes, -g replaces): deeper than any real rule set, bounded so a -j loop ends early. */
export const MAX_DEPTH = 256;
/** Rules looked at in one walk: a 10,000-service KUBE-SERVICES chain is ~20,000. */
export const MAX_RULES_PER_WALK = 200_000;
/** Rules looked at in one table over all the walks its forks start. */
export const MAX_RULES_PER_TABLE = 1_000_000;
/** Forks (statistic, unsupported matches) followed in one table; paths that meet again merge first. */
export const MAX_FORKS = 256;

/** A short list of names for a message: the first few and how many more. */
function names(list: string[], max = 6): string {
  return list.length <= max ? list.join(' → ') : `${list.slice(0, max - 1).join(' → ')} → … (${list.length - max} more) → ${list[list.length - 1]}`;
}

/** The jump and goto targets of a chain's rules that are chains of the table. */
function targetsOf(table: IptTable, chain: string): string[] {
  const out: string[] = [];
  for (const r of table.chains.get(chain)?.rules ?? []) {
    const t = r.target?.name;
    if (t && table.chains.has(t) && !out.includes(t)) out.push(t);
  }
  return out;
}

/** A cycle of jumps or gotos through `chain` (breadth first, so the shortest), or null when none leads back. */
export function cycleThrough(table: IptTable, chain: string, maxChains = 10_000): string[] | null {
  const from = new Map<string, string>();
  const queue = [chain];
  for (let i = 0; i < queue.length && i < maxChains; i++) {
    const c = queue[i] as string;
    for (const t of targetsOf(table, c)) {
      if (t === chain) {
        const path = [c];
        while (path[0] !== chain) path.unshift(from.get(path[0] as string) as string);
        return [...path, chain];
      }
      if (!from.has(t) && t !== chain) { from.set(t, c); queue.push(t); }
    }
  }
  return null;
}

const REFUSED = 'the kernel refuses to load a rule set with a loop (iptables-restore fails), so this text was edited or stitched together';

export function loopMessage(table: IptTable, cycle: string[]): string {
  return `loop ${names(cycle)} in table ${table.name}: ${REFUSED}`;
}

/** Why a walk that entered `chain` too often stopped: the loop it is caught in, or only many entries. */
export function tooManyVisits(table: IptTable, chain: string): { unknown: string; missing: string } {
  const cycle = cycleThrough(table, chain);
  if (cycle) return { unknown: loopMessage(table, cycle), missing: `the rules of table ${table.name} as the node holds them (iptables-save -t ${table.name}, unedited)` };
  return { unknown: `chain ${chain} of table ${table.name} entered more than ${MAX_CHAIN_VISITS} times in one walk (not a loop: no jump leads back to it): not followed further`,
    missing: `a rule set that enters ${chain} at most ${MAX_CHAIN_VISITS} times` };
}

/** Why a walk nested too deep stopped: a -j loop on the stack, or depth alone. */
export function tooDeep(table: IptTable, stack: string[], next: string): { unknown: string; missing: string } {
  const at = stack.indexOf(next);
  if (at >= 0) return { unknown: loopMessage(table, [...stack.slice(at), next]), missing: `the rules of table ${table.name} as the node holds them (iptables-save -t ${table.name}, unedited)` };
  return { unknown: `${next}: more than ${MAX_DEPTH} nested chains in table ${table.name} — deep, not a loop (no chain repeats on the way): not followed further`,
    missing: `a rule set that nests fewer than ${MAX_DEPTH} chains` };
}

export const tooManyRules = (table: IptTable, limit: number, what: string): { unknown: string; missing: string } => ({
  unknown: `more than ${limit.toLocaleString('en-US')} rules of table ${table.name} looked at in ${what}: not followed further`,
  missing: `a smaller rule set for table ${table.name}`,
});
