/**
 * `npx tsx fuzz/unmutated.ts [--show 40]`: the lines of the fuzz pool's inputs as they are (fixtures, corpus,
 * seeds, kernel captures — no mutation) that the line accounting cannot place: neither read into a record nor named
 * in a warning. The fuzz counts a mutated input's line as lost only when its unmutated input reads a line of that
 * shape (fuzz/tally.ts `baseline`), so what this prints is what the fuzz's figures cannot see.
 */
import { parseArgs } from 'node:util';
import { seedPool } from './pool.ts';
import { exercise } from '../src/core/fuzz/exercise.ts';

const { values } = parseArgs({ options: { show: { type: 'string', default: '40' } }, strict: true });
const pool = seedPool(400_000);
const perKind = new Map<string, number>();
let lines = 0;
let inputs = 0;
const shown: string[] = [];
for (const seed of pool) {
  const lost = exercise([{ path: 'paste.txt', text: seed.text }]).lost;
  if (lost.length) inputs++;
  lines += lost.length;
  for (const l of lost) {
    perKind.set(l.kind, (perKind.get(l.kind) ?? 0) + 1);
    if (shown.length < Number(values.show)) shown.push(`  ${seed.name}:${l.line} [${l.kind}] ${l.text.trim().slice(0, 100)}`);
  }
}
const kinds = [...perKind].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
console.log(`${pool.length} unmutated inputs: ${lines} lines neither read nor named, in ${inputs} of them${kinds ? ` (${kinds})` : ''}`);
for (const s of shown) console.log(s);
