/**
 * Links: a Session as `#v1=<payload>`, the payload being base64url(deflate(JSON)). Reading one treats it as
 * data from a stranger: bounded in size before and after inflation, every field checked for its type and length,
 * unknown fields ignored, and each failure a SessionError whose message says what is wrong with the link.
 */
import { Deflate, deflateSync } from 'fflate';
import { BadBase64, fromBase64url, inflateBounded, toBase64url, TooLarge } from './bytes.ts';
import { formatFragment, fragmentOf, parseFragment, type Fragment } from './fragment.ts';
import { compactInput, parseRanges } from './inputs.ts';
import {
  INPUT_ORIGINS, SESSION_VERSION, TRACE_PROTOS, VIEW_FIELDS,
  type Session, type SessionInput, type SessionTrace, type SessionView, type ViewFieldKind,
} from './types.ts';

/** What a link may carry to fit the places people paste links (chat tools, tickets, browsers' address bars). */
export const LINK_BUDGET = 16 * 1024;
/** The longest payload a link may have to be opened at all (Chromium's URL limit is 2 MiB). */
export const MAX_PAYLOAD_CHARS = 1024 * 1024;
/** The most a link's payload may inflate to: text deflates about 5:1, so a 1 MiB link never comes near it. */
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** Where a link opens when no base is given: the dev server (`npm start`). */
export const DEFAULT_BASE = 'http://localhost:5173/';

export type SessionErrorCode = 'no-session' | 'newer-version' | 'unknown-version' | 'oversize' | 'bad-base64' | 'damaged'
  | 'bomb' | 'not-json' | 'malformed' | 'not-a-file';

export class SessionError extends Error {
  constructor(readonly code: SessionErrorCode, message: string) { super(message); }
}

/** 16384 → "16 KiB", 5120.5 → "5.0 KiB", 2.5e6 → "2.4 MiB": sizes in messages and in the Share panel. */
export function formatSize(n: number): string {
  const [v, unit] = n >= 1024 * 1024 ? [n / 1024 / 1024, 'MiB'] : [n / 1024, 'KiB'];
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}

// --- encoding -----------------------------------------------------------------------------------------------

/** The JSON form: no undefined fields, evidence-like inputs sparse. */
function plain(session: Session): object {
  return {
    scenario: session.scenario,
    inputs: session.inputs.map(compactInput),
    view: session.view,
    trace: session.trace,
    whatIf: session.whatIf,
    ...(session.evidence ? { evidence: session.evidence } : {}),
    ...(session.redacted ? { redacted: true } : {}),
  };
}

export const sessionJson = (session: Session): string => JSON.stringify(plain(session));

const DEFLATE = { level: 9, mem: 12 } as const;

export function encodePayload(session: Session): string {
  return toBase64url(deflateSync(new TextEncoder().encode(sessionJson(session)), DEFLATE));
}

/**
 * Bytes of JSON deflated per slice by encodePayloadSliced: 15 ms at most on a laptop core. Level 9 on text as
 * repetitive as a support bundle's is slow in bigger slices (32 KiB: 20 ms); a lower level would be faster but
 * makes links a few per cent longer than the CLI's.
 */
const SLICE_BYTES = 8 * 1024;

/** What encodePayloadSliced made: the payload, or how long it would be about (it gave up past the budget). */
export type SlicedPayload = { payload: string } | { over: number };

/**
 * The payload of encodePayload (the same deflate settings; a valid stream, not always the same bytes), deflated a
 * slice at a time with `pause()` awaited between slices, so that a page encoding a big session never holds its main
 * thread for long. It gives up as soon as the payload is sure to be longer than `mostChars` (base64 of what is
 * deflated so far), so a session far too big for a link costs a few slices, not the whole text, and says how long
 * the payload would be about (what was deflated so far, scaled to the whole). `pause` may throw to stop it.
 */
