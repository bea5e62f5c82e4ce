/**
 * The public corpus (copied into fixtures/corpus with its INDEX.tsv and provenance): every file is detected as
 * the kind its index row says, parses without an exception, and yields the reviewed blocks and warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFile } from './ingest.ts';
import { parserById } from '../parsers/registry.ts';
import { corpusReport } from './corpus-report.ts';

const dir = new URL('./fixtures/corpus/', import.meta.url).pathname;
const rows = readFileSync(join(dir, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1)
  .map((l) => l.split('\t'))
  .map(([file, kind, source]) => ({ file: file as string, kind: kind as string, source: source as string }));
const expected = JSON.parse(readFileSync(new URL('./fixtures/corpus-expected.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('corpus', () => {
  it('has every indexed file', () => {
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) expect(() => readFileSync(join(dir, r.file))).not.toThrow();
  });

  // `other` rows are outputs of tools PacketPath has no family for (ipvsadm, conntrack, birdc …): no kind to expect
  // here; what ingest makes of them, block by block, is pinned by the reviewed report below.
  it.each(rows.filter((r) => r.kind !== 'other'))('$file is detected as $kind', ({ file, kind }) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const families = detectFile({ path: file, text }).blocks.flatMap((b) => (b.kind ? [parserById(b.kind)?.info.family] : []));
    expect(families).toContain(kind);
  });

  it.each(rows)('$file parses to its reviewed blocks and warnings', ({ file }) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(corpusReport(file, text)).toEqual(expected[file]);
  });
});
