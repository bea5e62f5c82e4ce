/**
 * The topology's layered layout, computed here (in the worker) from the graph's structure, the same for the
 * same input on every machine. Per node, top to bottom: rows of pod namespaces, each pod's host veth end
 * directly below it; the bridges that have ports; the host namespace's routing and netfilter stage; the NICs
 * (and portless bridges such as docker0). The nodes stand in a grid whose shape — nodes per row, pod columns
 * per node — is the one that fits the canvas at the largest zoom; in a row their NIC bands are level. Under the
 * grid runs the fabric lane, joined to each NIC: straight down from the last row, down the gutter between the
 * grid's columns from the rows above. Edges from a host end to a bridge or to the stage run down the lane
 * under their row and the gutter beside their column, never through a box. Sizes come from labels.ts: every
 * label fits its box, so boxes that do not overlap have labels that do not.
 */
import type { Fabric } from './fabric.ts';
import type { Box, EdgeRoute, GraphEdge, GraphNode, GraphSpec, Point } from './graph.ts';
import { wrapContainers } from './containers.ts';
import { bestFit } from './viewport.ts';
import { boxOf, headerOf, LINE_PX, PAD_Y } from './labels.ts';

export interface PodPlan { id: string; label: string; eth0?: string; hostEnd?: string; bridge?: string; group?: string }
export interface HostPlan {
  id: string;
  pods: PodPlan[];
  /** Namespace groups, in order (group by namespace). */
  groups: string[];
  /** The collapsed pods' bundle. */
  bundle?: string;
  /** Bridges with ports, in the band above the stage. */
  bridges: string[];
  stage: string;
  /** NICs, tunnels, portless bridges and other interfaces, in the band below the stage. */
  nics: string[];
  /** The NIC the fabric attaches to. */
  nic?: string;
  routes: string[];
}

/** Container paddings (containers.ts wraps each around its children with these). */
export const NODE_PAD = 12;
export const POD_PAD = 5;
export const GROUP_PAD = 6;
const GAP_X = 30;
const VETH_GAP = 12;
const LANE = 8;
const BAND_GAP = 20;
const NIC_GAP = 26;
/** Between nodes side by side: the gutter the fabric edges of the rows above run down. */
const HOST_GAP = 56;
/** Between rows of nodes: room for the fabric edges leaving the row above. */
const ROW_GAP = 40;
const FABRIC_GAP = 24;
const LANE_GAP = 6;
/** Fabric edges sharing a gutter stand this far apart. */
const GUTTER_PITCH = 8;
/** The canvas's proportions (width / height) the arrangement aims at, unless the page says. */
const ASPECT = 1;

const LEAF_H = LINE_PX + 2 * PAD_Y;
const POD_HEADER = 2 * LINE_PX;

interface Sizes { colW: number; minW: number; groupHeader: number; header: number; bridgeH: number; stageH: number; nicH: number }

