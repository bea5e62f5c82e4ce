/// <reference lib="webworker" />
/**
 * Reads a held input in the worker: a zip, or files (a folder, many files, a big paste) from their Blobs, under the
 * size policy — the file count and sizes are checked before a byte is read, so a folder over the policy is refused
 * as a whole and a file over it is skipped unread. A file that turns out to be a zip is read as one, its files
 * under its own path.
 */
import { SIZE_POLICY, describeSizePolicy, filesFromZip, formatBytes, textOfFile, type BundleResult, type Skipped } from '../core/ingest/bundle.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { HeldSource } from './protocol.ts';

const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export function readHeld(source: HeldSource, budget: number): BundleResult {
  const policy = SIZE_POLICY;
  const reader = new FileReaderSync();
  const bytesOf = (blob: Blob) => new Uint8Array(reader.readAsArrayBuffer(blob));
  const refuse = (why: string): BundleResult => ({ files: [], skipped: [{ path: source.name, why }] });
  if (source.kind === 'zip') {
    if (source.blob.size > budget) return refuse(`${formatBytes(source.blob.size)}, more than the ${formatBytes(budget)} that can still be loaded`);
    return filesFromZip(bytesOf(source.blob), source.name, { budget });
  }
  if (source.files.length > policy.bundleFiles) {
    return refuse(`${source.files.length.toLocaleString('en-US')} files, more than the ${policy.bundleFiles.toLocaleString('en-US')} a folder may hold`);
  }
  const files: InputFile[] = [];
  const skipped: Skipped[] = [];
  const readable = source.files.filter((f) => {
    if (f.blob.size <= policy.inputBytes) return true;
    skipped.push({ path: f.path, why: `${formatBytes(f.blob.size)}, more than the ${formatBytes(policy.inputBytes)} an input may be` });
    return false;
  });
  const total = readable.reduce((a, f) => a + f.blob.size, 0);
  if (total > budget) return refuse(`${formatBytes(total)} in all, more than the ${formatBytes(budget)} that can still be loaded (${describeSizePolicy(policy)})`);
  let left = budget;
  for (const f of readable) {
    const bytes = bytesOf(f.blob);
    if (isZip(bytes)) {
      const z = filesFromZip(bytes, f.path, { budget: left });
      for (const e of z.files) files.push({ ...e, path: `${f.path}/${e.path}`, ...(e.node ?? f.node ? { node: (e.node ?? f.node) as string } : {}) });
      skipped.push(...z.skipped.map((s) => (s.path === f.path ? s : { ...s, path: `${f.path}/${s.path}` })));
      left -= z.files.reduce((a, x) => a + x.text.length, 0);
      continue;
    }
    const t = textOfFile(bytes, policy);
    if ('why' in t) { skipped.push({ path: f.path, why: t.why }); continue; }
    files.push({ path: f.path, text: t.text, ...(f.node ? { node: f.node } : {}) });
    left -= bytes.length;
  }
  return { files, skipped };
}
