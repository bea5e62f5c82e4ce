/**
 * Bytes for links and files: base64url (RFC 4648 §5, no padding) read strictly, and inflation with a bound, so
 * that a link whose few kilobytes expand to gigabytes (a deflate bomb) stops at the bound instead of filling memory.
 */
import { Gunzip, Inflate } from 'fflate';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function toBase64url(bytes: Uint8Array): string {
  const out: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    chunk += ALPHABET[a >> 2] as string;
    chunk += ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)] as string;
    if (b !== undefined) chunk += ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)] as string;
    if (c !== undefined) chunk += ALPHABET[c & 63] as string;
    if (chunk.length >= 8192) { out.push(chunk); chunk = ''; }
  }
  out.push(chunk);
  return out.join('');
}

export class BadBase64 extends Error {
  constructor(readonly position: number, readonly char: string) { super(`not base64url: ${JSON.stringify(char)} at position ${position + 1}`); }
}

/** Strict: any character outside the base64url alphabet (or a length no encoder makes) is a BadBase64. */
export function fromBase64url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new BadBase64(text.length - 1, text.slice(-1));
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v: number[] = [];
    for (let k = i; k < Math.min(i + 4, text.length); k++) {
      const code = text.charCodeAt(k);
      const x = code < 128 ? (VALUE[code] as number) : -1;
      if (x < 0) throw new BadBase64(k, text[k] as string);
      v.push(x);
    }
    const [a, b, c, d] = v as [number, number, number?, number?];
    out[o++] = (a << 2) | (b >> 4);
    if (c !== undefined) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (d !== undefined && c !== undefined) out[o++] = ((c & 3) << 6) | d;
  }
  return out.subarray(0, o);
}

export class TooLarge extends Error {
  constructor(readonly limit: number) { super(`expands beyond ${limit} bytes`); }
}

/** Feeds the compressed bytes in small pieces and stops as soon as the output passes `limit` bytes. */
function bounded(stream: Inflate | Gunzip, data: Uint8Array, limit: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  let over = false;
  stream.ondata = (chunk) => {
    total += chunk.length;
    if (total > limit) over = true;
    else parts.push(chunk);
  };
  // deflate expands at most ~1032:1, so a 4 KiB piece can add at most ~4 MiB past the limit before we stop
  const PIECE = 4096;
  for (let i = 0; i < data.length && !over; i += PIECE) stream.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
  if (data.length === 0) stream.push(data, true);
  if (over) throw new TooLarge(limit);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Raw DEFLATE, at most `limit` bytes out. Throws TooLarge, or fflate's error for damaged or cut-off data. */
export const inflateBounded = (data: Uint8Array, limit: number): Uint8Array => bounded(new Inflate(), data, limit);

/** GZIP, at most `limit` bytes out. */
export const gunzipBounded = (data: Uint8Array, limit: number): Uint8Array => bounded(new Gunzip(), data, limit);

/** FNV-1a, 32 bits, as 8 hex digits: tells whether a built-in scenario's text changed since a link was made. */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
