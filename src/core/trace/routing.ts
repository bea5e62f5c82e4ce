/**
 * Route lookup in one network namespace as the kernel does it: `ip rule` in priority order (from, to,
 * fwmark/mask, iif, not), then longest prefix in the chosen table, ties broken by the lower metric.
 * Local delivery (an address of the namespace) is decided by the caller before this.
 */
import { inCidr, longestPrefixMatch } from '../net/ip.ts';
import type { Netns, PolicyRule, Route } from '../model/types.ts';
import type { Packet } from '../netfilter/packet.ts';
import { parseMarkMask } from '../netfilter/packet.ts';

export interface RouteDecision {
  route: Route;
  table: string;
  /** The `ip rule` that chose the table, when rules were captured and one other than main's matched. */
  rule?: PolicyRule;
}

export type RouteResult = RouteDecision | { unreachable: string; rule?: PolicyRule } | null;

/** Route types that never forward: `local`/`broadcast` live in the local table, the rest drop. */
const NOT_FORWARDING = new Set(['local', 'broadcast', 'anycast', 'multicast', 'nat']);

function lookupTable(netns: Netns, table: string, dst: string): Route | null {
  const candidates = netns.routes.filter((r) => (r.table ?? 'main') === table && !NOT_FORWARDING.has(r.type ?? 'unicast'));
  return longestPrefixMatch(dst, candidates, (r) => r.dst, (r) => r.metric ?? 0);
}

function ruleMatches(rule: PolicyRule, pkt: Packet, iif: string | undefined): boolean {
  let ok = true;
  if (rule.src && rule.src !== 'all') ok &&= inCidr(pkt.src, rule.src);
  if (rule.dst && rule.dst !== 'all') ok &&= inCidr(pkt.dst, rule.dst);
  if (rule.fwmark) {
    const vm = parseMarkMask(rule.fwmask ? `${rule.fwmark}/${rule.fwmask}` : rule.fwmark);
    ok &&= !!vm && ((pkt.mark & vm[1]) >>> 0) === ((vm[0] & vm[1]) >>> 0);
  }
  if (rule.iif) ok &&= rule.iif === (iif ?? 'lo');
  return rule.not ? !ok : ok;
}

export function routeLookup(netns: Netns, pkt: Packet, iif?: string): RouteResult {
  const rules = [...netns.rules].sort((a, b) => a.priority - b.priority);
  if (!rules.length) {
    const route = lookupTable(netns, 'main', pkt.dst);
    return route ? { route, table: 'main' } : null;
  }
  for (const rule of rules) {
    if (!ruleMatches(rule, pkt, iif)) continue;
    const action = rule.action ?? 'lookup';
    if (['blackhole', 'unreachable', 'prohibit'].includes(action)) return { unreachable: action, rule };
    const table = rule.table ?? 'main';
    if (table === 'local') continue; // local delivery is decided before the lookup
    const route = lookupTable(netns, table, pkt.dst);
    if (route) return { route, table, ...(table !== 'main' ? { rule } : {}) };
  }
  return null;
}

export const describeRoute = (r: Route): string =>
  [r.type && r.type !== 'unicast' ? r.type : '', r.dst, r.gateway ? `via ${r.gateway}` : '', r.dev ? `dev ${r.dev}` : '',
    r.table !== 'main' ? `table ${r.table}` : '', r.metric ? `metric ${r.metric}` : ''].filter(Boolean).join(' ');
