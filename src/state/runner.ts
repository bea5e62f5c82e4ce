/**
 * The page's side of the pipeline worker: requests answered as promises. Cancelling an analysis terminates the
 * worker (the only way to stop a running parse); the next request starts a fresh one. A worker that dies — an
 * error nothing caught (its own `fatal` report, or `onerror`), a script that would not load, a message that could
 * not be read — answers every waiting request with an error saying so (`died`), never leaves one waiting, and is
 * replaced by a new worker on the next request.
 */
import { startWorker } from '../workers/launch.ts';
import { joinParts, type Envelope, type Lifecycle, type Request, type Response } from '../workers/protocol.ts';

type Pending = { resolve: (r: Response) => void; onProgress?: (done: number, total: number) => void; parts?: unknown[][] };

let worker: Promise<Worker> | null = null;
/** The current worker said `ready`: its script ran; dying after that is dying on a request. */
let ready = false;
let seq = 0;
const pending = new Map<number, Pending>();

/** Stops the worker and answers everything waiting with `answer`. */
function settleAll(answer: Response): void {
  const w = worker;
  worker = null;
  void w?.then((x) => x.terminate(), () => {});
  for (const p of pending.values()) p.resolve(answer);
  pending.clear();
}

function died(why: string): void {
  settleAll(ready
    ? { type: 'error', error: `The analysis worker stopped: ${why}`, died: 'running' }
    : { type: 'error', error: `The analysis worker could not start: ${why}`, died: 'start' });
}

function ensureWorker(): Promise<Worker> {
  if (worker) return worker;
  ready = false;
  const started = startWorker().then((w) => {
    // events of a worker already replaced (cancelled, or dead) are no longer anyone's concern
    const current = () => worker === started;
    w.onmessage = (e: MessageEvent<Envelope<Response | Lifecycle>>) => {
      if (!current()) return;
      const { id, body } = e.data;
      if (body.type === 'ready') { ready = true; return; }
      if (body.type === 'fatal') { died(body.error); return; }
      const p = pending.get(id);
      if (!p) return;
      if (body.type === 'progress') { p.onProgress?.(body.done, body.total); return; }
      if (body.type === 'part') { (p.parts ??= []).push(body.items); return; }
      pending.delete(id);
      p.resolve(joinParts(body, p.parts ?? []));
    };
    w.onerror = (e: ErrorEvent) => {
      if (!current()) return;
      e.preventDefault();
      // a script that failed to load gives an event with no message
      died(e.message ? e.message.replace(/^Uncaught /, '') : 'its script could not be loaded or run');
    };
    w.onmessageerror = () => { if (current()) died('one of its answers could not be read'); };
    return w;
  });
  worker = started;
  started.catch((err: unknown) => { if (worker === started) died(err instanceof Error ? err.message : String(err)); });
  return started;
}

export function ask(body: Request, onProgress?: (done: number, total: number) => void): Promise<Response> {
  const id = ++seq;
  return new Promise((resolve) => {
    pending.set(id, { resolve, ...(onProgress ? { onProgress } : {}) });
    ensureWorker().then((w) => {
      if (!pending.has(id)) return;
      try { w.postMessage({ id, body } satisfies Envelope<Request>); } catch (err) {
        pending.delete(id);
        resolve({ type: 'error', error: `The request could not be sent to the analysis worker: ${(err as Error).message}` });
      }
    }, () => {});
  });
}

/** Stops whatever the worker is doing; waiting requests answer `cancelled`. */
export function cancelWorker(): void {
  settleAll({ type: 'cancelled' });
}
