/**
 * Bundles: a zip (support bundle, a folder zipped) → input files, and the one size policy every way in shares (a
 * paste, a file, a folder, a zip). A zip is read as the folder it was made from: a folder whose sub-folders hold
 * files is a multi-node bundle, each sub-folder one node. Pure: takes bytes, returns texts (no fs, no DOM); the worker
 * and the CLI call it.
 *
 * A zip is bounded before anything is inflated: its central directory gives the number of files and the size each
 * says it inflates to, and a zip over the policy is refused from that alone. The files are then inflated as a
 * stream, 1 KiB of compressed data at a time, counting what comes out, so a zip whose headers lie stops at the
 * bound too instead of filling memory.
 */
import { Inflate, Unzip, unzipSync, type FlateError, type UnzipDecoder, type UnzipFile } from 'fflate';
import type { InputFile } from './ingest.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface SizePolicy {
  /** One input: a paste, a file, or one file of a zip or folder. */
  inputBytes: number;
  /** Everything loaded at once; a zip counts what it inflates to. */
  totalBytes: number;
  /** Files in one zip or folder. */
  bundleFiles: number;
}

/** What PacketPath reads, the same for a paste, a file, a folder and a zip; the inputs panel states it. */
export const SIZE_POLICY: Readonly<SizePolicy> = Object.freeze({ inputBytes: 64 * MiB, totalBytes: 256 * MiB, bundleFiles: 20_000 });