function sizesOf(plan: HostPlan, byId: Map<string, GraphNode>): Sizes {
  const box = (id: string) => boxOf(byId.get(id)?.label ?? '');
  let colW = 120;
  for (const p of plan.pods) {
    colW = Math.max(colW, boxOf(p.label).w);
    if (p.eth0) colW = Math.max(colW, box(p.eth0).w + 2 * POD_PAD);
    if (p.hostEnd) colW = Math.max(colW, box(p.hostEnd).w);
  }
  const bridgesW = plan.bridges.reduce((a, id) => a + box(id).w + NIC_GAP, -NIC_GAP);
  const nicsW = plan.nics.reduce((a, id) => a + box(id).w + NIC_GAP, -NIC_GAP);
  const minW = Math.max(box(plan.stage).w, bridgesW, nicsW, box(plan.id).w, plan.bundle ? box(plan.bundle).w : 0);
  const groupHeader = plan.groups.length ? Math.max(...plan.groups.map((g) => headerOf(byId.get(g)?.label ?? ''))) + GROUP_PAD : 0;
  return {
    colW, minW, groupHeader, header: headerOf(byId.get(plan.id)?.label ?? ''),
    bridgeH: Math.max(0, ...plan.bridges.map((id) => box(id).h)), stageH: box(plan.stage).h, nicH: Math.max(0, ...plan.nics.map((id) => box(id).h)),
  };
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

/** The bands under the pods: bridges with ports, the stage, the NICs (each with the gap above the next). */
const bandsH = (plan: HostPlan, s: Sizes): number =>
  (plan.bridges.length ? s.bridgeH + BAND_GAP : 0) + s.stageH + (plan.nics.length ? BAND_GAP + s.nicH : 0);

function measure(plan: HostPlan, s: Sizes, cols: number): { w: number; h: number } {
  const rows = rowsOf(plan, cols);
  const used = Math.min(cols, Math.max(1, ...rows.map((r) => r.length)));
  const gridW = plan.pods.length ? used * (s.colW + GAP_X) : 0;
  const podsH = plan.bundle ? boxOf('x\nx').h + BAND_GAP : plan.pods.length ? rows.length * ROW_H + plan.groups.length * (s.groupHeader + 2 * GROUP_PAD) + BAND_GAP - LANE : 0;
  return { w: Math.max(gridW, s.minW) + 2 * NODE_PAD, h: s.header + NODE_PAD + podsH + bandsH(plan, s) + NODE_PAD };
}

interface Placed { boxes: Map<string, Box>; routes: Map<string, EdgeRoute> }

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const bottomOf = (b: Box): Point => ({ x: 0, y: b.h / 2 });
/** The point of `b`'s top (or bottom) edge straight above (below) x. */
const edgeAt = (b: Box, x: number, side: 1 | -1): Point => ({ x: clamp(x - b.x, -b.w / 2 + 4, b.w / 2 - 4), y: (side * b.h) / 2 });

/** Places one node's leaves with its box's top at 0 and its left at `left`. */
function placeHost(plan: HostPlan, byId: Map<string, GraphNode>, edges: GraphEdge[], s: Sizes, cols: number, left: number, out: Placed): void {
  const { w } = measure(plan, s, cols);
  const contentL = left + NODE_PAD;
  const contentW = w - 2 * NODE_PAD;
  const rows = rowsOf(plan, cols);
  const used = Math.min(cols, Math.max(1, ...rows.map((r) => r.length)));
  const gridL = contentL + (contentW - (plan.pods.length ? used * (s.colW + GAP_X) : 0)) / 2;
  const colX = (c: number) => gridL + GAP_X / 2 + c * (s.colW + GAP_X) + s.colW / 2;
  const put = (id: string, b: Box) => out.boxes.set(id, b);
  let y = s.header + NODE_PAD;
  /** Host end id → the row's lane y, whether its row is the last, and its column's x. */
  const lanes = new Map<string, { lane: number; last: boolean; x: number }>();
  if (plan.bundle) {
    const b = boxOf(byId.get(plan.bundle)?.label ?? '');
    put(plan.bundle, { x: contentL + contentW / 2, y: y + b.h / 2, ...b });
    y += b.h + BAND_GAP;
  } else if (plan.pods.length) {
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
    for (const sp of spans) {
      const x1 = Number.isFinite(sp.x1) ? Math.max(sp.x1, cursor) : cursor;
      const bw = Math.max(sp.b.w, Number.isFinite(sp.x2) ? sp.x2 - x1 : 0);
      const b = { x: x1 + bw / 2, y: y + s.bridgeH / 2, w: bw, h: s.bridgeH };
      put(sp.id, b);
      bridgeBoxes.push(b);
      cursor = x1 + bw + NIC_GAP;
    }
    y += s.bridgeH + BAND_GAP;
  }
  put(plan.stage, { x: contentL + contentW / 2, y: y + s.stageH / 2, w: contentW, h: s.stageH });
  y += s.stageH + BAND_GAP;
  const nicBoxes = plan.nics.map((id) => ({ id, b: boxOf(byId.get(id)?.label ?? '') }));
  const nicsW = nicBoxes.reduce((a, n) => a + n.b.w, 0) + Math.max(0, nicBoxes.length - 1) * NIC_GAP;
  let nx = contentL + (contentW - nicsW) / 2;
  for (const n of nicBoxes) {
    put(n.id, { x: nx + n.b.w / 2, y: y + s.nicH / 2, w: n.b.w, h: n.b.h });
    nx += n.b.w + NIC_GAP;
  }

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
      // to the stage: down a gutter no bridge stands in (else past the end of the bridges in the way)
      if (e.target === plan.stage) {
        const free = (x: number) => !bridgeBoxes.some((b) => Math.abs(b.x - x) < b.w / 2 + 2);
        // just past a bridge's end, between it and the node's edge
        const around = bridgeBoxes.flatMap((b) => [b.x - b.w / 2 - Math.min(NIC_GAP / 2, (b.x - b.w / 2 - contentL) / 2),
          b.x + b.w / 2 + Math.min(NIC_GAP / 2, (contentL + contentW - b.x - b.w / 2) / 2)]);
        gx = [gx, lane.x + s.colW / 2 + GAP_X / 2, lane.x - s.colW / 2 - GAP_X / 2, ...around.sort((a, b) => Math.abs(a - lane.x) - Math.abs(b - lane.x))]
          .find((x) => free(x) && Math.abs(x - tgt.x) <= tgt.w / 2 - 2) ?? gx;
      }
      const bends = [{ x: lane.x, y: lane.lane }, { x: gx, y: lane.lane }];
      // a bridge only as wide as its ports' columns: down the gutter beside it, then in over its top
      if (Math.abs(gx - tgt.x) > tgt.w / 2 - 4) {
        const jog = tgt.y - tgt.h / 2 - BAND_GAP / 2;
        const tx = clamp(gx, tgt.x - tgt.w / 2 + 10, tgt.x + tgt.w / 2 - 10);
        bends.push({ x: gx, y: jog }, { x: tx, y: jog });
        out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(tgt, tx, -1), bends });
        continue;
      }
      out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(tgt, gx, -1), bends });
      continue;
    }
    // straight down at the narrower one's middle (a bridge into the stage, the stage out to a NIC)
    const x = src.w < tgt.w ? src.x : tgt.x;
    if (tgt.y > src.y) out.routes.set(e.id, { from: edgeAt(src, x, 1), to: edgeAt(tgt, x, -1), bends: [] });
  }
}

