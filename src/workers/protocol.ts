/** Messages between the page and the pipeline worker. The worker keeps the Snapshot; the page asks it questions. */
import type { InputFile } from '../core/ingest/ingest.ts';
import type { Skipped } from '../core/ingest/bundle.ts';
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

/**
 * What the worker reads itself and keeps: a zip, or files (a folder, many files, a big paste as one file). The page
 * holds only these Blobs (handles: cheap to send, nothing decoded on the main thread) and sends them again to a new
 * worker after one stopped.
 */
export type HeldSource =
  | { kind: 'zip'; name: string; blob: Blob }
  | { kind: 'files'; name: string; files: { path: string; node?: string; blob: Blob }[] };

/** One file of a held input, as the page lists it. */
export interface HeldFile { path: string; node?: string; bytes: number }

/** The node and pod the user set on a file of a held input; '' clears what the evidence gave. */
export type FileOverrides = Record<string, { node?: string; pod?: string }>;

export function withOverrides(f: InputFile, o: FileOverrides[string] | undefined): InputFile {
  if (!o) return f;
  const out: InputFile = { ...f, ...o };
  if (o.node === '') delete out.node;
  if (o.pod === '') delete out.pod;
  return out;
}

/**
 * A held input this small also sends its texts to the page, so that what the page keeps of the work (the link, a
 * reload) holds it; a bigger one stays in the worker alone (sharing it goes through the worker).
 */
export const PAGE_COPY_BYTES = 1024 * 1024;

/** One input of an analysis: a text the page holds, or a held input the worker reads (again, if it must) and keeps. */
export type InputRef =
  | { id: string; file: InputFile }
  | { id: string; source: HeldSource; overrides: FileOverrides };

export type Request =
  | { type: 'analyse'; inputs: InputRef[]; graph: GraphOptions }
  | { type: 'open'; id: string; source: HeldSource; budget: number }
  | { type: 'graph'; graph: GraphOptions }
  | { type: 'chains'; host: string; expanded: string[] }
  | { type: 'details'; element: string; chainsHost?: string }
  | { type: 'trace'; request: TraceRequest }
  | { type: 'lines'; input: string; line: number; around: number }
  | { type: 'texts' }
  /**
   * A session to share from the analysed inputs: cut to the evidence, redacted; as a link payload and/or a file.
   * `origins`: one per analysed file, in order (a held input gives its origin to each of its files).
   */
  | { type: 'share'; base: Session; origins: InputOrigin[]; options: ShareOptions & { file?: boolean } };

export type Response =
  | { type: 'analysed'; summary: Summary; graph: GraphSpec; ms: number }
  | { type: 'opened'; files: HeldFile[]; skipped: Skipped[]; /** with the files, when they hold PAGE_COPY_BYTES or less */ texts?: string[] }
  | { type: 'graph'; graph: GraphSpec }
  | { type: 'details'; details: Details | null }
  | { type: 'trace'; trace: Trace | { error: string } }
  | { type: 'lines'; from: number; lines: string[] } | { type: 'lines'; missing: true }
  | { type: 'texts'; files: InputFile[] }
  | { type: 'shared'; result: ShareResult; payload?: string; file?: Uint8Array }
  | { type: 'progress'; done: number; total: number }
  | { type: 'error'; error: string;
      /** the worker stopped: the next request starts a new one, which holds nothing yet; `start`: before it was ready */
      died?: 'start' | 'running' }
  | { type: 'cancelled' };

/**
 * What the worker says of itself (id 0: it belongs to no request): `ready` once its script ran — a worker that dies
 * before could not start, not on an input — and `fatal`, an error nothing caught: the page replaces it.
 */
export type Lifecycle = { type: 'ready' } | { type: 'fatal'; error: string };

export interface Envelope<T> { id: number; body: T }
