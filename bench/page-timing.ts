/**
 * Timing a user action in the built app, for the browser benchmarks (bench:layout, bench:scale). The machine these
 * run on is often shared: with its cores busy, a page's task takes several times its CPU time in wall time. So each
 * action is timed both ways — wall time from the page (performance.now) and each thread's CPU time from a Chromium
 * trace (a task's `tdur`: what the task cost, however busy the machine) — and paired with a reference measured just
 * before it on the same main thread, a fixed loop: its time says how loaded the machine was for that run, and a
 * figure ÷ the reference compares runs made under different loads.
 */
import type { Page } from '@playwright/test';

export interface Timed {
  /** Wall time of the action (ms), as the page measured it. */
  wall: number;
  /** The main thread's longest task in wall time (ms, what a long-task observer reports), and the most CPU time one task took (ms). */
  longestWall: number;
  longestCpu: number;
  /** CPU time of the main thread and of the worker during the action (ms). */
  mainCpu: number;
  workerCpu: number;
  /** The reference loop's wall time just before (ms). */
  reference: number;
}

/** The reference loop: 20 million integer steps on the page's main thread, run three times (the first compiles it); the last counts. */
export const referenceLoop = (page: Page): Promise<number> => page.evaluate(() => {
  const loop = (): number => {
    const t0 = performance.now();
    let x = 0;
    for (let i = 0; i < 2e7; i++) x = (x * 31 + i) | 0;
    return performance.now() - t0 + (x === 0.5 ? 1 : 0);
  };
  loop();
  loop();
  return loop();
});

/** Stops a server started with `detached: true` (its whole process group: npx and the vite it started). */
export function stopServer(pid: number | undefined): void {
  try { if (pid) process.kill(-pid); } catch { /* already gone */ }
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

/**
 * Runs `act` (which starts the action and resolves with its wall time, measured in the page) under a Chromium
 * trace, and reports it with the CPU time of the page's main thread and worker.
 */
export async function timeAction(page: Page, act: () => Promise<number>): Promise<Timed> {
  const reference = await referenceLoop(page);
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => { events.push(...(d.value as unknown as TraceEvent[])); });
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const wall = await act();
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const tasksOf = (thread: string) => {
    const t = events.find((e) => e.name === 'thread_name' && e.args?.name === thread);
    return t ? events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ph === 'X' && e.name === 'RunTask') : [];
  };
  const main = tasksOf('CrRendererMain');
  const worker = tasksOf('DedicatedWorker thread');
  const longest = main.reduce<TraceEvent | null>((a, e) => ((e.dur ?? 0) > (a?.dur ?? 0) ? e : a), null);
  const cpu = (xs: TraceEvent[]) => xs.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  return {
    wall, reference, longestWall: (longest?.dur ?? 0) / 1000, longestCpu: Math.max(0, ...main.map((e) => e.tdur ?? 0)) / 1000,
    mainCpu: cpu(main), workerCpu: cpu(worker),
  };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
