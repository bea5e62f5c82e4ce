/**
 * Browser benchmark (Playwright, headless Debian Chromium): drops a bundle of 5 nodes × 250 pods × ~30,000
 * iptables rules on the built app and prints drop→painted time and the longest main-thread task
 * (PerformanceObserver 'longtask'). Targets (issue "App"): ≤ 2.5 s and ≤ 200 ms. Run `npm run build` first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

import { NODES, PODS, SERVICES, writeBundle } from './five-node-bundle.ts';

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pp-scale-'));
  const bundle = writeBundle(root);

  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '4175', '--strictPort'], { stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    for (let i = 0; i < 60; i++) {
      try { await page.goto('http://127.0.0.1:4175/'); break; } catch { await new Promise((r) => setTimeout(r, 500)); }
    }
    await page.waitForFunction(() => (window as unknown as { __packetpath: { status(): string } }).__packetpath.status() === 'ready');
    const runs: { painted: number; longest: number; nodes: number; parseMs: number }[] = [];
    for (let run = 0; run < 3; run++) {
      await page.evaluate(() => {
        const w = window as unknown as { __bench: { t0: number; longest: number; painted: number } };
        // no start yet: the clean-up below (removing the previous run's inputs) is not part of the measured window
        w.__bench = { t0: Number.POSITIVE_INFINITY, longest: 0, painted: 0 };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.startTime >= w.__bench.t0) w.__bench.longest = Math.max(w.__bench.longest, e.duration);
        }).observe({ type: 'longtask' });
        // clear the previous run's inputs so every run drops the whole bundle on a small page
        for (const b of Array.from(document.querySelectorAll('[data-testid="input.remove"]'))) (b as HTMLButtonElement).click();
      });
      await page.waitForFunction(() => (window as unknown as { __packetpath: { status(): string; graph(): { nodes: unknown[] } } }).__packetpath.graph().nodes.length === 0);
      await page.waitForTimeout(500);
      await page.evaluate(() => { (window as unknown as { __bench: { t0: number } }).__bench.t0 = performance.now(); });
      await page.getByTestId('input.folder').setInputFiles(bundle);
      try {
        // checked every animation frame in the page: ready, and the canvas painted the new graph
        await page.waitForFunction(() => {
          const w = window as unknown as { __bench: { painted: number }; __packetpath: { status(): string } };
          const painted = Number(document.querySelector('[data-testid="topology.canvas"]')?.getAttribute('data-painted') ?? 0);
          if (w.__packetpath.status() !== 'ready' || painted === 0) return false;
          w.__bench.painted = performance.now();
          return true;
        }, null, { timeout: 60_000, polling: 'raf' });
      } catch (err) {
        await page.screenshot({ path: join(tmpdir(), 'pp-scale-failure.png') });
        console.error('not painted after 60 s; status:', await page.getByTestId('app.status').textContent(), '— screenshot', join(tmpdir(), 'pp-scale-failure.png'));
        throw err;
      }
      await page.waitForTimeout(300);
      const r = await page.evaluate(() => {
        const w = window as unknown as { __bench: { t0: number; longest: number; painted: number }; __packetpath: { graph(): { nodes: unknown[] } } };
        return { painted: w.__bench.painted - w.__bench.t0, longest: w.__bench.longest, nodes: w.__packetpath.graph().nodes.length,
          parseMs: Number((document.querySelector('[data-testid="app.status"]')?.textContent ?? '').match(/(\d+) ms/)?.[1] ?? NaN) };
      });
      runs.push(r);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    console.log(`scale benchmark: ${NODES} nodes × ${PODS} pods × ${SERVICES * 11} rules per node, Chromium headless`);
    for (const [i, r] of runs.entries()) console.log(`  run ${i + 1}: drop→painted ${r.painted.toFixed(0)} ms (worker pipeline ${r.parseMs} ms), longest main-thread task ${r.longest.toFixed(0)} ms, ${r.nodes} graph elements`);
    const p = median(runs.map((r) => r.painted));
    const l = median(runs.map((r) => r.longest));
    console.log(`  median drop→painted ${p.toFixed(0)} ms = ${(p / 2500).toFixed(2)}× the 2.5 s target; median longest task ${l.toFixed(0)} ms = ${(l / 200).toFixed(2)}× the 200 ms target`);
  } finally {
    await browser.close();
    server.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
