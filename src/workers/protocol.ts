/** Messages between the page and the pipeline worker. The worker keeps the Snapshot; the page asks it questions. */
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphOptions, GraphSpec } from '../core/graph/graph.ts';
import type { Details } from '../core/graph/details.ts';
import type { InputSummary, ModeResult, ModelWarning } from '../core/model/types.ts';
import type { Trace } from '../core/trace/types.ts';
import type { TraceRequest } from '../core/trace/engine.ts';
import type { InputOrigin, Session } from '../core/session/types.ts';
import type { ShareOptions, ShareResult } from '../core/session/share.ts';

export interface HostSummary { name: string; ip?: string; pods: number; tables: string[]; rules: number }
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
  | { type: 'trace'; request: TraceRequest }
  | { type: 'unzip'; name: string; bytes: Uint8Array }
  /** A session to share from the analysed inputs: cut to the evidence, redacted; as a link payload and/or a file. */
  | { type: 'share'; base: Session; origins: InputOrigin[]; options: ShareOptions & { file?: boolean } };

export type Response =
  | { type: 'analysed'; summary: Summary; graph: GraphSpec; ms: number }
  | { type: 'graph'; graph: GraphSpec }
  | { type: 'details'; details: Details | null }
  | { type: 'trace'; trace: Trace | { error: string } }
  | { type: 'files'; files: InputFile[]; skipped: { path: string; why: string }[] }
  | { type: 'shared'; result: ShareResult; payload?: string; file?: Uint8Array }
  | { type: 'progress'; done: number; total: number }
  | { type: 'error'; error: string };

export interface Envelope<T> { id: number; body: T }
