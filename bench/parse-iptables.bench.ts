/**
 * Core benchmark (issue "Core", item 8): a kube-proxy nat table of 10,000 services × 3 endpoints (~110,000 rules,
 * ~150,000 lines). Prints parse+assemble time and peak memory of PacketPath, against `iptables-restore --test`
 * on the same file (in a scratch network namespace, so nothing is applied to this machine) and against
 * `jc --iptables` on the table's `iptables -L -n -v` form, with ratios from this one run.
 *
 *   npm run bench            (root for the kernel peers; without root they are reported as skipped)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kubeProxyNat } from './kube-proxy-table.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import { parseAs } from '../src/core/ingest/ingest.ts';

const SERVICES = Number(process.env.SERVICES ?? 10_000);
const ENDPOINTS = 3;
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
const savePath = join(dir, 'nat.save');
const save = kubeProxyNat(SERVICES, ENDPOINTS);
writeFileSync(savePath, save);
const lines = save.split('\n').length - 1;
const rules = save.split('\n').filter((l) => l.startsWith('-A ')).length;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mb = (x: number): string => `${(x / 1024 / 1024).toFixed(0)} MiB`;

function timeOurs(label: string, text: string, fn: (t: string) => unknown): number {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed - base); }, 5);
    const t0 = performance.now();
    fn(text);
    times.push(performance.now() - t0);
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    clearInterval(sampler);
  }
  console.log(`  ${label.padEnd(44)} median ${ms(median(times))} (min ${ms(Math.min(...times))}, ${RUNS} runs), heap growth ≤ ${mb(peak)}`);
  return median(times);
}

function timeCommand(label: string, cmd: string, args: string[], input?: string): number | null {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    const t = performance.now() - t0;
    if (r.status !== 0) { console.log(`  ${label.padEnd(44)} skipped: ${(r.stderr || r.error?.message || 'failed').toString().trim().split('\n')[0]}`); return null; }
    times.push(t);
  }
  console.log(`  ${label.padEnd(44)} median ${ms(median(times))} (3 runs)`);
  return median(times);
}

console.log(`kube-proxy nat table: ${SERVICES} services × ${ENDPOINTS} endpoints = ${rules} rules, ${lines} lines (${mb(save.length)})`);
const ours = timeOurs('PacketPath parse+assemble (iptables-save)', save, (t) => runPipeline([{ path: 'nat.save', node: 'bench', text: t }]));
const oursParse = timeOurs('PacketPath parse only (iptables-save)', save, (t) => parseAs('iptables-save', t));

// the kernel's own reader, in a scratch netns: `iptables-restore --test` parses and validates without committing
const ns = `pp-bench-${process.pid}`;
let restore: number | null = null;
let listText: string | null = null;
if (spawnSync('ip', ['netns', 'add', ns]).status === 0) {
  try {
    restore = timeCommand('iptables-restore --test (scratch netns)', 'ip', ['netns', 'exec', ns, 'iptables-restore', '--test', savePath]);
    // the same table as `iptables -L -n -v`, from the kernel itself
    if (spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', savePath]).status === 0) {
      listText = execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-L', '-n', '-v'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    }
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
} else {
  console.log('  iptables-restore --test                      skipped: no root for a scratch network namespace');
}

let jc: number | null = null;
let oursList: number | null = null;
if (listText) {
  writeFileSync(join(dir, 'nat.list'), listText);
  console.log(`iptables -t nat -L -n -v of the same table: ${listText.split('\n').length} lines (${mb(listText.length)})`);
  // what a user pastes: the command line (it names the table), then its output; read back from a file as one flat
  // string, like an upload, so no run pays for joining the two
  const session = join(dir, 'nat.list.session');
  writeFileSync(session, `$ iptables -t nat -L -n -v\n${listText}`);
  oursList = timeOurs('PacketPath parse+assemble (iptables -L -n -v)', readFileSync(session, 'utf8'), (t) => runPipeline([{ path: 'nat.list', node: 'bench', text: t }]));
  jc = timeCommand('jc --iptables', 'jc', ['--iptables'], readFileSync(join(dir, 'nat.list'), 'utf8'));
}

console.log('ratios (this run):');
if (restore) console.log(`  PacketPath / iptables-restore --test = ${(ours / restore).toFixed(2)}×   (target ≤ 0.5×; parse only ${(oursParse / restore).toFixed(2)}×)`);
if (jc && oursList) console.log(`  jc / PacketPath (-L -n -v)           = ${(jc / oursList).toFixed(1)}×   (target ≥ 5×)`);
