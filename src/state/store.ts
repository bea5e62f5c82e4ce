/**
 * The app's one zustand store, built from slices: inputs (what the user gave), analysis (what the worker
 * made of it), view (topology or chains, selection, theme) and trace (the flow and its answer).
 */
import { create } from 'zustand';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphSpec } from '../core/graph/graph.ts';
import type { Details } from '../core/graph/details.ts';
import type { Trace } from '../core/trace/types.ts';
import type { Summary } from '../workers/protocol.ts';
import type { ThemeName } from '../ui/theme/tokens.ts';

export type InputOrigin = 'scenario' | 'paste' | 'file' | 'folder' | 'zip';
export interface InputEntry { id: string; origin: InputOrigin; file: InputFile }

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
}

export interface TraceSlice {
  from: string;
  to: string;
  /** Trace a packet of an existing connection (a reply): conntrack state ESTABLISHED instead of NEW. */
  established: boolean;
  trace: Trace | null;
  traceError: string | null;
  branch: number;
  /** The packet marker's step (1-based, as the trace panel numbers them); null: no marker. */
  pathStep: number | null;
  /** The marker moves on by itself, one step every 1 / speed seconds. */
  playing: boolean;
  speed: number;
}

export type AppState = InputsSlice & AnalysisSlice & ViewSlice & TraceSlice;

const prefersLight = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches;

export const useApp = create<AppState>(() => ({
  inputs: [], scenario: null, analysed: [],
  status: 'idle', progress: null, summary: null, graph: null, error: null, notice: null, lastMs: null,
  view: 'topology', theme: prefersLight ? 'light' : 'dark', groupByNamespace: false, expandedNodes: [], chainsHost: null, chainsGraph: null,
  expandedFamilies: [], selected: null, details: null, focusId: null, hovered: null, inputsFolded: false, showLine: null,
  from: '', to: '', established: false, trace: null, traceError: null, branch: 0, pathStep: null, playing: false, speed: 1,
}));

export const setApp = useApp.setState;
