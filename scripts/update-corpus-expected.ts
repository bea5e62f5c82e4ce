/**
 * Developer tool: records what the pipeline reads in every corpus file (blocks, kinds, record counts, warnings)
 * into `src/core/ingest/fixtures/corpus-expected.json`, for review; the corpus test compares against it.
 *
 *   node --import tsx scripts/update-corpus-expected.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { corpusReport } from '../src/core/ingest/corpus-report.ts';

const dir = 'src/core/ingest/fixtures/corpus';
const rows = readFileSync(`${dir}/INDEX.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const out: Record<string, unknown> = {};
for (const [file] of rows) out[file as string] = corpusReport(file as string, readFileSync(`${dir}/${file}`, 'utf8'));
writeFileSync('src/core/ingest/fixtures/corpus-expected.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(Object.keys(out).length, 'files');