/** A node's ways of being drawn: pod columns and the size each gives, the wasteful ones left out. */
function optionsOf(plan: HostPlan, s: Sizes): { cols: number; w: number; h: number }[] {
  const n = plan.bundle ? 1 : Math.max(1, plan.pods.length);
  const tries = n <= 64 ? [...Array(n).keys()].map((i) => i + 1) : [...new Set([...Array(64).keys()].map((i) => Math.ceil(((i + 1) / 64) ** 2 * n)))];
  const all = tries.map((cols) => ({ cols, ...measure(plan, s, cols) }));
  // keep, for each height, the narrowest
  return all.filter((o) => !all.some((p) => p !== o && p.h <= o.h && p.w < o.w));
}

/** Per node (by plan index) its drawing; `order`: the plan indices in grid order (row by row). */
interface Arrangement { perRow: number; options: { cols: number; w: number; h: number }[]; order: number[]; w: number; h: number }

/**
 * The grid and the pod columns fit shows best (viewport.ts): for each count of nodes per row and each height a node
 * may take, every node takes its narrowest drawing of at most that height; the nodes stand in their order, or —
 * when that fits better — tallest first, so that rows hold nodes of like height (the order is kept on a tie).
 */
function arrange(plans: HostPlan[], sizes: Sizes[], lanesH: (perRow: number, order: number[]) => number, shape: Shape): Arrangement {
  const options = plans.map((p, i) => optionsOf(p, sizes[i] as Sizes));
  const heights = [...new Set(options.flatMap((o) => o.map((x) => x.h)))].sort((a, b) => a - b);
  const given = plans.map((_, i) => i);
  const ways: Arrangement[] = [];
  for (let perRow = plans.length; perRow >= 1; perRow--) {
    for (const top of heights) {
      const chosen = options.map((o) => o.filter((x) => x.h <= top).sort((a, b) => a.w - b.w)[0] ?? [...o].sort((a, b) => a.h - b.h)[0] as { cols: number; w: number; h: number });
      const tallest = [...given].sort((a, b) => (chosen[b]?.h ?? 0) - (chosen[a]?.h ?? 0) || a - b);
      for (const order of tallest.join() === given.join() ? [given] : [given, tallest]) {
        const { w, h } = gridSize(order.map((i) => chosen[i] as { w: number; h: number }), perRow);
        ways.push({ perRow, options: chosen, order, w, h: h + lanesH(perRow, order) });
      }
    }
  }
  return bestFit(ways, shape.area, shape.aspect) as Arrangement;
}

