import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/**
 * The built page's Content-Security-Policy: scripts, styles and workers from the page's own origin only, no inline
 * script, no eval, no request off the origin (`connect-src 'self'`), nothing framed or posted. `blob:` workers are
 * for file:// alone, where Chromium starts no worker from a file (src/workers/launch.ts); a page served over
 * http(s) narrows this to `worker-src 'self'` as it starts. The one inline style allowed, by its hash, is the rule
 * Cytoscape puts in the page for its container. The dev server has no CSP (its HMR injects inline code).
 */
const CYTOSCAPE_STYLE = '.__________cytoscape_container { position: relative; }';
const CSP = [
  "default-src 'none'", "script-src 'self'", "worker-src 'self' blob:", "connect-src 'self'",
  `style-src 'self' 'sha256-${createHash('sha256').update(CYTOSCAPE_STYLE).digest('base64')}'`,
  "img-src 'self'", "font-src 'self'", "manifest-src 'self'", "base-uri 'none'", "form-action 'none'", "object-src 'none'",
].join('; ');

/**
 * The built page opens from file:// too (an offline workshop): relative asset paths (`base: './'`), and a classic
 * script, since Chromium loads no module script from a file URL (nor a `crossorigin` one). The CSP comes right
 * after the charset, before anything it governs.
 */
function builtPage(): Plugin {
  return {
    name: 'packetpath-built-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html
        .replace(/<meta charset="UTF-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`)
        .replace(/<script type="module" crossorigin /g, '<script defer ').replace(/ crossorigin(?=[ >])/g, ''),
    },
  };
}

/**
 * The worker's bundle, wrapped: run in a worker, it is the worker; loaded by a page as a classic script (how a page
 * opened from file:// gets it), it runs nothing and hands over its own source for a blob: worker.
 */
function selfDescribingWorker(): Plugin {
  return {
    name: 'packetpath-self-describing-worker',
    renderChunk: (code, chunk) => (chunk.isEntry
      ? `(function (run) { if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) run(); `
        + `else self.__packetpathWorkerSource = '(' + run + ')()'; })(function () {\n${code}\n});\n`
      : null),
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), tailwindcss(), builtPage()],
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
  worker: { format: 'iife', plugins: () => [selfDescribingWorker()] },
  // one classic script and one stylesheet: what file:// can load
  // (Vite's preload helper, unused with nothing split off, reads import.meta, which a classic script has not: that the
  // bundler replaces it is expected, not a warning)
  build: { cssCodeSplit: false, rollupOptions: { output: { format: 'iife' }, checks: { emptyImportMeta: false } } },
  test: {
    // Core tests run in plain Node: src/core must not need a DOM.
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
