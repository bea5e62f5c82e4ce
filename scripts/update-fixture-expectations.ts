/**
 * Developer tool: writes the expected `.json` for every parser fixture `.txt` that has none yet (new kernel
 * captures), from the current parse, for review before commit. Existing expectations are never overwritten.
 *
 *   node --import tsx scripts/update-fixture-expectations.ts
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAs } from '../src/core/ingest/ingest.ts';

const root = 'src/core/parsers';
for (const kind of readdirSync(root)) {
  const dir = join(root, kind, 'fixtures');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.txt') || !f.startsWith(`${kind}--`) || f.includes('.kernel-')) continue;
    const out = join(dir, f.replace(/\.txt$/, '.json'));
    if (existsSync(out)) continue;
    const parsed = parseAs(kind, readFileSync(join(dir, f), 'utf8'));
    const source = f.includes('--kernel-') ? 'kernel capture (scripts/capture-kernel-fixtures.sh)' : 'added by hand';
    writeFileSync(out, `${JSON.stringify({ source, ...parsed }, null, 2)}\n`);
    console.log(f, parsed.records.length, 'records', parsed.warnings.length, 'warnings', parsed.warnings.slice(0, 2).map((w) => w.message));
  }
}
