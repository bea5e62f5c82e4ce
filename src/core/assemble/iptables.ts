/**
 * iptables records → the hosts' tables and chains. A kube-proxy dump is one block of 150,000 records: they are
 * merged in one loop over the block, with chains found through Maps, rather than as a piece per record.
 */
import type { Piece } from '../convert/pieces.ts';
import type { Host, IptChain, IptRule } from '../model/types.ts';
import { jumpOf } from '../parsers/common/iptables-rule.ts';
import { chainOf } from './hosts.ts';

/** Target extensions of iptables (and its standard verdicts): anything else a rule jumps to is a user chain. */
const TARGET_EXTENSIONS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'MASQUERADE', 'SNAT', 'DNAT', 'MARK',
  'CONNMARK', 'LOG', 'NFLOG', 'ULOG', 'NOTRACK', 'CT', 'REDIRECT', 'TPROXY', 'TRACE', 'TCPMSS', 'CHECKSUM', 'NFQUEUE',
  'SET', 'AUDIT', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'ECN', 'SECMARK', 'CONNSECMARK', 'TEE', 'IDLETIMER', 'LED',
  'RATEEST', 'SYNPROXY', 'HMARK', 'NETMAP', 'CLUSTERIP', 'JOURNAL']);

type IptablesPiece = Extract<Piece, { kind: 'iptables' }>;

const sameRule = (a: string, b: string): boolean => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

/** Merges every iptables block of the inputs into its host; a chain two blocks show keeps the first one's rules. */
export class IptablesMerge {
  /** host → table → chain name → chain, beside the model's records: a Map lookup does not internalize 40,000 fresh names. */
  readonly #index = new Map<Host, Map<string, Map<string, IptChain>>>();
  /** The block that first showed each chain's rules. */
  readonly #owner = new Map<IptChain, string>();
  /**
   * Chains only jumped to so far. They are marked `referencedOnly` once every block is merged: marking them
   * now and deleting the mark when their rules come would turn 40,000 chain objects into slow dictionaries.
   */
  readonly #onlyReferenced = new Set<IptChain>();

  #chains(h: Host, table: string): Map<string, IptChain> {
    let tables = this.#index.get(h);
    if (!tables) { tables = new Map(); this.#index.set(h, tables); }
    let chains = tables.get(table);
    if (!chains) { chains = new Map(); tables.set(table, chains); }
    return chains;
  }

  #chain(chains: Map<string, IptChain>, h: Host, table: string, name: string): IptChain {
    let c = chains.get(name);
    if (!c) { c = chainOf(h, table, name); chains.set(name, c); }
    return c;
  }

  apply(h: Host, p: IptablesPiece): void {
    const { records, input, line, block } = p;
    let table = '';
    let chains = this.#chains(h, p.table);
    // rules come grouped by chain: the previous rule's chain is usually this one's
    let chain: IptChain | undefined;
    let owner = '';
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as IptablesPiece['records'][number];
      if (r.type === 'table') continue;
      const t = r.table ?? p.table;
      if (t !== table) { table = t; chains = this.#chains(h, t); chain = undefined; }
      if (r.type === 'chain') {
        const c = this.#chain(chains, h, table, r.name);
        this.#onlyReferenced.delete(c);
        if (r.policy && r.policy !== '-') c.policy = r.policy;
        if (r.counters) c.counters = r.counters;
        c.source ??= { input, line: line(i) };
        continue;
      }
      if (!chain || chain.name !== r.chain) {
        chain = this.#chain(chains, h, table, r.chain);
        this.#onlyReferenced.delete(chain);
        owner = this.#owner.get(chain) ?? block;
        this.#owner.set(chain, owner);
      }
      // the same chain shown twice (a grep, then a full dump): keep one copy of each rule
      if (owner !== block && chain.rules.some((x) => sameRule(x.text, r.text))) continue;
      // the record becomes the model's rule as it is: copying it would parse every lazily read rule's options
      const rule = r as typeof r & IptRule;
      rule.source = { input, line: line(i) };
      rule.index = chain.rules.length + 1;
      chain.rules.push(rule);
      // a jump to a user chain declares it (grep fragments do not show `-N`)
      const target = jumpOf(r)?.name;
      if (target && !chains.has(target) && !TARGET_EXTENSIONS.has(target)) this.#onlyReferenced.add(this.#chain(chains, h, table, target));
    }
  }

  /** After the last block: chains that were jumped to but never shown. */
  finish(): void {
    for (const c of this.#onlyReferenced) c.referencedOnly = true;
  }
}
