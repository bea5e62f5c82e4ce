/**
 * Mode toggle time: choosing another mode for the nodes rewires them (what-if synthesis), redraws the topology and
 * re-runs the trace on screen. Targets (issue 13): ≤ 200 ms on any built-in scenario, ≤ 1 s on the 5-node bundle
 * (5 nodes × 250 pods × ~30,000 rules). Printed two ways:
 *  - in Node, the core's share: synthesis, graph, first trace of the what-if (CPU time beside wall time);
 *  - in headless Chromium on the built app, what a user waits for: from the mode bar's change to the what-if's trace
 *    on screen and the canvas painted (the worker's synthesis and trace, the page's layout and paint).
 * Run `npm run build` first (npm run bench:toggle does).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { buildModel } from '../src/core/pipeline.ts';
import { readInputs } from '../src/cli/files.ts';
import { buildGraph } from '../src/core/graph/graph.ts';
import { synthesizeWhatIf } from '../src/core/profiles/whatif/synthesize.ts';
import { traceWhatIf } from '../src/core/profiles/whatif/trace.ts';
import type { Snapshot } from '../src/core/model/types.ts';
import { NODES, PODS, SERVICES, writeBundle } from './five-node-bundle.ts';

const seed = (n: string) => readFileSync(new URL(`../src/scenarios/seed-${n}.txt`, import.meta.url), 'utf8');
const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const fmt = (n: number) => n.toFixed(1).padStart(7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** A scenario, the flow on screen, and the mode every node is toggled to (one the capture is not in). */
interface Case { name: string; scenario?: string; snap: () => Snapshot; from: string; to: string; mode: string }