export async function encodePayloadSliced(session: Session, mostChars: number, pause: () => Promise<void>): Promise<SlicedPayload> {
  const json = new TextEncoder().encode(sessionJson(session));
  await pause();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  const deflate = new Deflate(DEFLATE, (chunk) => { parts.push(chunk); bytes += chunk.length; });
  for (let at = 0; at < json.length || at === 0; at += SLICE_BYTES) {
    const end = Math.min(json.length, at + SLICE_BYTES);
    deflate.push(json.subarray(at, end), end === json.length);
    const chars = Math.ceil((bytes * 4) / 3);
    if (chars > mostChars) return { over: Math.round(chars * (json.length / Math.max(1, end))) };
    if (end < json.length) await pause();
  }
  const all = new Uint8Array(bytes);
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  return { payload: toBase64url(all) };
}

/** `base#v1=…`, keeping the other keys of `keep` (workshop keys, keys of newer features). */
export function linkOf(session: Session, base = DEFAULT_BASE, keep?: Fragment): string {
  return linkOfPayload(encodePayload(session), base, keep);
}

/** linkOf for a payload already encoded. */
export function linkOfPayload(payload: string, base = DEFAULT_BASE, keep?: Fragment): string {
  const fragment: Fragment = { ...(keep ?? { other: [] }), versions: [{ version: SESSION_VERSION, payload }] };
  delete fragment.local;
  return `${base.replace(/#.*$/, '')}#${formatFragment(fragment)}`;
}

// --- decoding -----------------------------------------------------------------------------------------------

const MAX = { inputs: 10_000, path: 1024, name: 256, text: 256 * 1024 * 1024, viewString: 2048, list: 10_000, whatIf: 2000, flow: 512 };

class Checker {
  constructor(private readonly where: string) {}
  fail(path: string, what: string): never {
    throw new SessionError('malformed', `${this.where} is malformed: ${path} ${what}.`);
  }
  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'is not an object');
    return v as Record<string, unknown>;
  }
  string(v: unknown, path: string, max: number): string {
    if (typeof v !== 'string') this.fail(path, 'is not text');
    if (v.length > max) this.fail(path, `is longer than ${max} characters`);
    return v;
  }
  optString(v: unknown, path: string, max: number): string | undefined {
    return v === undefined || v === null ? undefined : this.string(v, path, max);
  }
  array(v: unknown, path: string, max: number): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'is not a list');
    if (v.length > max) this.fail(path, `has more than ${max} entries`);
    return v;
  }
}

function readInput(c: Checker, v: unknown, path: string): SessionInput {
  const o = c.object(v, path);
  const origin = c.string(o.origin ?? 'paste', `${path}.origin`, 16);
  if (!(INPUT_ORIGINS as readonly string[]).includes(origin)) c.fail(`${path}.origin`, `is not one of ${INPUT_ORIGINS.join(', ')}`);
  const input: SessionInput = { path: c.string(o.path, `${path}.path`, MAX.path), origin: origin as SessionInput['origin'] };
  const node = c.optString(o.node, `${path}.node`, MAX.name);
  const pod = c.optString(o.pod, `${path}.pod`, MAX.name);
  if (node) input.node = node;
  if (pod) input.pod = pod;
  const kinds = ['text', 'scenario', 'sparse'].filter((k) => o[k] !== undefined && o[k] !== null);
  if (kinds.length !== 1) c.fail(path, 'must hold exactly one of text, scenario and sparse');
  if (o.text !== undefined && o.text !== null) input.text = c.string(o.text, `${path}.text`, MAX.text);
  if (o.scenario !== undefined && o.scenario !== null) {
    const s = c.object(o.scenario, `${path}.scenario`);
    const file = s.file;
    if (typeof file !== 'number' || !Number.isInteger(file) || file < 0 || file > 1000) c.fail(`${path}.scenario.file`, 'is not a file number');
    input.scenario = { id: c.string(s.id, `${path}.scenario.id`, 128), file, hash: c.string(s.hash ?? '', `${path}.scenario.hash`, 64) };
  }
  if (o.sparse !== undefined && o.sparse !== null) {
    const s = c.object(o.sparse, `${path}.sparse`);
    const lines = c.string(s.lines, `${path}.sparse.lines`, MAX.text);
    const text = c.string(s.text, `${path}.sparse.text`, MAX.text);
    const nos = parseRanges(lines, 5_000_000);
    if (!nos) c.fail(`${path}.sparse.lines`, 'is not ascending line ranges');
    if ((nos.length ? text.split('\n').length : 0) !== nos.length) c.fail(`${path}.sparse`, 'does not hold one line per line number');
    input.sparse = { lines, text };
  }
  return input;
}

