/**
 * The page's side of the pipeline worker: one request at a time per kind, answers as promises. Cancelling
 * an analysis terminates the worker (the only way to stop a running parse) and starts a fresh one.
 */
import type { Envelope, Request, Response } from '../workers/protocol.ts';

type Pending = { resolve: (r: Response) => void; onProgress?: (done: number, total: number) => void };

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, Pending>();

function ensureWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('../workers/pipeline.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<Envelope<Response>>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    if (e.data.body.type === 'progress') { p.onProgress?.(e.data.body.done, e.data.body.total); return; }
    pending.delete(e.data.id);
    p.resolve(e.data.body);
  };
  return worker;
}

export function ask(body: Request, onProgress?: (done: number, total: number) => void): Promise<Response> {
  const w = ensureWorker();
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, { resolve, ...(onProgress ? { onProgress } : {}) });
    w.postMessage({ id, body } satisfies Envelope<Request>);
  });
}

/** Stops whatever the worker is doing; pending requests answer with a cancellation. */
export function cancelWorker(): void {
  worker?.terminate();
  worker = null;
  for (const p of pending.values()) p.resolve({ type: 'error', error: 'cancelled' });
  pending.clear();
}

