/**
 * The interfaces a traced packet crosses, namespace by namespace: each hop's way in, the devices it passes
 * inside the namespace (`via`: a bridge it is routed through, the underlay NIC of a VXLAN packet) and its way
 * out. What a kernel's per-interface packet counters would show for the flow.
 */
import type { Trace } from './types.ts';

export interface Crossing { node: string; netns: string; dev: string }

export function crossings(t: Trace): Crossing[] {
  const out: Crossing[] = [];
  const seen = new Set<string>();
  for (const h of t.hops) {
    if (h.node === 'external') continue;
    for (const dev of [h.in, ...(h.via ?? []), h.out]) {
      const key = `${h.node}|${h.netns}|${dev}`;
      if (!dev || seen.has(key)) continue;
      seen.add(key);
      out.push({ node: h.node, netns: h.netns, dev });
    }
  }
  return out;
}
