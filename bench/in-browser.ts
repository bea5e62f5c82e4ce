/**
 * Runs PacketPath's pipeline where the app runs it: in a Web Worker of headless Chromium (Debian's, as the
 * end-to-end tests use). The pipeline is bundled for the browser with esbuild, the worker is started from that
 * bundle, inputs are sent to it once, and each run is timed inside the worker with performance.now(), so neither
 * the page nor the copy of a 20 MB text into the worker is counted.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from '@playwright/test';

/** The worker's side: keeps texts by key; `run` times one pipeline run after a full collection. */
const WORKER_TAIL = `
const texts = new Map();
self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'load') { texts.set(m.key, m.text); postMessage({ id: m.id }); return; }
  self.gc?.();
  const t0 = performance.now();
  PacketPathBench.runPipeline([{ path: m.path, node: 'bench', text: texts.get(m.key) }]);
  postMessage({ id: m.id, ms: performance.now() - t0 });
};`;

type WorkerWindow = { benchCall(message: Record<string, unknown>): Promise<{ ms?: number }> };

export class BrowserPipeline {
  private constructor(private readonly browser: Browser, private readonly page: Page, readonly version: string) {}

  /** The runner, or why Chromium could not be started here. */
  static async start(): Promise<BrowserPipeline | string> {
    const bundled = await build({
      stdin: { contents: "export { runPipeline } from './src/core/pipeline.ts';", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true, format: 'iife', globalName: 'PacketPathBench', platform: 'browser', write: false, logLevel: 'warning',
    });
    const code = `${bundled.outputFiles[0]?.text ?? ''}\n${WORKER_TAIL}`;
    let browser: Browser;
    try {
      // --expose-gc: each run starts after a full collection, as the Node runs do
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc'] });
    } catch (e) {
      return (e as Error).message.split('\n')[0] ?? 'Chromium did not start';
    }
    const page = await browser.newPage();
    await page.evaluate((source) => {
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const waiting = new Map<number, (v: { ms?: number }) => void>();
      let next = 0;
      worker.onmessage = (e: MessageEvent<{ id: number; ms?: number }>) => { waiting.get(e.data.id)?.(e.data); waiting.delete(e.data.id); };
      (window as unknown as WorkerWindow).benchCall = (message) => new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        worker.postMessage({ ...message, id });
      });
    }, code);
    return new BrowserPipeline(browser, page, browser.version());
  }

  /** Sends `text` to the worker once, under `key`. */
  async load(key: string, text: string): Promise<void> {
    await this.page.evaluate(([k, t]) => (window as unknown as WorkerWindow).benchCall({ type: 'load', key: k, text: t }), [key, text] as const);
  }

  /** One timed pipeline run on the text loaded as `key`, as a file named `path`: milliseconds. */
  async run(key: string, path: string): Promise<number> {
    const r = await this.page.evaluate(([k, p]) => (window as unknown as WorkerWindow).benchCall({ type: 'run', key: k, path: p }), [key, path] as const);
    return r.ms ?? Number.NaN;
  }

  async close(): Promise<void> { await this.browser.close(); }
}
