/**
 * `npx tsx fuzz/lost.ts --kind cni-conflist [--from 0 --to 10000 --seed 17 --max-bytes 4000 --show 20]`: the lines
 * of the seeded fuzz stream (the unit-test slice's defaults) lost without a warning in blocks of one kind, each with
 * its input's index, the seed it was mutated from and the lines around it — what a parser fix starts from.
 */
import { parseArgs } from 'node:util';
import { lostAt } from './tally.ts';

const { values } = parseArgs({ options: { kind: { type: 'string' }, from: { type: 'string', default: '0' }, to: { type: 'string', default: '10000' },
  seed: { type: 'string', default: '17' }, 'max-bytes': { type: 'string', default: '4000' }, show: { type: 'string', default: '20' } }, strict: true });
let shown = 0;
let total = 0;
for (let i = Number(values.from); i < Number(values.to); i++) {
  const { base, text, lost } = lostAt(i, Number(values.seed), Number(values['max-bytes']));
  const mine = lost.filter((l) => !values.kind || l.kind === values.kind);
  total += mine.length;
  if (!mine.length || shown >= Number(values.show)) continue;
  shown++;
  const lines = text.split('\n');
  console.log(`#${i} (from ${base.name}): ${mine.length} lost`);
  for (const l of mine.slice(0, 3)) {
    console.log(`  line ${l.line} [${l.kind}]: ${JSON.stringify(l.text)}`);
    for (let n = Math.max(1, l.line - 2); n <= Math.min(lines.length, l.line + 2); n++) console.log(`     ${n === l.line ? '>' : ' '}${String(n).padStart(4)} ${(lines[n - 1] ?? '').slice(0, 110)}`);
  }
}
console.log(`${total} lines lost${values.kind ? ` in ${values.kind}` : ''} in inputs ${values.from}–${Number(values.to) - 1}`);
