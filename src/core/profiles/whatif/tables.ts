/**
 * A what-if node's iptables and ipsets, from the captured ones: the chains of the modes being swapped out are
 * removed (each profile names its own), everything else — kube-proxy's, Docker's, the user's — is kept as captured,
 * with re-addressed pod IPs (and the cluster's range) rewritten where a rule or a set member names them.
 */
import type { Host, IpSetModel, IptChain, IptRule, IptTable, SourceRef } from '../../model/types.ts';
import { parseRuleLine } from '../../parsers/common/iptables-rule.ts';
import type { ChainFamily } from '../types.ts';
import type { AddressPlan } from './addressing.ts';
import { renumber, WHAT_IF_INPUT } from './build.ts';

const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(\/\d{1,2})?\b/g;

/**
 * `text` with re-addressed IPs and the moved cluster range replaced, or null when it names none of them. A scan, not
 * a replace: most addresses in a kube-proxy table (service IPs) stay, and those rules are not copied at all.
 */
export function remapText(text: string, plan: AddressPlan): string | null {
  if (!plan.remap.size && !plan.cidrRemap.size) return null;
  let out: string[] | null = null;
  let from = 0;
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
    const ip = m[1] as string;
    const prefix = m[2];
    const to = plan.cidrRemap.get(m[0]) ?? (!prefix || prefix === '/32' ? plan.remap.get(ip) : undefined);
    if (to === undefined) continue;
    (out ??= []).push(text.slice(from, m.index), plan.cidrRemap.has(m[0]) ? to : `${to}${prefix ?? ''}`);
    from = m.index + m[0].length;
  }
  if (!out) return null;
  out.push(text.slice(from));
  return out.join('');
}

/**
 * A captured rule with re-addressed IPs: parsed when a trace first asks for its matches, as captured rules are (a
 * kube-proxy node re-addressed for a what-if rewrites thousands of rules a trace never reaches).
 */
class ReaddressedRule implements IptRule {
  #parsed: Pick<IptRule, 'matches' | 'target'> | undefined;
  constructor(readonly index: number, readonly text: string, readonly source: SourceRef, readonly original: IptRule) {}
  #options(): Pick<IptRule, 'matches' | 'target'> {
    if (!this.#parsed) {
      const parsed = parseRuleLine(this.text);
      // not rule syntax after all (an `iptables -L` row): the original's reading stands, with its old addresses
      this.#parsed = parsed ? { matches: parsed.rule.matches, ...(parsed.rule.target ? { target: parsed.rule.target } : {}) }
        : { matches: this.original.matches, ...(this.original.target ? { target: this.original.target } : {}) };
    }
    return this.#parsed;
  }
  get matches(): IptRule['matches'] { return this.#options().matches; }
  get target(): IptRule['target'] { return this.#options().target; }
  toJSON(): Record<string, unknown> { return { index: this.index, matches: this.matches, ...(this.target ? { target: this.target } : {}), text: this.text, source: this.source }; }
}

function remapRule(r: IptRule, plan: AddressPlan): IptRule {
  // `-A CHAIN …` rule syntax only; a row of `iptables -L` keeps its text, and the trace reads its old address
  if (!r.text.startsWith('-A ')) return r;
  const text = remapText(r.text, plan);
  if (!text) return r;
  const from = r.source ? `${r.source.input}:${r.source.line}` : 'the capture';
  return new ReaddressedRule(r.index, text, { input: `${WHAT_IF_INPUT}: re-addressed (${from})`, line: 0 }, r);
}

function remapChain(c: IptChain, plan: AddressPlan): IptChain {
  let touched = false;
  const rules = c.rules.map((r) => { const m = remapRule(r, plan); if (m !== r) touched = true; return m; });
  return touched ? { ...c, rules } : c;
}

/**
 * A table's chains, re-addressed when first asked for: a trace walks a handful of a kube-proxy node's 10,000 chains,
 * so a toggle need not rewrite the rest (the 5-node bundle's toggle within 1 s). Walking them all (the chains view,
 * JSON) re-addresses them all, once.
 */
class ReaddressedChains extends Map<string, IptChain> {
  #done = new Set<string>();
  #all = false;
  #plan: AddressPlan;
  constructor(entries: Map<string, IptChain>, plan: AddressPlan) {
    super(entries);
    this.#plan = plan;
  }
  override get(name: string): IptChain | undefined {
    const c = super.get(name);
    if (!c || this.#all || this.#done.has(name)) return c;
    this.#done.add(name);
    const r = remapChain(c, this.#plan);
    if (r !== c) super.set(name, r);
    return r;
  }
  #everything(): void {
    if (this.#all) return;
    for (const name of super.keys()) this.get(name);
    this.#all = true;
  }
  override values() { this.#everything(); return super.values(); }
  override entries() { this.#everything(); return super.entries(); }
  override [Symbol.iterator]() { this.#everything(); return super[Symbol.iterator](); }
  override forEach(f: (v: IptChain, k: string, m: Map<string, IptChain>) => void, thisArg?: unknown) { this.#everything(); super.forEach(f, thisArg); }
}

/** The captured tables without `drop`'s chains and rules, re-addressed. Chains nothing changed are shared, not copied. */
export function keptTables(h: Host, drop: ChainFamily[], plan: AddressPlan): Record<string, IptTable> {
  const out = Object.create(null) as Record<string, IptTable>;
  const remapping = plan.remap.size > 0 || plan.cidrRemap.size > 0;
  for (const [name, t] of Object.entries(h.iptables)) {
    let chains = t.chains;
    if (drop.length) {
      chains = new Map<string, IptChain>();
      for (const [cname, c] of t.chains) {
        if (!c.builtin && drop.some((f) => f.chain(name, cname))) continue;
        const rules = c.builtin ? c.rules.filter((r) => !drop.some((f) => f.rule(name, cname, r))) : c.rules;
        chains.set(cname, rules.length === c.rules.length ? c : { ...c, rules: renumber(rules) });
      }
    }
    out[name] = { name, chains: remapping ? new ReaddressedChains(chains, plan) : chains === t.chains ? new Map(chains) : chains };
  }
  return out;
}

const remapMember = (m: string, plan: AddressPlan): string => remapText(m, plan) ?? m;

/** The captured ipsets minus those `dropSet` claims, members re-addressed. */
export function keptIpsets(h: Host, dropSet: (name: string) => boolean, plan: AddressPlan): IpSetModel[] {
  return h.ipsets.filter((s) => !dropSet(s.name)).map((s) => {
    const members = s.members.map((m) => remapMember(m, plan));
    return members.some((m, i) => m !== s.members[i]) ? { ...s, members } : s;
  });
}
