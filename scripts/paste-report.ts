/**
 * Developer tool: per class of issue #16, how many paste fixtures (src/core/ingest/fixtures/pastes) read as their
 * expectations say, and for the others the first difference. The closing note's counts come from here; run against
 * an older checkout (with this script, digest.ts, pastes.ts and the fixtures copied in) for the counts before.
 *
 *   node --import tsx scripts/paste-report.ts [--verbose] [--facts]
 *
 * `--facts` leaves the warnings out of the comparison (an older checkout words its warnings otherwise).
 */
import { loadPastes, readPaste } from '../src/core/ingest/pastes.ts';

const verbose = process.argv.includes('--verbose');
const factsOnly = process.argv.includes('--facts');
const byClass = new Map<number, { right: string[]; wrong: [string, string][] }>();
for (const paste of loadPastes()) {
  const { warnings: _w, ...facts } = paste.expect;
  const p = factsOnly ? { ...paste, expect: facts } : paste;
  const c = byClass.get(p.class) ?? { right: [], wrong: [] };
  let diff: string[];
  try { diff = readPaste(p); } catch (err) { diff = [`threw: ${(err as Error).message}`]; }
  if (diff.length) c.wrong.push([p.name, diff[0] as string]); else c.right.push(p.name);
  byClass.set(p.class, c);
}
let right = 0;
let total = 0;
for (const [cls, c] of [...byClass].sort((a, b) => a[0] - b[0])) {
  right += c.right.length;
  total += c.right.length + c.wrong.length;
  console.log(`class ${cls}: ${c.right.length}/${c.right.length + c.wrong.length} read right`);
  if (verbose) for (const [name, d] of c.wrong) console.log(`  ${name}: ${d.slice(0, 160)}`);
}
console.log(`all: ${right}/${total}`);
