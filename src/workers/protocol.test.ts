import { describe, expect, it } from 'vitest';
import { inPartsOf, joinParts, PAGE_WARNINGS, PART_ITEMS, pageWarnings, type Response } from './protocol.ts';
import type { InputSummary } from '../core/model/types.ts';

describe('the warnings the page gets', () => {
  const input = (n: number): InputSummary => ({ name: 'paste 1', block: 0, kind: 'ip-addr', confidence: 1, records: 0,
    warnings: Array.from({ length: n }, (_, i) => ({ line: i + 1, kind: 'unrecognized', message: 'not an ip addr line' })) });

  it('are all of them up to PAGE_WARNINGS', () => {
    expect(pageWarnings(input(PAGE_WARNINGS)).warnings).toHaveLength(PAGE_WARNINGS);
  });

  it('past that, one more warning spans and counts the rest, so no line is left unnamed', () => {
    const shown = pageWarnings(input(1_000_000)).warnings;
    expect(shown).toHaveLength(PAGE_WARNINGS + 1);
    expect(shown.at(-1)).toMatchObject({ line: PAGE_WARNINGS + 1, to: 1_000_000, kind: 'unrecognized', message: expect.stringContaining('998,000 more warnings') });
    expect(pageWarnings(input(1_000_000)).warningsTotal).toBe(1_000_000);
  });
});

describe('answers with a long list', () => {
  it('go as parts of PART_ITEMS, then the answer with the rest, and are whole again once joined', () => {
    const files = Array.from({ length: 2 * PART_ITEMS + 5 }, (_, i) => ({ path: `bundle/f${i}.txt`, bytes: i }));
    const answer: Response = { type: 'opened', files, skipped: [] };
    const sent = inPartsOf(answer);
    expect(sent.map((r) => r.type)).toEqual(['part', 'part', 'opened']);
    expect(sent.map((r) => (r.type === 'part' ? r.items.length : r.type === 'opened' ? r.files.length : -1))).toEqual([PART_ITEMS, PART_ITEMS, 5]);
    const parts = sent.filter((r) => r.type === 'part').map((r) => (r as Extract<Response, { type: 'part' }>).items);
    expect(joinParts(sent.at(-1) as Response, parts)).toEqual(answer);
  });

  it('a short list or an answer without one goes as it is', () => {
    const trace: Response = { type: 'cancelled' };
    expect(inPartsOf(trace)).toEqual([trace]);
    const opened: Response = { type: 'opened', files: [{ path: 'a', bytes: 1 }], skipped: [] };
    expect(inPartsOf(opened)).toEqual([opened]);
  });
});