/** What the layout aims at: the canvas's fit area in page pixels when known, else its proportions. */
export interface Shape { area?: { w: number; h: number }; aspect: number }

/** Column widths, row heights and the whole grid's size. */
function gridSize(sizes: { w: number; h: number }[], perRow: number): { w: number; h: number; colW: number[]; rowH: number[] } {
  const colW: number[] = [];
  const rowH: number[] = [];
  sizes.forEach((s, i) => {
    const c = i % perRow;
    const r = Math.floor(i / perRow);
    colW[c] = Math.max(colW[c] ?? 0, s.w);
    rowH[r] = Math.max(rowH[r] ?? 0, s.h);
  });
  return { w: colW.reduce((a, b) => a + b, 0) + (colW.length - 1) * HOST_GAP, h: rowH.reduce((a, b) => a + b, 0) + (rowH.length - 1) * ROW_GAP, colW, rowH };
}

export function placeTopology(spec: GraphSpec, plans: HostPlan[], fabrics: Fabric[], shape: Shape = { aspect: ASPECT }): GraphSpec {
  if (!plans.length) return spec;
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const sizes = plans.map((p) => sizesOf(p, byId));
  const laneH = boxOf('x').h + 14;
  // lanes side by side where their nodes' grid columns do not overlap, one under the other where they do
  const index = new Map(plans.map((p, i) => [p.id, i]));
  const lanesH = (perRow: number, order: number[]) => {
    const slot = new Map(order.map((i, k) => [i, k]));
    const spans = fabrics.map((f) => {
      const cols = f.hosts.map((h) => (slot.get(index.get(`node:${h}`) ?? 0) ?? 0) % perRow);
      return { x1: Math.min(...cols), x2: Math.max(...cols) };
    });
    const levels = levelsOf(spans, 0);
    return fabrics.length ? FABRIC_GAP + (Math.max(...levels) + 1) * (laneH + LANE_GAP) - LANE_GAP : 0;
  };
  const best = arrange(plans, sizes, lanesH, shape);
  const grid = gridSize(best.order.map((i) => best.options[i] as { w: number; h: number }), best.perRow);
  const colLeft = grid.colW.map((_, c) => grid.colW.slice(0, c).reduce((a, b) => a + b + HOST_GAP, 0));
  const rowTop = grid.rowH.map((_, r) => grid.rowH.slice(0, r).reduce((a, b) => a + b + ROW_GAP, 0));
  const out: Placed = { boxes: new Map(), routes: new Map() };
  /** Per node: its grid cell and its box's horizontal extent. */
  const cells = new Map<string, { row: number; col: number; x1: number; x2: number }>();
  best.order.forEach((i, k) => {
    const p = plans[i] as HostPlan;
    const o = best.options[i] as { cols: number; w: number; h: number };
    const col = k % best.perRow;
    const row = Math.floor(k / best.perRow);
    const left = (colLeft[col] as number) + ((grid.colW[col] as number) - o.w) / 2;
    const own: Placed = { boxes: new Map(), routes: new Map() };
    placeHost(p, byId, spec.edges, sizes[i] as Sizes, o.cols, left, own);
    // the NIC bands of a row level: every node's box ends at the row's bottom
    const dy = (rowTop[row] as number) + (grid.rowH[row] as number) - o.h;
    for (const [id, b] of own.boxes) out.boxes.set(id, { ...b, y: b.y + dy });
    for (const [id, r] of own.routes) out.routes.set(id, { ...r, bends: r.bends.map((b) => ({ x: b.x, y: b.y + dy })) });
    cells.set(p.id, { row, col, x1: left, x2: left + o.w });
  });
  const bottom = grid.h;
  const spans = fabrics.map((f) => {
    const xs = f.hosts.flatMap((h) => { const c = cells.get(`node:${h}`); return c ? [c.x1, c.x2] : []; });
    const x1 = xs.length ? Math.min(...xs) : 0;
    return { x1, x2: Math.max(x1 + boxOf(f.label).w, ...xs) };
  });
  const levels = levelsOf(spans, HOST_GAP / 2);
  fabrics.forEach((f, k) => {
    const { x1, x2 } = spans[k] as { x1: number; x2: number };
    out.boxes.set(f.id, { x: (x1 + x2) / 2, y: bottom + FABRIC_GAP + (levels[k] as number) * (laneH + LANE_GAP) + laneH / 2, w: x2 - x1, h: laneH });
  });
  routeFabric(spec, plans, cells, grid, colLeft, rowTop, out);
  const placed: GraphSpec = {
    nodes: spec.nodes.map((n) => {
      const b = out.boxes.get(n.id);
      return b ? { ...n, pos: round(b) } : n;
    }),
    edges: spec.edges.map((e) => {
      const r = out.routes.get(e.id);
      return r ? { ...e, route: r } : e;
    }),
  };
  return { ...placed, nodes: wrapContainers(placed.nodes, (n) => (n.kind === 'node' ? NODE_PAD : n.kind === 'group' ? GROUP_PAD : POD_PAD)) };
}

