/** Trace → the ids of the topology and chains graphs it crosses, for highlighting the path. */
import type { Trace } from '../trace/types.ts';
import { FABRIC_ID, linkId, netnsId } from './graph.ts';
import { chainNodeId } from './chains.ts';

export interface PathIds {
  /** Topology node ids (netns boxes, links, fabric) in the order the packet meets them. */
  topology: string[];
  /** Chains-view ids per node: `{ node, ids }`. */
  chains: { node: string; ids: string[] }[];
  /** Where it ended (the dropping netns, or the delivered pod). */
  end: string | null;
}

export function pathOf(trace: Trace, branch = 0): PathIds {
  const t = trace.branches[branch]?.trace ?? trace;
  const topology: string[] = [];
  const chains = new Map<string, Set<string>>();
  for (const h of t.hops) {
    const ns = h.netns;
    if (h.in) topology.push(linkId(h.node, ns, h.in));
    topology.push(netnsId(h.node, ns));
    for (const dev of h.via ?? []) topology.push(linkId(h.node, ns, dev));
    for (const s of h.steps) {
      if (s.kind === 'fabric' || s.kind === 'encap') topology.push(FABRIC_ID);
      if (s.table && s.chain && !s.notMatched) {
        const set = chains.get(h.node) ?? new Set<string>();
        set.add(chainNodeId(s.table, s.chain));
        chains.set(h.node, set);
      }
    }
    if (h.out) topology.push(linkId(h.node, ns, h.out));
  }
  const last = t.hops[t.hops.length - 1];
  return {
    topology: [...new Set(topology)],
    chains: [...chains].map(([node, ids]) => ({ node, ids: [...ids] })),
    end: last ? netnsId(last.node, last.netns) : null,
  };
}
