/**
 * An edge's route (core/graph: where it leaves its source, meets its target, and where it bends) as Cytoscape
 * data: endpoints as offsets, bends as segment weights and distances along the line between the endpoints.
 */
import type { GraphEdge, GraphSpec, Point } from '../../core/graph/graph.ts';

type EdgeData = { se?: string; te?: string; sw?: string; sd?: string };

const px = (p: Point) => `${Math.round(p.x * 10) / 10}px ${Math.round(p.y * 10) / 10}px`;

export function edgeData(spec: GraphSpec, e: GraphEdge, centres = centresOf(spec)): EdgeData {
  const r = e.route;
  if (!r) return {};
  const out: EdgeData = { se: px(r.from), te: px(r.to) };
  const s = centres.get(e.source);
  const t = centres.get(e.target);
  if (!r.bends.length || !s || !t) return out;
  const a = { x: s.x + r.from.x, y: s.y + r.from.y };
  const b = { x: t.x + r.to.x, y: t.y + r.to.y };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy || 1;
  const len = Math.sqrt(len2);
  const w = r.bends.map((p) => ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2);
  // Cytoscape puts a bend at mid + d·(−dy, dx)/len
  const d = r.bends.map((p) => ((p.y - a.y) * dx - (p.x - a.x) * dy) / len);
  out.sw = w.map((v) => v.toFixed(4)).join(' ');
  out.sd = d.map((v) => v.toFixed(1)).join(' ');
  return out;
}

const memo = new WeakMap<GraphSpec, Map<string, Point>>();
function centresOf(spec: GraphSpec): Map<string, Point> {
  let m = memo.get(spec);
  if (!m) {
    m = new Map(spec.nodes.filter((n) => n.pos).map((n) => [n.id, { x: n.pos?.x ?? 0, y: n.pos?.y ?? 0 }]));
    memo.set(spec, m);
  }
  return m;
}
