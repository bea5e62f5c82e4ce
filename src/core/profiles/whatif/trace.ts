/**
 * A trace through a what-if: the flow's endpoints follow re-addressed pods (an IP the user typed from the capture is
 * mapped, and the trace says so), and every step resting on synthesised facts — a hop on a rewired node, a source
 * that is the what-if's — is marked `whatIf`, as is the trace itself, with the modes and the address map.
 */
import type { Snapshot } from '../../model/types.ts';
import { trace, type TraceRequest } from '../../trace/engine.ts';
import type { Trace } from '../../trace/types.ts';
import { isWhatIfSource } from './build.ts';
import type { WhatIf } from './synthesize.ts';
import { synthesizeWhatIf } from './synthesize.ts';

/** `10.240.0.20:5432/tcp` with its IP mapped: the address part of an endpoint argument. */
function mapSpec(spec: string, remap: Map<string, string>): { spec: string; from?: string; to?: string } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})(.*)$/.exec(spec.trim());
  const to = m ? remap.get(m[1] as string) : undefined;
  return m && to ? { spec: `${to}${m[2] ?? ''}`, from: m[1] as string, to } : { spec };
}

/**
 * A step is what-if when it rests on a synthesised fact (its source is the what-if's), or it is the engine's own
 * reasoning on a rewired node. A step on a rewired node that cites a captured line (a kube-proxy rule the what-if
 * kept) stays evidence, with its line.
 */
function mark(t: Trace, nodes: Set<string>): void {
  for (const h of t.hops) for (const s of h.steps) if (isWhatIfSource(s.source) || (nodes.has(h.node) && !s.source)) s.whatIf = true;
  for (const b of t.branches) mark(b.trace, nodes);
}

export function traceWhatIf(w: WhatIf, req: TraceRequest): Trace | { error: string } {
  const remap = new Map(w.report.mapping.map((m) => [m.from, m.to]));
  const from = mapSpec(req.from, remap);
  const to = mapSpec(req.to, remap);
  const t = trace(w.snapshot, { ...req, from: from.spec, to: to.spec });
  if ('error' in t) return t;
  // nothing rewired (every node as its detected mode): the capture's own answer, unmarked
  if (!Object.keys(w.report.modes).length && !w.report.mapping.length) return t;
  mark(t, new Set(Object.keys(w.report.modes)));
  const mapped = [from, to].filter((x) => x.from).map((x) => `what-if: ${x.from} is ${x.to} under the what-if (the pod was re-addressed)`);
  t.whatIf = { modes: w.report.modes, mapping: w.report.mapping, notes: [...mapped, ...w.report.warnings] };
  return t;
}

/** Every captured node as `mode` (the CLI's `--as`). */
export function allNodesAs(snap: Snapshot, mode: string): WhatIf | { error: string } {
  return synthesizeWhatIf(snap, Object.fromEntries(snap.hosts.map((h) => [h.name, mode])));
}
