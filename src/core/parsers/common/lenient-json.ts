/**
 * JSON as people paste it: whole files, fragments that start mid-object (`"ee86fb8b-eth0": { …`), author
 * elisions (`...`, `{...`), cut-off endings. Repairs with jsonrepair (a well-kept library made for this) and says so.
 *
 * Bounded, since the text is untrusted: jsonrepair's cost grows with the square of the text on some broken input
 * (long runs of `- - -` inside braces), so text longer than REPAIR_MAX_CHARS that is not plain JSON is not
 * repaired; and values nested deeper than MAX_DEPTH are left out (JSON.parse takes a million levels, but
 * everything after it that walks or prints the value — the worker's postMessage, JSON.stringify — overflows the
 * stack). Both say so in `repaired`, which the parsers turn into a warning.
 */
import { jsonrepair } from 'jsonrepair';

export interface LenientJson {
  value: unknown;
  /** Why the text was not plain JSON, or what of it was left out (null when it was read whole). */
  repaired: string | null;
}

/** Real CNI configs, azure-vnet.json and kubectl JSON nest fewer than 20 levels. */
export const MAX_DEPTH = 64;
/** Repair is linear on most text and quadratic on some; 48 KB keeps the worst case well under a second. */
export const REPAIR_MAX_CHARS = 48_000;

/** Replaces values nested deeper than MAX_DEPTH by null, without recursion; returns how many it replaced. */
function cutDeep(root: unknown): number {
  let cut = 0;
  const stack: { v: unknown; depth: number }[] = [{ v: root, depth: 1 }];
  while (stack.length) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const child = o[k];
      if (!child || typeof child !== 'object') continue;
      if (depth >= MAX_DEPTH) { o[k] = null; cut++; continue; }
      stack.push({ v: child, depth: depth + 1 });
    }
  }
  return cut;
}

/** Deeper than this, the text is not parsed at all: JSON.parse itself takes seconds on a million levels. */
const MAX_TEXT_DEPTH = 4096;

/** The deepest bracket nesting of `t` (strings skipped), stopping once past `limit`. Linear. */
function bracketDepth(t: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max && (max = depth) > limit) return max; }
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function bounded(value: unknown, repaired: string | null): LenientJson {
  const cut = cutDeep(value);
  if (!cut) return { value, repaired };
  const note = `${cut} value${cut === 1 ? '' : 's'} nested deeper than ${MAX_DEPTH} levels left out`;
  return { value, repaired: repaired ? `${repaired}; ${note}` : note };
}

export function parseLenientJson(text: string): LenientJson | null {
  const t = text.trim();
  if (!t) return null;
  if (bracketDepth(t, MAX_TEXT_DEPTH) > MAX_TEXT_DEPTH) return { value: null, repaired: `nested deeper than ${MAX_TEXT_DEPTH} levels: not read` };
  try {
    return bounded(JSON.parse(t), null);
  } catch {
    // fall through to repair
  }
  if (t.length > REPAIR_MAX_CHARS) return null;
  const attempts = [t, t.startsWith('"') ? `{${t}` : null, t.replace(/^[^{[]*/, '')].filter((x): x is string => !!x);
  for (const a of attempts) {
    try {
      const value: unknown = JSON.parse(jsonrepair(a));
      if (value && typeof value === 'object') {
        return bounded(value, a === t ? 'incomplete JSON repaired (elisions or missing brackets)' : 'JSON fragment wrapped and repaired');
      }
    } catch {
      // next attempt
    }
  }
  return null;
}

/** Every object inside `v` (depth first), for picking records out of fragments whatever their nesting. */
export function* walkObjects(v: unknown, path: string[] = []): Generator<{ obj: Record<string, unknown>; path: string[] }> {
  if (!v || typeof v !== 'object' || path.length > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* walkObjects(v[i], [...path, String(i)]);
    return;
  }
  const obj = v as Record<string, unknown>;
  yield { obj, path };
  for (const [k, child] of Object.entries(obj)) yield* walkObjects(child, [...path, k]);
}
