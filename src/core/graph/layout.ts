/**
 * The topology's layered layout, computed here (in the worker) from the graph's structure, the same for the
 * same input on every machine. Per node, top to bottom: rows of pod namespaces, each pod's host veth end
 * directly below it; the bridges; the host namespace's routing and netfilter stage; the NICs. The nodes stand
 * side by side, their NIC bands level, above the fabric lane that joins them. The number of pod columns is
 * chosen so that the whole picture has about the canvas's proportions. Edges from a host end to a bridge or
 * to the stage run down the lane under their row and the gutter beside their column, never through a box.
 * Sizes come from labels.ts: every label fits its box, so boxes that do not overlap have labels that do not.
 */
import type { Fabric } from './fabric.ts';
import type { Box, EdgeRoute, GraphEdge, GraphNode, GraphSpec, Point } from './graph.ts';
import { boxOf, headerOf, LINE_PX, PAD_Y } from './labels.ts';

export interface PodPlan { id: string; label: string; eth0?: string; hostEnd?: string; bridge?: string; group?: string }
export interface HostPlan {
  id: string;
  pods: PodPlan[];
  /** Namespace groups, in order (group by namespace). */
  groups: string[];
  /** The collapsed pods' bundle. */
  bundle?: string;
  bridges: string[];
  stage: string;
  nics: string[];
  routes: string[];
}

/** Compound paddings: the stylesheet uses the same values. */
export const NODE_PAD = 14;
export const POD_PAD = 6;
export const GROUP_PAD = 6;
const GAP_X = 30;
const VETH_GAP = 26;
const LANE = 16;
const BAND_GAP = 26;
const NIC_GAP = 26;
const HOST_GAP = 56;
const FABRIC_GAP = 40;
/** The canvas's proportions (width / height) the column count aims at, unless the page says. */
const ASPECT = 1;

const LEAF_H = LINE_PX + 2 * PAD_Y;
const POD_HEADER = 2 * LINE_PX + 2;

interface Sizes { colW: number; minW: number; groupHeader: number }

function sizesOf(plan: HostPlan, byId: Map<string, GraphNode>): Sizes {
  let colW = 120;
  for (const p of plan.pods) {
    colW = Math.max(colW, boxOf(p.label).w);
    if (p.eth0) colW = Math.max(colW, boxOf(byId.get(p.eth0)?.label ?? '').w + 2 * POD_PAD);
    if (p.hostEnd) colW = Math.max(colW, boxOf(byId.get(p.hostEnd)?.label ?? '').w);
  }
  const labelW = (id: string) => boxOf(byId.get(id)?.label ?? '').w;
  const bridgesW = plan.bridges.reduce((a, id) => a + labelW(id) + NIC_GAP, 0);
  const nicsW = plan.nics.reduce((a, id) => a + labelW(id) + NIC_GAP, 0);
  const minW = Math.max(labelW(plan.stage), bridgesW, nicsW, labelW(plan.id), plan.bundle ? labelW(plan.bundle) : 0);
  const groupHeader = plan.groups.length ? Math.max(...plan.groups.map((g) => headerOf(byId.get(g)?.label ?? ''))) + GROUP_PAD : 0;
  return { colW, minW, groupHeader };
}

/** Pods per row, row by row (a namespace group starts a new row). */
function rowsOf(plan: HostPlan, cols: number): PodPlan[][] {
  const rows: PodPlan[][] = [];
  let group: string | undefined = '\0';
  for (const p of plan.pods) {
    const last = rows[rows.length - 1];
    if (!last || last.length >= cols || p.group !== group) rows.push([p]);
    else last.push(p);
    group = p.group;
  }
  return rows;
}

const ROW_H = POD_HEADER + 2 * POD_PAD + LEAF_H + VETH_GAP + LEAF_H + LANE;

function measure(plan: HostPlan, s: Sizes, header: number, cols: number): { w: number; h: number } {
  const rows = rowsOf(plan, cols);
  const used = Math.min(cols, Math.max(1, ...rows.map((r) => r.length)));
  const gridW = plan.pods.length ? used * (s.colW + GAP_X) : 0;
  const groupRows = plan.groups.length;
  const podsH = plan.bundle ? 2 * LINE_PX + 2 * PAD_Y + BAND_GAP : rows.length * ROW_H + groupRows * (s.groupHeader + 2 * GROUP_PAD);
  const bands = (plan.bridges.length ? 2 * LEAF_H + BAND_GAP : 0) + 2 * (2 * LEAF_H) + BAND_GAP;
  return { w: Math.max(gridW, s.minW) + 2 * NODE_PAD, h: header + NODE_PAD + podsH + bands + BAND_GAP + NODE_PAD };
}

interface Placed { boxes: Map<string, Box>; routes: Map<string, EdgeRoute> }

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const bottomOf = (b: Box): Point => ({ x: 0, y: b.h / 2 });
/** The point of `b`'s top (or bottom) edge straight above (below) x. */
const edgeAt = (b: Box, x: number, side: 1 | -1): Point => ({ x: clamp(x - b.x, -b.w / 2 + 4, b.w / 2 - 4), y: (side * b.h) / 2 });

