/**
 * One node's iptables as the kernel's netfilter picture, placed: the hooks in kernel order top to bottom
 * (PREROUTING, the routing decision, INPUT, FORWARD, OUTPUT, POSTROUTING); in each hook's band the tables'
 * built-in chains in the order the kernel runs them (raw, mangle, nat, filter, security), then the user chains
 * they reach, one column per jump. A chain is a box listing its first rules (target, the matches in short, the
 * rule's counter) and "… N more"; `-j` and `-g` are edges from the rule to the chain. A built-in chain's own
 * counter is its policy's: the packets that reached the end of the chain, not those that entered it. Families
 * of generated chains (kube-proxy `KUBE-SVC-*`/`KUBE-SEP-*`, Calico `cali-fw-*`/`cali-tw-*`/`cali-pi-*`, Azure
 * NPM hashes) collapse into one bundle each when large, and expand on demand; a chain a trace visited is shown
 * on its own with the rules the trace visited.
 */
import { jumpOf } from '../parsers/common/iptables-rule.ts';
import type { Host, IptChain, IptRule } from '../model/types.ts';
import type { Box, EdgeRoute, GraphEdge, GraphNode, GraphSpec } from './graph.ts';
import { wrapContainers } from './containers.ts';
import type { Shape } from './layout.ts';
import { bestFit } from './viewport.ts';
import { boxOf, headerOf, LINE_PX, PAD_Y, shortenMiddle } from './labels.ts';

/** Generated-chain families, most specific first. */
const FAMILIES = ['KUBE-SVC-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-XLB-', 'KUBE-EXT-', 'KUBE-SVL-', 'cali-fw-', 'cali-tw-', 'cali-pi-', 'cali-po-',
  'cali-pri-', 'cali-pro-', 'cali-from-wl-dispatch-', 'cali-to-wl-dispatch-', 'AZURE-NPM-INGRESS-', 'AZURE-NPM-EGRESS-'];

export const familyOf = (chain: string): string | undefined => FAMILIES.find((f) => chain.startsWith(f));

/** The hooks in the order a packet meets them; the routing decision sits between PREROUTING and INPUT/FORWARD. */
export const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;
/** Tables in the order the kernel runs them at one hook (by priority). */
const TABLE_ORDER = ['raw', 'mangle', 'nat', 'filter', 'security'];

export interface ChainsOptions {
  /** Family members above which a family collapses into a bundle. */
  bundleAbove?: number;
  /**
   * What the user (or the trace) opened: `table/FAMILY-` a family, `chain:table/name` one chain out of its bundle,
   * `rule:table/chain/index` one rule in its box, `all:table/chain` every rule of a chain.
   */
  expanded?: ReadonlySet<string>;
  /** Rules listed per chain before "… N more". */
  firstRules?: number;
  /** The canvas's width / height: the bands wrap their columns into rows for it. */
  aspect?: number;
  /** The part of the canvas fit fills, in page pixels. */
  fit?: { w: number; h: number };
}

export const chainNodeId = (table: string, chain: string): string => `chain:${table}/${chain}`;
export const bundleNodeId = (table: string, family: string): string => `chain-bundle:${table}/${family}`;
export const ruleNodeId = (table: string, chain: string, index: number): string => `rule:${table}/${chain}/${index}`;
export const moreNodeId = (table: string, chain: string): string => `more:${table}/${chain}`;

const RULE_CHARS = 40;
const CHAIN_PAD = 6;
const COL_GAP = 60;
const STACK_GAP = 22;
const BAND_GAP = 44;
const LEAF_H = LINE_PX + 2 * PAD_Y;
/** Rules are listed one under another, a hair apart (no two boxes touch). */
const RULE_PITCH = LEAF_H + 6;
/** A hook's band starts with its name above it. */
const HOOK_H = 30;

const COMMENT = /\s*-m comment --comment ("(?:[^"\\]|\\.)*"|\S+)/g;

