/**
 * What the browser hands over — dropped files and folders (DataTransfer entries), picked files, a picked folder
 * (`webkitRelativePath`) — as sources the worker reads: Blobs, nothing read or decoded on the main thread. A folder
 * is one input (its sub-folders are nodes, DESIGN.md), a zip is one, loose files one each — or one together when
 * many come at once.
 */
import type { InputFile } from '../../core/ingest/ingest.ts';
import type { HeldSource } from '../../workers/protocol.ts';
import type { InputOrigin } from '../../state/store.ts';

export interface ReadFiles { sources: { source: HeldSource; origin: InputOrigin }[]; texts: InputFile[] }

/** Loose files picked or dropped at once beyond which they make one input with a list, not a card each. */
const LOOSE_FILES_TOGETHER = 12;

const isZipName = (name: string): boolean => /\.zip$/i.test(name);

/**
 * Files under the folders they came in (`two-nodes/aks-node-a/ip.txt`): each top folder one input, its
 * sub-folder the node (`aks-node-a`), the path below the top folder (`aks-node-a/ip.txt`).
 */
function sourcesOf(items: { file: File; path: string }[]): ReadFiles['sources'] {
  const folders = new Map<string, { path: string; node?: string; blob: Blob }[]>();
  const loose: File[] = [];
  const out: ReadFiles['sources'] = [];
  for (const { file, path } of items) {
    const parts = path.split('/').filter(Boolean);
    if (parts.some((p) => p.startsWith('.'))) continue;
    if (parts.length < 2) {
      if (isZipName(file.name)) out.push({ source: { kind: 'zip', name: file.name, blob: file }, origin: 'zip' });
      else loose.push(file);
      continue;
    }
    const root = parts[0] as string;
    const list = folders.get(root) ?? [];
    folders.set(root, list);
    list.push({ path: parts.slice(1).join('/'), ...(parts.length >= 3 ? { node: parts[1] as string } : {}), blob: file });
  }
  for (const [name, files] of folders) out.push({ source: { kind: 'files', name, files }, origin: 'folder' });
  if (loose.length > LOOSE_FILES_TOGETHER) {
    out.push({ source: { kind: 'files', name: `${loose.length} files`, files: loose.map((f) => ({ path: f.name, blob: f })) }, origin: 'file' });
  } else {
    for (const f of loose) out.push({ source: { kind: 'files', name: f.name, files: [{ path: f.name, blob: f }] }, origin: 'file' });
  }
  return out;
}

export function readPicked(list: FileList | null): ReadFiles {
  return { sources: sourcesOf(Array.from(list ?? []).map((file) => ({ file, path: file.webkitRelativePath || file.name }))), texts: [] };
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
  const entries = Array.from(dt.items).map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length) return { sources: sourcesOf((await Promise.all(entries.map(entryFiles))).flat()), texts: [] };
  const text = dt.getData('text/plain');
  return {
    sources: sourcesOf(Array.from(dt.files).map((file) => ({ file, path: file.name }))),
    texts: !dt.files.length && text ? [{ path: 'dropped text', text }] : [],
  };
}
