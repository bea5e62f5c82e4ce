/**
 * JSON as people paste it: whole files, fragments that start mid-object (`"ee86fb8b-eth0": { …`), author
 * elisions (`...`, `{...`), cut-off endings. Repairs with jsonrepair (a well-kept library made for this) and says so.
 */
import { jsonrepair } from 'jsonrepair';

export interface LenientJson {
  value: unknown;
  /** Why the text was not plain JSON (null when it was). */
  repaired: string | null;
}

export function parseLenientJson(text: string): LenientJson | null {
  const t = text.trim();
  if (!t) return null;
  try {
    return { value: JSON.parse(t), repaired: null };
  } catch {
    // fall through to repair
  }
  const attempts = [t, t.startsWith('"') ? `{${t}` : null, t.replace(/^[^{[]*/, '')].filter((x): x is string => !!x);
  for (const a of attempts) {
    try {
      const value: unknown = JSON.parse(jsonrepair(a));
      if (value && typeof value === 'object') {
        return { value, repaired: a === t ? 'incomplete JSON repaired (elisions or missing brackets)' : 'JSON fragment wrapped and repaired' };
      }
    } catch {
      // next attempt
    }
  }
  return null;
}

/** Every object inside `v` (depth first), for picking records out of fragments whatever their nesting. */
export function* walkObjects(v: unknown, path: string[] = []): Generator<{ obj: Record<string, unknown>; path: string[] }> {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* walkObjects(v[i], [...path, String(i)]);
    return;
  }
  const obj = v as Record<string, unknown>;
  yield { obj, path };
  for (const [k, child] of Object.entries(obj)) yield* walkObjects(child, [...path, k]);
}
