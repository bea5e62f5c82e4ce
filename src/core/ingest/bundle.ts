/**
 * Bundles: a zip (support bundle, a folder zipped) → input files. A folder whose sub-folders hold files is a
 * multi-node bundle: each sub-folder is one node. Pure: takes bytes, returns texts (no fs, no DOM).
 */
import { unzipSync, strFromU8 } from 'fflate';
import type { InputFile } from './ingest.ts';

/** Binary content (NUL bytes, or mostly non-text) is not an input; say so instead of parsing noise. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) odd++;
  }
  return n > 0 && odd / n > 0.1;
}

export interface BundleResult { files: InputFile[]; skipped: { path: string; why: string }[] }

export function filesFromZip(bytes: Uint8Array, name = 'bundle.zip'): BundleResult {
  const files: InputFile[] = [];
  const skipped: { path: string; why: string }[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    return { files, skipped: [{ path: name, why: `not a readable zip: ${(err as Error).message}` }] };
  }
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)/.test(path)) continue;
    if (looksBinary(data)) { skipped.push({ path, why: 'binary file' }); continue; }
    files.push(nodeFromPath({ path, text: strFromU8(data) }));
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), skipped };
}

/** `bundle/aks-node-0/ip-addr.txt` → node `aks-node-0` (the folder holding the file, below the bundle's root). */
export function nodeFromPath(file: InputFile): InputFile {
  if (file.node) return file;
  const parts = file.path.split('/').filter(Boolean);
  if (parts.length >= 2) return { ...file, node: parts[parts.length - 2] as string };
  return file;
}
