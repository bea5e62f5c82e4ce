/**
 * Bad input never breaks a parser: arbitrary text, binary noise, mutated real outputs, truncated JSON, huge
 * single lines (the classic trigger of regex backtracking). Parsers return what they can and name the rest.
 * A catastrophic (super-linear) parser would blow the per-test timeout on the large inputs below; the tests
 * themselves assert no timings.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARSERS } from './registry.ts';
import { runPipeline } from '../pipeline.ts';
import type { ParseResult } from './common/types.ts';

const root = new URL('.', import.meta.url).pathname;
const samples: string[] = PARSERS.flatMap((p) => {
  const dir = join(root, p.info.id, 'fixtures');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.txt')).slice(0, 3).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
});

function wellFormed(text: string, res: ParseResult): void {
  expect(Array.isArray(res.records)).toBe(true);
  const lines = text.split(/\r\n|\n|\r/).length;
  for (const w of res.warnings) {
    expect(w.line).toBeGreaterThanOrEqual(1);
    expect(w.line).toBeLessThanOrEqual(lines);
    expect(['ignored', 'unsupported', 'unrecognized']).toContain(w.kind);
  }
}

/** Line-level mutations of a real output: drop, duplicate, truncate, splice noise, flatten. */
const mutated = fc.tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.string({ maxLength: 30 })), { maxLength: 12 }))
  .map(([text, ops]) => {
    let lines = text.split('\n');
    for (const [at, op, noise] of ops) {
      const i = lines.length ? at % lines.length : 0;
      const line = lines[i] ?? '';
      if (op === 0) lines.splice(i, 1);
      else if (op === 1) lines.splice(i, 0, line);
      else if (op === 2) lines[i] = line.slice(0, at % (line.length + 1));
      else if (op === 3) lines[i] = `${line.slice(0, at % (line.length + 1))}${noise}${line.slice(at % (line.length + 1))}`;
      else lines = [lines.join(' ')];
    }
    return lines.join('\n');
  });

describe.each(PARSERS.map((p) => [p.info.id, p] as const))('%s', (_id, parser) => {
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
      expect(() => parser.detect(text)).not.toThrow();
      wellFormed(text, parser.parse(text));
    }), { numRuns: 150 });
  });

  it('never throws on mutated real outputs', () => {
    fc.assert(fc.property(mutated, (text) => {
      const score = parser.detect(text);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
      wellFormed(text, parser.parse(text));
      if (parser.reflow) expect(() => parser.reflow?.(text)).not.toThrow();
    }), { numRuns: 60 });
  });

  it('reads a 200,000-character line and 20,000 lines of noise in time', { timeout: 20_000 }, () => {
    const long = `${'a '.repeat(50_000)}${' '.repeat(50_000)}-A ${'x'.repeat(50_000)}`;
    wellFormed(long, parser.parse(long));
    const noisy = Array.from({ length: 20_000 }, (_, i) => `${i}: ${'lorem ipsum '.repeat(i % 7)}\t"${i % 3 ? '' : 'unterminated'}`).join('\n');
    const res = parser.parse(noisy);
    wellFormed(noisy, res);
  });
});

describe('the whole pipeline', () => {
  it('never throws on arbitrary or mutated pastes', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 600 }), mutated), (text) => {
      const { snapshot } = runPipeline([{ path: 'paste.txt', text }]);
      expect(Array.isArray(snapshot.hosts)).toBe(true);
    }), { numRuns: 120 });
  });

  it('keeps everything it can from two dumps run together and a half-pasted table', () => {
    const route = readFileSync(join(root, 'route-n/fixtures/route-n--seed000-b05.txt'), 'utf8');
    const addr = readFileSync(join(root, 'ip-addr/fixtures/ip-addr--seed000-b06.txt'), 'utf8');
    const half = route.split('\n').slice(0, 6).join('\n').slice(0, -20);
    const { snapshot } = runPipeline([{ path: 'paste.txt', text: `${half}\n${addr}\n\u0000\u0001garbage\u00ff\n{"truncated": [1, 2` }]);
    const host = snapshot.hosts[0];
    expect(host?.netns[0]?.links.length).toBe(7);
    expect(host?.netns[0]?.routes.length).toBeGreaterThanOrEqual(3);
    const named = snapshot.inputs.flatMap((i) => i.warnings.map((w) => w.line));
    expect(named.length).toBeGreaterThan(0);
  });
});