function readTrace(c: Checker, v: unknown): SessionTrace | null {
  if (v === undefined || v === null) return null;
  const o = c.object(v, 'trace');
  const t: SessionTrace = { from: c.string(o.from, 'trace.from', MAX.flow), to: c.string(o.to, 'trace.to', MAX.flow) };
  if (o.port !== undefined && o.port !== null) {
    if (typeof o.port !== 'number' || !Number.isInteger(o.port) || o.port < 1 || o.port > 65535) c.fail('trace.port', 'is not a port number');
    t.port = o.port;
  }
  if (o.proto !== undefined && o.proto !== null) {
    if (!(TRACE_PROTOS as readonly unknown[]).includes(o.proto)) c.fail('trace.proto', `is not one of ${TRACE_PROTOS.join(', ')}`);
    t.proto = o.proto as SessionTrace['proto'];
  }
  if (o.established === true) t.established = true;
  return t;
}

function readViewField(c: Checker, kind: ViewFieldKind, v: unknown, path: string): SessionView[keyof SessionView] {
  if (Array.isArray(kind)) {
    if (typeof v !== 'string' || !kind.includes(v)) c.fail(path, `is not one of ${kind.join(', ')}`);
    return v;
  }
  switch (kind) {
    case 'string?': return v === null ? null : c.string(v, path, MAX.viewString);
    case 'strings': return c.array(v, path, MAX.list).map((x, i) => c.string(x, `${path}[${i}]`, MAX.viewString));
    case 'boolean': if (typeof v !== 'boolean') c.fail(path, 'is not true or false'); return v;
    case 'count?':
    case 'count':
      if (v === null && kind === 'count?') return null;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 1_000_000) c.fail(path, 'is not a count');
      return v;
  }
  return c.fail(path, 'has an unknown kind');
}

/** A Session from parsed JSON (a link's or a file's); `where` names the source in messages. */
export function readSession(json: unknown, where = 'The link'): Session {
  const c = new Checker(where);
  const o = c.object(json, 'the session');
  const inputs = c.array(o.inputs ?? [], 'inputs', MAX.inputs).map((x, i) => readInput(c, x, `inputs[${i}]`));
  const view: SessionView = {};
  if (o.view !== undefined && o.view !== null) {
    const v = c.object(o.view, 'view');
    for (const [key, kind] of Object.entries(VIEW_FIELDS) as [keyof typeof VIEW_FIELDS, ViewFieldKind][]) {
      // a field this version does not know is ignored; one it knows must have its kind
      if (Object.hasOwn(v, key) && v[key] !== undefined) view[key] = readViewField(c, kind, v[key], `view.${key}`);
    }
  }
  const whatIf: Record<string, string> = {};
  if (o.whatIf !== undefined && o.whatIf !== null) {
    const w = c.object(o.whatIf, 'whatIf');
    const entries = Object.entries(w);
    if (entries.length > MAX.whatIf) c.fail('whatIf', `has more than ${MAX.whatIf} nodes`);
    for (const [node, mode] of entries) {
      c.string(node, 'whatIf (a node name)', MAX.name);
      // a plain object's own keys only: "__proto__" and friends are data, never the object's prototype
      Object.defineProperty(whatIf, node, { value: c.string(mode, `whatIf[${JSON.stringify(node)}]`, 128), enumerable: true, writable: true, configurable: true });
    }
  }
  const session: Session = {
    scenario: c.optString(o.scenario, 'scenario', 128) ?? null,
    inputs, view, trace: readTrace(c, o.trace), whatIf,
  };
  if (o.evidence !== undefined && o.evidence !== null) {
    const e = c.object(o.evidence, 'evidence');
    const n = (x: unknown, p: string): number => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : c.fail(p, 'is not a count'));
    session.evidence = { verdict: c.string(e.verdict, 'evidence.verdict', 32), hops: n(e.hops, 'evidence.hops'), branches: n(e.branches ?? 0, 'evidence.branches'),
      level: c.string(e.level ?? '', 'evidence.level', 32) };
  }
  if (o.redacted === true) session.redacted = true;
  return session;
}

