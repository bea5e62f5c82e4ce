/**
 * Runs a walk's flows the way the CLI runs `packetpath trace`: the walk's inputs through the pipeline, each flow
 * through the trace engine. A flow under a what-if mode needs the mode's synthesis (issue #13's profiles); the
 * caller passes it as `whatIf`, and without it the flow is `pending`, not guessed.
 */
import type { InputFile } from '../../ingest/ingest.ts';
import type { Snapshot } from '../../model/types.ts';
import { buildModel } from '../../pipeline.ts';
import { trace as traceEngine, type TraceRequest } from '../../trace/engine.ts';
import type { Trace } from '../../trace/types.ts';
import type { Walk, WalkFlow, WalkMessage } from './types.ts';

/**
 * The what-if synthesis: the snapshot as the given modes (node → `<plugin>[+<policy>]`) would wire it, and how a
 * flow is traced there (the profiles map a captured pod IP to its re-addressed one and mark synthesized steps).
 */
export type WhatIf = (snapshot: Snapshot, modes: Record<string, string>) =>
  { snapshot: Snapshot; trace: (req: TraceRequest) => Trace | { error: string } } | { error: string };

export type FlowRun =
  | { status: 'traced'; request: TraceRequest; whatIf: Record<string, string>; trace: Trace; snapshot: Snapshot }
  | { status: 'pending'; request: TraceRequest; whatIf: Record<string, string>; reason: string }
  | { status: 'error'; request: TraceRequest | null; whatIf: Record<string, string>; error: string;
      /** the walk file left the flow incomplete (the parser said so on its line) */
      broken?: true };

export interface WalkRun {
  files: InputFile[];
  /** The captured snapshot (what-if flows have their own in their run). */
  snapshot: Snapshot;
  /** By flow id. */
  flows: Record<string, FlowRun>;
  messages: WalkMessage[];
}

export interface RunOptions {
  whatIf?: WhatIf;
  /** The trace engine (tests may pass a stand-in). */
  trace?: (snapshot: Snapshot, req: TraceRequest) => Trace | { error: string };
}

/** The built-in scenarios a walk may name, with their files (src/scenarios/index.ts passes SCENARIOS). */
export interface ScenarioFiles { id: string; files: InputFile[] }

/** The files a walk runs on: its scenario's, then its own inputs. */
export function walkInputs(walk: Walk, scenarios: readonly ScenarioFiles[]): { files: InputFile[]; messages: WalkMessage[] } {
  const messages: WalkMessage[] = [];
  const files: InputFile[] = [];
  if (walk.scenario) {
    const s = scenarios.find((x) => x.id === walk.scenario);
    if (s) files.push(...s.files);
    else messages.push({ line: 0, severity: 'error', message: `scenario "${walk.scenario}" is not built in (${scenarios.map((x) => x.id).join(', ')})` });
  }
  for (const i of walk.inputs) files.push({ path: i.path, text: i.text, ...(i.node ? { node: i.node } : {}) });
  return { files, messages };
}

/** The trace request of a flow, as `packetpath trace --from … --to … [--port] [--proto] [--established]`. */
export function flowRequest(flow: WalkFlow): TraceRequest {
  return { from: flow.from, to: flow.to, ...(flow.port !== undefined ? { port: flow.port } : {}), ...(flow.proto ? { proto: flow.proto } : {}),
    ...(flow.established ? { ctstate: 'ESTABLISHED' as const } : {}) };
}

/** `as` with `*` spelled out as every node of the snapshot; names that are no node are reported. */
export function expandModes(flow: WalkFlow, snapshot: Snapshot, messages: WalkMessage[]): Record<string, string> {
  const out: Record<string, string> = {};
  const nodes = snapshot.hosts.map((h) => h.name);
  const every = flow.as?.['*'];
  if (every) for (const n of nodes) out[n] = every;
  // a node named outright outranks `*`, whatever order they were written in
  for (const [node, mode] of Object.entries(flow.as ?? {})) {
    if (node === '*') continue;
    if (!nodes.includes(node)) messages.push({ line: flow.line, severity: 'error', message: `flow ${flow.id}: as names node "${node}", which is not in the inputs (${nodes.join(', ')})` });
    out[node] = mode;
  }
  return out;
}

export function runWalk(walk: Walk, files: InputFile[], opts: RunOptions = {}): WalkRun {
  const messages: WalkMessage[] = [];
  const run = opts.trace ?? traceEngine;
  const snapshot = buildModel(files);
  const flows: Record<string, FlowRun> = {};
  for (const part of walk.parts) {
    if (part.type !== 'flow') continue;
    const whatIf = expandModes(part, snapshot, messages);
    if (part.broken) { flows[part.id] = { status: 'error', request: null, whatIf, error: `not traced: it ${part.broken}`, broken: true }; continue; }
    const request = flowRequest(part);
    let snap = snapshot;
    let traceHere = (req: TraceRequest) => run(snap, req);
    if (Object.keys(whatIf).length) {
      if (!opts.whatIf) {
        flows[part.id] = { status: 'pending', request, whatIf, reason: `needs the what-if mode ${[...new Set(Object.values(whatIf))].join(', ')}, which this build cannot synthesize yet` };
        continue;
      }
      const synthesized = opts.whatIf(snapshot, whatIf);
      if ('error' in synthesized) { flows[part.id] = { status: 'error', request, whatIf, error: synthesized.error }; continue; }
      snap = synthesized.snapshot;
      // a stand-in engine (tests) is used as given; else the profiles' trace, which knows the re-addressing
      traceHere = opts.trace ? (req) => run(synthesized.snapshot, req) : synthesized.trace;
    }
    const t = traceHere(request);
    flows[part.id] = 'error' in t ? { status: 'error', request, whatIf, error: t.error } : { status: 'traced', request, whatIf, trace: t, snapshot: snap };
  }
  return { files, snapshot, flows, messages };
}
