/** Links and session files: round trips, the fragment's grammar, and hostile links read as data with a clear message. */
import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { trace } from '../trace/engine.ts';
import { toBase64url, fromBase64url } from './bytes.ts';
import { decodePayload, encodePayload, encodePayloadSliced, linkOf, readLink, MAX_INFLATED_BYTES, MAX_PAYLOAD_CHARS, SessionError } from './codec.ts';
import { decodeSessionFile, encodeSessionFile, isSessionFile } from './file.ts';
import { formatFragment, parseFragment } from './fragment.ts';
import { compactInput, resolveInputs, sessionInputOf, sparseOf, textOfSparse, type ScenarioSource } from './inputs.ts';
import { traceRequestOf } from './share.ts';
import { emptySession, type Session } from './types.ts';

const seed001 = readFileSync(new URL('../../scenarios/seed-001.txt', import.meta.url), 'utf8');
/** The built-in scenario the committed link names (its id must keep meaning seed 001). */
const scenarios: ScenarioSource[] = [{ id: 'azure-cni-calico', title: 'Azure CNI + Calico policy (seed 001)', files: [{ path: 'seed-001.txt', text: seed001 }] }];

const session = (over: Partial<Session> = {}): Session => ({
  ...emptySession(),
  inputs: [{ path: 'paste 1', origin: 'paste', node: 'aks-nodepool1-0', text: '2: eth0: <UP> mtu 1500\n    inet 10.0.0.4/24 scope global eth0\n' }],
  view: { view: 'chains', chainsHost: 'aks-nodepool1-0', selected: 'node:aks-nodepool1-0', expandedNodes: ['aks-nodepool1-0'], expandedFamilies: [], groupByNamespace: true, branch: 1 },
  trace: { from: 'default/web-0', to: '10.0.0.9', port: 8080, proto: 'tcp', established: true },
  whatIf: { 'aks-nodepool1-0': 'azure-cni-overlay+calico' },
  ...over,
});

const failure = (f: () => unknown): SessionError => {
  try { f(); } catch (err) { if (err instanceof SessionError) return err; throw err; }
  throw new Error('did not fail');
};
const payloadOf = (bytes: Uint8Array): string => toBase64url(bytes);

