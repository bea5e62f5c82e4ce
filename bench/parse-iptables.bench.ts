/**
 * Core benchmark (issue "Core", item 8): a kube-proxy nat table of 10,000 services × 3 endpoints (~110,000 rules,
 * ~150,000 lines). Prints parse+assemble time and peak memory of PacketPath, against `iptables-restore --test`
 * on the same file (in a scratch network namespace, so nothing is applied to this machine) and against
 * `jc --iptables` on the table's `iptables -L -n -v` form, with ratios from this one run.
 *
 * PacketPath is timed twice: in this Node process, and in a Web Worker of headless Chromium, where the app runs
 * it (bench/in-browser.ts). Node 20 is built without pointer compression: each reference in an object takes 8 bytes
 * where Chromium uses 4, so the same model is nearly twice the bytes for the collector to copy.
 *
 * Each of our runs is paired with a run of the tool it is compared with, in turn: a shared machine's slow and fast
 * spells then fall on both sides, and the ratio of the medians does not depend on which side ran first.
 *
 *   npm run bench            (root for the kernel peers; without root they are reported as skipped;
 *                             BROWSER=0 skips Chromium; RUNS=n rounds, 7 by default; BENCH_DEBUG=1 prints each run)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { kubeProxyNat } from './kube-proxy-table.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import { parseAs } from '../src/core/ingest/ingest.ts';
import { BrowserPipeline } from './in-browser.ts';

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

/** One of our runs in this Node process: wall time, and the heap's growth over the heap after a full collection. */
interface Ours { kind: 'ours'; label: string; text: string; fn: (t: string) => unknown; times: number[]; peak: number }
/** The same pipeline in Chromium's Web Worker (the app's runtime): wall times measured inside the worker. */
interface InBrowser { kind: 'browser'; label: string; key: string; path: string; times: number[] }
/** A command run for comparison: its wall times, or why it could not run. */
interface Peer { kind: 'peer'; label: string; cmd: string; args: string[]; input?: string; times: number[]; failed?: string }
type Side = Ours | InBrowser | Peer;

const ours = (label: string, text: string, fn: (t: string) => unknown): Ours => ({ kind: 'ours', label, text, fn, times: [], peak: 0 });
const peer = (label: string, cmd: string, args: string[], input?: string): Peer => ({ kind: 'peer', label, cmd, args, ...(input !== undefined ? { input } : {}), times: [] });

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

const browser = process.env.BROWSER === '0' ? 'skipped: BROWSER=0' : await BrowserPipeline.start();
const inBrowser = async (label: string, key: string, path: string, text: string): Promise<InBrowser | undefined> => {
  if (typeof browser === 'string') { console.log(`  ${label.padEnd(56)} ${browser.startsWith('skipped') ? browser : `skipped: ${browser}`}`); return undefined; }
  await browser.load(key, text);
  return { kind: 'browser', label, key, path, times: [] };
};

/** RUNS rounds; in each, every side runs once, the order turning from round to round. */
async function rounds(sides: Side[]): Promise<void> {
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...sides].reverse() : sides;
    for (const s of order) {
      if (s.kind === 'ours') runOurs(s);
      else if (s.kind === 'peer') runPeer(s);
      else if (typeof browser !== 'string') s.times.push(await browser.run(s.key, s.path));
    }
  }
  for (const s of sides) {
    if (s.kind === 'peer' && s.failed) { console.log(`  ${s.label.padEnd(56)} skipped: ${s.failed}`); continue; }
    // maxRSS is the process's high-water mark so far: the peak of everything this bench has held until now
    const heap = s.kind === 'ours' ? `, heap growth ${mb(s.peak)}, process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}` : '';
    console.log(`  ${s.label.padEnd(56)} median ${ms(median(s.times))} (min ${ms(Math.min(...s.times))}, ${s.times.length} runs)${heap}`);
    if (process.env.BENCH_DEBUG) console.log(`    runs: ${s.times.map((t) => t.toFixed(0)).join(" ")}`);
  }
}

