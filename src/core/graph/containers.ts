/**
 * Containers — a node's box, a pod's, a namespace group's, a chain's — are boxes drawn behind their children, not
 * Cytoscape compounds: Cytoscape restyles a compound's whole subtree whenever one of its properties changes, which
 * cost a 250-pod node about a second of main-thread time to draw. Here each container gets the box a compound
 * would have had: its children's boxes (a child container's label above it included) plus its padding; its own
 * label stands above it.
 */
import type { Box, GraphNode } from './graph.ts';
import { headerOf } from './labels.ts';

/** The ids of the nodes that have children. */
export const containerIds = (nodes: readonly GraphNode[]): Set<string> => new Set(nodes.map((n) => n.parent).filter((p): p is string => !!p));

/** Gives every container a box around its children (padding per container from `pad`); leaves keep theirs. */
export function wrapContainers(nodes: GraphNode[], pad: (n: GraphNode) => number): GraphNode[] {
  const children = new Map<string, GraphNode[]>();
  for (const n of nodes) if (n.parent) (children.get(n.parent) ?? children.set(n.parent, []).get(n.parent))?.push(n);
  const boxes = new Map<string, Box>();
  const boxOf = (n: GraphNode): Box | undefined => {
    const kids = children.get(n.id);
    if (!kids) return n.pos;
    const done = boxes.get(n.id);
    if (done) return done;
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (const k of kids) {
      const b = boxOf(k);
      if (!b) continue;
      const top = b.y - b.h / 2 - (children.has(k.id) ? headerOf(k.label) : 0);
      x1 = Math.min(x1, b.x - b.w / 2); x2 = Math.max(x2, b.x + b.w / 2);
      y1 = Math.min(y1, top); y2 = Math.max(y2, b.y + b.h / 2);
    }
    if (!Number.isFinite(x1)) return undefined;
    const p = pad(n);
    const b = { x: (x1 + x2) / 2, y: (y1 + y2) / 2, w: Math.round(x2 - x1 + 2 * p), h: Math.round(y2 - y1 + 2 * p) };
    boxes.set(n.id, b);
    return b;
  };
  return nodes.map((n) => {
    if (!children.has(n.id)) return n;
    const b = boxOf(n);
    return b ? { ...n, pos: b } : n;
  });
}

/** The picture's extent: every box, and the labels containers carry above theirs. */
export function extentOf(nodes: readonly GraphNode[]): { x1: number; y1: number; x2: number; y2: number } | null {
  const parents = containerIds(nodes);
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const n of nodes) {
    const b = n.pos;
    if (!b) continue;
    x1 = Math.min(x1, b.x - b.w / 2); x2 = Math.max(x2, b.x + b.w / 2);
    y1 = Math.min(y1, b.y - b.h / 2 - (parents.has(n.id) ? headerOf(n.label) : 0)); y2 = Math.max(y2, b.y + b.h / 2);
  }
  return Number.isFinite(x1) ? { x1, y1, x2, y2 } : null;
}