export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${+(n / (1024 * MiB)).toFixed(2)} GiB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`;
  if (n >= KiB) return `${+(n / KiB).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** The policy in one sentence, as the inputs panel and the refusals say it. */
export function describeSizePolicy(p: SizePolicy = SIZE_POLICY): string {
  return `Up to ${formatBytes(p.inputBytes)} an input (a paste, a file, a file in a zip), ${formatBytes(p.totalBytes)} in all, `
    + `${p.bundleFiles.toLocaleString('en-US')} files a zip or folder.`;
}

export interface Skipped { path: string; why: string }
export interface BundleResult { files: InputFile[]; skipped: Skipped[] }

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

// C0/C1 controls and the bidirectional overrides and isolates: a name holding them can hide what it is
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A zip entry's name as a relative path: `\` read as `/`, no drive letter or leading `/`, `.` and `..` resolved
 * without leaving the bundle, control and bidi characters dropped. Null when nothing usable is left.
 */
export function normaliseEntryPath(raw: string): string | null {
  const parts: string[] = [];
  for (const part of raw.replace(UNSAFE_IN_NAMES, '').replace(/\\/g, '/').replace(/^[A-Za-z]:/, '').split('/')) {
    const p = part.trim();
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return parts.length ? parts.join('/') : null;
}

const junk = (path: string): boolean => /(^|\/)(__MACOSX|\.DS_Store$)/.test(path);

/** Makes a path unique among those already taken: `a/b.txt`, then `a/b.txt (2)`. */
function unique(path: string, taken: Set<string>): string {
  let p = path;
  for (let n = 2; taken.has(p); n++) p = `${path} (${n})`;
  taken.add(p);
  return p;
}

interface DirEntry { name: string; originalSize: number; compression: number }

/** The central directory, nothing inflated: fflate's filter sees every entry, and declining each extracts none. */
function directory(bytes: Uint8Array): DirEntry[] {
  const out: DirEntry[] = [];
  unzipSync(bytes, { filter: (f) => { out.push({ name: f.name, originalSize: f.originalSize, compression: f.compression }); return false; } });
  return out;
}

/** fflate's UnzipInflate, with the `terminate` it lacks: a file stopped at a bound is not inflated any further. */
class StoppableInflate implements UnzipDecoder {
  static compression = 8;
  ondata: (err: FlateError | null, data: Uint8Array, final: boolean) => void = () => {};
  private stopped = false;
  private readonly inflate = new Inflate((data, final) => this.ondata(null, data, final));
  push(chunk: Uint8Array, final: boolean): void {
    if (this.stopped) return;
    try { this.inflate.push(chunk, final); } catch (err) { this.ondata(err as FlateError, new Uint8Array(), final); }
  }
  terminate(): void { this.stopped = true; }
}

const COMPRESSION: Record<number, string> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'xz', 99: 'AES encryption' };
// deflate inflates at most ~1,000×: 1 KiB in is at most ~1 MiB out before the bound is checked again
const CHUNK = KiB;

export interface ZipOptions {
  policy?: SizePolicy;
  /** What may still be loaded (the policy's total less what is loaded already). */
  budget?: number;
}

export function filesFromZip(bytes: Uint8Array, name = 'bundle.zip', opts: ZipOptions = {}): BundleResult {
  const policy = opts.policy ?? SIZE_POLICY;
  const budget = Math.min(opts.budget ?? policy.totalBytes, policy.totalBytes);
  const files: InputFile[] = [];
  const skipped: Skipped[] = [];
  const refuse = (why: string): BundleResult => ({ files: [], skipped: [{ path: name, why }] });

  let dir: DirEntry[];
  try { dir = directory(bytes); } catch (err) { return refuse(`not a readable zip: ${(err as Error).message}`); }
  const entries = dir.filter((e) => !e.name.endsWith('/') && !junk(e.name));
  if (!entries.length) return refuse('the zip holds no files');
  if (entries.length > policy.bundleFiles) {
    return refuse(`it holds ${entries.length.toLocaleString('en-US')} files, more than the ${policy.bundleFiles.toLocaleString('en-US')} a zip may hold`);
  }
  const declared = new Map<string, DirEntry>(entries.map((e) => [e.name, e]));
  const readable = entries.filter((e) => e.originalSize <= policy.inputBytes);
  const total = readable.reduce((a, e) => a + e.originalSize, 0);
  if (total > budget) {
    return refuse(`it inflates to ${formatBytes(total)}, more than the ${formatBytes(budget)} that can still be loaded (${describeSizePolicy(policy)})`);
  }

  const taken = new Set<string>();
  let inflated = 0;
  let over: string | null = null;
  const unzip = new Unzip();
  unzip.register(StoppableInflate);
  unzip.onfile = (file: UnzipFile) => {
    const raw = file.name;
    const d = declared.get(raw);
    if (raw.endsWith('/') || junk(raw) || over) return;
    const path = normaliseEntryPath(raw);
    if (!path) { skipped.push({ path: raw || '(no name)', why: 'no usable file name' }); return; }
    if (d && d.originalSize > policy.inputBytes) {
      skipped.push({ path, why: `${formatBytes(d.originalSize)}, more than the ${formatBytes(policy.inputBytes)} an input may be` });
      return;
    }
    if (file.compression !== 0 && file.compression !== 8) {
      skipped.push({ path, why: `compressed with ${COMPRESSION[file.compression] ?? `method ${file.compression}`}, which PacketPath cannot inflate` });
      return;
    }
    const decoder = new TextDecoder();
    const parts: string[] = [];
    let size = 0;
    let done = false;
    const stop = (why: string) => { done = true; file.terminate(); skipped.push({ path, why }); };
    file.ondata = (err, chunk, final) => {
      if (done) return;
      if (err) { stop(`could not inflate: ${err.message}`); return; }
      if (size === 0 && chunk.length && looksBinary(chunk)) { stop('a binary file, not text'); return; }
      size += chunk.length;
      inflated += chunk.length;
      if (size > policy.inputBytes) { stop(`inflates past the ${formatBytes(policy.inputBytes)} an input may be (its header said ${formatBytes(d?.originalSize ?? 0)})`); return; }
      if (inflated > budget) { done = true; file.terminate(); over = `it inflates past the ${formatBytes(budget)} that can still be loaded, though its headers said ${formatBytes(total)}`; return; }
      parts.push(decoder.decode(chunk, { stream: !final }));
      if (!final) return;
      done = true;
      const text = parts.join('');
      if (!text.trim()) { skipped.push({ path, why: 'empty' }); return; }
      files.push({ path: unique(path, taken), text });
    };
    file.start();
  };
  try {
    for (let i = 0; i < bytes.length && !over; i += CHUNK) unzip.push(bytes.subarray(i, i + CHUNK), i + CHUNK >= bytes.length);
  } catch (err) {
    skipped.push({ path: name, why: `the zip is damaged after ${files.length} files: ${(err as Error).message}` });
  }
  if (over) return refuse(over);
  return { files: nodesFromFolders(files).sort((a, b) => a.path.localeCompare(b.path)), skipped };
}

/** One file's bytes → its text, or why it is not read (too big, binary, empty): the same rules as a zip's files. */
export function textOfFile(bytes: Uint8Array, policy: SizePolicy = SIZE_POLICY): { text: string } | { why: string } {
  if (bytes.length > policy.inputBytes) return { why: `${formatBytes(bytes.length)}, more than the ${formatBytes(policy.inputBytes)} an input may be` };
  if (looksBinary(bytes)) return { why: 'a binary file, not text' };
  const text = new TextDecoder().decode(bytes);
  return text.trim() ? { text } : { why: 'empty' };
}

/**
 * A zip read as the folder it was made from (DESIGN.md: a folder's sub-folders are its nodes): when every file sits in
 * one top folder (`bundle/aks-node-0/…`), that folder is the bundle itself; below it, a file's first folder is its node
 * (`aks-node-0`, however deep the file: `aks-node-0/logs/x.log`). A file at the top has no node: the evidence decides.
 */
export function nodesFromFolders(files: InputFile[]): InputFile[] {
  const tops = new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')));
  const wrapped = tops.size === 1 && !tops.has('');
  return files.map((f) => {
    if (f.node) return f;
    const parts = f.path.split('/').filter(Boolean).slice(wrapped ? 1 : 0);
    return parts.length >= 2 ? { ...f, node: parts[0] as string } : f;
  });
}
