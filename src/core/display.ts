/**
 * Text the core writes for people (warnings, trace steps, what is missing) holds names taken from the inputs —
 * pods, chains, interfaces, nodes — and a name is untrusted. Before such text leaves the core:
 * - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and other invisible format
 *   characters are written as `⟨U+202E⟩`: isolating them would still let a name reorder itself on screen
 *   (`evil\u202egnp.exe` shows as `evilexe.png`), escaping shows what the name really holds;
 * - control characters other than tab become `⟨U+0007⟩` too;
 * - a run of more than MAX_WORD characters without a space (a 20,000-character name) is shortened to its start
 *   and end with the length between.
 * The model keeps names as they are: only the messages about them are made safe.
 */

export const MAX_WORD = 120;

// bidi embeddings, overrides and isolates, marks, zero-width and other invisible format characters, C0/C1 controls
// eslint-disable-next-line no-control-regex -- finding control characters is what this does
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const LONG = new RegExp(`\\S{${MAX_WORD + 1},}`, 'g');

const escapeChar = (c: string): string => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;

export function safeText(s: string): string {
  if (typeof s !== 'string') return String(s);
  let out = s;
  if (out.length > MAX_WORD) out = out.replace(LONG, (w) => `${w.slice(0, 60)}…(${(w.length - 80).toLocaleString('en-US')} more characters)…${w.slice(-20)}`);
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(out) ? out.replace(UNSAFE, escapeChar) : out;
}

/** Does the text need `safeText` (for tests and for callers that only want to know)? */
export const isSafeText = (s: string): boolean => safeText(s) === s;
