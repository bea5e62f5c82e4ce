/** The fuzz loop and its figures, shared by `npm run fuzz` (fuzz/run.ts, in worker threads) and the unit-test slice. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exercise } from '../src/core/fuzz/exercise.ts';
import type { LostLine } from '../src/core/fuzz/account.ts';
import { mutate, rng, type Seed } from '../src/core/fuzz/mutate.ts';
import { jsonSeeds, seedPool } from './pool.ts';

export const SLOW_MS = 2000;

export interface Row { inputs: number; exceptions: number; slow: number; lostInputs: number; lostLines: number; slowest: { ms: number; index: number; seed: string } }
export interface Tally extends Row {
  byMutator: Record<string, Row>;
  byKind: Record<string, Row>;
  /** Lines lost without a warning, by the kind of block they were in. */
  lostIn: Record<string, number>;
  /** Each exception's stage and message with the index of its first input and how often it came. */
  errors: Record<string, { count: number; index: number; seed: string }>;
  /** Failures the pipeline contained as a warning on the block (not exceptions, but bugs to fix). */
  contained: Record<string, { count: number; index: number; seed: string }>;
  examples: { index: number; kind: string; line: number; text: string }[];
}

const row = (): Row => ({ inputs: 0, exceptions: 0, slow: 0, lostInputs: 0, lostLines: 0, slowest: { ms: 0, index: -1, seed: '' } });
export const newTally = (): Tally => ({ ...row(), byMutator: {}, byKind: {}, lostIn: {}, errors: {}, contained: {}, examples: [] });

function count(r: Row, ms: number, failed: boolean, lost: number, index: number, seed: string): void {
  r.inputs++;
  if (failed) r.exceptions++;
  if (ms > SLOW_MS) r.slow++;
  if (lost) { r.lostInputs++; r.lostLines += lost; }
  if (ms > r.slowest.ms) r.slowest = { ms, index, seed };
}

let pool: Seed[] | null = null;
let json: Seed[] = [];
/** Per block kind, the lines of the unmutated inputs the accounting cannot place in a record (headers such as
 *  `Kernel IP routing table`, `valid_lft forever …`): the reviewed fixtures are read whole, so a mutated input's
 *  line of the same shape (digits aside) counts as read. */
let silent: Map<string, Set<string>> | null = null;
const shapeOf = (t: string): string => t.trim().replace(/\d+/g, '0').replace(/\s+/g, ' ');

export function baseline(seeds: Seed[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of seeds) {
    for (const l of exercise([{ path: 'paste.txt', text: s.text }]).lost) {
      let set = out.get(l.kind);
      if (!set) { set = new Set(); out.set(l.kind, set); }
      set.add(shapeOf(l.text));
    }
  }
  return out;
}

/** Mutation number `i` of the seeded stream: the seed it was made from and the text. */
export function mutationAt(i: number, seed: number, maxBytes: number): { base: Seed; m: { text: string; mutator: string } } {
  const seeds = poolOf(maxBytes);
  const r = rng(seed * 1_000_003 + i);
  const first = seeds[Math.floor(r() * seeds.length)] as Seed;
  let other = seeds[Math.floor(r() * seeds.length)] as Seed;
  for (let k = 0; k < 4 && other.kind === first.kind; k++) other = seeds[Math.floor(r() * seeds.length)] as Seed;
  const wantJson = r() < 0.15 && json.length;
  const base = wantJson ? json[Math.floor(r() * json.length)] as Seed : first;
  return { base, m: mutate(r, base, other, wantJson ? 'json-types' : undefined) };
}

/** The seed pool and its JSON seeds, made once per process. */
function poolOf(maxBytes: number): Seed[] {
  pool ??= seedPool(maxBytes);
  if (!json.length) json = jsonSeeds(pool);
  return pool;
}

/** The lost lines of a mutated input that are not lost in the unmutated inputs too (see `baseline`). */
function unexplained(lost: LostLine[], maxBytes: number): LostLine[] {
  const known = (silent ??= baseline(poolOf(maxBytes)));
  return lost.filter((l) => !known.get(l.kind)?.has(shapeOf(l.text)));
}

/** The lines lost without a warning in input `i`, beyond those of the unmutated inputs. */
export function lostAt(i: number, seed: number, maxBytes: number): { base: Seed; text: string; lost: LostLine[] } {
  const { base, m } = mutationAt(i, seed, maxBytes);
  return { base, text: m.text, lost: unexplained(exercise([{ path: 'paste.txt', text: m.text }]).lost, maxBytes) };
}

