/** Zips: bounded before and while inflating, names normalised, every file not read named with why. */
import { describe, expect, it } from 'vitest';
import { SIZE_POLICY, describeSizePolicy, filesFromZip, nodesFromFolders, normaliseEntryPath, textOfFile } from './bundle.ts';
import { deflated, stored, supportBundle, zipBomb, zipOf } from '../../../bench/zips.ts';

const MiB = 1024 * 1024;
const heapGrowth = (fn: () => void): number => {
  const before = process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed;
  fn();
  return process.memoryUsage().arrayBuffers + process.memoryUsage().heapUsed - before;
};

describe('filesFromZip', () => {
  it('reads a support bundle as the folder it was zipped from: one node per sub-folder, sorted by path', () => {
    const r = filesFromZip(zipOf(supportBundle(40, 4)), 'support.zip');
    expect(r.skipped).toEqual([]);
    expect(r.files).toHaveLength(40);
    // the one top folder (bundle/) is the bundle; its sub-folders are the nodes, however deep a file (…/logs/x.log)
    expect(new Set(r.files.map((f) => f.node))).toEqual(new Set(['aks-node-0', 'aks-node-1', 'aks-node-2', 'aks-node-3']));
    expect(r.files.find((f) => f.path === 'bundle/aks-node-2/ip-addr.txt')).toMatchObject({ node: 'aks-node-2' });
    expect(r.files.map((f) => f.path)).toEqual([...r.files.map((f) => f.path)].sort((a, b) => a.localeCompare(b)));
  });

  it('refuses the 1.5 GiB bomb from its directory alone, before inflating anything', () => {
    let r: ReturnType<typeof filesFromZip> | null = null;
    const grew = heapGrowth(() => { r = filesFromZip(zipBomb(1536, { files: 24 }), 'bomb.zip'); });
    expect(r!.files).toEqual([]);
    expect(r!.skipped).toEqual([{ path: 'bomb.zip', why: expect.stringMatching(/^it inflates to 1\.5 GiB, more than the 256 MiB that can still be loaded/) }]);
    expect(grew).toBeLessThan(64 * MiB);
  });

  it('skips a single file said to be over the input bound, by its header, without inflating it', () => {
    const r = filesFromZip(zipOf([stored('a/ip.txt', '1: lo: <LOOPBACK> mtu 65536\n'), { ...deflated('big.txt', 'x'), size: 600 * MiB }]), 'z.zip');
    expect(r.files.map((f) => f.path)).toEqual(['a/ip.txt']);
    expect(r.skipped).toEqual([{ path: 'big.txt', why: '600 MiB, more than the 64 MiB an input may be' }]);
  });

  it('stops a bomb whose headers lie where what comes out passes the bound, and says so', () => {
    let r: ReturnType<typeof filesFromZip> | null = null;
    const grew = heapGrowth(() => { r = filesFromZip(zipBomb(1536, { files: 1, lies: true, fill: 0x61 }), 'liar.zip'); });
    expect(r!.files).toEqual([]);
    expect(r!.skipped).toEqual([{ path: 'bomb/part-0.txt', why: 'inflates past the 64 MiB an input may be (its header said 1 KiB)' }]);
    expect(grew).toBeLessThan(160 * MiB);
    // zeros are binary: each file is stopped on its first chunk, none is kept
    const zeros = filesFromZip(zipBomb(1536, { files: 48, lies: true }), 'liars.zip');
    expect(zeros.files).toEqual([]);
    expect(zeros.skipped).toHaveLength(48);
    expect(zeros.skipped.every((s) => s.why === 'a binary file, not text')).toBe(true);
  });

  it('counts the total inflated across files, stopping at the budget even when every header lies', () => {
    const text = 'x'.repeat(MiB);
    const liars = Array.from({ length: 6 }, (_, i) => ({ ...deflated(`f${i}.txt`, text), size: 10 }));
    const r = filesFromZip(zipOf(liars), 'z.zip', { budget: 3 * MiB });
    expect(r.files).toEqual([]);
    expect(r.skipped).toEqual([{ path: 'z.zip', why: 'it inflates past the 3 MiB that can still be loaded, though its headers said 60 bytes' }]);
  });

  it('refuses more files than a zip may hold, from the directory', () => {
    const r = filesFromZip(zipOf(Array.from({ length: 12 }, (_, i) => stored(`f${i}.txt`, 'x\n'))), 'z.zip', { policy: { ...SIZE_POLICY, bundleFiles: 10 } });
    expect(r.skipped).toEqual([{ path: 'z.zip', why: 'it holds 12 files, more than the 10 a zip may hold' }]);
  });

  it('names every file it does not read: binary, empty, unknown compression, damaged; and a damaged zip', () => {
    const lzma = { ...stored('c.txt', 'abc'), method: 14 as unknown as 0 };
    const r = filesFromZip(zipOf([stored('a.bin', new Uint8Array([0, 1, 2, 3])), stored('b.txt', '  \n'), lzma, { ...deflated('d.txt', 'hello'), data: new Uint8Array([0xff, 0xff, 0xff]) }, stored('e.txt', 'ok\n')]), 'z.zip');
    expect(r.files.map((f) => f.path)).toEqual(['e.txt']);
    expect(r.skipped).toEqual([
      { path: 'a.bin', why: 'a binary file, not text' },
      { path: 'b.txt', why: 'empty' },
      { path: 'c.txt', why: 'compressed with LZMA, which PacketPath cannot inflate' },
      { path: 'd.txt', why: expect.stringMatching(/^could not inflate: /) },
    ]);
    expect(filesFromZip(new Uint8Array([1, 2, 3, 4]), 'junk.zip').skipped).toEqual([{ path: 'junk.zip', why: expect.stringMatching(/^not a readable zip: /) }]);
  });

  it('normalises names: no escape from the bundle, no absolute paths, no controls; duplicates kept apart', () => {
    const r = filesFromZip(zipOf([stored('../../etc/passwd', 'a\n'), stored('/abs/x.txt', 'b\n'), stored('C:\\node-1\\ip.txt', 'c\n'), stored('abs/x.txt', 'd\n'), stored('ev\u202eil.txt', 'e\n')]), 'z.zip');
    expect(r.files.map((f) => [f.path, f.text])).toEqual([['abs/x.txt', 'b\n'], ['abs/x.txt (2)', 'd\n'], ['etc/passwd', 'a\n'], ['evil.txt', 'e\n'], ['node-1/ip.txt', 'c\n']]);
    expect(normaliseEntryPath('a/./b/../c//d')).toBe('a/c/d');
    // no single top folder: the zip is the bundle, its top folders the nodes
    expect(r.files.map((f) => f.node ?? null)).toEqual(['abs', 'abs', 'etc', null, 'node-1']);
    expect(normaliseEntryPath('../..')).toBeNull();
  });
});

