/** Sends the store's files to the pipeline worker and stores the answer; the page stays responsive meanwhile. */
import { useAnalysis } from './store.ts';
import type { InputFile } from '../core/ingest/ingest.ts';

let worker: Worker | null = null;
let seq = 0;

export function analyse(files: InputFile[], scenario: string | null): void {
  worker ??= new Worker(new URL('../workers/pipeline.worker.ts', import.meta.url), { type: 'module' });
  const id = ++seq;
  useAnalysis.getState().setFiles(files, scenario);
  worker.onmessage = (e: MessageEvent) => {
    const msg = e.data as { id: number; ok: boolean; snapshot?: never; graph?: never; error?: string };
    if (msg.id !== seq) return; // a newer request superseded this one
    if (msg.ok && msg.snapshot && msg.graph) useAnalysis.getState().setResult(msg.snapshot, msg.graph);
    else useAnalysis.getState().setError(msg.error ?? 'analysis failed');
  };
  worker.postMessage({ id, files });
}
