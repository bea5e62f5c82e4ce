/**
 * Seeded mutations of real inputs, for the fuzz suite (fuzz/run.ts, fuzz.test.ts): what a hostile user or a
 * broken copy-paste does to a dump. Deterministic for a seed, so a failure found once is found again.
 */

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

export interface Seed { name: string; kind: string; text: string }

export const MUTATORS = ['byte-flip', 'line-shuffle', 'truncate', 'splice', 'json-types', 'hostile'] as const;
export type Mutator = (typeof MUTATORS)[number];

/** Flips a few bytes: a character becomes another (control characters, quotes, brackets, non-ASCII included). */
function byteFlip(r: Rand, text: string): string {
  if (!text) return text;
  const chars = [...text.slice(0, 200_000)];
  const noise = ['\u0000', '\t', '"', '{', '}', '[', ']', ':', ',', '-', '/', '\\', '\u202e', '\u00e9', '\ufffd', '\r', '\n', ' ', '0', 'x'];
  for (let n = 1 + int(r, 8); n > 0; n--) {
    const i = int(r, chars.length);
    chars[i] = r() < 0.6 ? pick(r, noise) : String.fromCharCode(int(r, 0x3000));
  }
  return chars.join('');
}

/** Moves, duplicates and drops lines. */
function lineShuffle(r: Rand, text: string): string {
  const lines = text.split('\n');
  for (let n = 1 + int(r, 6); n > 0 && lines.length > 1; n--) {
    const i = int(r, lines.length);
    const op = int(r, 3);
    const [line] = lines.splice(i, 1);
    if (op === 0) lines.splice(int(r, lines.length + 1), 0, line as string);
    else if (op === 1) lines.splice(int(r, lines.length + 1), 0, line as string, line as string);
  }
  return lines.join('\n');
}

/** Cuts the text: its end, its start, or both (a fragment). */
function truncate(r: Rand, text: string): string {
  const a = r() < 0.3 ? int(r, text.length) : 0;
  const b = a + int(r, text.length - a + 1);
  return text.slice(a, b);
}

/** Two inputs of different kinds spliced: a run of lines of one inside the other (or one after the other). */
function splice(r: Rand, text: string, other: string): string {
  const a = text.split('\n');
  const b = other.split('\n');
  const from = int(r, b.length);
  const run = b.slice(from, from + 1 + int(r, 12));
  a.splice(int(r, a.length + 1), 0, ...run);
  return a.join('\n');
}

const WRONG: (() => unknown)[] = [() => 'a string', () => 42, () => -1, () => true, () => null, () => ({ an: 'object' }), () => [], () => ['x', 1, null],
  () => [[['deep']]], () => '', () => ({}), () => 1e308, () => ({ map: 1, join: 'x', length: 3 })];

/** JSON with values of the wrong type where parsers expect arrays, objects, strings, numbers. */
function jsonTypes(r: Rand, text: string): string | null {
  let value: unknown;
  try { value = JSON.parse(text); } catch { return null; }
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 40 || slots.length > 5000) return;
    if (Array.isArray(v)) v.forEach((x, i) => { slots.push({ parent: v, key: i }); walk(x, depth + 1); });
    else for (const [k, x] of Object.entries(v)) { slots.push({ parent: v as Record<string, unknown>, key: k }); walk(x, depth + 1); }
  };
  walk(value, 0);
  if (!slots.length) return JSON.stringify(pick(r, WRONG)());
  for (let n = 1 + int(r, 4); n > 0; n--) {
    const s = pick(r, slots);
    (s.parent as Record<string | number, unknown>)[s.key] = pick(r, WRONG)();
  }
  return JSON.stringify(value, null, r() < 0.5 ? 2 : 0);
}

/** What costs a naive reader most: deep nesting, very long lines, brace- and dash-heavy text, hostile names. */
function hostile(r: Rand, text: string): string {
  const n = 2_000 + int(r, 60_000);
  switch (int(r, 8)) {
    case 0: return `${'['.repeat(n)}${']'.repeat(r() < 0.5 ? n : 0)}`;
    case 1: return `{"plugins":[${'{"a":'.repeat(n / 5)}1${'}'.repeat(n / 5)}],"type":"bridge"}`;
    case 2: return `${text.slice(0, 200)}\n${'-'.repeat(n * 4)}\n${text.slice(200, 400)}`;
    case 3: return `{ "Endpoints": ${'{ "a": - - - '.repeat(n / 12)}`;
    case 4: return text.split('\n').map((l) => (r() < 0.1 ? l.repeat(1 + int(r, 200)) : l)).join('\n');
    case 5: return text.replace(/\b(eth0|cbr0|azure0|default|nginx|KUBE-SERVICES|FORWARD|filter)\b/g, () => pick(r, ['__proto__', 'constructor', 'prototype', 'evil\u202egnp.exe', 'a/b', 'x'.repeat(20_000)]));
    case 6: return `${'{'.repeat(n)}"type": "azure-vnet"`;
    default: return `${'  '.repeat(n / 2)}- a:\n`.repeat(3) + text;
  }
}

/** One mutated input; `other` is a seed of another kind (for splices). Returns the text and the mutator used. */
export function mutate(r: Rand, seed: Seed, other: Seed, kind?: Mutator): { text: string; mutator: Mutator } {
  const m = kind ?? pick(r, MUTATORS);
  switch (m) {
    case 'byte-flip': return { text: byteFlip(r, seed.text), mutator: m };
    case 'line-shuffle': return { text: lineShuffle(r, seed.text), mutator: m };
    case 'truncate': return { text: truncate(r, seed.text), mutator: m };
    case 'splice': return { text: splice(r, seed.text, other.text), mutator: m };
    case 'json-types': {
      const t = jsonTypes(r, seed.text.trim());
      return t === null ? { text: splice(r, seed.text, other.text), mutator: 'splice' } : { text: t, mutator: m };
    }
    default: return { text: hostile(r, seed.text), mutator: 'hostile' };
  }
}