/** Each span's level: the first on which it overlaps no span already there (nearer than `gap`). */
function levelsOf(spans: { x1: number; x2: number }[], gap: number): number[] {
  const placed: { x1: number; x2: number; level: number }[] = [];
  return spans.map((s) => {
    let level = 0;
    while (placed.some((p) => p.level === level && s.x1 < p.x2 + gap && p.x1 < s.x2 + gap)) level++;
    placed.push({ ...s, level });
    return level;
  });
}

const round = (b: Box): Box => ({ x: Math.round(b.x * 10) / 10, y: Math.round(b.y * 10) / 10, w: Math.round(b.w), h: Math.round(b.h) });

/**
 * Fabric and tunnel edges: straight down to the lane where no node stands below the NIC; otherwise down into the
 * gap under the NIC's row, along it to the gutter beside the node's grid column (between two columns where there
 * is one, else the grid's right margin, the lane reaching out to it), and down the gutter.
 */
function routeFabric(spec: GraphSpec, plans: HostPlan[], cells: Map<string, { row: number; col: number; x1: number; x2: number }>,
  grid: { colW: number[]; rowH: number[]; h: number }, colLeft: number[], rowTop: number[], out: Placed): void {
  const gridBottom = grid.h;
  const hostOf = new Map<string, string>();
  for (const p of plans) for (const id of p.nics) hostOf.set(id, p.id);
  const cols = grid.colW.length;
  const gutters = new Map<number, string[]>();
  const straight: GraphEdge[] = [];
  const around: { e: GraphEdge; gx: number; y: number }[] = [];
  for (const e of spec.edges) {
    if (e.kind !== 'fabric' && e.kind !== 'tunnel') continue;
    const src = out.boxes.get(e.source);
    const cell = cells.get(hostOf.get(e.source) ?? '');
    if (!src || !cell || !out.boxes.has(e.target)) continue;
    const below = [...cells.values()].some((c) => c.row > cell.row && c.x1 - 4 < src.x && src.x < c.x2 + 4);
    if (!below) { straight.push(e); continue; }
    const left = (colLeft[cell.col] as number) - HOST_GAP / 2;
    const right = (colLeft[cell.col] as number) + (grid.colW[cell.col] as number) + HOST_GAP / 2;
    const gx = cell.col === cols - 1 && cell.col > 0 ? left : cell.col === 0 || Math.abs(right - src.x) <= Math.abs(src.x - left) ? right : left;
    (gutters.get(gx) ?? gutters.set(gx, []).get(gx))?.push(e.id);
    around.push({ e, gx, y: (rowTop[cell.row] as number) + (grid.rowH[cell.row] as number) + ROW_GAP / 2 });
  }
  const xOf = (a: { e: GraphEdge; gx: number }) => {
    const ids = gutters.get(a.gx) ?? [];
    return a.gx + (ids.indexOf(a.e.id) - (ids.length - 1) / 2) * GUTTER_PITCH;
  };
  // a lane reaches out to the gutters its edges come down
  for (const a of around) {
    const lane = out.boxes.get(a.e.target) as Box;
    const x = xOf(a);
    const x1 = Math.min(lane.x - lane.w / 2, x - 12);
    const x2 = Math.max(lane.x + lane.w / 2, x + 12);
    out.boxes.set(a.e.target, { ...lane, x: (x1 + x2) / 2, w: x2 - x1 });
  }
  for (const e of straight) {
    const src = out.boxes.get(e.source) as Box;
    out.routes.set(e.id, { from: bottomOf(src), to: edgeAt(out.boxes.get(e.target) as Box, src.x, -1), bends: [] });
  }
  for (const a of around) {
    const src = out.boxes.get(a.e.source) as Box;
    const x = xOf(a);
    out.routes.set(a.e.id, { from: bottomOf(src), to: edgeAt(out.boxes.get(a.e.target) as Box, x, -1), bends: [{ x: src.x, y: a.y }, { x, y: a.y }] });
  }
  // a lane under another one: its edges pass the upper lane's end, in the gap above the lanes (the lane reaching out there)
  const lanes = spec.nodes.filter((n) => n.kind === 'fabric').map((n) => ({ id: n.id, box: out.boxes.get(n.id) })).filter((l): l is { id: string; box: Box } => !!l.box);
  for (const e of [...straight, ...around.map((a) => a.e)]) {
    const r = out.routes.get(e.id);
    const own = out.boxes.get(e.target);
    const src = out.boxes.get(e.source);
    if (!r || !own || !src) continue;
    const x = r.bends.length ? (r.bends[r.bends.length - 1] as Point).x : src.x;
    const over = lanes.filter((l) => l.id !== e.target && l.box.y < own.y && Math.abs(l.box.x - x) < l.box.w / 2 + 4);
    if (!over.length) continue;
    const dx = Math.max(...over.map((l) => l.box.x + l.box.w / 2)) + 14;
    const dy = gridBottom + FABRIC_GAP / 2;
    const x1 = Math.min(own.x - own.w / 2, dx - 12);
    const x2 = Math.max(own.x + own.w / 2, dx + 12);
    const lane = { ...own, x: (x1 + x2) / 2, w: x2 - x1 };
    out.boxes.set(e.target, lane);
    out.routes.set(e.id, { from: r.from, to: edgeAt(lane, dx, -1), bends: [...r.bends, { x, y: dy }, { x: dx, y: dy }] });
  }
}
