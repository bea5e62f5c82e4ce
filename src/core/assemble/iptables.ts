/**
 * iptables records → the hosts' tables and chains. A kube-proxy dump is one block of 150,000 records: they are
 * merged in one loop over the block, with chains found through Maps, rather than as a piece per record.
 */
import type { Piece } from '../convert/pieces.ts';
import type { Host, IptChain, IptRule } from '../model/types.ts';
import { jumpOf, placeRule, type IptablesRule } from '../parsers/common/iptables-rule.ts';
import { newChain, tableOf } from './hosts.ts';

/** Target extensions of iptables (and its standard verdicts): anything else a rule jumps to is a user chain. */
const TARGET_EXTENSIONS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'MASQUERADE', 'SNAT', 'DNAT', 'MARK',
  'CONNMARK', 'LOG', 'NFLOG', 'ULOG', 'NOTRACK', 'CT', 'REDIRECT', 'TPROXY', 'TRACE', 'TCPMSS', 'CHECKSUM', 'NFQUEUE',
  'SET', 'AUDIT', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'ECN', 'SECMARK', 'CONNSECMARK', 'TEE', 'IDLETIMER', 'LED',
  'RATEEST', 'SYNPROXY', 'HMARK', 'NETMAP', 'CLUSTERIP', 'JOURNAL']);

type IptablesPiece = Extract<Piece, { kind: 'iptables' }>;

const sameRule = (a: string, b: string): boolean => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

/** Where the run of rules that starts at `start` ends: the first record that is not a rule of the same chain and table. */
function runEnd(records: IptablesPiece['records'], start: number, table: string, blockTable: string): number {
  const chain = (records[start] as IptablesRule).chain;
  let j = start + 1;
  for (; j < records.length; j++) {
    const x = records[j] as IptablesPiece['records'][number];
    if (x.type !== 'rule' || x.chain !== chain || (x.table ?? blockTable) !== table) break;
  }
  return j;
}

/** One chain while blocks are merged: the block that first showed its rules, and whether any block showed it. */
interface ChainEntry { chain: IptChain; owner: string | undefined; shown: boolean }

/** One table of one host while blocks are merged: its entries, and the model's chains they fill. */
interface TableIndex { entries: Map<string, ChainEntry>; chains: Map<string, IptChain> }

/** Merges every iptables block of the inputs into its host; a chain two blocks show keeps the first one's rules. */
export class IptablesMerge {
  /**
   * host → table → chain name → entry, beside the model's chains: what merging needs to know per chain stays here
   * rather than in Maps keyed by the chain objects.
   */
  readonly #index = new Map<Host, Map<string, TableIndex>>();

  #table(h: Host, table: string): TableIndex {
    let tables = this.#index.get(h);
    if (!tables) { tables = new Map(); this.#index.set(h, tables); }
    let t = tables.get(table);
    if (!t) { t = { entries: new Map(), chains: tableOf(h, table).chains }; tables.set(table, t); }
    return t;
  }

  /** The entry of chain `name`, with its model chain made the first time (the entries say a name is new). */
  #entry(t: TableIndex, name: string): ChainEntry {
    let e = t.entries.get(name);
    if (!e) {
      const chain = newChain(name);
      t.chains.set(name, chain);
      e = { chain, owner: undefined, shown: false };
      t.entries.set(name, e);
    }
    return e;
  }

  apply(h: Host, p: IptablesPiece): void {
    const { records, input, line, block } = p;
    let table = '';
    let chains = this.#table(h, p.table);
    /** The chain of the last chain record: an `iptables -L` listing's rows follow their chain's header. */
    let last: ChainEntry | undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as IptablesPiece['records'][number];
      if (r.type === 'table') continue;
      const t = r.table ?? p.table;
      if (t !== table) {
        table = t;
        chains = this.#table(h, t);
        last = undefined;
      }
      if (r.type === 'chain') {
        const e = this.#entry(chains, r.name);
        e.shown = true;
        last = e;
        const c = e.chain;
        if (r.policy && r.policy !== '-') c.policy = r.policy;
        if (r.counters) c.counters = r.counters;
        c.source ??= { input, line: line(i) };
        continue;
      }
      // rules come grouped by chain: one chain's run of rules is merged at once
      const end = runEnd(records, i, t, p.table);
      const entry = last?.chain.name === r.chain ? last : this.#entry(chains, r.chain);
      entry.shown = true;
      entry.owner ??= block;
      const chain = entry.chain;
      const fresh = chain.rules.length === 0 && entry.owner === block;
      // the records become the model's rules as they are: copying them would parse every lazily read rule's options;
      // a fresh chain takes its run as one exact-size array (pushing leaves 40,000 chains room for 16 rules each)
      if (fresh) chain.rules = records.slice(i, end) as unknown as IptRule[];
      for (let k = i; k < end; k++) {
        const rule = records[k] as IptablesRule;
        if (fresh) placeRule(rule, input, line(k), k - i + 1);
        else {
          // the same chain shown twice (a grep, then a full dump): keep one copy of each rule
          if (entry.owner !== block && chain.rules.some((x) => sameRule(x.text, rule.text))) continue;
          placeRule(rule, input, line(k), chain.rules.length + 1);
          chain.rules.push(rule as IptablesRule & IptRule);
        }
        // a jump to a user chain declares it (grep fragments do not show `-N`)
        const target = jumpOf(rule)?.name;
        if (target && !TARGET_EXTENSIONS.has(target) && !chains.entries.has(target)) this.#entry(chains, target);
      }
      i = end - 1;
    }
  }

  /** After the last block: chains that were jumped to but never shown. */
  finish(): void {
    for (const tables of this.#index.values()) {
      for (const t of tables.values()) for (const e of t.entries.values()) if (!e.shown) e.chain.referencedOnly = true;
    }
  }
}
