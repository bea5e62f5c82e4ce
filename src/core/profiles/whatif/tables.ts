/**
 * A what-if node's iptables and ipsets, from the captured ones: the chains of the modes being swapped out are
 * removed (each profile names its own), everything else — kube-proxy's, Docker's, the user's — is kept as captured,
 * with re-addressed pod IPs (and the cluster's range) rewritten where a rule or a set member names them.
 */
import type { Host, IpSetModel, IptChain, IptRule, IptTable } from '../../model/types.ts';
import { parseRuleLine } from '../../parsers/common/iptables-rule.ts';
import type { ChainFamily } from '../types.ts';
import type { AddressPlan } from './addressing.ts';
import { renumber, WHAT_IF_INPUT } from './build.ts';

const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(\/\d{1,2})?\b/g;

/** `text` with re-addressed IPs and the moved cluster range replaced, or null when it names none of them. */
export function remapText(text: string, plan: AddressPlan): string | null {
  if (!plan.remap.size && !plan.cidrRemap.size) return null;
  let changed = false;
  const out = text.replace(IPV4, (all: string, ip: string, prefix: string | undefined) => {
    const cidr = plan.cidrRemap.get(`${ip}${prefix ?? ''}`);
    if (cidr) { changed = true; return cidr; }
    const to = !prefix || prefix === '/32' ? plan.remap.get(ip) : undefined;
    if (to) { changed = true; return `${to}${prefix ?? ''}`; }
    return all;
  });
  return changed ? out : null;
}

function remapRule(r: IptRule, plan: AddressPlan): IptRule {
  const text = remapText(r.text, plan);
  if (!text) return r;
  const parsed = parseRuleLine(text);
  // a row of `iptables -L` is not rule syntax: it keeps its text, and the trace reads its old address
  if (!parsed) return r;
  const from = r.source ? `${r.source.input}:${r.source.line}` : 'the capture';
  return { index: r.index, matches: parsed.rule.matches, ...(parsed.rule.target ? { target: parsed.rule.target } : {}), text: parsed.rule.text,
    source: { input: `${WHAT_IF_INPUT}: re-addressed (${from})`, line: 0 } };
}

/** The captured tables without `drop`'s chains and rules, re-addressed. Chains nothing changed are shared, not copied. */
export function keptTables(h: Host, drop: ChainFamily[], plan: AddressPlan): Record<string, IptTable> {
  const out: Record<string, IptTable> = {};
  const remapping = plan.remap.size > 0 || plan.cidrRemap.size > 0;
  for (const [name, t] of Object.entries(h.iptables)) {
    const chains = new Map<string, IptChain>();
    for (const [cname, c] of t.chains) {
      if (!c.builtin && drop.some((f) => f.chain(name, cname))) continue;
      let rules = c.builtin ? c.rules.filter((r) => !drop.some((f) => f.rule(name, cname, r))) : c.rules;
      if (remapping) {
        let touched = false;
        const mapped = rules.map((r) => { const m = remapRule(r, plan); if (m !== r) touched = true; return m; });
        if (touched) rules = mapped;
      }
      chains.set(cname, rules === c.rules ? c : { ...c, rules: renumber(rules) });
    }
    out[name] = { name, chains };
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
