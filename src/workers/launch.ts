/**
 * Starts the pipeline worker (page side). Served over http(s), the worker is its own file, from 'self'. Opened from
 * file:// (an offline workshop), Chromium refuses any worker from a file URL, so the page loads that same file as a
 * classic script — which, outside a worker, only hands over its own source (see the wrapper in vite.config.ts) — and
 * starts the worker from a blob: URL of it; the page's CSP allows blob: workers for this alone, and a page served
 * over http(s) narrows its own policy to workers from 'self' (tightenWorkerPolicy).
 */
import workerUrl from './pipeline.worker.ts?worker&url';

declare global {
  interface Window { __packetpathWorkerSource?: string }
}

const fromFile = (): boolean => location.protocol === 'file:';

function sourceByScript(): Promise<string> {
  if (window.__packetpathWorkerSource) return Promise.resolve(window.__packetpathWorkerSource);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = workerUrl;
    script.onload = () => (window.__packetpathWorkerSource ? resolve(window.__packetpathWorkerSource) : reject(new Error(`${workerUrl} handed over no worker source`)));
    script.onerror = () => reject(new Error(`could not load ${workerUrl}`));
    document.head.append(script);
  });
}

export async function startWorker(): Promise<Worker> {
  // the dev server serves the worker as an ES module; the build makes it a classic script (vite.config.ts)
  if (import.meta.env.DEV) return new Worker(workerUrl, { type: 'module' });
  if (!fromFile()) return new Worker(workerUrl);
  const source = await sourceByScript();
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

/** Served over http(s), the page needs no blob: worker: a second policy (policies only ever narrow) forbids them. */
export function tightenWorkerPolicy(): void {
  if (fromFile() || import.meta.env.DEV) return;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "worker-src 'self'";
  document.head.prepend(meta);
}