/** Places one node's leaves with its box's top at 0; returns its width and height. */
function placeHost(plan: HostPlan, byId: Map<string, GraphNode>, edges: GraphEdge[], s: Sizes, cols: number, left: number, out: Placed): { w: number; h: number } {
  const header = headerOf(byId.get(plan.id)?.label ?? '');
  const { w } = measure(plan, s, header, cols);
  const top = 0;
  const contentL = left + NODE_PAD;
  const contentW = w - 2 * NODE_PAD;
  const rows = rowsOf(plan, cols);
  const used = Math.min(cols, Math.max(1, ...rows.map((r) => r.length)));
  const gridL = contentL + (contentW - (plan.pods.length ? used * (s.colW + GAP_X) : 0)) / 2;
  const colX = (c: number) => gridL + GAP_X / 2 + c * (s.colW + GAP_X) + s.colW / 2;
  const put = (id: string, b: Box) => out.boxes.set(id, b);
  let y = top + header + NODE_PAD;
  /** Host end id → the row's lane y, whether its row is the last, and its column's x. */
  const lanes = new Map<string, { lane: number; last: boolean; x: number }>();
  if (plan.bundle) {
    const b = boxOf(byId.get(plan.bundle)?.label ?? '');
    put(plan.bundle, { x: contentL + contentW / 2, y: y + b.h / 2, ...b });
    y += b.h + BAND_GAP;
  } else {
    let group: string | undefined;
    rows.forEach((row, r) => {
      const first = row[0] as PodPlan;
      if (first.group !== group && first.group) {
        if (group) y += GROUP_PAD;
        y += s.groupHeader + GROUP_PAD;
      }
      group = first.group;
      const boxTop = y + POD_HEADER;
      const eth0Y = boxTop + POD_PAD + LEAF_H / 2;
      const endTop = boxTop + 2 * POD_PAD + LEAF_H + VETH_GAP;
      const endY = endTop + LEAF_H / 2;
      const lane = endTop + LEAF_H + LANE / 2;
      const nextGroup = rows[r + 1]?.[0]?.group;
      row.forEach((p, c) => {
        const x = colX(c);
        if (p.eth0) put(p.eth0, { x, y: eth0Y, w: s.colW - 2 * POD_PAD, h: LEAF_H });
        else put(p.id, { x, y: eth0Y, w: s.colW - 2 * POD_PAD, h: LEAF_H });
        if (p.hostEnd) {
          put(p.hostEnd, { x, y: endY, w: boxOf(byId.get(p.hostEnd)?.label ?? '').w, h: LEAF_H });
          lanes.set(p.hostEnd, { lane, last: r === rows.length - 1, x });
        }
      });
      y = endTop + LEAF_H + LANE;
      if (group && nextGroup !== group) y += GROUP_PAD;
    });
    y += BAND_GAP - LANE;
  }
  // bridges: each spans the columns of its ports
  const bridgeBoxes: Box[] = [];
  if (plan.bridges.length) {
    const spans = plan.bridges.map((id) => {
      const xs = plan.pods.filter((p) => p.bridge === id && p.hostEnd).map((p) => lanes.get(p.hostEnd as string)?.x ?? 0);
      const b = boxOf(byId.get(id)?.label ?? '');
      return { id, b, x1: xs.length ? Math.min(...xs) - s.colW / 2 : Infinity, x2: xs.length ? Math.max(...xs) + s.colW / 2 : -Infinity };
    }).sort((a, b) => a.x1 - b.x1);
    let cursor = contentL;
    const bh = Math.max(...spans.map((x) => x.b.h));
    for (const sp of spans) {
      const x1 = Number.isFinite(sp.x1) ? Math.max(sp.x1, cursor) : cursor;
      const bw = Math.max(sp.b.w, Number.isFinite(sp.x2) ? sp.x2 - x1 : 0);
      const b = { x: x1 + bw / 2, y: y + bh / 2, w: bw, h: bh };
      put(sp.id, b);
      bridgeBoxes.push(b);
      cursor = x1 + bw + NIC_GAP;
    }
    y += bh + BAND_GAP;
  }
  const stageH = boxOf(byId.get(plan.stage)?.label ?? '').h;
  const stage = { x: contentL + contentW / 2, y: y + stageH / 2, w: contentW, h: stageH };
  put(plan.stage, stage);
  y += stageH + BAND_GAP;
  const nicBoxes = plan.nics.map((id) => ({ id, b: boxOf(byId.get(id)?.label ?? '') }));
  const nicH = Math.max(LEAF_H * 2, ...nicBoxes.map((n) => n.b.h));
  const nicsW = nicBoxes.reduce((a, n) => a + n.b.w, 0) + Math.max(0, nicBoxes.length - 1) * NIC_GAP;
  let nx = contentL + (contentW - nicsW) / 2;
  for (const n of nicBoxes) {
    put(n.id, { x: nx + n.b.w / 2, y: y + nicH / 2, w: n.b.w, h: n.b.h });
    nx += n.b.w + NIC_GAP;
  }
  const h = y + nicH + NODE_PAD;

  // routes: straight down where nothing is in the way, else along the row's lane and the column's gutter
  for (const e of edges) {
    const src = out.boxes.get(e.source);
    const tgt = out.boxes.get(e.target);
    if (!src || !tgt || e.kind === 'fabric' || e.kind === 'tunnel') continue;
    const lane = lanes.get(e.source);
    if (lane && (e.kind === 'bridge-port' || e.kind === 'route')) {
      const blocked = e.target === plan.stage && bridgeBoxes.some((b) => Math.abs(b.x - lane.x) < b.w / 2);
      if (lane.last && !blocked) { out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(tgt, lane.x, -1), bends: [] }); continue; }
      let gx = lane.x + s.colW / 2 + GAP_X / 2;
      if (Math.abs(gx - tgt.x) > tgt.w / 2 - 4) gx = lane.x - s.colW / 2 - GAP_X / 2;
      out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(tgt, gx, -1), bends: [{ x: lane.x, y: lane.lane }, { x: gx, y: lane.lane }] });
      continue;
    }
    // straight down at the narrower one's middle (a bridge into the stage, the stage out to a NIC)
    const x = src.w < tgt.w ? src.x : tgt.x;
    if (tgt.y > src.y) out.routes.set(e.id, { from: edgeAt(src, x, 1), to: edgeAt(tgt, x, -1), bends: [] });
  }
  return { w, h };
}

