/**
 * The app's one zustand store, built from slices: inputs (what the user gave), analysis (what the worker
 * made of it), view (topology or chains, selection, theme) and trace (the flow and its answer).
 */
import { create } from 'zustand';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphSpec } from '../core/graph/graph.ts';
import type { Details } from '../core/graph/details.ts';
import type { Trace } from '../core/trace/types.ts';
import { withOverrides, type FileOverrides, type HeldFile, type HeldSource, type Summary } from '../workers/protocol.ts';
import type { Skipped } from '../core/ingest/bundle.ts';
import type { WhatIfReport } from '../core/profiles/whatif/synthesize.ts';
import type { ThemeName } from '../ui/theme/tokens.ts';
import type { WalkListing, WalkOpened } from '../workers/protocol.ts';

export type InputOrigin = 'scenario' | 'paste' | 'file' | 'folder' | 'zip';

/** A file, a folder, a zip or a big paste: read and kept by the worker; the page lists its files and holds its Blobs. */
export interface HeldInput {
  name: string;
  source: HeldSource;
  files: HeldFile[];
  skipped: Skipped[];
  /** What its files hold in all, against the size policy's total. */
  bytes: number;
  overrides: FileOverrides;
  /** The files' texts, in order, when they are small enough for the page to keep a copy (PAGE_COPY_BYTES). */
  texts?: string[];
}

interface EntryBase {
  id: string;
  origin: InputOrigin;
  /** Why it is left out of the analysis (the analysis stopped on it, or was cancelled, while it was new). */
  setAside?: string;
}
/** A text the page holds: a paste that fits the paste box, a scenario's text. */
export interface TextEntry extends EntryBase { file: InputFile }
export interface HeldEntry extends EntryBase { held: HeldInput }
export type InputEntry = TextEntry | HeldEntry;

export const isHeld = (e: InputEntry): e is HeldEntry => 'held' in e;
export const entryName = (e: InputEntry): string => (isHeld(e) ? e.held.name : e.file.path);
/** The input names this entry gives the analysis (summary.inputs[].name): one per file. */
export const entryPaths = (e: InputEntry): string[] => (isHeld(e) ? e.held.files.map((f) => f.path) : [e.file.path]);
export const entryBytes = (e: InputEntry): number => (isHeld(e) ? e.held.bytes : e.file.text.length);
/** The entry's files as the analysis reads them, texts included; null for a held input whose texts only the worker has. */
export function entryFiles(e: InputEntry): InputFile[] | null {
  if (!isHeld(e)) return [e.file];
  const { files, texts, overrides } = e.held;
  if (!texts) return null;
  return files.map((f, i) => withOverrides({ path: f.path, text: texts[i] ?? '', ...(f.node ? { node: f.node } : {}) }, overrides[f.path]));
}

export interface InputsSlice {
  inputs: InputEntry[];
  scenario: string | null;
  /** The inputs of the last finished analysis, restored when one is cancelled. */
  analysed: InputEntry[];
}

export interface AnalysisSlice {
  status: 'idle' | 'parsing' | 'ready' | 'error';
  progress: { done: number; total: number } | null;
  summary: Summary | null;
  graph: GraphSpec | null;
  error: string | null;
  /** A message for the user about their last action (garbage dropped, a binary file skipped …). */
  notice: string | null;
  lastMs: number | null;
}

export interface ViewSlice {
  view: 'topology' | 'chains';
  theme: ThemeName;
  groupByNamespace: boolean;
  expandedNodes: string[];
  chainsHost: string | null;
  chainsGraph: GraphSpec | null;
  expandedFamilies: string[];
  selected: string | null;
  details: Details | null;
  focusId: string | null;
  /** The canvas element under the pointer, or the one of the trace step under it (each side rings the other). */
  hovered: string | null;
  /** The side panel with the inputs is folded away (more room for the canvas). */
  inputsFolded: boolean;
  /** An input line the user asked to see (from a warning or a source link). */
  showLine: { input: string; line: number } | null;
  /** node name → `<plugin>+<policy>` (e.g. `azure-cni-overlay+calico`): the what-if mode of that node (issue #13). */
  whatIf: Record<string, string>;
}

export interface TraceSlice {
  from: string;
  to: string;
  /** Trace a packet of an existing connection (a reply): conntrack state ESTABLISHED instead of NEW. */
  established: boolean;
  trace: Trace | null;
  traceError: string | null;
  /** Why the form was emptied: the inputs changed and the flow's endpoints are not in them any more. */
  traceNotice: string | null;
  branch: number;
  /** The packet marker's step (1-based, as the trace panel numbers them); null: no marker. */
  pathStep: number | null;
  /** The marker moves on by itself, one step every 1 / speed seconds. */
  playing: boolean;
  speed: number;
}

/** The what-if of the view's `whatIf` (node → mode; empty: every node as captured). */
export interface WhatIfSlice {
  /** What the worker made of `whatIf`: the modes applied, re-addressed pods, Azure limits, warnings. */
  whatIfReport: WhatIfReport | null;
  whatIfError: string | null;
  /** The topology as captured, kept while a what-if is drawn (the split view's left side). */
  capturedGraph: GraphSpec | null;
  /** The current flow traced on the capture while a what-if is set (the split view and the diff). */
  capturedTrace: Trace | null;
  /** Captured and what-if side by side. */
  split: boolean;
  /** How long the last toggle took in the worker (synthesis and graph), for the status line. */
  whatIfMs: number | null;
}

/** A workshop walk on the page (issue #15): the walk in play, where the room is, and the answers given. */
export interface WalkOnPage extends WalkOpened {
  /** 1-based step of the walk (what `#walk=<id>&step=<n>` opens). */
  step: number;
  presenting: boolean;
  /** checkpoint id → the choice picked. */
  answers: Record<string, string>;
  /** Checkpoints whose answer is shown (answered, or passed over with → ). */
  revealed: string[];
  /** The walk moves on by itself (it stops at a checkpoint and at the end). */
  playing: boolean;
  speed: number;
}

export interface WalkSlice {
  /** The built-in walks, once the worker has played them (null: not yet asked for). */
  walkList: WalkListing[] | null;
  walk: WalkOnPage | null;
  /** The messages of the last walk file that could not be opened at all. */
  walkProblem: { file: string; messages: WalkOpened['messages'] } | null;
}

export type AppState = InputsSlice & AnalysisSlice & ViewSlice & TraceSlice & WhatIfSlice & WalkSlice;

const prefersLight = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches;

export const useApp = create<AppState>(() => ({
  inputs: [], scenario: null, analysed: [],
  status: 'idle', progress: null, summary: null, graph: null, error: null, notice: null, lastMs: null,
  view: 'topology', theme: prefersLight ? 'light' : 'dark', groupByNamespace: false, expandedNodes: [], chainsHost: null, chainsGraph: null,
  expandedFamilies: [], selected: null, details: null, focusId: null, hovered: null, inputsFolded: false, showLine: null, whatIf: {},
  from: '', to: '', established: false, trace: null, traceError: null, traceNotice: null, branch: 0, pathStep: null, playing: false, speed: 1,
  whatIfReport: null, whatIfError: null, capturedGraph: null, capturedTrace: null, split: false, whatIfMs: null,
  walkList: null, walk: null, walkProblem: null,
}));

export const setApp = useApp.setState;
