/**
 * iptables records → the hosts' tables and chains. A kube-proxy dump is one block of 150,000 records: they are
 * merged in one loop over the block, with chains found through Maps, rather than as a piece per record.
 */
import type { Piece } from '../convert/pieces.ts';
import type { Host, IptChain, IptRule, IptRuleStatement, ModelWarning } from '../model/types.ts';
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

/**
 * What makes two rules the same rule whichever syntax showed them (`-A X -d 10.0.0.1/32 -p tcp -m tcp --dport 80 -j Y`
 * and the `iptables -L` row `Y tcp -- 0.0.0.0/0 10.0.0.1 tcp dpt:80`): matches and target, options sorted, host
 * addresses without `/32`, the protocol module's empty match dropped. Counters are not part of it.
 */
export function ruleKey(r: Pick<IptRule, 'matches' | 'target'>): string {
  const value = (v: string): string => v.replace(/\/32$/, '');
  const opts = (o: { name: string; negated: boolean; values: string[] }[]): string[] =>
    o.filter((x) => x.name !== '--protocol-module').map((x) => `${x.negated ? '!' : ''}${x.name}=${x.values.map(value).join(',')}`).sort();
  const protocol = r.matches.find((m) => m.module === '')?.options.find((o) => o.name === '-p')?.values[0];
  const matches = r.matches
    .map((m) => ({ module: m.module, options: opts(m.options) }))
    .filter((m) => m.options.length || (m.module !== '' && m.module !== protocol))
    .map((m) => `${m.module}(${m.options.join(' ')})`).sort();
  const t = r.target;
  return `${matches.join(' ')} -> ${t ? `${t.goto ? 'goto ' : ''}${t.name}(${opts(t.options).join(' ')})` : ''}`;
}

const sameCounters = (a: IptRule[], b: IptRule[]): boolean =>
  a.every((x, i) => (x.counters?.packets ?? -1) === (b[i]?.counters?.packets ?? -1) && (x.counters?.bytes ?? -1) === (b[i]?.counters?.bytes ?? -1));

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
 * One block's view of a host's chains: the chains it filled and those it declared (`:X`, `-N X`, `Chain X`). A view
 * that declares a chain and is not grepped shows all of it. Kept as lists, made Sets only when a second view of a
 * chain asks (a kube-proxy dump's 40,000 chains then cost a push each, not a hash insert or an object).
 */
class ChainView {
  readonly filled = new FilledChains();
  readonly #declared: IptChain[] = [];
  #declaredSet: Set<IptChain> | undefined;
  constructor(readonly partial: boolean) {}
  declare(c: IptChain): void { this.#declared.push(c); this.#declaredSet?.add(c); }
  /** Shows all of `c`: not grepped, and declares it. */
  full(c: IptChain): boolean { return !this.partial && (this.#declaredSet ??= new Set(this.#declared)).has(c); }
}

/** The views of each host's chains, block by block. */
const viewsOf = new WeakMap<Host, ChainView[]>();

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
export function mergeIptablesBlock(h: Host, p: IptablesPiece, warnings: ModelWarning[] = []): void {
  const { records, input, line } = p;
  const view = new ChainView(!!p.view?.partial);
  const { filled } = view;
  const views = viewsOf.get(h) ?? [];
  views.push(view);
  viewsOf.set(h, views);
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
      view.declare(c);
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
    if (fresh || mine) {
      for (let k = i; k < end; k++) {
        const rule = records[k] as IptRuleStatement;
        if (fresh) placeRule(rule, input, line(k), k - i + 1);
        else { placeRule(rule, input, line(k), chain.rules.length + 1); chain.rules.push(rule as unknown as IptRule); }
      }
    } else {
      // the view that filled it before: the latest other block that did
      let before: ChainView | undefined;
      for (let k = views.length - 2; k >= 0 && !before; k--) if ((views[k] as ChainView).filled.has(chain)) before = views[k];
      // a view that replaced the chain's rules is its filler from now on; a grep that added to them is not
      if (mergeView(h, chain, t, records.slice(i, end) as IptRuleStatement[], { now: view.full(chain), before: !!before?.full(chain) }, p, i, warnings)) filled.add(chain);
    }
    for (let k = i; k < end; k++) {
      // a jump to a user chain declares it (grep fragments do not show `-N`)
      const target = ruleJump(records[k] as IptRuleStatement)?.name;
      if (target && !TARGET_EXTENSIONS.has(target) && !chains.has(target)) chainNamed(chains, target, false);
    }
    i = end - 1;
  }
}

/**
 * A second view of a chain another block filled: a grep of a listing adds only what the listing lacks; a full
 * listing replaces a grep of it (in the listing's order); a full listing of a chain already listed in full is a
 * later snapshot: it wins, and the earlier rules are kept in `Host.earlier` with a warning (unless they are the
 * same rules with the same counters).
 */
function mergeView(h: Host, chain: IptChain, table: string, run: IptRuleStatement[], whole: { now: boolean; before: boolean }, p: IptablesPiece, start: number, warnings: ModelWarning[]): boolean {
  const full = whole.now;
  const oldKeys = chain.rules.map(ruleKey);
  const runKeys = run.map(ruleKey);
  const place = (): void => {
    run.forEach((rule, k) => placeRule(rule, p.input, p.line(start + k), k + 1));
    chain.rules = run as unknown as IptRule[];
  };
  const keepEarlier = (rules: IptRule[], why: string): void => {
    const source = rules[0]?.source ?? { input: p.input, line: 0 };
    const supersededBy = { input: p.input, line: p.line(start) };
    (h.earlier ??= []).push({ what: 'chain', netns: 'host', table, chain: chain.name, count: rules.length, source, supersededBy, rules });
    warnings.push({ severity: 'warning', node: h.name, source,
      message: `chain ${table}/${chain.name} shown twice (lines ${source.line} and ${supersededBy.line}) and ${why}: the later is used, the earlier is kept as an earlier snapshot` });
  };
  if (full && whole.before) {
    const same = oldKeys.length === runKeys.length && oldKeys.every((k, i) => k === runKeys[i]);
    if (same && sameCounters(chain.rules, run as unknown as IptRule[])) return false;
    const earlier = chain.rules;
    place();
    keepEarlier(earlier, same ? 'its counters differ' : 'its rules differ');
    return true;
  }
  if (full) {
    const seen = new Set(runKeys);
    const lost = chain.rules.filter((_, i) => !seen.has(oldKeys[i] as string));
    place();
    if (lost.length) keepEarlier(lost, 'the grep before shows rules the listing does not');
    return true;
  }
  const known = new Set(oldKeys);
  const added: IptRuleStatement[] = [];
  run.forEach((rule, k) => {
    const key = runKeys[k] as string;
    if (known.has(key)) return;
    known.add(key);
    placeRule(rule, p.input, p.line(start + k), chain.rules.length + 1);
    chain.rules.push(rule as unknown as IptRule);
    added.push(rule);
  });
  if (added.length && whole.before) {
    warnings.push({ severity: 'warning', node: h.name, source: { input: p.input, line: p.line(start) },
      message: `chain ${table}/${chain.name}: ${added.length} rule${added.length > 1 ? 's' : ''} of a later partial view (a grep) ${added.length > 1 ? 'are' : 'is'} not in its listing above: added at the end` });
  }
  return false;
}
