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
}

export const chainNodeId = (table: string, chain: string): string => `chain:${table}/${chain}`;
export const bundleNodeId = (table: string, family: string): string => `chain-bundle:${table}/${family}`;
export const ruleNodeId = (table: string, chain: string, index: number): string => `rule:${table}/${chain}/${index}`;
export const moreNodeId = (table: string, chain: string): string => `more:${table}/${chain}`;

const RULE_CHARS = 40;
const CHAIN_PAD = 6;
const COL_GAP = 70;
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
  return placeChains(spec, items, calls);
}

const order = (table: string): number => {
  const i = TABLE_ORDER.indexOf(table);
  return i < 0 ? TABLE_ORDER.length : i;
};

/** Bands by hook, columns by jump depth, chains stacked in a column; returns the spec with every leaf placed. */
function placeChains(spec: GraphSpec, items: Map<string, Item>, calls: Map<string, string[]>): GraphSpec {
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const ruleW = boxOf('x'.repeat(RULE_CHARS)).w;
  const boxW = ruleW + 2 * CHAIN_PAD;
  const colW = boxW + COL_GAP;
  // every item's band: the first hook (kernel order) whose chains reach it; its column: built-ins, then depth
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
  if (orphans.length) bands.push({ hook: 'other chains (no hook jumps to them)', cols: orphans.filter((c) => c?.length) });
  const boxes = new Map<string, Box>();
  const chainBoxes = new Map<string, Box>();
  let y = 0;
  const hookNodes: GraphNode[] = [];
  bands.forEach((band, bi) => {
    const firstAfterRouting = band.hook === 'INPUT' || (band.hook === 'FORWARD' && !bands.some((b) => b.hook === 'INPUT'));
    if (bi > 0 && firstAfterRouting) {
      const label = 'routing decision: to this host (INPUT) or onward (FORWARD)';
      const b = boxOf(label);
      boxes.set('hook:routing', { x: b.w / 2, y: y + b.h / 2, ...b });
      hookNodes.push({ id: 'hook:routing', kind: 'hook', label, classes: ['hook-band', 'routing'] });
      y += b.h + BAND_GAP / 2;
    }
    const hb = boxOf(band.hook);
    boxes.set(`hook:${band.hook}`, { x: hb.w / 2, y: y + hb.h / 2, ...hb });
    hookNodes.push({ id: `hook:${band.hook}`, kind: 'hook', label: band.hook, classes: ['hook-band'] });
    y += HOOK_H + 8;
    let bandH = 0;
    band.cols.forEach((col, ci) => {
      let cy = y;
      const x = ci * colW + boxW / 2;
      for (const id of col) {
        const item = items.get(id) as Item;
        const node = byId.get(id);
        if (item.family) {
          const b = item.box;
          boxes.set(id, { x, y: cy + b.h / 2, w: boxW, h: b.h });
          chainBoxes.set(id, { x, y: cy + b.h / 2, w: boxW, h: b.h });
          cy += b.h + STACK_GAP;
          continue;
        }
        const header = headerOf(node?.label ?? '');
        const top = cy + header;
        item.rules.forEach((rid, ri) => boxes.set(rid, { x, y: top + CHAIN_PAD + ri * RULE_PITCH + LEAF_H / 2, w: ruleW, h: LEAF_H }));
        const h = 2 * CHAIN_PAD + item.rules.length * RULE_PITCH - 6;
        chainBoxes.set(id, { x, y: top + h / 2, w: boxW, h });
        cy = top + h + STACK_GAP;
      }
      bandH = Math.max(bandH, cy - STACK_GAP - y);
    });
    y += bandH + BAND_GAP;
  });
  // jumps leave a rule's right side for the chain's left side; other directions keep Cytoscape's curve
  const routeOf = (e: GraphEdge): EdgeRoute | undefined => {
    const s = boxes.get(e.source) ?? chainBoxes.get(e.source);
    const t = chainBoxes.get(e.target);
    if (!s || !t || t.x <= s.x) return undefined;
    return { from: { x: s.w / 2, y: 0 }, to: { x: -t.w / 2, y: Math.min(-t.h / 2 + 12, 0) }, bends: [] };
  };
  const parents = new Set(spec.nodes.map((n) => n.parent).filter(Boolean));
  return {
    nodes: [...hookNodes.map((n) => ({ ...n, pos: boxes.get(n.id) as Box })), ...spec.nodes.map((n) => {
      const b = parents.has(n.id) ? undefined : boxes.get(n.id);
      return b ? { ...n, pos: b } : n;
    })],
    edges: spec.edges.map((e) => {
      const r = routeOf(e);
      return r ? { ...e, route: r } : e;
    }),
  };
}
