/** Reads CLI paths (files, folders, zips) into input files. The only place that touches the filesystem. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { filesFromZip, looksBinary } from '../core/ingest/bundle.ts';
import type { InputFile } from '../core/ingest/ingest.ts';

export interface ReadResult { files: InputFile[]; skipped: { path: string; why: string }[] }

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export function readInputs(paths: string[]): ReadResult {
  const files: InputFile[] = [];
  const skipped: { path: string; why: string }[] = [];
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { skipped.push({ path: p, why: 'no such file or folder' }); continue; }
    if (st.isDirectory()) {
      const all = walk(p);
      // a folder whose sub-folders hold files is a multi-node bundle: sub-folder = node
      for (const f of all) {
        const rel = relative(p, f);
        const parts = rel.split('/');
        const bytes = readFileSync(f);
        if (looksBinary(bytes)) { skipped.push({ path: f, why: 'binary file' }); continue; }
        const file: InputFile = { path: rel, text: bytes.toString('utf8') };
        if (parts.length >= 2) file.node = parts[0] as string;
        files.push(file);
      }
      continue;
    }
    const bytes = readFileSync(p);
    if (p.endsWith('.zip')) {
      const z = filesFromZip(new Uint8Array(bytes), basename(p));
      files.push(...z.files);
      skipped.push(...z.skipped);
      continue;
    }
    if (looksBinary(bytes)) { skipped.push({ path: p, why: 'binary file' }); continue; }
    files.push({ path: basename(p), text: bytes.toString('utf8') });
  }
  return { files, skipped };
}