describe('links', () => {
  it('round-trips a session through #v1=', () => {
    const s = session();
    const link = linkOf(s, 'https://example.test/app/');
    expect(link).toMatch(/^https:\/\/example\.test\/app\/#v1=[A-Za-z0-9_-]+$/);
    expect(readLink(link).session).toEqual(s);
  });

  it('refers to a built-in scenario by id and hash, and notes when the scenario changed since', () => {
    const input = sessionInputOf({ path: 'seed-001.txt', text: seed001 }, 'scenario', scenarios);
    expect(input.scenario).toMatchObject({ id: 'azure-cni-calico', file: 0 });
    expect(input.text).toBeUndefined();
    const changed = resolveInputs({ ...emptySession(), inputs: [{ ...input, scenario: { ...input.scenario!, hash: '00000000' } }] }, scenarios);
    expect(changed.files[0]?.text).toBe(seed001);
    expect(changed.notes[0]).toMatch(/changed since this link was made/);
    const missing = resolveInputs({ ...emptySession(), inputs: [{ ...input, scenario: { id: 'gone', file: 0, hash: 'x' } }] }, scenarios);
    expect(missing.files).toEqual([]);
    expect(missing.notes[0]).toMatch(/does not have/);
  });

  it('keeps a committed v1 link opening: the scenario, the paste, the view, the trace and the what-if mode', () => {
    const link = readFileSync(new URL('./fixtures/v1-seed-001.link', import.meta.url), 'utf8');
    const { session: s } = readLink(link);
    expect(s.view).toMatchObject({ view: 'chains', chainsHost: 'aks-nodepool1-26711606-0', expandedFamilies: ['cali-pi'] });
    expect(s.trace).toEqual({ from: 'default/kuard-vnode', to: '10.13.76.19', port: 8080, proto: 'tcp' });
    expect(s.whatIf).toEqual({ 'aks-nodepool1-26711606-0': 'azure-cni-overlay+calico' });
    const { files, notes } = resolveInputs(s, scenarios);
    expect(notes).toEqual([]);
    expect(files.map((f) => [f.path, f.origin, f.node ?? null])).toEqual([['seed-001.txt', 'scenario', null], ['paste 1', 'paste', 'aks-nodepool1-26711606-0']]);
    const t = trace(buildModel(files), traceRequestOf(s.trace!));
    expect('error' in t ? t.error : t.droppedBy?.chain).toBe('cali-tw-calid3b581beed8');
  });

  it('carries a text of mostly empty lines sparse, and puts every kept line back at its number', () => {
    const text = ['a'.repeat(300), ...Array(200).fill(''), 'b', '', 'c', ''].join('\n');
    const compact = compactInput({ path: 'x', origin: 'file', text });
    expect(compact.sparse?.lines).toBe('1,202,204-205');
    expect(textOfSparse(compact.sparse!)).toBe(text);
    expect(readLink(linkOf({ ...emptySession(), inputs: [{ path: 'x', origin: 'file', text }] })).session.inputs[0]?.sparse).toEqual(compact.sparse);
    expect(sparseOf('one\ntwo\nthree\nfour', [4, 2])).toEqual({ lines: '2,4', text: 'two\nfour' });
  });
});

describe('a payload deflated a slice at a time', () => {
  const pause = () => Promise.resolve();
  it('decodes to the same session as the one-shot payload, pausing between slices', async () => {
    const s = session({ inputs: [{ path: 'seed-001.txt', origin: 'file', text: seed001 }, { path: 'b', origin: 'file', text: seed001.split('\n').reverse().join('\n') }] });
    let pauses = 0;
    const sliced = await encodePayloadSliced(s, Infinity, () => { pauses++; return pause(); });
    if (!('payload' in sliced)) throw new Error('gave up');
    expect(decodePayload(sliced.payload)).toEqual(decodePayload(encodePayload(s)));
    expect(pauses).toBeGreaterThan(0);
    expect(sliced.payload.length / encodePayload(s).length).toBeLessThan(1.02);
  });

  it('gives up once the payload is sure to be longer than the budget, without deflating the rest', async () => {
    // text that does not compress: every slice adds about its own size to the payload
    let x = 1;
    const noise = Array.from({ length: 400_000 }, () => String.fromCharCode(33 + ((x = (x * 48271) % 2147483647) % 90))).join('');
    const s = session({ inputs: [{ path: 'noise', origin: 'paste', text: noise }] });
    let pauses = 0;
    const over = await encodePayloadSliced(s, 16 * 1024, () => { pauses++; return pause(); });
    expect(pauses).toBeLessThan(4);
    // the whole would be about the text's own size: noise does not deflate below 6.5 bits a character
    if (!('over' in over)) throw new Error('did not give up');
    expect(over.over).toBeGreaterThan(400_000 * 0.7);
    expect(over.over).toBeLessThan(400_000 * 1.4);
    const fits = await encodePayloadSliced(session(), 16 * 1024, pause);
    expect('payload' in fits && decodePayload(fits.payload)).toEqual(session());
  });

  it('stops when its pause throws (a newer change made it stale)', async () => {
    const stale = new Error('stale');
    await expect(encodePayloadSliced(session(), 16 * 1024, () => Promise.reject(stale))).rejects.toBe(stale);
  });
});

describe('the fragment', () => {
  it('is & separated key=value pairs: v1 the session, walk/step/present for workshops, unknown keys kept in order', () => {
    const f = parseFragment('#walk=seed-001&step=4&present=1&v1=AAA&theme=dark&flag');
    expect(f).toEqual({ versions: [{ version: 1, payload: 'AAA' }], walk: 'seed-001', step: 4, present: true, other: [['theme', 'dark'], ['flag', '']] });
    expect(formatFragment(f)).toBe('v1=AAA&walk=seed-001&step=4&present=1&theme=dark&flag');
    const link = linkOf(session(), 'http://localhost:5173/', f);
    expect(link).toMatch(/#v1=[\w-]+&walk=seed-001&step=4&present=1&theme=dark&flag$/);
    expect(readLink(link).fragment.walk).toBe('seed-001');
  });
});

describe('hostile links are data', () => {
  const valid = encodePayload(session());

  it('bad base64', () => {
    const e = failure(() => decodePayload(`${valid.slice(0, 10)}%3Cscript%3E${valid.slice(10)}`));
    expect([e.code, e.message]).toEqual(['bad-base64', expect.stringMatching(/holds "%" at position 11.*ask for the link again/)]);
    expect(() => fromBase64url('abcde')).toThrow(/not base64url/);
  });

  it('a link cut short', () => {
    expect(failure(() => decodePayload(valid.slice(0, valid.length - 20))).code).toBe('damaged');
  });

  it('a future or unknown version', () => {
    expect(failure(() => readLink(`http://x/#v2=${valid}`)).message).toMatch(/newer PacketPath \(link format v2\); this version opens v1/);
    expect(failure(() => readLink(`http://x/#v0=${valid}`)).code).toBe('unknown-version');
    expect(failure(() => readLink('http://x/#walk=seed-001')).code).toBe('no-session');
    expect(failure(() => readLink('http://x/#local=abc')).message).toMatch(/kept in the browser where it was made/);
    // a link with both keeps opening with the version it knows
    expect(readLink(`http://x/#v2=zzz&v1=${valid}`).session).toEqual(session());
  });

  it('an oversize fragment is refused before it is decoded', () => {
    const e = failure(() => decodePayload('A'.repeat(MAX_PAYLOAD_CHARS + 1)));
    expect([e.code, e.message]).toEqual(['oversize', expect.stringMatching(/too long to open.*session file/)]);
  });

  it('a deflate bomb stops at the bound', () => {
    // 40 MiB of zeros deflate to ~40 KiB
    const bomb = payloadOf(deflateSync(new Uint8Array(MAX_INFLATED_BYTES + 8 * 1024 * 1024), { level: 1 }));
    expect(bomb.length).toBeLessThan(MAX_PAYLOAD_CHARS);
    const e = failure(() => decodePayload(bomb));
    expect([e.code, e.message]).toEqual(['bomb', expect.stringMatching(/expands to more than 16 MiB/)]);
  });

  it('data that is not a session, and sessions whose fields have the wrong type', () => {
    const payload = (v: unknown): string => payloadOf(deflateSync(new TextEncoder().encode(JSON.stringify(v))));
    expect(failure(() => decodePayload(payloadOf(deflateSync(new TextEncoder().encode('<html>'))))).code).toBe('not-json');
    expect(failure(() => decodePayload(payload([1, 2]))).message).toBe('The link is malformed: the session is not an object.');
    expect(failure(() => decodePayload(payload({ inputs: [{ path: 7, text: 'x' }] }))).message).toBe('The link is malformed: inputs[0].path is not text.');
    expect(failure(() => decodePayload(payload({ inputs: [{ path: 'a', text: 'x', scenario: { id: 'a', file: 0 } }] }))).message).toMatch(/exactly one of text, scenario and sparse/);
    expect(failure(() => decodePayload(payload({ view: { view: 'javascript:alert(1)' } }))).message).toMatch(/view\.view is not one of topology, chains/);
    expect(failure(() => decodePayload(payload({ trace: { from: 'a', to: 'b', port: 1e9 } }))).message).toMatch(/trace\.port is not a port number/);
    expect(failure(() => decodePayload(payload({ inputs: [{ path: 'a', sparse: { lines: '5-2', text: 'x' } }] }))).message).toMatch(/not ascending/);
  });

  it('names holding script stay text, "__proto__" stays a key, unknown fields are ignored', () => {
    const script = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=1</script>';
    const s = session({ inputs: [{ path: script, origin: 'paste', node: script, text: script }], view: { selected: script }, trace: { from: script, to: script } });
    const back = readLink(linkOf(s)).session;
    expect([back.inputs[0]?.path, back.inputs[0]?.node, back.view.selected, back.trace?.from]).toEqual([script, script, script, script]);
    const json = JSON.stringify({ whatIf: JSON.parse('{"__proto__": "kubenet+none", "n": "x"}'), future: { anything: 1 }, view: { tomorrow: 3 } });
    const odd = decodePayload(payloadOf(deflateSync(new TextEncoder().encode(json))));
    expect(Object.getPrototypeOf(odd.whatIf)).toBe(Object.prototype);
    expect(Object.keys(odd.whatIf)).toEqual(['__proto__', 'n']);
    expect(odd.view).toEqual({});
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});

describe('session files', () => {
  it('are gzipped, versioned JSON, and round-trip', () => {
    const s = session({ scenario: 'azure-cni-calico' });
    const bytes = encodeSessionFile(s);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(isSessionFile('x.packetpath', bytes)).toBe(true);
    expect(decodeSessionFile(bytes)).toEqual(s);
  });

  it('say what is wrong with a file that is not one', () => {
    const enc = (v: unknown): Uint8Array => gzipSync(new TextEncoder().encode(JSON.stringify(v)));
    expect(failure(() => decodeSessionFile(new TextEncoder().encode('iptables-save output'), 'dump.txt')).message).toBe('"dump.txt" is not a PacketPath session file (a .packetpath file is gzipped JSON).');
    expect(failure(() => decodeSessionFile(enc({ format: 'packetpath-session', version: 9 }), 'x')).message).toMatch(/newer PacketPath \(session format 9\)/);
    expect(failure(() => decodeSessionFile(enc({ version: 1 }), 'x')).code).toBe('not-a-file');
    expect(failure(() => decodeSessionFile(gzipSync(new Uint8Array(600 * 1024 * 1024).subarray(0, 1)).subarray(0, 12), 'x')).code).toBe('damaged');
    expect(isSessionFile('notes.txt', new TextEncoder().encode('{"format": "packetpath-session", "version": 1}'))).toBe(true);
    expect(isSessionFile('notes.txt', new TextEncoder().encode('Chain INPUT'))).toBe(false);
  });
});
