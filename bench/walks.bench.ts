/**
 * Walk time, per built-in walk: parsing the walk file, the pipeline on its scenario, tracing its flows, and laying
 * the walk out in play (packet before/after, notes, checkpoints) — the last against the traces it is built from,
 * as a ratio. Medians of 15 runs, after a warm-up pass over every walk. Run: npx tsx bench/walks.bench.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { buildModel } from '../src/core/pipeline.ts';
import { trace } from '../src/core/trace/engine.ts';
import { SCENARIO_CATALOG } from '../src/scenarios/catalog.ts';
import { flowRequest, parseWalk, playWalk, runWalk, walkInputs } from '../src/core/session/walk/index.ts';
import { profilesWhatIf } from '../src/core/session/walk/whatif.ts';

const dir = new URL('../src/scenarios/', import.meta.url);
// the scenario table (id → seed files) from the catalog: index.ts itself imports the texts with Vite's ?raw
const scenarios = SCENARIO_CATALOG.map(({ id, files }) => ({ id, files: files.map((path) => ({ path, text: readFileSync(new URL(path, dir), 'utf8') })) }));
if (!scenarios.length) throw new Error('no scenarios in src/scenarios/catalog.ts');

const RUNS = 15;
function median(f: () => void): number {
  f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); f(); xs.push(performance.now() - t); }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
}
const fmt = (n: number): string => n.toFixed(2).padStart(8);

const names = readdirSync(new URL('walks/', dir)).filter((f) => f.endsWith('.walk.yaml')).sort();
// one pass over every walk first, so the first walk measured does not pay for the JIT alone
for (const name of names) { const { walk } = parseWalk(readFileSync(new URL(`walks/${name}`, dir), 'utf8')); playWalk(walk, runWalk(walk, walkInputs(walk, scenarios).files, { whatIf: profilesWhatIf })); }

console.log(`walk        steps  checkpoints  parse ms  model ms  traces ms  run ms  play ms  play/traces  (run: every flow, what-if ones through the profiles)`);
for (const name of names) {
  const text = readFileSync(new URL(`walks/${name}`, dir), 'utf8');
  const { walk } = parseWalk(text, { file: name });
  const { files } = walkInputs(walk, scenarios);
  const snapshot = buildModel(files);
  const flows = walk.parts.filter((p) => p.type === 'flow' && !p.as && !p.broken).map((p) => flowRequest(p as Parameters<typeof flowRequest>[0]));
  const run = runWalk(walk, files, { whatIf: profilesWhatIf });
  const runMs = median(() => runWalk(walk, files, { whatIf: profilesWhatIf }));
  const parseMs = median(() => parseWalk(text, { file: name }));
  const modelMs = median(() => buildModel(files));
  const tracesMs = median(() => { for (const f of flows) trace(snapshot, f); });
  const playMs = median(() => playWalk(walk, run));
  const play = playWalk(walk, run);
  const row = [String(play.steps.length).padStart(6), String(play.checkpoints.length).padStart(12), fmt(parseMs), ` ${fmt(modelMs)}`, ` ${fmt(tracesMs)}`, fmt(runMs), fmt(playMs), `  ${(playMs / tracesMs).toFixed(2).padStart(9)}`];
  console.log(`${walk.id.padEnd(10)} ${row.join(' ')}`);
}