const medianOf = (s: Side | undefined | null): number | null => (s && s.times.length && !(s.kind === 'peer' && s.failed) ? median(s.times) : null);

console.log(`kube-proxy nat table: ${SERVICES} services × ${ENDPOINTS} endpoints = ${rules} rules, ${lines} lines (${mb(save.length)})`);
console.log(`PacketPath runs in Node ${process.versions.node} (V8 ${process.versions.v8}) and in ${typeof browser === 'string' ? 'no browser' : `Chromium ${browser.version}, in a Web Worker as in the app`}`);
const full = ours('PacketPath parse+assemble (iptables-save), Node', save, (t) => runPipeline([{ path: 'nat.save', node: 'bench', text: t }]));
const parseOnly = ours('PacketPath parse only (iptables-save), Node', save, (t) => parseAs('iptables-save', t));
const fullBrowser = await inBrowser('PacketPath parse+assemble (iptables-save), Chromium', 'save', 'nat.save', save);

// the kernel's own reader, in a scratch netns: `iptables-restore --test` parses and validates without committing
const ns = `pp-bench-${process.pid}`;
let restore: Peer | null = null;
let listText: string | null = null;
if (spawnSync('ip', ['netns', 'add', ns]).status === 0) {
  try {
    restore = peer('iptables-restore --test (scratch netns)', 'ip', ['netns', 'exec', ns, 'iptables-restore', '--test', savePath]);
    await rounds([full, parseOnly, ...(fullBrowser ? [fullBrowser] : []), restore]);
    // the same table as `iptables -L -n -v`, from the kernel itself
    if (spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', savePath]).status === 0) {
      listText = execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-t', 'nat', '-L', '-n', '-v'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    }
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
} else {
  await rounds([full, parseOnly, ...(fullBrowser ? [fullBrowser] : [])]);
  console.log('  iptables-restore --test                                  skipped: no root for a scratch network namespace');
}

let jc: Peer | null = null;
let list: Ours | null = null;
let listBrowser: InBrowser | undefined;
if (listText) {
  writeFileSync(join(dir, 'nat.list'), listText);
  console.log(`iptables -t nat -L -n -v of the same table: ${listText.split('\n').length} lines (${mb(listText.length)})`);
  // what a user pastes: the command line (it names the table), then its output; read back from a file as one flat
  // string, like an upload, so no run pays for joining the two
  const session = join(dir, 'nat.list.session');
  writeFileSync(session, `$ iptables -t nat -L -n -v\n${listText}`);
  const sessionText = readFileSync(session, 'utf8');
  list = ours('PacketPath parse+assemble (iptables -L -n -v), Node', sessionText, (t) => runPipeline([{ path: 'nat.list', node: 'bench', text: t }]));
  listBrowser = await inBrowser('PacketPath parse+assemble (iptables -L -n -v), Chromium', 'list', 'nat.list', sessionText);
  jc = peer('jc --iptables', 'jc', ['--iptables'], listText);
  await rounds([list, ...(listBrowser ? [listBrowser] : []), jc]);
}
if (typeof browser !== 'string') await browser.close();

console.log('ratios (this run, medians):');
const r = medianOf(restore);
const [f, po, fb] = [medianOf(full), medianOf(parseOnly), medianOf(fullBrowser)];
if (f && po && r) console.log(`  PacketPath / iptables-restore --test = ${(f / r).toFixed(2)}× in Node${fb ? `, ${(fb / r).toFixed(2)}× in Chromium` : ''}   (target ≤ 0.5×; parse only, Node ${(po / r).toFixed(2)}×)`);
const [l, lb, j] = [medianOf(list), medianOf(listBrowser), medianOf(jc)];
if (l && j) console.log(`  jc / PacketPath (-L -n -v)           = ${(j / l).toFixed(1)}× in Node${lb ? `, ${(j / lb).toFixed(1)}× in Chromium` : ''}   (target ≥ 5×)`);
