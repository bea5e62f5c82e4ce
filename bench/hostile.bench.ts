/**
 * The trace on hostile rule sets (bench/hostile-rules.ts): each case runs in a child Node process of its own (a
 * case that never returns or runs out of memory must not take the others with it), bounded to 60 s and a 4 GiB
 * heap. Prints, per case: model time, trace time, peak resident memory (the child's VmHWM, read while it runs),
 * the verdict and the number of branches — or how it failed. Goal (issue 17): every case answers in well under
 * 2 s and a few hundred MB.
 *   npm run bench:hostile            all cases
 *   npm run bench:hostile -- NAME    one case
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HOSTILE, hostileInputs } from './hostile-rules.ts';
import { buildModel } from '../src/core/pipeline.ts';
import { trace } from '../src/core/trace/engine.ts';

const LIMIT_S = 60;
const HEAP_MB = 4096;

interface CaseResult { modelMs: number; traceMs: number; verdict: string; branches: number; last: string }

/** In the child: build, trace, print one JSON line. */
function runCase(name: string): void {
  const c = HOSTILE.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const files = hostileInputs(c);
  const t0 = performance.now();
  const snap = buildModel(files);
  const t1 = performance.now();
  const t = trace(snap, c.request);
  const t2 = performance.now();
  const result = 'error' in t ? null : t;
  const steps = result ? (result.branches[0]?.trace ?? result).hops.flatMap((h) => h.steps) : [];
  const unknownStep = steps.find((s) => s.detail.startsWith('unknown'));
  const out: CaseResult = { modelMs: t1 - t0, traceMs: t2 - t1, verdict: result?.verdict ?? (t as { error: string }).error,
    branches: result?.branches.length ?? 0, last: (unknownStep ?? steps[steps.length - 1])?.detail.slice(0, 150) ?? '' };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function peakKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

function child(name: string): Promise<{ result?: CaseResult; failed?: string; wallS: number; peakMb: number }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const p = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, fileURLToPath(import.meta.url), '--case', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let peak = 0;
    let timedOut = false;
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const poll = setInterval(() => { peak = Math.max(peak, peakKb(p.pid ?? 0)); }, 50);
    const timer = setTimeout(() => { timedOut = true; peak = Math.max(peak, peakKb(p.pid ?? 0)); p.kill('SIGKILL'); }, LIMIT_S * 1000);
    p.on('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const wallS = (performance.now() - start) / 1000;
      const peakMb = peak / 1024;
      if (timedOut) { resolve({ failed: `did not finish in ${LIMIT_S} s`, wallS, peakMb }); return; }
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) { resolve({ result: JSON.parse(line) as CaseResult, wallS, peakMb }); return; }
      const why = /heap out of memory|Allocation failed/.test(err) ? 'out of memory' : (err.trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${code ?? signal}`);
      resolve({ failed: why.slice(0, 120), wallS, peakMb });
    });
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const cases = HOSTILE.filter((c) => !only.length || only.includes(c.name));
  console.log(`hostile rule sets (${process.version}; each case in its own process, ${LIMIT_S} s and ${HEAP_MB} MiB heap at most)`);
  for (const c of cases) {
    const r = await child(c.name);
    const head = `  ${c.name.padEnd(20)} ${r.wallS.toFixed(2).padStart(6)} s wall  peak ${r.peakMb.toFixed(0).padStart(5)} MB`;
    if (r.failed) console.log(`${head}  FAILED: ${r.failed}`);
    else {
      const x = r.result as CaseResult;
      console.log(`${head}  model ${x.modelMs.toFixed(0).padStart(5)} ms  trace ${x.traceMs.toFixed(0).padStart(5)} ms  → ${x.verdict}${x.branches ? `, ${x.branches} branches` : ''}`);
      console.log(`  ${''.padEnd(20)} ${x.last}`);
    }
  }
}

const at = process.argv.indexOf('--case');
if (at >= 0) runCase(process.argv[at + 1] as string);
else await main();
