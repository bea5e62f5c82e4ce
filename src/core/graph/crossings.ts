/**
 * Where a placed graph's edges run through boxes they do not join: each routed edge as the polyline the adapter
 * draws (source centre + its start, the bends, target centre + its end), clipped against every box of `boxKinds`
 * (shrunk by a hair) other than its own ends and their containers. The layout tests hold this to none.
 */
import type { Box, GraphSpec } from './graph.ts';

type P = { x: number; y: number };

/** Does segment a–b pass through the inside of the box (Liang–Barsky clipping)? */
function crosses(a: P, b: P, box: Box): boolean {
  const [x1, x2, y1, y2] = [box.x - box.w / 2 + 2, box.x + box.w / 2 - 2, box.y - box.h / 2 + 2, box.y + box.h / 2 - 2];
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [[-dx, a.x - x1], [dx, x2 - a.x], [-dy, a.y - y1], [dy, y2 - a.y]] as const) {
    if (p === 0) { if (q < 0) return false; continue; }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r); else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** `edge × box` for every crossing, and `edge: not routed` for an edge the layout gave no route. */
export function crossings(g: GraphSpec, boxKinds: (kind: string, id: string) => boolean, edgeKinds?: readonly string[]): string[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const ends = (id: string): Set<string> => {
    const s = new Set<string>();
    for (let x: string | undefined = id; x; x = byId.get(x)?.parent) s.add(x);
    return s;
  };
  const boxes = g.nodes.filter((n) => n.pos && boxKinds(n.kind, n.id));
  const hits: string[] = [];
  for (const e of g.edges) {
    if (edgeKinds && !edgeKinds.includes(e.kind)) continue;
    const s = byId.get(e.source)?.pos;
    const t = byId.get(e.target)?.pos;
    if (!s || !t || !e.route) { hits.push(`${e.id}: not routed`); continue; }
    const pts = [{ x: s.x + e.route.from.x, y: s.y + e.route.from.y }, ...e.route.bends, { x: t.x + e.route.to.x, y: t.y + e.route.to.y }];
    const own = new Set([...ends(e.source), ...ends(e.target)]);
    for (const b of boxes) {
      if (own.has(b.id)) continue;
      for (let i = 1; i < pts.length; i++) if (crosses(pts[i - 1] as P, pts[i] as P, b.pos as Box)) { hits.push(`${e.id} × ${b.id}`); break; }
    }
  }
  return hits;
}
