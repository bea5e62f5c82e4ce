/**
 * Core benchmark (issue "Core", item 8): a kube-proxy nat table of 10,000 services × 3 endpoints (~110,000 rules,
 * ~150,000 lines). Prints parse+assemble time and peak memory of PacketPath, against `iptables-restore --test`
 * on the same file (in a scratch network namespace, so nothing is applied to this machine) and against
 * `jc --iptables` on the table's `iptables -L -n -v` form, with ratios from this one run.
 *
 * Each of our runs is paired with a run of the tool it is compared with, in turn: a shared machine's slow and fast
 * spells then fall on both sides, and the ratio of the medians does not depend on which side ran first.
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
const RUNS = Number(process.env.RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'pp-bench-'));
const savePath = join(dir, 'nat.save');
const save = kubeProxyNat(SERVICES, ENDPOINTS);
writeFileSync(savePath, save);
const lines = save.split('\n').length - 1;
const rules = save.split('\n').filter((l) => l.startsWith('-A ')).length;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const mb = (x: number): string => `${(x / 1024 / 1024).toFixed(0)} MiB`;

/** One of our runs: wall time, and the heap's growth over the heap after a full collection. */
interface Ours { label: string; text: string; fn: (t: string) => unknown; times: number[]; peak: number }
/** A command run for comparison: its wall times, or why it could not run. */
interface Peer { label: string; cmd: string; args: string[]; input?: string; times: number[]; failed?: string }

const ours = (label: string, text: string, fn: (t: string) => unknown): Ours => ({ label, text, fn, times: [], peak: 0 });
const peer = (label: string, cmd: string, args: string[], input?: string): Peer => ({ label, cmd, args, ...(input !== undefined ? { input } : {}), times: [] });

function runOurs(o: Ours): void {
  global.gc?.();
  const base = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  o.fn(o.text);
  o.times.push(performance.now() - t0);
  // the result is still reachable here, so this is the heap the run left behind at its end
  o.peak = Math.max(o.peak, process.memoryUsage().heapUsed - base);
}

function runPeer(p: Peer): void {
  if (p.failed) return;
  const t0 = performance.now();
  const r = spawnSync(p.cmd, p.args, { input: p.input, encoding: 'utf8', maxBuffer: 1 << 30 });
  const t = performance.now() - t0;
  if (r.status !== 0) p.failed = (r.stderr || r.error?.message || 'failed').toString().trim().split('\n')[0];
  else p.times.push(t);
}

/** RUNS rounds; in each, every side runs once, the order turning from round to round. */
function rounds(sides: (Ours | Peer)[]): void {
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...sides].reverse() : sides;
    for (const s of order) { if ('fn' in s) runOurs(s); else runPeer(s); }
  }
  for (const s of sides) {
    if ('failed' in s && s.failed) { console.log(`  ${s.label.padEnd(46)} skipped: ${s.failed}`); continue; }
    // maxRSS is the process's high-water mark so far: the peak of everything this bench has held until now
    const heap = 'fn' in s ? `, heap growth ${mb(s.peak)}, process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}` : '';
    console.log(`  ${s.label.padEnd(46)} median ${ms(median(s.times))} (min ${ms(Math.min(...s.times))}, ${s.times.length} runs)${heap}`);
  }
}

const medianOf = (s: Ours | Peer): number | null => (s.times.length && !('failed' in s && s.failed) ? median(s.times) : null);

console.log(`kube-proxy nat table: ${SERVICES} services × ${ENDPOINTS} endpoints = ${rules} rules, ${lines} lines (${mb(save.length)})`);
const full = ours('PacketPath parse+assemble (iptables-save)', save, (t) => runPipeline([{ path: 'nat.save', node: 'bench', text: t }]));
const parseOnly = ours('PacketPath parse only (iptables-save)', save, (t) => parseAs('iptables-save', t));

// the kernel's own reader, in a scratch netns: `iptables-restore --test` parses and validates without committing
const ns = `pp-bench-${process.pid}`;
let restore: Peer | null = null;
let listText: string | null = null;
if (spawnSync('ip', ['netns', 'add', ns]).status === 0) {
  try {
    restore = peer('iptables-restore --test (scratch netns)', 'ip', ['netns', 'exec', ns, 'iptables-restore', '--test', savePath]);
    rounds([full, parseOnly, restore]);
    // the same table as `iptables -L -n -v`, from the kernel itself
    if (spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', savePath]).status === 0) {
      listText = execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-L', '-n', '-v'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    }
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
} else {
  rounds([full, parseOnly]);
  console.log('  iptables-restore --test                        skipped: no root for a scratch network namespace');
}

let jc: Peer | null = null;
let list: Ours | null = null;
if (listText) {
  writeFileSync(join(dir, 'nat.list'), listText);
  console.log(`iptables -t nat -L -n -v of the same table: ${listText.split('\n').length} lines (${mb(listText.length)})`);
  // what a user pastes: the command line (it names the table), then its output; read back from a file as one flat
  // string, like an upload, so no run pays for joining the two
  const session = join(dir, 'nat.list.session');
  writeFileSync(session, `$ iptables -t nat -L -n -v\n${listText}`);
  list = ours('PacketPath parse+assemble (iptables -L -n -v)', readFileSync(session, 'utf8'), (t) => runPipeline([{ path: 'nat.list', node: 'bench', text: t }]));
  jc = peer('jc --iptables', 'jc', ['--iptables'], listText);
  rounds([list, jc]);
}

console.log('ratios (this run, medians):');
const [f, po, r] = [medianOf(full), medianOf(parseOnly), restore && medianOf(restore)];
if (f && po && r) console.log(`  PacketPath / iptables-restore --test = ${(f / r).toFixed(2)}×   (target ≤ 0.5×; parse only ${(po / r).toFixed(2)}×)`);
const [l, j] = [list && medianOf(list), jc && medianOf(jc)];
if (l && j) console.log(`  jc / PacketPath (-L -n -v)           = ${(j / l).toFixed(1)}×   (target ≥ 5×)`);