export function placeTopology(spec: GraphSpec, plans: HostPlan[], fabrics: Fabric[], aspect = ASPECT): GraphSpec {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const sizes = plans.map((p) => sizesOf(p, byId));
  const headers = plans.map((p) => headerOf(byId.get(p.id)?.label ?? ''));
  const fabricH = fabrics.length ? boxOf('x').h + 14 : 0;
  // the column count whose picture is closest to the canvas's proportions (the smallest scale to fit)
  const maxPods = Math.max(1, ...plans.map((p) => p.pods.length));
  let best = { cols: 1, cost: Infinity };
  const tries = maxPods <= 64 ? [...Array(maxPods).keys()].map((i) => i + 1) : [...new Set([...Array(64).keys()].map((i) => Math.ceil(((i + 1) / 64) ** 2 * maxPods)))];
  for (const cols of tries) {
    let w = 0;
    let h = 0;
    plans.forEach((p, i) => {
      const m = measure(p, sizes[i] as Sizes, headers[i] as number, cols);
      w += m.w + HOST_GAP;
      h = Math.max(h, m.h);
    });
    const cost = Math.max(w / aspect, h + FABRIC_GAP + fabricH);
    if (cost < best.cost - 1) best = { cols, cost };
  }
  const out: Placed = { boxes: new Map(), routes: new Map() };
  let left = 0;
  const spans = new Map<string, [number, number]>();
  const placed = plans.map((p, i) => {
    const own: Placed = { boxes: new Map(), routes: new Map() };
    const { w, h } = placeHost(p, byId, spec.edges, sizes[i] as Sizes, best.cols, left, own);
    spans.set(p.id, [left, left + w]);
    left += w + HOST_GAP;
    return { own, h };
  });
  // the NIC bands level: every node's box ends at the same line above the fabric
  const bottom = Math.max(0, ...placed.map((p) => p.h));
  for (const { own, h } of placed) {
    const dy = bottom - h;
    for (const [id, b] of own.boxes) out.boxes.set(id, { ...b, y: b.y + dy });
    for (const [id, r] of own.routes) out.routes.set(id, { ...r, bends: r.bends.map((b) => ({ x: b.x, y: b.y + dy })) });
  }
  // one lane per fabric, stacked: the nodes of two fabrics may stand in any order, so their spans can cross
  for (const [i, f] of fabrics.entries()) {
    const xs = f.hosts.flatMap((h) => spans.get(`node:${h}`) ?? []);
    const x1 = xs.length ? Math.min(...xs) : 0;
    const x2 = Math.max(x1 + boxOf(f.label).w, ...xs);
    out.boxes.set(f.id, { x: (x1 + x2) / 2, y: bottom + FABRIC_GAP + fabricH / 2 + i * (fabricH + FABRIC_GAP / 2), w: x2 - x1, h: fabricH });
  }
  for (const e of spec.edges) {
    if (e.kind !== 'fabric' && e.kind !== 'tunnel') continue;
    const src = out.boxes.get(e.source);
    const tgt = out.boxes.get(e.target);
    if (src && tgt) out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(tgt, src.x, -1), bends: [] });
  }
  // a box per leaf; compounds (nodes, pods, groups) wrap their children
  const parents = new Set(spec.nodes.map((n) => n.parent).filter(Boolean));
  const round = (b: Box): Box => ({ x: Math.round(b.x * 10) / 10, y: Math.round(b.y * 10) / 10, w: Math.round(b.w), h: Math.round(b.h) });
  return {
    nodes: spec.nodes.map((n) => {
      const b = parents.has(n.id) ? undefined : out.boxes.get(n.id);
      return b ? { ...n, pos: round(b) } : n;
    }),
    edges: spec.edges.map((e) => {
      const r = out.routes.get(e.id);
      return r ? { ...e, route: r } : e;
    }),
  };
}

