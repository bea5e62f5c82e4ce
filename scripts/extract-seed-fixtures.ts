/**
 * Developer tool (not run by tests or CI): cuts every command output out of the seed documents into parser
 * fixtures `src/core/parsers/<kind>/fixtures/<kind>--seed<NNN>-b<block>.txt`, and writes the current parse as
 * the expected `.json` next to it — to be reviewed before it is committed.
 *
 *   node --import tsx scripts/extract-seed-fixtures.ts ../shared/seeds
 *   node --import tsx scripts/extract-seed-fixtures.ts --corpus KIND FILE…   (one parser's fixtures from corpus files)
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectFile, parseAs } from '../src/core/ingest/ingest.ts';

if (process.argv[2] === '--corpus') {
  const [, , , kind, ...files] = process.argv;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const origin = (f.split('/').pop() ?? f).replace(/\.txt$/, '').replace(/[^\w-]+/g, '-').slice(0, 60);
    detectFile({ path: f, text }).blocks.filter((b) => b.kind === kind).forEach((b, i) => {
      const body = b.flatText ?? b.lines.texts.join('\n');
      const base = `${kind}--corpus-${origin}${i ? `-${i}` : ''}`;
      const fdir = join('src/core/parsers', kind as string, 'fixtures');
      mkdirSync(fdir, { recursive: true });
      writeFileSync(join(fdir, `${base}.txt`), `${body}\n`);
      const parsed = parseAs(kind as string, body);
      writeFileSync(join(fdir, `${base}.json`), `${JSON.stringify({ source: `corpus ${f.split('corpus/').pop()}, lines ${b.lines.nos[0]}-${b.lines.nos[b.lines.nos.length - 1]}`, ...parsed }, null, 2)}\n`);
      console.log(base, parsed.records.length, 'records', parsed.warnings.length, 'warnings');
    });
  }
  process.exit(0);
}

const dir = process.argv[2] ?? '../shared/seeds';
for (const name of readdirSync(dir).filter((n) => /^\d{3}_.*\.txt$/.test(n)).sort()) {
  const seed = name.slice(0, 3);
  const text = readFileSync(join(dir, name), 'utf8');
  const raw = text.split(/\r\n|\n|\r/);
  for (const b of detectFile({ path: name, text }).blocks) {
    if (!b.kind) continue;
    // the block's own text: its source lines as written (a flattened block is the segment of its line)
    const { texts, nos } = b.lines;
    const body = b.reflowed || texts.length === 1 ? texts.filter((t, i, a) => a.indexOf(t) === i).join('\n')
      : texts.map((t, i) => raw[(nos[i] as number) - 1] ?? t).join('\n');
    const fixtureText = b.reflowed ? texts.join(' ') : body;
    const base = `${b.kind}--seed${seed}-b${String(b.index).padStart(2, '0')}`;
    const fdir = join('src/core/parsers', b.kind, 'fixtures');
    mkdirSync(fdir, { recursive: true });
    // a flattened block keeps its one-line form: that is what the parser must read
    const out = b.flatText ?? fixtureText;
    writeFileSync(join(fdir, `${base}.txt`), `${out}\n`);
    const parsed = parseAs(b.kind, out);
    writeFileSync(join(fdir, `${base}.json`), `${JSON.stringify({ source: `seed ${name}, lines ${b.lines.nos[0]}-${b.lines.nos[b.lines.nos.length - 1]}${b.command ? `, command: ${b.command}` : ''}`, ...parsed }, null, 2)}\n`);
    console.log(base, parsed.records.length, 'records', parsed.warnings.length, 'warnings');
  }
}