const root = mkdtempSync(join(tmpdir(), 'pp-toggle-'));
const bundle = writeBundle(root);
const cases: Case[] = [
  { name: 'seed 000 (Azure CNI + NPM) → kubenet', scenario: 'azure-cni-npm', snap: () => buildModel([{ path: 'seed-000.txt', text: seed('000') }]),
    from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443', mode: 'kubenet+none' },
  { name: 'seed 001 (Azure CNI + Calico) → Overlay + Calico', scenario: 'azure-cni-calico', snap: () => buildModel([{ path: 'seed-001.txt', text: seed('001') }]),
    from: 'default/kuard-vnode', to: '10.13.76.19:8080', mode: 'azure-cni-overlay+calico' },
  { name: 'seed 002 (kubenet) → Azure CNI', scenario: 'kubenet-azure-cni', snap: () => buildModel([{ path: 'seed-002.txt', text: seed('002') }]),
    from: '10.100.1.18', to: '8.8.8.8:443', mode: 'azure-cni+none' },
  { name: 'seed 003 (two clusters) → Calico VXLAN', scenario: 'transparent-calico', snap: () => buildModel([{ path: 'seed-003.txt', text: seed('003') }]),
    from: '10.244.0.10', to: '10.240.0.4', mode: 'calico-vxlan+calico' },
  { name: 'seed 004 (four nodes) → Azure CNI bridge', scenario: 'azure-cni-modes', snap: () => buildModel([{ path: 'seed-004.txt', text: seed('004') }]),
    from: 'default/nginx', to: '8.8.8.8:443', mode: 'azure-cni-bridge+none' },
  { name: `5-node bundle (${NODES} × ${PODS} pods × ${SERVICES * 11} rules) → Azure CNI`, snap: () => buildModel(readInputs([bundle]).files),
    from: 'ns0/pod-0-0', to: 'ns1/pod-1-1:8080', mode: 'azure-cni+none' },
];

function inNode(c: Case): { synth: number; graph: number; trace: number; cpu: number; verdict: string } {
  const snap = c.snap();
  const c0 = cpuMs();
  const t0 = performance.now();
  const w = synthesizeWhatIf(snap, Object.fromEntries(snap.hosts.map((h) => [h.name, c.mode])));
  const t1 = performance.now();
  if ('error' in w) throw new Error(w.error);
  buildGraph(w.snapshot, { collapseAbove: 40 });
  const t2 = performance.now();
  const t = traceWhatIf(w, { from: c.from, to: c.to });
  const t3 = performance.now();
  return { synth: t1 - t0, graph: t2 - t1, trace: t3 - t2, cpu: cpuMs() - c0, verdict: 'error' in t ? t.error : t.verdict };
}

/**
 * In the page: sets the mode bar's select as a user would (React sees a change event), then, every frame, waits until
 * the trace on screen is the what-if's for every node and the canvas painted after it.
 */
async function toggleInPage(page: Page, mode: string): Promise<number> {
  return page.evaluate(async (m) => {
    type Hook = { whatIf(): { modes: Record<string, string> }; trace(): { whatIf?: { modes: Record<string, string> } } | null };
    const hook = (window as unknown as { __packetpath: Hook }).__packetpath;
    const all = document.querySelector<HTMLSelectElement>('[data-testid="modebar.all"]');
    const [plugin, policy] = m.split('+');
    const t0 = performance.now();
    const set = (el: HTMLSelectElement, v: string) => {
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set?.call(el, v);
      el.dispatchEvent(new Event('change', { bubbles: true }));
    };
    // one change, as a user makes it: the all-nodes select, or (one node) the plugin select, which keeps the node's
    // policy engine where the plugin runs it and else takes the plugin's first (the cases are chosen so that is `m`)
    if (all) set(all, m);
    else set(document.querySelector<HTMLSelectElement>('[data-testid="modebar.plugin"]') as HTMLSelectElement, plugin as string);
    return new Promise<number>((resolve, reject) => {
      const give = setTimeout(() => reject(new Error(`no what-if trace on screen 60 s after choosing ${m}`)), 60_000);
      const check = () => {
        const modes = hook.trace()?.whatIf?.modes ?? {};
        const done = Object.keys(hook.whatIf().modes).length > 0 && Object.values(modes).length > 0 && Object.values(modes).every((x) => x === `${plugin}+${policy}`);
        // one more frame: the canvas paints what the trace panel and the graph now say
        if (done) { clearTimeout(give); requestAnimationFrame(() => resolve(performance.now() - t0)); }
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, mode);
}

async function inBrowser(): Promise<Map<string, number[]>> {
  const port = Number(process.env.SHOOT_PORT ?? 4302);
  // the vite binary itself, not npx: killing npx would leave its server behind
  const server = spawn('node_modules/.bin/vite', ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const out = new Map<string, number[]>();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('crash', () => console.error('the page crashed'));
    for (let i = 0; i < 60; i++) { try { await page.goto(`http://127.0.0.1:${port}/`); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
    const ready = () => page.waitForFunction(() => (window as unknown as { __packetpath: { status(): string } }).__packetpath.status() === 'ready', null, { timeout: 120_000 });
    await ready();
    for (const c of cases) {
      if (process.env.BENCH_ONLY && !c.name.includes(process.env.BENCH_ONLY)) continue;
      const runs: number[] = [];
      for (let run = 0; run < 3; run++) {
        if (c.scenario) await page.getByTestId('scenario.pick').selectOption(c.scenario);
        else {
          await page.getByTestId('scenario.pick').selectOption('');
          const remove = page.getByTestId('input.remove');
          while (await remove.count()) await remove.first().click();
          await page.getByTestId('input.folder').setInputFiles(bundle);
        }
        await ready();
        await page.getByTestId('trace.from').fill(c.from);
        await page.getByTestId('trace.to').fill(c.to);
        await page.getByTestId('trace.run').click();
        await page.getByTestId('trace.verdict').waitFor({ timeout: 120_000 });
        await page.waitForTimeout(300);
        runs.push(await toggleInPage(page, c.mode));
        await page.getByTestId('modebar.reset-all').click();
        await page.waitForTimeout(300);
      }
      out.set(c.name, runs);
    }
  } finally {
    await browser.close();
    server.kill();
  }
  return out;
}

console.log(`mode toggle benchmark (${process.version}; Chromium headless for the app)`);
console.log('  in Node (the core): synthesis + graph + first trace of the what-if');
const nodeTotals: number[] = [];
for (const c of cases) {
  if (process.env.BENCH_ONLY && !c.name.includes(process.env.BENCH_ONLY)) continue;
  const r = inNode(c);
  nodeTotals.push(r.synth + r.graph + r.trace);
  console.log(`    ${c.name.padEnd(64)} synth ${fmt(r.synth)}  graph ${fmt(r.graph)}  trace ${fmt(r.trace)}  = ${fmt(r.synth + r.graph + r.trace)} ms (cpu ${fmt(r.cpu)})  → ${r.verdict}`);
}
const browser = await inBrowser();
console.log('  in the app (mode bar change → what-if trace on screen, canvas painted), 3 runs, median');
for (const [i, c] of cases.entries()) {
  const runs = browser.get(c.name);
  if (!runs) continue;
  const target = i === cases.length - 1 ? 1000 : 200;
  console.log(`    ${c.name.padEnd(64)} ${runs.map((x) => fmt(x)).join(' ')}  median ${fmt(median(runs))} ms = ${(median(runs) / target).toFixed(2)}× the ${target} ms target`);
}
rmSync(root, { recursive: true, force: true });
