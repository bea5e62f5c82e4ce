/**
 * The seeded slice of the fuzz suite that runs with the unit tests (slice-a/b.test.ts, half each so vitest runs
 * them side by side): 20,000 mutations of the real inputs of at most 4 KB (fuzz/pool.ts), through everything a
 * paste reaches (exercise.ts). No exception and no contained failure may occur; lines lost without a warning may
 * not exceed, per kind, the ceiling in lost-ceiling.json (a ratchet: 0 stays 0, a kind improved is lowered there).
 * Times are printed, never asserted.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { fuzzRange, printTally, type Tally } from '../../../fuzz/tally.ts';

export const SLICE = { count: 20_000, seed: 17, maxBytes: 4000 };

const ceiling = JSON.parse(readFileSync(new URL('./lost-ceiling.json', import.meta.url), 'utf8')) as { perHalf: Record<string, number> };

export function sliceHalf(half: 0 | 1): void {
  let t: Tally;
  it(`runs inputs ${half * SLICE.count / 2}–${(half + 1) * SLICE.count / 2 - 1} of the seeded slice`, { timeout: 300_000 }, () => {
    const t0 = performance.now();
    t = fuzzRange({ from: half * (SLICE.count / 2), to: (half + 1) * (SLICE.count / 2), step: 1, seed: SLICE.seed, maxBytes: SLICE.maxBytes });
    const lines: string[] = [];
    printTally(t, { count: SLICE.count / 2, seed: SLICE.seed, workers: 1, seconds: (performance.now() - t0) / 1000 }, (s) => lines.push(s));
    console.log(lines.join('\n'));
    expect(t.inputs).toBe(SLICE.count / 2);
  });
  it('throws no exception', () => expect(t.errors).toEqual({}));
  it('contains no failure (no block left out because its parser, converter or assembly threw)', () => expect(t.contained).toEqual({}));
  it('loses no more lines without a warning, per kind, than lost-ceiling.json allows', () => {
    const over = Object.entries(t.lostIn).filter(([k, n]) => n > (ceiling.perHalf[k] ?? 0)).map(([k, n]) => `${k}: ${n} > ${ceiling.perHalf[k] ?? 0}`);
    expect(over).toEqual([]);
  });
}
