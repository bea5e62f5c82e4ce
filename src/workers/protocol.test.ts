import { describe, expect, it } from 'vitest';
import { PAGE_WARNINGS, pageWarnings } from './protocol.ts';
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
    expect(shown.at(-1)).toMatchObject({ line: PAGE_WARNINGS + 1, to: 1_000_000, message: expect.stringContaining('998,000 more warnings') });
  });
});
