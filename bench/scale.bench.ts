/**
 * Browser benchmark (Playwright, headless Debian Chromium): drops a bundle of 5 nodes × 250 pods × ~30,000
 * iptables rules on the built app and prints drop→painted time, the worker's pipeline time and the longest
 * main-thread task, in wall time and in CPU time, beside a reference loop run just before (page-timing.ts).
 * Targets (issue #12): ≤ 1 s and ≤ 100 ms. `npm run bench:scale` builds first. BENCH_PORT picks the preview port
 * (default 4175), BENCH_RUNS the runs (default 5), BENCH_DIST another build to measure (main's, to compare).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { NODES, PODS, SERVICES, writeBundle } from './five-node-bundle.ts';
import { median, stopServer, timeAction, type Timed } from './page-timing.ts';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pp-scale-'));
  const bundle = writeBundle(root);

  const port = Number(process.env.BENCH_PORT ?? 4175);
  // another build to compare with (BENCH_DIST=…/dist of a checkout of main, say); the one `npm run` just built by default
  const dist = process.env.BENCH_DIST ?? 'dist';
  const server = spawn('npx', ['vite', 'preview', '--outDir', dist, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    for (let i = 0; i < 60; i++) {
      try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await new Promise((r) => setTimeout(r, 500)); }
    }
    await page.waitForFunction(() => (window as unknown as { __packetpath: { status(): string } }).__packetpath.status() === 'ready');
    type W = { __t0: number; __packetpath: { status(): string; graph(): { nodes: unknown[] } } };
    const runs: (Timed & { nodes: number; pipelineMs: number })[] = [];
    for (let run = 0; run < Number(process.env.BENCH_RUNS ?? 5); run++) {
      // clear the previous run's inputs so every run drops the whole bundle on a small page (not part of the measure)
      await page.evaluate(() => { for (const b of Array.from(document.querySelectorAll('[data-testid="input.remove"]'))) (b as HTMLButtonElement).click(); });
      await page.waitForFunction(() => (window as unknown as W).__packetpath.graph().nodes.length === 0);
      await page.waitForTimeout(500);
      const t = await timeAction(page, async () => {
        await page.evaluate(() => { (window as unknown as W).__t0 = performance.now(); });
        await page.getByTestId('input.folder').setInputFiles(bundle);
        try {
          // checked every animation frame in the page: ready, and the canvas painted the new graph
          const done = await page.waitForFunction(() => {
            const w = window as unknown as W;
            const painted = Number(document.querySelector('[data-testid="topology.canvas"]')?.getAttribute('data-painted') ?? 0);
            return w.__packetpath.status() === 'ready' && painted > 0 ? performance.now() - w.__t0 : false;
          }, null, { timeout: 60_000, polling: 'raf' });
          const wall = (await done.jsonValue()) as number;
          await page.waitForTimeout(300);
          return wall;
        } catch (err) {
          await page.screenshot({ path: join(tmpdir(), 'pp-scale-failure.png') });
          console.error('not painted after 60 s; status:', await page.getByTestId('app.status').textContent(), '— screenshot', join(tmpdir(), 'pp-scale-failure.png'));
          throw err;
        }
      });
      runs.push({ ...t, ...(await page.evaluate(() => ({ nodes: (window as unknown as W).__packetpath.graph().nodes.length,
        pipelineMs: Number((document.querySelector('[data-testid="app.status"]')?.textContent ?? '').match(/(\d+) ms/)?.[1] ?? NaN) }))) });
    }
    console.log(`scale benchmark: ${NODES} nodes × ${PODS} pods × ${SERVICES * 11} rules per node, Chromium headless`);
    for (const [i, r] of runs.entries()) {
      console.log(`  run ${i + 1}: drop→painted ${r.wall.toFixed(0)} ms (worker pipeline ${r.pipelineMs} ms, worker CPU ${r.workerCpu.toFixed(0)} ms), longest main-thread task ${r.longestWall.toFixed(0)} ms wall, `
        + `most CPU in one task ${r.longestCpu.toFixed(0)} ms, main-thread CPU ${r.mainCpu.toFixed(0)} ms, ${r.nodes} graph elements; reference loop ${r.reference.toFixed(0)} ms`);
    }
    const m = (k: 'wall' | 'pipelineMs' | 'longestWall' | 'longestCpu' | 'mainCpu' | 'reference') => median(runs.map((r) => r[k]));
    console.log(`  median drop→painted ${m('wall').toFixed(0)} ms = ${(m('wall') / 1000).toFixed(2)}× the 1 s target, of which the worker's pipeline ${m('pipelineMs').toFixed(0)} ms; `
      + `longest task ${m('longestWall').toFixed(0)} ms wall = ${(m('longestWall') / 100).toFixed(2)}× the 100 ms target, ${m('longestCpu').toFixed(0)} ms CPU = ${(m('longestCpu') / 100).toFixed(2)}×; `
      + `reference loop ${m('reference').toFixed(0)} ms (wall ÷ reference: ${(m('wall') / m('reference')).toFixed(2)})`);
  } finally {
    await browser.close();
    stopServer(server.pid);
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
