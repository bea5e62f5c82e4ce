/** Messages between the page and the pipeline worker. The worker keeps the Snapshot; the page asks it questions. */
import type { InputFile } from '../core/ingest/ingest.ts';
import type { Skipped } from '../core/ingest/bundle.ts';
import type { GraphOptions, GraphSpec } from '../core/graph/graph.ts';
import type { Details } from '../core/graph/details.ts';
import type { InputSummary, ModeResult, ModelWarning, NodeMode } from '../core/model/types.ts';
import type { Trace } from '../core/trace/types.ts';
import type { TraceRequest } from '../core/trace/engine.ts';
import type { WhatIfReport } from '../core/profiles/whatif/synthesize.ts';
import type { InputOrigin, Session } from '../core/session/types.ts';
import type { ShareOptions, ShareResult } from '../core/session/share.ts';
import type { WalkMessage, WalkPlay } from '../core/session/walk/index.ts';

/** A built-in walk as the Walks menu lists it. */
export interface WalkListing { id: string; title: string; summary?: string; minutes?: number; goals: string[]; steps: number; file: string }

/** A walk opened: in play, with what the page loads for it (a built-in scenario, and the walk's own inputs). */
export interface WalkOpened {
  play: WalkPlay;
  file: string;
  builtin: boolean;
  scenario: string | null;
  inputs: InputFile[];
  /** Every message of the file, by line (also in play.messages). */
  messages: WalkMessage[];
}

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
  | { type: 'chains'; host: string; expanded: string[]; fit?: { w: number; h: number } }
  | { type: 'details'; element: string; chainsHost?: string }
  /**
   * Rewires nodes as other modes (node → `<plugin>+<policy>`; empty: back to the capture); the views follow it, and the
   * flow on screen (`trace`) is traced again in the same answer, so a toggle is one round trip.
   */
  | { type: 'what-if'; modes: Record<string, string>; graph: GraphOptions; trace?: TraceRequest }
  /** Traces on the current what-if (and, while one is set, on the capture too, for the split view and the diff). */
  | { type: 'trace'; request: TraceRequest }
  | { type: 'lines'; input: string; line: number; around: number }
  | { type: 'texts' }
  /**
   * A session to share from the analysed inputs: cut to the evidence, redacted; as a link payload and/or a file.
   * `origins`: one per analysed file, in order (a held input gives its origin to each of its files).
   */
  | { type: 'share'; base: Session; origins: InputOrigin[]; options: ShareOptions & { file?: boolean } }
  /** The built-in walks, each with its number of steps. */
  | { type: 'walks' }
  /** A walk in play: a built-in one by id, or a trainer's walk file. */
  | { type: 'walk'; source: { builtin: string } | { text: string; file: string } };

export type Response =
  | { type: 'analysed'; summary: Summary; graph: GraphSpec; ms: number }
  | { type: 'opened'; files: HeldFile[]; skipped: Skipped[]; /** with the files, when they hold PAGE_COPY_BYTES or less */ texts?: string[] }
  | { type: 'graph'; graph: GraphSpec }
  | { type: 'details'; details: Details | null }
  | { type: 'what-if'; report: WhatIfReport | null; graph: GraphSpec; ms: number; error?: string; trace?: Trace | { error: string }; captured?: Trace | { error: string } }
  | { type: 'trace'; trace: Trace | { error: string }; captured?: Trace | { error: string } }
  | { type: 'lines'; from: number; lines: string[] } | { type: 'lines'; missing: true }
  | { type: 'texts'; files: InputFile[] }
  | { type: 'shared'; result: ShareResult; payload?: string; file?: Uint8Array }
  | { type: 'walks'; walks: WalkListing[] }
  | { type: 'walk'; walk: WalkOpened }
  | { type: 'progress'; done: number; total: number }
  /** Items of the answer's long list (inPartsOf), sent ahead of the answer, which holds the rest. */
  | { type: 'part'; items: unknown[] }
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

/** Warnings of one block sent to the page: an input card lists them; a million would cost the page seconds to receive. */
export const PAGE_WARNINGS = 2000;

/** A block's warnings as the page gets them: the first PAGE_WARNINGS, then one that spans the rest and counts them. */
export function pageWarnings(input: InputSummary): InputSummary {
  if (input.warnings.length <= PAGE_WARNINGS) return input;
  let from = Infinity;
  let to = 0;
  const kinds = new Map<string, number>();
  for (let i = PAGE_WARNINGS; i < input.warnings.length; i++) {
    const w = input.warnings[i] as InputSummary['warnings'][number];
    from = Math.min(from, w.line);
    to = Math.max(to, w.to ?? w.line);
    kinds.set(w.kind, (kinds.get(w.kind) ?? 0) + 1);
  }
  const kind = [...kinds].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'ignored';
  const more = (input.warnings.length - PAGE_WARNINGS).toLocaleString('en-US');
  return { ...input, warningsTotal: input.warnings.length, warnings: [...input.warnings.slice(0, PAGE_WARNINGS),
    { line: from, to, kind, message: `and ${more} more warnings on lines ${from}–${to}, not listed here (packetpath parse lists them all)` }] };
}

/**
 * Items per message of an answer's long list: a message of 20,000 block summaries or file entries held the page
 * 60–110 ms while it was read (structured clone); 2,000 a message keeps each under 15 ms.
 */
export const PART_ITEMS = 2000;

/** The long list of an answer, if it has one: an analysis's block summaries, a held input's files. */
function longList(r: Response): unknown[] | null {
  if (r.type === 'analysed') return r.summary.inputs;
  if (r.type === 'opened') return r.files;
  return null;
}

/** An answer as it is sent: the parts of its long list first, then the answer with what is left of it. */
export function inPartsOf(r: Response): Response[] {
  const list = longList(r);
  if (!list || list.length <= PART_ITEMS) return [r];
  const parts: Response[] = [];
  let at = 0;
  for (; list.length - at > PART_ITEMS; at += PART_ITEMS) parts.push({ type: 'part', items: list.slice(at, at + PART_ITEMS) });
  return [...parts, withList(r, list.slice(at))];
}

/** The answer with `list` for its long list. */
function withList(r: Response, list: unknown[]): Response {
  if (r.type === 'analysed') return { ...r, summary: { ...r.summary, inputs: list as InputSummary[] } };
  return { ...r, files: list as HeldFile[] } as Response;
}

/** The answer whole again: the parts received before it put back at the head of its long list. */
export function joinParts(r: Response, parts: unknown[][]): Response {
  if (!parts.length) return r;
  const list = longList(r);
  if (!list) return r;
  return withList(r, ([] as unknown[]).concat(...parts, list));
}
