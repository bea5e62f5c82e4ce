/** Messages between the page and the pipeline worker. The worker keeps the Snapshot; the page asks it questions. */
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphOptions, GraphSpec } from '../core/graph/graph.ts';
import type { Details } from '../core/graph/details.ts';
import type { InputSummary, ModeResult, ModelWarning, NodeMode } from '../core/model/types.ts';
import type { Trace } from '../core/trace/types.ts';
import type { TraceRequest } from '../core/trace/engine.ts';
import type { WhatIfReport } from '../core/profiles/whatif/synthesize.ts';

export interface HostSummary {
  name: string; ip?: string; pods: number; tables: string[]; rules: number;
  /** The mode detected from the node's capture (the mode bar's badge and evidence). */
  mode?: NodeMode;
}
export interface Summary {
  hosts: HostSummary[];
  mode: ModeResult;
  inputs: InputSummary[];
  warnings: ModelWarning[];
  /** For the trace form: every pod and service the inputs name. */
  endpoints: { label: string; value: string }[];
}

export type Request =
  | { type: 'analyse'; files: InputFile[]; graph: GraphOptions }
  | { type: 'graph'; graph: GraphOptions }
  | { type: 'chains'; host: string; expanded: string[] }
  | { type: 'details'; element: string; chainsHost?: string }
  /**
   * Rewires nodes as other modes (node → `<plugin>+<policy>`; empty: back to the capture); the views follow it, and the
   * flow on screen (`trace`) is traced again in the same answer, so a toggle is one round trip.
   */
  | { type: 'what-if'; modes: Record<string, string>; graph: GraphOptions; trace?: TraceRequest }
  /** Traces on the current what-if (and, while one is set, on the capture too, for the split view and the diff). */
  | { type: 'trace'; request: TraceRequest }
  | { type: 'unzip'; name: string; bytes: Uint8Array };

export type Response =
  | { type: 'analysed'; summary: Summary; graph: GraphSpec; ms: number }
  | { type: 'graph'; graph: GraphSpec }
  | { type: 'details'; details: Details | null }
  | { type: 'what-if'; report: WhatIfReport | null; graph: GraphSpec; ms: number; error?: string; trace?: Trace | { error: string }; captured?: Trace | { error: string } }
  | { type: 'trace'; trace: Trace | { error: string }; captured?: Trace | { error: string } }
  | { type: 'files'; files: InputFile[]; skipped: { path: string; why: string }[] }
  | { type: 'progress'; done: number; total: number }
  | { type: 'error'; error: string };

export interface Envelope<T> { id: number; body: T }