/** Inputs `from`, `from + step`, … below `to`: input i is mutation number i of the seeded stream. */
export function fuzzRange(job: { from: number; to: number; step: number; seed: number; maxBytes: number; out?: string }, onProgress?: (done: number) => void): Tally {
  const t = newTally();
  let done = 0;
  for (let i = job.from; i < job.to; i += job.step) {
    const { base, m } = mutationAt(i, job.seed, job.maxBytes);
    const res = exercise([{ path: 'paste.txt', text: m.text }]);
    res.lost = unexplained(res.lost, job.maxBytes);
    const lost = res.lost.length;
    count(t, res.ms, !!res.error, lost, i, base.name);
    count((t.byMutator[m.mutator] ??= row()), res.ms, !!res.error, lost, i, base.name);
    count((t.byKind[base.kind] ??= row()), res.ms, !!res.error, lost, i, base.name);
    for (const l of res.lost) {
      t.lostIn[l.kind] = (t.lostIn[l.kind] ?? 0) + 1;
      if (t.examples.length < 40 && !t.examples.some((e) => e.kind === l.kind)) t.examples.push({ index: i, kind: l.kind, line: l.line, text: l.text });
    }
    for (const c of new Set(res.contained)) {
      const e = (t.contained[c] ??= { count: 0, index: i, seed: base.name });
      if (e.count++ === 0 && job.out) writeFileSync(join(job.out, `contained-${i}.txt`), m.text);
    }
    if (res.error) {
      const key = `${res.error.stage}: ${res.error.message}`;
      const e = (t.errors[key] ??= { count: 0, index: i, seed: base.name });
      e.count++;
      if (job.out && e.count === 1) writeFileSync(join(job.out, `exception-${i}.txt`), m.text);
    }
    if (job.out && res.ms > SLOW_MS) writeFileSync(join(job.out, `slow-${i}.txt`), m.text);
    if (++done % 1000 === 0) onProgress?.(done);
  }
  onProgress?.(done);
  return t;
}

function mergeRow(a: Row, b: Row): Row {
  return { inputs: a.inputs + b.inputs, exceptions: a.exceptions + b.exceptions, slow: a.slow + b.slow, lostInputs: a.lostInputs + b.lostInputs,
    lostLines: a.lostLines + b.lostLines, slowest: b.slowest.ms > a.slowest.ms ? b.slowest : a.slowest };
}

export function mergeTallies(ts: Tally[]): Tally {
  const out = newTally();
  for (const t of ts) {
    Object.assign(out, mergeRow(out, t));
    for (const [k, r] of Object.entries(t.byMutator)) out.byMutator[k] = mergeRow(out.byMutator[k] ?? row(), r);
    for (const [k, r] of Object.entries(t.byKind)) out.byKind[k] = mergeRow(out.byKind[k] ?? row(), r);
    for (const [k, n] of Object.entries(t.lostIn)) out.lostIn[k] = (out.lostIn[k] ?? 0) + n;
    for (const [table, into] of [[t.errors, out.errors], [t.contained, out.contained]] as const) {
      for (const [k, e] of Object.entries(table)) {
        const x = into[k];
        into[k] = x ? { count: x.count + e.count, index: Math.min(x.index, e.index), seed: x.index < e.index ? x.seed : e.seed } : { ...e };
      }
    }
    for (const e of t.examples) if (out.examples.length < 40 && !out.examples.some((x) => x.kind === e.kind)) out.examples.push(e);
  }
  return out;
}

const fmtRow = (name: string, r: Row): string =>
  `  ${name.padEnd(34)} ${String(r.inputs).padStart(9)} ${String(r.exceptions).padStart(6)} ${String(r.slow).padStart(5)} ${r.slowest.ms.toFixed(0).padStart(7)} ms  ${String(r.lostInputs).padStart(7)} ${String(r.lostLines).padStart(8)}`;

export function printTally(t: Tally, run: { count: number; seed: number; workers: number; seconds: number }, log: (s: string) => void = console.log): void {
  log(`fuzz: ${t.inputs.toLocaleString('en-US')} inputs (seed ${run.seed}, ${run.workers} workers) in ${run.seconds.toFixed(0)} s`);
  log(`  ${''.padEnd(34)} ${'inputs'.padStart(9)} ${'except'.padStart(6)} ${'>2s'.padStart(5)} ${'slowest'.padStart(10)}  ${'lossy'.padStart(7)} ${'lost'.padStart(8)}`);
  log(fmtRow('all', t));
  log(' by mutator');
  for (const [k, r] of Object.entries(t.byMutator).sort()) log(fmtRow(k, r));
  log(' by kind of the input mutated');
  for (const [k, r] of Object.entries(t.byKind).sort()) log(fmtRow(k, r));
  log(' lines lost without a warning, by the kind of block they were in');
  for (const [k, n] of Object.entries(t.lostIn).sort((a, b) => b[1] - a[1])) log(`  ${k.padEnd(34)} ${String(n).padStart(9)}`);
  if (!Object.keys(t.lostIn).length) log('  (none)');
  log(` slowest input: #${t.slowest.index} (a mutation of ${t.slowest.seed}), ${t.slowest.ms.toFixed(0)} ms`);
  log(' exceptions');
  for (const [k, e] of Object.entries(t.errors)) log(`  ${e.count}× ${k}  (first: #${e.index}, a mutation of ${e.seed})`);
  if (!Object.keys(t.errors).length) log('  (none)');
  log(' failures contained as a warning on their block (not exceptions: the analysis went on)');
  for (const [k, e] of Object.entries(t.contained).sort((a, b) => b[1].count - a[1].count)) log(`  ${e.count}× ${k.slice(0, 160)}  (first: #${e.index}, a mutation of ${e.seed})`);
  if (!Object.keys(t.contained).length) log('  (none)');
  if (t.examples.length) {
    log(' a lost line of each kind');
    for (const e of t.examples) log(`  ${e.kind}: input #${e.index} line ${e.line}: ${JSON.stringify(e.text)}`);
  }
}