/** The payload of `v1=` back to a Session. */
export function decodePayload(payload: string): Session {
  if (payload.length > MAX_PAYLOAD_CHARS) {
    throw new SessionError('oversize', `This link is too long to open: its data is ${formatSize(payload.length)}, and PacketPath opens links of up to ${formatSize(MAX_PAYLOAD_CHARS)}. An analysis this big travels as a session file (Save).`);
  }
  if (!payload) throw new SessionError('damaged', 'This link is damaged: its v1= part is empty.');
  let bytes: Uint8Array;
  try { bytes = fromBase64url(payload); } catch (err) {
    const b = err as BadBase64;
    throw new SessionError('bad-base64', `This link is damaged: its data holds ${JSON.stringify(b.char)} at position ${b.position + 1}, a character links made by PacketPath never contain. It was probably changed or cut when it was copied; ask for the link again.`);
  }
  let raw: Uint8Array;
  try { raw = inflateBounded(bytes, MAX_INFLATED_BYTES); } catch (err) {
    if (err instanceof TooLarge) throw new SessionError('bomb', `This link was not opened: its data expands to more than ${formatSize(MAX_INFLATED_BYTES)}, far more than any analysis PacketPath puts in a link.`);
    throw new SessionError('damaged', `This link is damaged: its data does not decompress (${(err as Error).message}). It was probably cut off — some chat tools shorten long links; ask for the link again or for a session file.`);
  }
  let json: unknown;
  try { json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)); } catch {
    throw new SessionError('not-json', 'This link does not hold a PacketPath session: its data decompresses, but not to a session.');
  }
  return readSession(json);
}

export interface OpenedLink { session: Session; fragment: Fragment }

/** A link (whole URL, `#fragment` or payload) to its session; SessionError for anything else. */
export function readLink(link: string): OpenedLink {
  const fragment = parseFragment(fragmentOf(link));
  const ours = fragment.versions.find((v) => v.version === SESSION_VERSION);
  if (ours) return { session: decodePayload(ours.payload), fragment };
  const newest = Math.max(...fragment.versions.map((v) => v.version));
  if (newest > SESSION_VERSION) {
    throw new SessionError('newer-version', `This link was made by a newer PacketPath (link format v${newest}); this version opens v${SESSION_VERSION} links. Open it in the version that made it, or ask for a v${SESSION_VERSION} link.`);
  }
  if (fragment.versions.length) throw new SessionError('unknown-version', `This link has a session in format v${newest}, which no PacketPath ever made; it was probably edited by hand.`);
  if (fragment.local !== undefined) {
    throw new SessionError('no-session', 'This link points to an analysis kept in the browser where it was made (it was too big for a link); a link like this opens only there. Ask for its evidence-only link or its session file.');
  }
  throw new SessionError('no-session', 'This link holds no PacketPath session (no v1= part after #).');
}
