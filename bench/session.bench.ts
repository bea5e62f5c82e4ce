/**
 * Links: encode and decode time of the largest seed (target ≤ 50 ms each), against Node's zlib on the same JSON
 * (the peer: C deflate, same level); the link length of every scenario — full (a built-in scenario by id, and its
 * text inline as if pasted), evidence-only, redacted, redacted evidence-only — against the 16 KiB budget; and the
 * evidence-only link of a trace on the 110,000-rule node (target ≤ 8 KiB).
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readInputs } from '../src/cli/files.ts';
import { builtinScenarios } from '../src/cli/scenarios.ts';
import type { InputFile } from '../src/core/ingest/ingest.ts';
import { runPipeline } from '../src/core/pipeline.ts';
import { decodePayload, encodePayload, LINK_BUDGET, linkOf, sessionJson, DEFAULT_BASE } from '../src/core/session/codec.ts';
import { indexBlocks } from '../src/core/session/evidence.ts';
import { sessionInputOf } from '../src/core/session/inputs.ts';
import { prepareShare, type ShareContext } from '../src/core/session/share.ts';
import { emptySession, type Session } from '../src/core/session/types.ts';
import type { TraceRequest } from '../src/core/trace/engine.ts';
import { KERNEL_DIR, KERNEL_SCENARIOS, SEED_FLOWS, kernelFlows } from '../src/core/session/fixtures/flows.ts';
import { kubeProxyNode } from './kube-proxy-table.ts';

const RUNS = 25;
function time(fn: () => unknown): { first: number; median: number } {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) { const s = performance.now(); fn(); samples.push(performance.now() - s); }
  samples.sort((a, b) => a - b);
  return { first, median: samples[Math.floor(samples.length / 2)] as number };
}
const ms = (n: number): string => `${n.toFixed(2).padStart(7)} ms`;
const chars = (n: number | string): string => String(n).padStart(7);

function context(files: InputFile[]): ShareContext {
  const r = runPipeline(files);
  const blocks = indexBlocks(r.blocks, r.snapshot);
  return { files, origins: files.map(() => 'file'), blocks, snapshot: r.snapshot, promptHosts: [...new Set(blocks.flatMap((b) => (b.host ? [b.host] : [])))] };
}

function shared(ctx: ShareContext, request: TraceRequest, options: { evidenceOnly?: boolean; redact?: boolean }): string {
  const made = prepareShare(ctx, { ...emptySession(), trace: { from: request.from, to: request.to } }, { ...options, salt: 'bench' });
  if ('error' in made) return `(${made.error})`;
  const ok = made.check ? (made.check.sameVerdictAndHops ? '' : ' ✗') : made.evidence && !made.evidence.same ? ' ✗' : '';
  return `${linkOf(made.session).length}${ok}`;
}

console.log(`session benchmark (${process.version}); link budget ${LINK_BUDGET} characters, base ${DEFAULT_BASE}`);

// --- encode / decode of the largest seed ---------------------------------------------------------------------
const scenarios = builtinScenarios();
const seeds = Object.keys(SEED_FLOWS);
const largest = seeds.map((n) => ({ n, text: readFileSync(new URL(`../src/scenarios/${n}.txt`, import.meta.url), 'utf8') })).sort((a, b) => b.text.length - a.text.length)[0]!;
const inline: Session = { ...emptySession(), inputs: [{ path: `${largest.n}.txt`, origin: 'paste', text: largest.text }], trace: { from: SEED_FLOWS[largest.n]!.from, to: SEED_FLOWS[largest.n]!.to } };
const payload = encodePayload(inline);
const json = Buffer.from(sessionJson(inline));
const zlibBytes = deflateRawSync(json, { level: 9 });
const enc = time(() => encodePayload(inline));
const dec = time(() => decodePayload(payload));
const zenc = time(() => deflateRawSync(Buffer.from(sessionJson(inline)), { level: 9 }).toString('base64url'));
const zdec = time(() => JSON.parse(inflateRawSync(Buffer.from(zlibBytes.toString('base64url'), 'base64url')).toString()));
console.log(`\nlargest seed ${largest.n} (${largest.text.length} characters) as a link, inline (median of ${RUNS}, first run in brackets):`);
console.log(`  encode  PacketPath ${ms(enc.median)} [${ms(enc.first)}]   zlib (node:zlib, C) ${ms(zenc.median)}   ratio ${(enc.median / zenc.median).toFixed(1)}×   vs 50 ms target ${(enc.median / 50).toFixed(2)}×`);
console.log(`  decode  PacketPath ${ms(dec.median)} [${ms(dec.first)}]   zlib (node:zlib, C) ${ms(zdec.median)}   ratio ${(dec.median / zdec.median).toFixed(1)}×   vs 50 ms target ${(dec.median / 50).toFixed(2)}×`);
console.log(`  payload PacketPath ${payload.length} characters, zlib level 9 ${Math.ceil((zlibBytes.length * 4) / 3)} (ratio ${(payload.length / ((zlibBytes.length * 4) / 3)).toFixed(3)})`);

// --- link lengths of every scenario ---------------------------------------------------------------------------
console.log('\nlink length in characters (base included); ✗ = the shared inputs did not trace the same (never expected)');
console.log(`  ${'scenario'.padEnd(34)} ${'by id'.padStart(7)} ${'full'.padStart(7)} ${'evid.'.padStart(7)} ${'redact'.padStart(7)} ${'red+ev'.padStart(7)}   flow`);
const rows: { name: string; files: InputFile[]; request: TraceRequest; byId?: number }[] = [];
for (const n of seeds) {
  const text = readFileSync(new URL(`../src/scenarios/${n}.txt`, import.meta.url), 'utf8');
  const ref = sessionInputOf({ path: `${n}.txt`, text }, 'scenario', scenarios);
  const byId = linkOf({ ...emptySession(), scenario: ref.scenario?.id ?? null, inputs: [ref], trace: { from: SEED_FLOWS[n]!.from, to: SEED_FLOWS[n]!.to } }).length;
  rows.push({ name: n, files: [{ path: `${n}.txt`, text }], request: SEED_FLOWS[n]!, byId });
}
for (const k of KERNEL_SCENARIOS) rows.push({ name: `kernel ${k}`, files: readInputs([new URL(k, KERNEL_DIR).pathname]).files, request: kernelFlows(k)[0]!.request });
let worstSeedById = 0;
let worstFull = 0;
for (const r of rows) {
  const ctx = context(r.files);
  const full = linkOf({ ...emptySession(), inputs: r.files.map((f) => ({ path: f.path, origin: 'paste' as const, text: f.text, ...(f.node ? { node: f.node } : {}) })), trace: { from: r.request.from, to: r.request.to } }).length;
  if (r.byId !== undefined) worstSeedById = Math.max(worstSeedById, r.byId);
  worstFull = Math.max(worstFull, full);
  console.log(`  ${r.name.padEnd(34)} ${chars(r.byId ?? '—')} ${chars(full)} ${chars(shared(ctx, r.request, { evidenceOnly: true }))} ${chars(shared(ctx, r.request, { redact: true }))} ${chars(shared(ctx, r.request, { evidenceOnly: true, redact: true }))}   ${r.request.from} → ${r.request.to}`);
}
console.log(`  seeds by id: longest ${worstSeedById} / ${LINK_BUDGET} = ${(worstSeedById / LINK_BUDGET).toFixed(3)}×; inline: longest ${worstFull} / ${LINK_BUDGET} = ${(worstFull / LINK_BUDGET).toFixed(2)}×`);

// --- the 110,000-rule node ------------------------------------------------------------------------------------
const big: InputFile[] = kubeProxyNode(10_000);
const bigCtx = context(big);
const request = { from: '10.244.0.10', to: '10.96.39.15:80' };
const t0 = performance.now();
const made = prepareShare(bigCtx, { ...emptySession(), trace: request }, { evidenceOnly: true });
const selectMs = performance.now() - t0;
if ('error' in made) throw new Error(made.error);
const bigLink = linkOf(made.session).length;
const fullChars = big.reduce((a, f) => a + f.text.length, 0);
const t1 = performance.now();
const fullPayload = encodePayload({ ...emptySession(), inputs: big.map((f) => ({ path: f.path, origin: 'folder' as const, text: f.text })) }).length;
const fullMs = performance.now() - t1;
console.log(`\n110,000-rule node (${(fullChars / 1e6).toFixed(1)} M characters of inputs): ${request.from} → ${request.to}`);
console.log(`  whole inputs as a link: ${fullPayload} characters (${(fullPayload / LINK_BUDGET).toFixed(0)}× the budget; encoded in ${fullMs.toFixed(0)} ms): a session file`);
console.log(`  evidence only: ${made.evidence?.keptLines} of ${made.evidence?.totalLines} lines, level ${made.evidence?.level}, same answer: ${made.evidence?.same} (${made.evidence?.answer.verdict}, ${made.evidence?.answer.hops} hops, ${made.evidence?.answer.branches} branches)`);
console.log(`  evidence-only link ${bigLink} characters / 8192 target = ${(bigLink / 8192).toFixed(2)}×; selected and checked in ${selectMs.toFixed(0)} ms`);
