/**
 * Parser fixtures, found by convention: `<id>/fixtures/<id>--<origin>-<case>.txt` with its expected `.json`
 * ({ records, warnings }). A parser without fixtures fails the suite; `detect()` must pick each fixture's own parser.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSERS } from './registry.ts';
import { bestParser, parseAs, rebuildFlattened } from '../ingest/ingest.ts';

const here = new URL('.', import.meta.url).pathname;

function fixturesOf(id: string): { name: string; text: string; expected: { records: unknown[]; warnings: unknown[] } }[] {
  const dir = join(here, id, 'fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt') && f.startsWith(`${id}--`) && !f.includes('.kernel-'))
    .sort()
    .map((f) => ({
      name: f,
      text: readFileSync(join(dir, f), 'utf8'),
      expected: JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8')) as { records: unknown[]; warnings: unknown[] },
    }));
}

describe.each(PARSERS.map((p) => [p.info.id]))('parser %s', (id) => {
  const fixtures = fixturesOf(id);

  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('$name parses to its expected records and warnings', (f) => {
    const got = parseAs(id, f.text);
    // records as `packetpath parse` prints them (iptables rules parse their options on first use; JSON shows all)
    expect({ records: JSON.parse(JSON.stringify(got.records)) as unknown[], warnings: got.warnings }).toEqual({ records: f.expected.records, warnings: f.expected.warnings });
  });

  it.each(fixtures)(`$name is detected as ${id}`, (f) => {
    const parser = PARSERS.find((p) => p.info.id === id);
    const rebuilt = parser ? rebuildFlattened(parser, f.text) : null;
    const best = bestParser(rebuilt ? rebuilt.join('\n') : f.text);
    expect(best.parser?.info.id).toBe(id);
  });
});
