/**
 * The real inputs the fuzz suite mutates, read from the repository: every parser fixture (seed outputs, public
 * corpus samples, kernel captures), the corpus files, the kernel-captured trace scenarios and the five seed
 * documents. Each is named by its kind (the parser of a fixture, the corpus index's kind, `transcript`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Seed } from '../src/core/fuzz/mutate.ts';

const ROOT = new URL('../src/', import.meta.url).pathname;

function files(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return []; }
  return names.flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? files(p) : [p]; });
}

export function seedPool(maxBytes = Infinity): Seed[] {
  const out: Seed[] = [];
  const add = (name: string, kind: string, path: string) => {
    const text = readFileSync(path, 'utf8');
    if (text.length <= maxBytes && !text.includes('\u0000')) out.push({ name, kind, text });
  };
  const parsers = join(ROOT, 'core/parsers');
  for (const id of readdirSync(parsers).sort()) {
    // the .txt of each pair is the input; its .json is the reviewed expected parse
    for (const f of files(join(parsers, id, 'fixtures')).filter((p) => p.endsWith('.txt'))) {
      add(f.slice(ROOT.length), id, f);
    }
  }
  for (const f of files(join(ROOT, 'core/ingest/fixtures/corpus')).filter((p) => !p.endsWith('INDEX.tsv'))) {
    add(f.slice(ROOT.length), `corpus:${f.slice(join(ROOT, 'core/ingest/fixtures/corpus').length + 1).split('/')[0]}`, f);
  }
  for (const f of files(join(ROOT, 'core/trace/fixtures/kernel')).filter((p) => p.endsWith('.txt'))) add(f.slice(ROOT.length), 'kernel-capture', f);
  for (const f of files(join(ROOT, 'scenarios')).filter((p) => /seed-\d+\.txt$/.test(p))) add(f.slice(ROOT.length), 'transcript', f);
  return out;
}

/** The JSON-shaped seeds, for the wrong-field-type mutator. */
export const jsonSeeds = (pool: Seed[]): Seed[] => pool.filter((s) => { try { JSON.parse(s.text); return true; } catch { return false; } });
