/**
 * Trace → what the canvas marks: the topology elements and edges the packet crosses in order, each step's
 * element (the numbered badges, the packet marker), and per node the chains and rules it visited in the chains
 * view with the rules that decided. Steps are numbered 1, 2, 3 … over the whole (branch's) trace, the same
 * numbers the trace panel shows.
 */
import type { Hop, Trace, TraceStep } from '../trace/types.ts';
import { FABRIC_ID } from './fabric.ts';
import { linkId, netnsId, type GraphSpec } from './graph.ts';
import { chainNodeId, ruleNodeId } from './chains.ts';

export interface PathStep {
  /** 1-based, over the whole trace. */
  n: number;
  node: string;
  kind: TraceStep['kind'];
  /** The topology element where it happens. */
  element: string;
  /** The chains-view rule (or chain) it visited, for netfilter steps. */
  rule?: string;
}

export interface PathIds {
  /** Topology node ids (namespaces, links, the stage, the fabric) in the order the packet meets them. */
  topology: string[];
  /** The topology edges between them. */
  edges: string[];
  /** Chains-view ids per node: every chain and rule visited, and the rules that decided. */
  chains: { node: string; ids: string[]; decided: string[] }[];
  /** Where it ended (the dropping namespace, or the delivered pod). */
  end: string | null;
  steps: PathStep[];
  /** Per element, the numbers of its steps ("3–9"). */
  badges: { element: string; text: string }[];
}

const TERMINAL = /: (ACCEPT|DROP|REJECT|DNAT|SNAT|MASQUERADE|REDIRECT)\b/;

/** The fabric element a node's traffic crosses (a graph may have several lanes). */
const fabricOf = (graph: GraphSpec | undefined, node: string): string =>
  graph?.nodes.find((n) => n.kind === 'fabric' && n.hosts?.includes(node))?.id ?? FABRIC_ID;

function stepElement(h: Hop, s: TraceStep, graph: GraphSpec | undefined, ids: Set<string>): string {
  const ns = netnsId(h.node, h.netns);
  if (h.netns !== 'host') return ns;
  if (s.kind === 'fabric' || s.kind === 'encap') return fabricOf(graph, h.node);
  if (s.kind === 'decap' && h.in) return linkId(h.node, 'host', h.in);
  if (s.kind === 'bridge') {
    const bridge = [h.in, ...(h.via ?? [])].find((d) => d && ids.has(linkId(h.node, 'host', d)) && graph?.nodes.find((n) => n.id === linkId(h.node, 'host', d))?.classes.includes('bridge'));
    if (bridge) return linkId(h.node, 'host', bridge);
  }
  return ns;
}

/** Joins consecutive path elements through the graph: the host end between a pod's eth0 and its bridge, say. */
function connect(order: string[], graph: GraphSpec | undefined): { ids: string[]; edges: string[] } {
  if (!graph) return { ids: order, edges: [] };
  const adj = new Map<string, { to: string; edge: string }[]>();
  for (const e of graph.edges) {
    (adj.get(e.source) ?? adj.set(e.source, []).get(e.source))?.push({ to: e.target, edge: e.id });
    (adj.get(e.target) ?? adj.set(e.target, []).get(e.target))?.push({ to: e.source, edge: e.id });
  }
  const ids: string[] = [];
  const edges: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const a = order[i] as string;
    const b = order[i + 1];
    ids.push(a);
    if (!b || a === b) continue;
    // breadth first, at most three edges
    const prev = new Map<string, { from: string; edge: string }>([[a, { from: '', edge: '' }]]);
    let frontier = [a];
    for (let depth = 0; depth < 3 && !prev.has(b); depth++) {
      const next: string[] = [];
      for (const x of frontier) for (const { to, edge } of adj.get(x) ?? []) if (!prev.has(to)) { prev.set(to, { from: x, edge }); next.push(to); }
      frontier = next;
    }
    if (!prev.has(b)) continue;
    const chain: string[] = [];
    for (let x = b; x !== a;) {
      const p = prev.get(x) as { from: string; edge: string };
      edges.push(p.edge);
      if (x !== b) chain.unshift(x);
      x = p.from;
    }
    ids.push(...chain);
  }
  return { ids, edges };
}

function ranges(ns: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length;) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === (ns[j] as number) + 1) j++;
    out.push(j > i ? `${ns[i]}–${ns[j]}` : String(ns[i]));
    i = j + 1;
  }
  return out.join(', ');
}

export function pathOf(trace: Trace, branch = 0, graph?: GraphSpec): PathIds {
  const t = trace.branches[branch]?.trace ?? trace;
  const ids = new Set(graph?.nodes.map((n) => n.id));
  const order: string[] = [];
  const steps: PathStep[] = [];
  const chains = new Map<string, { ids: Set<string>; decided: Set<string> }>();
  let n = 0;
  for (const h of t.hops) {
    const ns = h.netns;
    const bridges = (h.via ?? []).filter((d) => graph?.nodes.find((x) => x.id === linkId(h.node, ns, d))?.classes.includes('bridge'));
    if (h.in) order.push(linkId(h.node, ns, h.in));
    for (const d of bridges) order.push(linkId(h.node, ns, d));
    order.push(netnsId(h.node, ns));
    if (h.out) order.push(linkId(h.node, ns, h.out));
    for (const d of h.via ?? []) if (!bridges.includes(d)) order.push(linkId(h.node, ns, d));
    for (const s of h.steps) {
      const element = stepElement(h, s, graph, ids);
      if (element.startsWith(FABRIC_ID)) order.push(element);
      const step: PathStep = { n: ++n, node: h.node, kind: s.kind, element };
      if (s.table && s.chain) {
        const c = chains.get(h.node) ?? { ids: new Set<string>(), decided: new Set<string>() };
        chains.set(h.node, c);
        c.ids.add(chainNodeId(s.table, s.chain));
        if (s.rule !== undefined && !s.notMatched) {
          const rule = ruleNodeId(s.table, s.chain, s.rule);
          c.ids.add(rule);
          step.rule = rule;
          if (s.kind === 'drop' || s.kind === 'nat' || TERMINAL.test(s.detail)) c.decided.add(rule);
        }
      }
      steps.push(step);
    }
  }
  const joined = connect(order.filter((id, i) => id !== order[i - 1] && (!graph || ids.has(id))), graph);
  const byElement = new Map<string, number[]>();
  for (const s of steps) (byElement.get(s.element) ?? byElement.set(s.element, []).get(s.element))?.push(s.n);
  const last = t.hops[t.hops.length - 1];
  return {
    topology: [...new Set(joined.ids)],
    edges: [...new Set(joined.edges)],
    chains: [...chains].map(([node, c]) => ({ node, ids: [...c.ids], decided: [...c.decided] })),
    end: last ? netnsId(last.node, last.netns) : null,
    steps,
    badges: [...byElement].map(([element, ns]) => ({ element, text: ranges(ns) })),
  };
}

/**
 * Where the packet marker stands at a step: the step's element, and the elements it passed since the step
 * before (the veth ends, bridges and NICs in between), for the animation. A pure function of the step number.
 */
export function markerAt(path: PathIds, step: number): { at: string; via: string[] } | null {
  const s = path.steps[step - 1];
  if (!s) return null;
  const prev = path.steps[step - 2];
  const i = prev ? path.topology.indexOf(prev.element) : -1;
  const j = path.topology.indexOf(s.element);
  return { at: s.element, via: i >= 0 && j > i ? path.topology.slice(i + 1, j) : [] };
}
