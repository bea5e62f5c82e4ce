/**
 * Zips made for tests and benchmarks (Node): a support bundle of many small real dumps, and zip bombs — one that
 * says honestly in its headers what it inflates to, and one whose headers lie. Written by hand rather than by a zip
 * library so the headers can say what a hostile zip says, and so a 1.5 GiB bomb is made without 1.5 GiB in memory:
 * its deflate stream is one sync-flushed MiB of zeros repeated (each copy refers only to itself), then a final block.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync, constants } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntry {
  name: string;
  /** The compressed (method 8) or stored (method 0) bytes. */
  data: Uint8Array;
  method: 0 | 8;
  /** What the headers say it inflates to. */
  size: number;
  crc: number;
}

export const stored = (name: string, text: string | Uint8Array): ZipEntry => {
  const data = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, data, method: 0, size: data.length, crc: crc32(data) };
};

export const deflated = (name: string, text: string | Uint8Array): ZipEntry => {
  const raw = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return { name, data: new Uint8Array(deflateRawSync(raw)), method: 8, size: raw.length, crc: crc32(raw) };
};

/** A zip of these entries: local headers, data, central directory, end record (no zip64: every size < 4 GiB). */
export function zipOf(entries: ZipEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, e.data);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint16(10, e.method, true);
    cd.setUint32(16, e.crc, true);
    cd.setUint32(20, e.data.length, true);
    cd.setUint32(24, e.size, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of all) { out.set(c, at); at += c.length; }
  return out;
}

const MiB = 1024 * 1024;

/**
 * A deflate stream of `mib` MiB of one byte, built from one sync-flushed MiB repeated and a final empty block (03 00),
 * in a few KiB per MiB. The CRC is not computed (0): a reader that bounds what it inflates never gets to check it.
 */
function repeatedDeflated(mib: number, fill: number): Uint8Array {
  const one = deflateRawSync(new Uint8Array(MiB).fill(fill), { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  const out = new Uint8Array(one.length * mib + 2);
  for (let i = 0; i < mib; i++) out.set(one, i * one.length);
  out.set([0x03, 0x00], one.length * mib);
  return out;
}

/**
 * A zip bomb of `files` entries inflating to `totalMiB` in all, of zeros (binary) or of `fill` (0x61: text of `a`s).
 * `lies`: the headers say each file is 1 KiB, so only counting what really comes out stops it.
 */
export function zipBomb(totalMiB: number, { files = 1, lies = false, fill = 0 }: { files?: number; lies?: boolean; fill?: number } = {}): Uint8Array {
  const per = Math.ceil(totalMiB / files);
  const data = repeatedDeflated(per, fill);
  return zipOf(Array.from({ length: files }, (_, i) => ({
    name: `bomb/part-${i}.txt`, data, method: 8 as const, size: lies ? 1024 : per * MiB, crc: 0,
  })));
}

const repo = new URL('../', import.meta.url).pathname;
const read = (p: string) => readFileSync(repo + p, 'utf8');

/**
 * A support bundle of `files` files on `nodes` nodes (`bundle/aks-node-K/…`): each node's real `ip addr`, `ip route`
 * and `iptables-save` (the e2e kubenet node and seed captures), the rest small azure-vnet.log pieces (real lines from
 * seed 004, ~1 KiB each), as a multi-node support bundle with rotated logs has them.
 */
export function supportBundle(files: number, nodes = 5): ZipEntry[] {
  const base = 'e2e/fixtures/kubenet-node/aks-kubenet-0/';
  const perNode = [['ip-addr.txt', read(`${base}ip-addr.txt`)], ['ip-route.txt', read(`${base}ip-route.txt`)], ['iptables-save.txt', read(`${base}iptables-save.txt`)]];
  const logLines = read('src/core/parsers/azure-cni-log/fixtures/azure-cni-log--seed004-b22.txt').split('\n').filter(Boolean);
  const out: ZipEntry[] = [];
  for (let n = 0; n < nodes && out.length < files; n++) for (const [name, text] of perNode) if (out.length < files) out.push(deflated(`bundle/aks-node-${n}/${name}`, text as string));
  for (let i = 0; out.length < files; i++) {
    const at = (i * 7) % Math.max(1, logLines.length - 6);
    out.push(deflated(`bundle/aks-node-${i % nodes}/logs/azure-vnet-${String(i).padStart(5, '0')}.log`, `${logLines.slice(at, at + 6).join('\n')}\n`));
  }
  return out;
}
