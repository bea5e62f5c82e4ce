/**
 * Which lines of a JSON paste are JSON: the JSON-shaped parsers account for every line as the text parsers do. A
 * line holds only JSON's tokens (strings, numbers, true/false/null, punctuation, a bare `key:`) or an author's
 * elision (`...`, `…`); anything else — a label before the document, prose after it, a stray line inside an object —
 * is not part of it: named with its number, and blanked before the text is parsed, so repair does not turn it into
 * data. One pass over the characters.
 */
import type { Collector } from './lines.ts';
import { isElision, splitTextLines } from './lines.ts';
import { parseLenientJson } from './lenient-json.ts';
import { checkShape, type ZodSchema, type z, warnProblem } from './shape.ts';

const PUNCT = new Set(['{', '}', '[', ']', ':', ',']);
const WORD = /^(true|false|null)$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** An unquoted key (`name:`) that JSON-ish pastes carry and repair accepts. */
const BARE_KEY = /^[A-Za-z_$][\w$-]*$/;

/** What a line is made of: JSON tokens only, an elision, a comment, or something else. */
export type JsonLineKind = 'blank' | 'json' | 'elision' | 'comment' | 'other';

export function jsonLineKind(line: string): JsonLineKind {
  return lineKind(line, false);
}

/** `jsonLineKind`; with `quotedKeys`, a bare `key:` is not JSON. */
function lineKind(line: string, quotedKeys: boolean): JsonLineKind {
  const t = line.trim();
  if (!t) return 'blank';
  if (isElision(t) || /^[{[]?\s*(\.{3}|…)\s*[}\]]?,?$/.test(t)) return 'elision';
  if (t.startsWith('//') || /^#(\s|$)/.test(t)) return 'comment';
  let i = 0;
  const n = t.length;
  while (i < n) {
    const c = t[i] as string;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (PUNCT.has(c)) { i++; continue; }
    if (c === '"') {
      // a string; one cut off at the line's end is a fragment's, and still JSON
      i++;
      while (i < n && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (t.startsWith('...', i) || c === '…') { i += c === '…' ? 1 : 3; continue; }
    let j = i;
    while (j < n && !PUNCT.has(t[j] as string) && t[j] !== ' ' && t[j] !== '\t' && t[j] !== '"') j++;
    const word = t.slice(i, j);
    const next = t.slice(j).trimStart()[0];
    if (!(WORD.test(word) || NUMBER.test(word) || (!quotedKeys && BARE_KEY.test(word) && next === ':'))) return 'other';
    i = j;
  }
  return 'json';
}

const STRINGS = /"(?:[^"\\]|\\.)*"?/g;
const INLINE_ELISION = /\.\.\.|…/;

/**
 * The text with its non-JSON lines blanked (line numbers kept), each named in `out`: `ignored` for comments,
 * `unrecognized` for the rest. Elisions are left for repair, which says so; one inside a line of JSON is named there.
 */
export function jsonLines(text: string, out: Collector<unknown>, quotedKeys = false): string {
  const lines = splitTextLines(text);
  let changed = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as string;
    const kind = lineKind(line, quotedKeys);
    // a field whose value the author elided (`"Addresses": {...`): the repair reads the rest, the line says what is not
    if (kind === 'json' && INLINE_ELISION.test(line.replace(STRINGS, '""'))) {
      out.skip({ no: k + 1, text: line }, 'ignored', 'an elision in the JSON: what it leaves out is not read');
    }
    if (kind === 'blank' || kind === 'json' || kind === 'elision') continue;
    out.skip({ no: k + 1, text: line }, kind === 'comment' ? 'ignored' : 'unrecognized', kind === 'comment' ? 'a comment in the JSON' : 'not part of the JSON');
    lines[k] = '';
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

/**
 * A JSON-shaped block read the one way every JSON parser reads it: its lines accounted for (see jsonLines), then
 * parsed, leniently (fragments, elisions, cut-off endings; the repair named at line 1). `wrap` turns the cleaned
 * text into what is parsed (az's `"networkProfile": …` fragment gets its braces). Null when it is not JSON.
 * `quotedKeys` for a file a program writes with Go's encoding/json, whose keys are always quoted: a line with a bare
 * `key:` is then not part of it (ipset's `References: 1` pasted in). Returns the value, the text's lines and the
 * lines as parsed.
 */
export function readJson(text: string, out: Collector<unknown>, wrap: (t: string) => string = (t) => t, quotedKeys = false):
  { value: unknown; lines: string[]; parsedLines: string[] } | null {
  const cleaned = jsonLines(text, out, quotedKeys);
  const parsed = parseLenientJson(wrap(cleaned.trim()));
  if (!parsed) return null;
  if (parsed.repaired) out.warn(1, 'ignored', parsed.repaired);
  // `parsedLines`: the lines as parsed (those not JSON blanked), whose brackets are the value's nesting
  return { value: parsed.value, lines: splitTextLines(text), parsedLines: cleaned === text ? splitTextLines(text) : splitTextLines(cleaned) };
}

/** `checkShape`, its problems named in `out` at the line of the field they are about (`lines` from `first` on). */
export function shaped<S extends ZodSchema>(schema: S, value: unknown, out: Collector<unknown>, lines: readonly string[], first = 0): z.output<S> | undefined {
  const r = checkShape(schema, value);
  for (const p of r.problems) warnProblem(out, lines.slice(first), first, [], p, `wrong shape: ${p.message}`);
  return r.value;
}