/** `cali-FORWARD  -i cali+` · `4 pkts`: the rule in short (no comment, no `-A chain`, the target first). */
function ruleLabel(rule: IptRule): string {
  const target = jumpOf(rule)?.name ?? rule.target?.name;
  const quoted = target?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const saved = /^(\[\d+:\d+\]\s*)?-A\s/.test(rule.text);
  let rest = saved ? rule.text.replace(/^\[\d+:\d+\]\s*/, '').replace(/^-A\s+\S+\s*/, '').replace(COMMENT, '')
    // an `iptables -L` row: its line number and target are in the head already, its comment is /* … */
    : rule.text.replace(/^\d+\s+/, '').replace(quoted ? new RegExp(`^${quoted}\\s+`) : /^/, '').replace(/\/\*.*?\*\//g, '').replace(/\s+/g, ' ');
  if (quoted) rest = rest.replace(new RegExp(`\\s*-[jg]\\s+${quoted}(\\s.*)?$`), (_m, opts: string | undefined) => (opts ? ` →${opts}` : ''));
  const counter = rule.counters ? ` · ${rule.counters.packets.toLocaleString('en')} pkts` : '';
  const head = `${rule.index}. ${target ?? '(no target)'}`;
  const text = `${head}  ${rest.trim()}`.trim();
  return shortenMiddle(text, RULE_CHARS - counter.length) + counter;
}

function chainHeader(tableName: string, chain: IptChain): string {
  const rules = `${chain.rules.length} rule${chain.rules.length === 1 ? '' : 's'}`;
  if (chain.builtin) {
    const policy = `policy ${chain.policy ?? 'ACCEPT'}${chain.counters ? `: ${chain.counters.packets.toLocaleString('en')} pkts reached it` : ''}`;
    return `${tableName} ${chain.name}\n${rules} · ${policy}`;
  }
  return `${shortenMiddle(chain.name, RULE_CHARS)}\n${tableName} · ${chain.referencedOnly ? 'rules not captured' : rules}`;
}

interface Item { id: string; table: string; chain?: IptChain; family?: string; hook?: string; depth: number; box: { w: number; h: number }; rules: string[] }

export function buildChainsGraph(host: Host, options: ChainsOptions = {}): GraphSpec {
  const bundleAbove = options.bundleAbove ?? 12;
  const first = options.firstRules ?? 4;
  const open = options.expanded ?? new Set<string>();
  const nodes: GraphNode[] = [];
  const edges = new Map<string, GraphEdge & { rules: number; packets?: number }>();
  const items = new Map<string, Item>();
  const tables = Object.entries(host.iptables).sort(([a], [b]) => order(a) - order(b));
  /** Per chain item: the items it jumps to, in rule order. */
  const calls = new Map<string, string[]>();

  for (const [tableName, table] of tables) {
    const sizes = new Map<string, number>();
    for (const name of table.chains.keys()) {
      const f = familyOf(name);
      if (f) sizes.set(f, (sizes.get(f) ?? 0) + 1);
    }
    const bundled = (name: string): string | undefined => {
      const f = familyOf(name);
      return f && (sizes.get(f) ?? 0) > bundleAbove && !open.has(`${tableName}/${f}`) && !open.has(chainNodeId(tableName, name)) ? f : undefined;
    };
    const idOf = (name: string): string => {
      const f = bundled(name);
      return f ? bundleNodeId(tableName, f) : chainNodeId(tableName, name);
    };
    for (const chain of table.chains.values()) {
      const f = bundled(chain.name);
      const id = idOf(chain.name);
      if (f) {
        if (!items.has(id)) {
          const label = `${tableName} ${f}*\n${sizes.get(f)} chains (click to expand)`;
          items.set(id, { id, table: tableName, family: f, depth: 0, box: boxOf(label, boxOf('x'.repeat(RULE_CHARS)).w), rules: [] });
          nodes.push({ id, kind: 'bundle', label, classes: ['chain', 'bundle', `table-${tableName}`] });
        }
      } else {
        const header = chainHeader(tableName, chain);
        const all = open.has(`all:${tableName}/${chain.name}`);
        const shown = chain.rules.filter((r, i) => all || i < first || open.has(ruleNodeId(tableName, chain.name, r.index)));
        const item: Item = { id, table: tableName, chain, depth: 0, box: { w: 0, h: 0 }, rules: [], ...(chain.builtin ? { hook: chain.name } : {}) };
        items.set(id, item);
        nodes.push({ id, kind: 'chain', label: header, classes: [`table-${tableName}`, 'chain', ...(chain.builtin ? ['hook'] : []), ...(chain.referencedOnly ? ['not-captured'] : [])],
          ...(chain.name.length > RULE_CHARS ? { title: chain.name } : {}) });
        for (const r of shown) {
          const rid = ruleNodeId(tableName, chain.name, r.index);
          const label = ruleLabel(r);
          nodes.push({ id: rid, kind: 'rule', label, parent: id, classes: ['rule', ...(r.counters?.packets ? ['counted'] : [])], ...(label.length < r.text.length ? { title: r.text } : {}) });
          item.rules.push(rid);
        }
        const hidden = chain.rules.length - shown.length;
        if (hidden > 0 || !chain.rules.length) {
          const mid = moreNodeId(tableName, chain.name);
          const label = chain.rules.length ? `… ${hidden} more (click to list)` : chain.referencedOnly ? '(its rules are not in the capture)' : '(no rules)';
          nodes.push({ id: mid, kind: 'rule', label, parent: id, classes: ['rule', 'more'] });
          item.rules.push(mid);
        }
      }
      // jumps: from the rule's element (or "… N more" for a rule not listed, or the bundle)
      const source = idOf(chain.name);
      const listed = new Set(items.get(source)?.rules);
      for (const rule of chain.rules) {
        const target = jumpOf(rule);
        if (!target || !table.chains.has(target.name)) continue;
        const dest = idOf(target.name);
        if (source === dest) continue;
        const rid = ruleNodeId(tableName, chain.name, rule.index);
        const from = items.get(source)?.family ? source : listed.has(rid) ? rid : moreNodeId(tableName, chain.name);
        const kind = target.goto ? 'goto' : 'jump';
        const eid = `${kind}:${from}->${dest}`;
        const list = calls.get(source) ?? calls.set(source, []).get(source);
        if (!list?.includes(dest)) list?.push(dest);
        const e = edges.get(eid);
        if (e) { e.rules++; if (rule.counters) e.packets = (e.packets ?? 0) + rule.counters.packets; continue; }
        edges.set(eid, { id: eid, source: from, target: dest, kind, classes: [kind], rules: 1, ...(rule.counters ? { packets: rule.counters.packets } : {}) });
      }
    }
  }
  const spec: GraphSpec = {
    nodes,
    edges: [...edges.values()].map(({ rules, packets, ...e }) => ({ ...e, ...(rules > 1 ? { label: `${rules} rules${packets !== undefined ? ` · ${packets} pkts` : ''}` } : {}) })),
  };
  return placeChains(spec, items, calls, { aspect: options.aspect ?? (options.fit ? options.fit.w / options.fit.h : 1), ...(options.fit ? { area: options.fit } : {}) });
}

const order = (table: string): number => {
  const i = TABLE_ORDER.indexOf(table);
  return i < 0 ? TABLE_ORDER.length : i;
};

/** The hook bands, in kernel order: the first hook (kernel order) whose chains reach a chain holds it; its column is its jump depth. */
function bandsOf(items: Map<string, Item>, calls: Map<string, string[]>): { hook: string; cols: string[][] }[] {
  const bands: { hook: string; cols: string[][] }[] = [];
  const placed = new Set<string>();
  /** Breadth first from `roots` (in column `start`): each chain reached for the first time goes one column further. */
  const spread = (roots: string[], cols: string[][], start: number) => {
    let frontier = roots;
    for (let depth = start; frontier.length; depth++) {
      const next: string[] = [];
      for (const id of frontier) for (const to of calls.get(id) ?? []) if (!placed.has(to)) { placed.add(to); next.push(to); }
      if (next.length) cols[depth] = [...(cols[depth] ?? []), ...next];
      frontier = next;
    }
  };
  for (const hook of HOOKS) {
    const builtins = [...items.values()].filter((i) => i.hook === hook).sort((a, b) => order(a.table) - order(b.table)).map((b) => b.id);
    for (const id of builtins) placed.add(id);
    const cols: string[][] = builtins.map((id) => [id]);
    spread(builtins, cols, builtins.length);
    if (cols.length) bands.push({ hook, cols: cols.filter((c) => c?.length) });
  }
  const orphans: string[][] = [];
  // chains no hook reaches: those nobody jumps to first (the roots of what was captured), then the rest (loops)
  const called = new Set([...calls.values()].flat());
  const roots = [...items.keys()].sort((a, b) => Number(called.has(a)) - Number(called.has(b)));
  for (const id of roots) {
    if (placed.has(id)) continue;
    placed.add(id);
    orphans[0] = [...(orphans[0] ?? []), id];
    spread([id], orphans, 1);
  }
  if (orphans.length) bands.push({ hook: OTHER, cols: orphans.filter((c) => c?.length) });
  return bands;
}

const OTHER = 'other chains (no hook jumps to them)';
/** Between rows of a band: a lane for the jumps that go to another row, then the next row's chain names. */
const ROW_GAP = 26;
/** A band's padding: room for the jumps that run down the gutter before its first column. */
const BAND_PAD = 34;
/** Jumps that share a gutter or a lane stand this far apart. */
const PITCH = 5;

interface Slot { band: number; row: number; slot: number }

/**
 * Places the chains: a band per hook (kernel order) with the hook's name, in it the jump-depth columns left to
 * right; a column taller than the picture's shape allows is split into stacks side by side, and the stacks flow
 * into rows of as many as the canvas's proportions take, so that the whole picture (or at least a path through it)
 * shows at a readable zoom. Jumps leave a rule's right side for the next stack's chain straight; to anywhere else
 * they run down the gutter after the rule's stack, along the lane under its row, and down the gutter before the
 * target's stack — between boxes, never through one.
 */
function placeChains(spec: GraphSpec, items: Map<string, Item>, calls: Map<string, string[]>, shape: Shape): GraphSpec {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const ruleW = boxOf('x'.repeat(RULE_CHARS)).w;
  const boxW = ruleW + 2 * CHAIN_PAD;
  const colW = boxW + COL_GAP;
  const bands = bandsOf(items, calls);
  /** An item's height with its name above it. */
  const heightOf = (id: string): number => {
    const item = items.get(id) as Item;
    return item.family ? item.box.h : headerOf(byId.get(id)?.label ?? '') + 2 * CHAIN_PAD + item.rules.length * RULE_PITCH - 6;
  };
  const stackH = (ids: string[]) => ids.reduce((a, id) => a + heightOf(id), 0) + Math.max(0, ids.length - 1) * STACK_GAP;
  const routing = bands.findIndex((b, i) => i > 0 && (b.hook === 'INPUT' || (b.hook === 'FORWARD' && !bands.some((x) => x.hook === 'INPUT'))));
  const routingLabel = 'routing decision: to this host (INPUT) or onward (FORWARD)';
  const routingH = routing > 0 ? boxOf(routingLabel).h + BAND_GAP / 2 : 0;

  /** Splits each column into stacks no taller than `maxH` and flows them into rows of `perRow`. */
  const arrangeBand = (cols: string[][], maxH: number, perRow: number): string[][][] => {
    const stacks: string[][] = [];
    for (const col of cols) {
      let cur: string[] = [];
      for (const id of col) {
        if (cur.length && stackH([...cur, id]) > maxH) { stacks.push(cur); cur = []; }
        cur.push(id);
      }
      if (cur.length) stacks.push(cur);
    }
    const rows: string[][][] = [];
    stacks.forEach((st, i) => { if (i % perRow === 0) rows.push([]); rows[rows.length - 1]?.push(st); });
    return rows;
  };
  const bandH = (rows: string[][][]) => HOOK_H + rows.reduce((a, r) => a + Math.max(...r.map(stackH)), 0) + (rows.length - 1) * ROW_GAP + 2 * BAND_PAD;
  const sizeOf = (maxH: number, perRow: number) => {
    const arranged = bands.map((b) => arrangeBand(b.cols, maxH, perRow));
    const slots = Math.max(1, ...arranged.map((rows) => Math.max(...rows.map((r) => r.length))));
    const h = arranged.reduce((a, rows) => a + bandH(rows), 0) + (bands.length - 1) * BAND_GAP + routingH;
    return { arranged, w: slots * colW - COL_GAP + 2 * BAND_PAD, h };
  };
  // the shape that shows the whole at the largest zoom: stacks no taller than one of the columns' heights, rows as wide as it takes
  const tallest = Math.max(1, ...bands.flatMap((b) => b.cols.map(stackH)));
  const heights = [...new Set([tallest, ...bands.flatMap((b) => b.cols.flatMap((c) => c.map((_, i) => stackH(c.slice(0, i + 1)))))])].filter((h) => h >= Math.max(...[...items.keys()].map(heightOf))).sort((a, b) => a - b);
  const widest = Math.max(1, ...bands.map((b) => b.cols.length));
  const ways: { arranged: string[][][][]; w: number; h: number }[] = [];
  for (const maxH of heights.length > 40 ? heights.filter((_, i) => i % Math.ceil(heights.length / 40) === 0).concat(tallest) : heights) {
    for (let perRow = 1; perRow <= widest * 4; perRow++) ways.push(sizeOf(maxH, perRow));
  }
  const arranged = bestFit(ways, shape.area, shape.aspect)?.arranged ?? [];

  const boxes = new Map<string, Box>();
  const chainBoxes = new Map<string, Box>();
  const slotOf = new Map<string, Slot>();
  /** Per band and row: where the row's boxes end (the lane under it runs below). */
  const rowBottom = new Map<string, number>();
  const hookNodes: GraphNode[] = [];
  const bandIds: string[] = [];
  let y = 0;
  arranged.forEach((rows, bi) => {
    const band = bands[bi] as { hook: string };
    if (bi === routing) {
      const b = boxOf(routingLabel);
      boxes.set('hook:routing', { x: b.w / 2, y: y + b.h / 2, ...b });
      hookNodes.push({ id: 'hook:routing', kind: 'hook', label: routingLabel, classes: ['hook-band', 'routing'] });
      y += routingH;
    }
    const bandId = `band:${band.hook === OTHER ? 'other' : band.hook}`;
    bandIds.push(bandId);
    const hb = boxOf(band.hook);
    const hookId = `hook:${band.hook}`;
    boxes.set(hookId, { x: BAND_PAD + hb.w / 2, y: y + BAND_PAD + hb.h / 2, ...hb });
    hookNodes.push({ id: hookId, kind: 'hook', label: band.hook, parent: bandId, classes: ['hook-band', ...(band.hook === OTHER ? ['other'] : [])] });
    hookNodes.push({ id: bandId, kind: 'hook', label: '', classes: ['hook-zone', ...(band.hook === OTHER ? ['other'] : [])] });
    y += BAND_PAD + HOOK_H;
    rows.forEach((row, ri) => {
      let bottom = y;
      row.forEach((stack, si) => {
        const x = BAND_PAD + si * colW + boxW / 2;
        let cy = y;
        for (const id of stack) {
          const item = items.get(id) as Item;
          slotOf.set(id, { band: bi, row: ri, slot: si });
          if (item.family) {
            const b = { x, y: cy + item.box.h / 2, w: boxW, h: item.box.h };
            boxes.set(id, b);
            chainBoxes.set(id, b);
            cy += item.box.h + STACK_GAP;
            continue;
          }
          const top = cy + headerOf(byId.get(id)?.label ?? '');
          item.rules.forEach((rid, k) => {
            boxes.set(rid, { x, y: top + CHAIN_PAD + k * RULE_PITCH + LEAF_H / 2, w: ruleW, h: LEAF_H });
            slotOf.set(rid, { band: bi, row: ri, slot: si });
          });
          const h = 2 * CHAIN_PAD + item.rules.length * RULE_PITCH - 6;
          chainBoxes.set(id, { x, y: top + h / 2, w: boxW, h });
          cy = top + h + STACK_GAP;
        }
        bottom = Math.max(bottom, cy - STACK_GAP);
      });
      rowBottom.set(`${bi}/${ri}`, bottom);
      y = bottom + (ri < rows.length - 1 ? ROW_GAP : 0);
    });
    y += BAND_PAD + BAND_GAP;
  });
  // chains live in their hook's band
  const bandOf = (id: string) => { const s = slotOf.get(id); return s ? bandIds[s.band] : undefined; };
  const left = (slot: number) => BAND_PAD + slot * colW - COL_GAP / 2;
  const right = (slot: number) => BAND_PAD + slot * colW + boxW + COL_GAP / 2;
  const shared = new Map<string, number>();
  const offset = (key: string) => { const n = shared.get(key) ?? 0; shared.set(key, n + 1); return (n % 2 ? -1 : 1) * Math.ceil(n / 2) * PITCH; };
  const routeOf = (e: GraphEdge): EdgeRoute | undefined => {
    const s = boxes.get(e.source) ?? chainBoxes.get(e.source);
    const t = chainBoxes.get(e.target);
    const S = slotOf.get(e.source);
    const T = slotOf.get(e.target);
    if (!s || !t || !S || !T) return undefined;
    const ty = t.y - t.h / 2 + 12;
    const from = { x: s.w / 2, y: 0 };
    if (S.band === T.band && S.row === T.row && T.slot === S.slot + 1) return { from, to: { x: -t.w / 2, y: Math.min(-t.h / 2 + 12, 0) }, bends: [] };
    const gx = right(S.slot) + offset(`g${S.band}/${S.slot}`);
    // the same stack (or the same column of stacks): down or up the gutter on its right, into the chain's right side
    if (T.slot === S.slot) return { from, to: { x: t.w / 2, y: ty - t.y }, bends: [{ x: gx, y: s.y }, { x: gx, y: ty }] };
    const lane = (rowBottom.get(`${S.band}/${S.row}`) as number) + ROW_GAP / 2 + offset(`l${S.band}/${S.row}`);
    const tx = left(T.slot) + offset(`g${T.band}/${T.slot - 1}`);
    return { from, to: { x: -t.w / 2, y: ty - t.y }, bends: [{ x: gx, y: s.y }, { x: gx, y: lane }, { x: tx, y: lane }, { x: tx, y: ty }] };
  };
  const parents = new Set(spec.nodes.map((n) => n.parent).filter(Boolean));
  const nodes = [...hookNodes.map((n) => (boxes.has(n.id) ? { ...n, pos: boxes.get(n.id) as Box } : n)), ...spec.nodes.map((n) => {
    const b = parents.has(n.id) ? undefined : boxes.get(n.id);
    const band = n.parent ? undefined : bandOf(n.id);
    return { ...n, ...(b ? { pos: b } : {}), ...(band ? { parent: band } : {}) };
  })];
  return {
    nodes: wrapContainers(nodes, (n) => (n.kind === 'hook' ? BAND_PAD : CHAIN_PAD)),
    edges: spec.edges.map((e) => {
      const r = routeOf(e);
      return r ? { ...e, route: r } : e;
    }),
  };
}
