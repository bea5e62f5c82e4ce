/**
 * iptables records → the hosts' tables and chains. A kube-proxy dump is one block of 150,000 records: they are
 * merged in one loop over the block, with chains found through Maps, rather than as a piece per record.
 */
import type { Piece } from '../convert/pieces.ts';
import type { Host, IptChain, IptRule, IptRuleStatement } from '../model/types.ts';
import { ruleJump } from '../model/netns.ts';
import { newChain, tableOf } from './hosts.ts';
import { TARGET_EXTENSIONS } from '../convert/iptables-tables.ts';

type IptablesPiece = Extract<Piece, { kind: 'iptables' }>;

/** Gives a rule its place in the model: a rule that keeps its own (see IptRuleStatement.place), else its fields. */
function placeRule(rule: IptRuleStatement, input: string, line: number, index: number): void {
  if (rule.place) { rule.place(input, line, index); return; }
  const placed = rule as IptRuleStatement & Partial<IptRule>;
  placed.source = { input, line };
  placed.index = index;
}

const sameRule = (a: string, b: string): boolean => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

/** The table of statement i: its own, else the one inferred for it, else the block's. */
const tableAt = (p: IptablesPiece, i: number): string => (p.records[i] as { table?: string }).table ?? p.tables?.[i] ?? p.table;

/** Where the run of rules that starts at `start` ends: the first record that is not a rule of the same chain and table. */
function runEnd(p: IptablesPiece, start: number, table: string): number {
  const { records } = p;
  const chain = (records[start] as IptRuleStatement).chain;
  let j = start + 1;
  for (; j < records.length; j++) {
    const x = records[j] as IptablesPiece['records'][number];
    if (x.type !== 'rule' || x.chain !== chain || tableAt(p, j) !== table) break;
  }
  return j;
}

/**
 * The chains one block filled from empty, for the rare chain whose rules come in two runs: rules a block adds to
 * a chain it filled itself are all kept; rules it adds to another block's chain are checked for copies. A list,
 * turned into a Set only when a second run asks (40,000 fresh chains cost a push each, not a hash insert).
 */
class FilledChains {
  readonly #list: IptChain[] = [];
  #set: Set<IptChain> | undefined;

  add(c: IptChain): void { this.#list.push(c); this.#set?.add(c); }
  has(c: IptChain): boolean { return (this.#set ??= new Set(this.#list)).has(c); }
}

/**
 * The chain `name` of a table, made the first time it is named. One made for a jump is marked referencedOnly until
 * a block shows it.
 */
function chainNamed(chains: Map<string, IptChain>, name: string, shown: boolean): IptChain {
  let c = chains.get(name);
  if (!c) {
    c = newChain(name);
    chains.set(name, c);
    if (!shown) c.referencedOnly = true;
  } else if (shown && c.referencedOnly) c.referencedOnly = undefined;
  return c;
}

/**
 * Merges one iptables block into its host, after the blocks before it: a chain two blocks show keeps the first
 * one's rules and gets only the rules the second adds.
 */
export function mergeIptablesBlock(h: Host, p: IptablesPiece): void {
  const { records, input, line } = p;
  const filled = new FilledChains();
  // the table is made when a statement is put in it: a block whose statements were all inferred to be nat makes no filter
  let table: string | undefined;
  let chains = new Map<string, IptChain>();
  /** The chain of the last chain record: an `iptables -L` listing's rows follow their chain's header. */
  let last: IptChain | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as IptablesPiece['records'][number];
    if (r.type === 'table') continue;
    const t = tableAt(p, i);
    if (t !== table) {
      table = t;
      chains = tableOf(h, t).chains;
      last = undefined;
    }
    if (r.type === 'chain') {
      const c = chainNamed(chains, r.name, true);
      last = c;
      if (r.policy && r.policy !== '-') c.policy = r.policy;
      if (r.counters) c.counters = r.counters;
      c.source ??= { input, line: line(i) };
      continue;
    }
    // rules come grouped by chain: one chain's run of rules is merged at once
    const end = runEnd(p, i, t);
    const chain = last?.name === r.chain ? last : chainNamed(chains, r.chain, true);
    const fresh = chain.rules.length === 0;
    const mine = fresh || filled.has(chain);
    // the records become the model's rules as they are: copying them would parse every lazily read rule's options;
    // a fresh chain takes its run as one exact-size array (pushing leaves 40,000 chains room for 16 rules each)
    if (fresh) { chain.rules = records.slice(i, end) as unknown as IptRule[]; filled.add(chain); }
    for (let k = i; k < end; k++) {
      const rule = records[k] as IptRuleStatement;
      if (fresh) placeRule(rule, input, line(k), k - i + 1);
      else {
        // the same chain shown twice (a grep, then a full dump): keep one copy of each rule
        if (!mine && chain.rules.some((x) => sameRule(x.text, rule.text))) continue;
        placeRule(rule, input, line(k), chain.rules.length + 1);
        chain.rules.push(rule as unknown as IptRule);
      }
      // a jump to a user chain declares it (grep fragments do not show `-N`)
      const target = ruleJump(rule)?.name;
      if (target && !TARGET_EXTENSIONS.has(target) && !chains.has(target)) chainNamed(chains, target, false);
    }
    i = end - 1;
  }
}
