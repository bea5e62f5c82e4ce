/**
 * One node's iptables tables as a graph: built-in chains as entry points (hooks), user chains as nodes,
 * `-j` and `-g` as edges with the rule's packet counter when captured. Families of generated chains
 * (kube-proxy `KUBE-SVC-*`/`KUBE-SEP-*`, Calico `cali-fw-*`/`cali-tw-*`/`cali-pi-*`, Azure NPM hashes)
 * collapse into one bundle node each when large, and expand on demand.
 */
import { jumpOf } from '../parsers/common/iptables-rule.ts';
import type { Host } from '../model/types.ts';
import type { GraphEdge, GraphNode, GraphSpec } from './graph.ts';

/** Generated-chain families, most specific first. */
const FAMILIES = ['KUBE-SVC-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-XLB-', 'KUBE-EXT-', 'KUBE-SVL-', 'cali-fw-', 'cali-tw-', 'cali-pi-', 'cali-po-',
  'cali-pri-', 'cali-pro-', 'cali-from-wl-dispatch-', 'cali-to-wl-dispatch-', 'AZURE-NPM-INGRESS-', 'AZURE-NPM-EGRESS-'];

export const familyOf = (chain: string): string | undefined => FAMILIES.find((f) => chain.startsWith(f));

export interface ChainsOptions {
  /** Family members above which a family collapses into a bundle. */
  bundleAbove?: number;
  /** Families (`KUBE-SEP-`) the user expanded. */
  expanded?: ReadonlySet<string>;
}

export const chainNodeId = (table: string, chain: string): string => `chain:${table}/${chain}`;
export const bundleNodeId = (table: string, family: string): string => `chain-bundle:${table}/${family}`;

export function buildChainsGraph(host: Host, options: ChainsOptions = {}): GraphSpec {
  const bundleAbove = options.bundleAbove ?? 12;
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge & { packets?: number; rules: number }>();
  for (const [tableName, table] of Object.entries(host.iptables)) {
    const sizes = new Map<string, number>();
    for (const name of table.chains.keys()) {
      const f = familyOf(name);
      if (f) sizes.set(f, (sizes.get(f) ?? 0) + 1);
    }
    const bundled = (name: string): string | undefined => {
      const f = familyOf(name);
      return f && (sizes.get(f) ?? 0) > bundleAbove && !options.expanded?.has(`${tableName}/${f}`) ? f : undefined;
    };
    const idOf = (name: string): string => {
      const f = bundled(name);
      return f ? bundleNodeId(tableName, f) : chainNodeId(tableName, name);
    };
    const seenBundles = new Set<string>();
    for (const chain of table.chains.values()) {
      const f = bundled(chain.name);
      if (f) {
        if (!seenBundles.has(f)) {
          seenBundles.add(f);
          nodes.push({ id: bundleNodeId(tableName, f), kind: 'bundle', label: `${tableName} ${f}*\n${sizes.get(f)} chains (click to expand)`, classes: ['chain', 'bundle', `table-${tableName}`] });
        }
      } else {
        const counts = chain.counters ? `\n${chain.counters.packets} pkts` : '';
        nodes.push({ id: chainNodeId(tableName, chain.name), kind: 'chain', label: `${chain.builtin ? `${tableName} ` : ''}${chain.name}${chain.policy ? ` (${chain.policy})` : ''}\n${chain.rules.length} rules${counts}`,
          classes: [`table-${tableName}`, 'chain', ...(chain.builtin ? ['hook'] : []), ...(chain.referencedOnly ? ['not-captured'] : [])] });
      }
      for (const rule of chain.rules) {
        const target = jumpOf(rule);
        if (!target || !table.chains.has(target.name)) continue;
        const source = idOf(chain.name);
        const dest = idOf(target.name);
        if (source === dest) continue;
        const kind = target.goto ? 'goto' : 'jump';
        const id = `${kind}:${source}->${dest}`;
        const e = edges.get(id);
        if (e) { e.rules++; if (rule.counters) e.packets = (e.packets ?? 0) + rule.counters.packets; continue; }
        edges.set(id, { id, source, target: dest, kind, classes: [kind], rules: 1, ...(rule.counters ? { packets: rule.counters.packets } : {}) });
      }
    }
  }
  return {
    nodes,
    edges: [...edges.values()].map(({ rules, packets, ...e }) => ({ ...e, label: [rules > 1 ? `${rules} rules` : '', packets !== undefined ? `${packets} pkts` : ''].filter(Boolean).join(' · ') })),
  };
}
