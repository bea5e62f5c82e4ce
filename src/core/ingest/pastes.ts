/**
 * The paste fixtures (fixtures/pastes): `<name>.txt`, or a folder `<name>/` of files dropped together without a node,
 * beside `<name>.expect.json` ({ class, origin, note, expect }). Node-only: the tests and scripts/paste-report.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../pipeline.ts';
import type { InputFile } from './ingest.ts';
import { differences, digest } from './digest.ts';

export interface Paste { name: string; class: number; origin: string; note: string; expect: Record<string, unknown>; files: InputFile[] }

export const PASTES_DIR = new URL('./fixtures/pastes/', import.meta.url).pathname;

export function loadPastes(dir = PASTES_DIR): Paste[] {
  return readdirSync(dir).filter((f) => f.endsWith('.expect.json')).sort().map((f) => {
    const name = f.slice(0, -'.expect.json'.length);
    const spec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<Paste, 'name' | 'files'>;
    const folder = join(dir, name);
    const files: InputFile[] = existsSync(folder) && statSync(folder).isDirectory()
      ? readdirSync(folder).sort().map((x) => ({ path: x, text: readFileSync(join(folder, x), 'utf8') }))
      : [{ path: `${name}.txt`, text: readFileSync(join(dir, `${name}.txt`), 'utf8') }];
    return { ...spec, name, files };
  });
}

/** What the paste reads as, against what its fixture wants: the differences (none when it reads right). */
export function readPaste(p: Paste): string[] {
  return differences(p.expect, digest(runPipeline(p.files)));
}