describe('nodesFromFolders', () => {
  it('a zip of one node folder is that folder: no node from its name; of several, each is a node', () => {
    const one = nodesFromFolders([{ path: 'aks-node-0/ip.txt', text: '' }, { path: 'aks-node-0/route.txt', text: '' }]);
    expect(one.map((f) => f.node ?? null)).toEqual([null, null]);
    const two = nodesFromFolders([{ path: 'aks-node-0/ip.txt', text: '' }, { path: 'aks-node-1/logs/a.log', text: '' }, { path: 'README', text: '' }]);
    expect(two.map((f) => f.node ?? null)).toEqual(['aks-node-0', 'aks-node-1', null]);
    expect(nodesFromFolders([{ path: 'x/ip.txt', text: '', node: 'mine' }])[0]?.node).toBe('mine');
  });
});

describe('the size policy', () => {
  it('is stated in one sentence', () => {
    expect(describeSizePolicy()).toBe('Up to 64 MiB an input (a paste, a file, a file in a zip), 256 MiB in all, 20,000 files a zip or folder.');
  });
  it('applies to a single file as to a zip entry', () => {
    expect(textOfFile(new Uint8Array(3), { ...SIZE_POLICY, inputBytes: 2 })).toEqual({ why: '3 bytes, more than the 2 bytes an input may be' });
    expect(textOfFile(new TextEncoder().encode('ip addr\n'))).toEqual({ text: 'ip addr\n' });
  });
});
