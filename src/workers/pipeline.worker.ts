/// <reference lib="webworker" />
/** Runs the core pipeline off the main thread: files in, snapshot + graph + input summaries out. */
import { runPipeline } from '../core/pipeline.ts';
import { buildGraph } from '../core/graph/graph.ts';
import type { InputFile } from '../core/ingest/ingest.ts';

export interface PipelineRequest { id: number; files: InputFile[] }

self.onmessage = (e: MessageEvent<PipelineRequest>) => {
  const { id, files } = e.data;
  try {
    const { snapshot } = runPipeline(files);
    self.postMessage({ id, ok: true, snapshot, graph: buildGraph(snapshot) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: (err as Error).message });
  }
};
