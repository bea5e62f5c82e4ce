/**
 * Session files (`.packetpath`): the Session as versioned JSON, gzipped — `{ "format": "packetpath-session",
 * "version": 1, …session }`. For an analysis too big for a link; also read back when gunzipped by hand (plain JSON).
 */
import { gzipSync } from 'fflate';
import { gunzipBounded, TooLarge } from './bytes.ts';
import { formatSize, readSession, SessionError, sessionJson } from './codec.ts';
import { SESSION_VERSION, type Session } from './types.ts';

export const FILE_FORMAT = 'packetpath-session';
export const FILE_EXTENSION = '.packetpath';
/** A session file holds whole inputs (a 150,000-rule dump is 12 MB of text): this bounds a hostile one. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_FILE_INFLATED = 512 * 1024 * 1024;

export function encodeSessionFile(session: Session): Uint8Array {
  const json = `{"format":"${FILE_FORMAT}","version":${SESSION_VERSION},${sessionJson(session).slice(1)}`;
  return gzipSync(new TextEncoder().encode(json), { level: 6, mtime: 0 });
}

const GZIP = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

/** A session file's bytes back to the Session; SessionError (code `not-a-file` …) with a message for the user. */
export function decodeSessionFile(bytes: Uint8Array, name = 'the file'): Session {
  const where = `"${name}"`;
  if (bytes.length > MAX_FILE_BYTES) throw new SessionError('oversize', `${where} is larger than ${formatSize(MAX_FILE_BYTES)}: not a session file PacketPath opens.`);
  let raw = bytes;
  if (GZIP(bytes)) {
    try { raw = gunzipBounded(bytes, MAX_FILE_INFLATED); } catch (err) {
      if (err instanceof TooLarge) throw new SessionError('bomb', `${where} was not opened: it expands to more than ${formatSize(MAX_FILE_INFLATED)}.`);
      throw new SessionError('damaged', `${where} is damaged: it does not decompress (${(err as Error).message}).`);
    }
  }
  let json: unknown;
  try { json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)); } catch {
    throw new SessionError('not-a-file', `${where} is not a PacketPath session file (a ${FILE_EXTENSION} file is gzipped JSON).`);
  }
  const head = (typeof json === 'object' && json !== null ? json : {}) as { format?: unknown; version?: unknown };
  if (head.format !== FILE_FORMAT) throw new SessionError('not-a-file', `${where} is JSON but not a PacketPath session file (no "format": "${FILE_FORMAT}").`);
  if (typeof head.version !== 'number' || !Number.isInteger(head.version) || head.version < 1) {
    throw new SessionError('unknown-version', `${where} has no version PacketPath knows (${JSON.stringify(head.version)}).`);
  }
  if (head.version > SESSION_VERSION) {
    throw new SessionError('newer-version', `${where} was saved by a newer PacketPath (session format ${head.version}); this version opens format ${SESSION_VERSION}.`);
  }
  return readSession(json, where);
}

/** Does this look like a session file (by name or content)? Used by the drop handler to tell it from a dump. */
export function isSessionFile(name: string, bytes: Uint8Array): boolean {
  if (name.toLowerCase().endsWith(FILE_EXTENSION)) return true;
  if (!GZIP(bytes)) {
    const head = new TextDecoder().decode(bytes.subarray(0, 200));
    return /^\s*\{\s*"format"\s*:\s*"packetpath-session"/.test(head);
  }
  return false;
}
