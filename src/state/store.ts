/** The app's one zustand store: inputs, the last analysis, and its status. */
import { create } from 'zustand';
import type { Snapshot } from '../core/model/types.ts';
import type { GraphSpec } from '../core/graph/graph.ts';
import type { InputFile } from '../core/ingest/ingest.ts';

export interface AnalysisState {
  scenario: string | null;
  files: InputFile[];
  status: 'idle' | 'parsing' | 'ready' | 'error';
  error?: string;
  snapshot?: Snapshot;
  graph?: GraphSpec;
  setFiles: (files: InputFile[], scenario: string | null) => void;
  setResult: (snapshot: Snapshot, graph: GraphSpec) => void;
  setError: (error: string) => void;
}

export const useAnalysis = create<AnalysisState>((set) => ({
  scenario: null,
  files: [],
  status: 'idle',
  setFiles: (files, scenario) => set({ files, scenario, status: 'parsing' }),
  setResult: (snapshot, graph) => set({ snapshot, graph, status: 'ready' }),
  setError: (error) => set({ error, status: 'error' }),
}));
