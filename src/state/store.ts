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
import type { WhatIfReport } from '../core/profiles/whatif/synthesize.ts';
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
}

export interface WhatIfSlice {
  /** Node name → `<plugin>+<policy>` it is shown as (`azure-cni-overlay+calico`); empty: every node as captured. */
  whatIf: Record<string, string>;
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

export type AppState = InputsSlice & AnalysisSlice & ViewSlice & TraceSlice & WhatIfSlice;

const prefersLight = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches;

export const useApp = create<AppState>(() => ({
  inputs: [], scenario: null, analysed: [],
  status: 'idle', progress: null, summary: null, graph: null, error: null, notice: null, lastMs: null,
  view: 'topology', theme: prefersLight ? 'light' : 'dark', groupByNamespace: false, expandedNodes: [], chainsHost: null, chainsGraph: null,
  expandedFamilies: [], selected: null, details: null, focusId: null, showLine: null,
  from: '', to: '', established: false, trace: null, traceError: null, branch: 0,
  whatIf: {}, whatIfReport: null, whatIfError: null, capturedGraph: null, capturedTrace: null, split: false, whatIfMs: null,
}));

export const setApp = useApp.setState;
