/**
 * Files from the browser into InputFiles: dropped files and folders (DataTransfer entries), picked files,
 * picked folders (`webkitRelativePath`). A folder's sub-folder is a node (DESIGN.md); zips go to the worker.
 */
import type { InputFile } from '../../core/ingest/ingest.ts';
import { looksBinary } from '../../core/ingest/bundle.ts';

export interface ReadFiles { files: InputFile[]; zips: { name: string; bytes: Uint8Array }[]; skipped: { path: string; why: string }[] }

const MAX_FILE = 64 * 1024 * 1024;

/** `bundle/node-a/ip.txt` → node `node-a`; a file at the top of the dropped folder has no node. */
function withNode(path: string, text: string): InputFile {
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 3 ? { path: parts.slice(1).join('/'), text, node: parts[1] as string } : { path: parts.slice(-1)[0] ?? path, text };
}


async function readOne(file: File, path: string, out: ReadFiles): Promise<void> {
  if (file.size > MAX_FILE) { out.skipped.push({ path, why: `larger than ${MAX_FILE / 1024 / 1024} MiB` }); return; }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.zip$/i.test(file.name) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) { out.zips.push({ name: file.name, bytes }); return; }
  if (looksBinary(bytes)) { out.skipped.push({ path, why: 'a binary file, not text' }); return; }
  out.files.push(withNode(path, new TextDecoder().decode(bytes)));
}

export async function readPicked(list: FileList | null): Promise<ReadFiles> {
  const out: ReadFiles = { files: [], zips: [], skipped: [] };
  for (const f of Array.from(list ?? [])) await readOne(f, f.webkitRelativePath || f.name, out);
  return out;
}

function entryFiles(entry: FileSystemEntry): Promise<{ file: File; path: string }[]> {
  if (entry.isFile) {
    return new Promise((resolve) => (entry as FileSystemFileEntry).file((file) => resolve([{ file, path: entry.fullPath }]), () => resolve([])));
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  return new Promise((resolve) => {
    const all: FileSystemEntry[] = [];
    const next = () => reader.readEntries(async (batch) => {
      if (batch.length) { all.push(...batch); next(); return; }
      const nested = await Promise.all(all.filter((e) => !e.name.startsWith('.')).map(entryFiles));
      resolve(nested.flat());
    }, () => resolve([]));
    next();
  });
}

export async function readDropped(dt: DataTransfer): Promise<ReadFiles> {
  const out: ReadFiles = { files: [], zips: [], skipped: [] };
  const entries = Array.from(dt.items).map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length) {
    for (const { file, path } of (await Promise.all(entries.map(entryFiles))).flat()) await readOne(file, path, out);
    return out;
  }
  for (const f of Array.from(dt.files)) await readOne(f, f.name, out);
  const text = dt.getData('text/plain');
  if (!dt.files.length && text) out.files.push({ path: 'dropped text', text });
  return out;
}
