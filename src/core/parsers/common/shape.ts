/**
 * The shape a JSON-shaped input must have before a parser or converter uses it, checked with zod (its tree-shakable
 * `zod/mini` form; a schema library made for validating untrusted data, with no dependencies of its own): a field
 * of the wrong type is a warning that names it — `plugins.1.type: expected string, got number` — and is left out (an
 * optional field), or takes the object holding it out (a required one), never an exception further on. What is right
 * in the rest is kept.
 */
import * as z from 'zod/mini';

export { z };

/** A zod (mini) schema of any kind. */
export type ZodSchema = z.ZodMiniType;

/** What an issue says it expected: zod names a type, a union its members'. */
interface Issue { code: string; path: PropertyKey[]; expected?: string; input?: unknown; message: string; errors?: Issue[][] }
const expectedOf = (i: Issue): string | undefined =>
  i.expected ?? (i.errors ? [...new Set(i.errors.flatMap((e) => e.map(expectedOf)).filter(Boolean))].join(' or ') : undefined);

/** `path` is the field the problem is about, `cut` what was taken out for it (the field, or the object holding it). */
export interface ShapeProblem { path: (string | number)[]; cut: (string | number)[]; message: string }

type Container = Record<string, unknown> | unknown[];

/** The object or array at `path` in `root` (undefined when the path no longer leads anywhere). */
function at(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const k of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

const describe = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? 'an object' : x === undefined ? 'nothing' : `${typeof x} ${JSON.stringify(x).slice(0, 30)}`);

/**
 * Checks `value` against `schema`, taking out what does not fit until the rest does: a field of the wrong type is
 * removed (when the schema allows it to be absent), else the object or array item holding it. Returns the checked
 * value (undefined when nothing of it fits) and one problem per field taken out.
 */
export function checkShape<S extends ZodSchema>(schema: S, value: unknown): { value: z.output<S> | undefined; problems: ShapeProblem[] } {
  const problems: ShapeProblem[] = [];
  /** Fields taken out for their type, by path: when the field was required, its object goes too, said in the same problem. */
  const removed = new Map<string, ShapeProblem>();
  const cutBefore = new Set<string>();
  const root: unknown = value;
  for (let round = 0; round < 64; round++) {
    const r = z.safeParse(schema, root, { reportInput: true });
    if (r.success) return { value: r.data, problems };
    // take out, deepest first, each field an issue points at (its parent when the field itself is missing)
    const cuts = new Map<Container, Set<string | number>>();
    const cutNow = new Set<string>();
    for (const issue of r.error.issues as unknown as Issue[]) {
      const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
      // a missing field has no input (JSON has no undefined, so an undefined input is a missing field)
      const missing = issue.input === undefined && path.length > 0;
      const expected = expectedOf(issue);
      let cut = missing ? path.slice(0, -1) : path;
      // a cut that did not fix its part last round: take out the part holding it
      while (cut.length && cutBefore.has(cut.join('\u0000'))) cut = cut.slice(0, -1);
      cutNow.add(cut.join('\u0000'));
      if (!cut.length) return { value: undefined, problems: [...problems, { path, cut: [], message: `${path.join('.') || 'the document'}: ${expected ? `expected ${expected}` : issue.message}, got ${describe(issue.input)}` }] };
      const parent = at(root, cut.slice(0, -1));
      if (!parent || typeof parent !== 'object') continue;
      const key = cut[cut.length - 1] as string | number;
      const set = cuts.get(parent as Container) ?? new Set();
      if (set.has(key)) continue;
      set.add(key);
      cuts.set(parent as Container, set);
      const earlier = missing ? removed.get(path.join('.')) : undefined;
      if (earlier) { earlier.message = earlier.message.replace(/: left out$/, `, so ${cut.join('.')} is left out`); earlier.cut = cut; continue; }
      const what = missing ? `${path.join('.')}: missing (expected ${expected ?? 'a value'}), so ${cut.join('.')} is left out`
        : `${path.join('.')}: expected ${expected ?? 'another type'}, got ${describe(issue.input)}: left out`;
      const problem = { path, cut, message: what };
      problems.push(problem);
      if (!missing) removed.set(path.join('.'), problem);
    }
    if (!cuts.size) return { value: undefined, problems };
    for (const c of cutNow) cutBefore.add(c);
    for (const [parent, keys] of cuts) {
      if (Array.isArray(parent)) {
        for (const k of [...keys].map(Number).sort((a, b) => b - a)) parent.splice(k, 1);
      } else for (const k of keys) delete (parent as Record<string, unknown>)[k as string];
    }
  }
  return { value: undefined, problems };
}

/** A line that opens an array item: `{`, `[`, a string, a number, a literal, a YAML `-`. */
const ITEM_START = /^\s*([{["\d-]|null\b|true\b|false\b)/;

/**
 * The line a field of a pasted document is on: the first line, from where its parent's key is, that holds the
 * field's key (`"type":`, `type:`). Approximate for repeated keys; line 1 when none is found.
 */
export function lineOfPath(lines: readonly string[], path: readonly (string | number)[]): number {
  let from = 0;
  let found = 0;
  for (const k of path) {
    if (typeof k === 'number') {
      // the k-th item of the array: items start on lines opening at the first item's indentation (`{`, `-`, a value)
      const first = lines.findIndex((l, i) => i > from && ITEM_START.test(l));
      if (first < 0) break;
      const indent = (lines[first] as string).search(/\S/);
      let seen = 0;
      for (let i = first; i < lines.length; i++) {
        const l = lines[i] as string;
        if (l.search(/\S/) === indent && ITEM_START.test(l) && seen++ === k) { found = i + 1; from = i; break; }
      }
      continue;
    }
    const re = new RegExp(`(^|[\\s{,])"?${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*:`);
    for (let i = from; i < lines.length; i++) if (re.test(lines[i] as string)) { found = i + 1; from = i; break; }
  }
  return found || 1;
}

/**
 * The lines `[first, last]` (1-based) the value at `path` is written on: its key's line and every line after it
 * indented deeper (a YAML list may sit at its key's indentation), so a value taken out is named whole. The whole
 * document for the empty path.
 */
export function spanOfPath(lines: readonly string[], path: readonly (string | number)[]): [number, number] {
  if (!path.length) return [1, Math.max(1, lines.length)];
  const first = lineOfPath(lines, path);
  const head = lines[first - 1] ?? '';
  // JSON: to the bracket closing the one the value opens with; YAML (or no closing bracket near): by indentation
  if (/[[{]\s*$/.test(head)) {
    const closing = closingLine(lines, first - 1);
    if (closing) return [first, itemEnd(lines, path, first, closing)];
  }
  const item = /^\s*- /.test(head);
  // a key on a list item's line (`- from:`) is indented as the key, not the dash
  const indent = item && typeof path[path.length - 1] === 'string' ? head.search(/\S/) + 2 : head.search(/\S/);
  const listHere = /:\s*$/.test(head);
  let last = first;
  for (let i = first; i < lines.length; i++) {
    const l = lines[i] as string;
    if (!l.trim()) continue;
    const d = l.search(/\S/);
    if (d > indent || (listHere && d === indent && /^\s*- /.test(l))) { last = i + 1; continue; }
    // the bracket closing the value, at its key's indentation
    if (d === indent && /^\s*[\]}],?\s*$/.test(l) && /[[{]\s*$/.test(head)) last = i + 1;
    break;
  }
  return [first, last];
}

/**
 * An array item's last line: past where its brackets close, to the line before the next item when every line
 * between is still inside it (deeper than the item, or a bracket closing at its indentation). A damaged item
 * (a string cut off with a bracket in it) closes early by its brackets, and the repair read the rest into it.
 */
function itemEnd(lines: readonly string[], path: readonly (string | number)[], first: number, last: number): number {
  const k = path[path.length - 1];
  if (typeof k !== 'number') return last;
  const next = lineOfPath(lines, [...path.slice(0, -1), k + 1]);
  if (next <= last + 1) return last;
  const indent = (lines[first - 1] as string).search(/\S/);
  for (let i = last; i < next - 1; i++) {
    const l = lines[i] as string;
    if (l.trim() && !(l.search(/\S/) > indent || (l.search(/\S/) === indent && /^\s*[\]}],?\s*$/.test(l)))) return last;
  }
  return next - 1;
}

/** How far the bracket matching looks before it gives way to indentation (bounds the work on a big paste). */
const MATCH_LINES = 5000;

/**
 * The line (1-based) of the bracket closing the one `lines[from]` ends with, brackets in strings aside: JSON's own
 * structure, so a line a stray character pushed out of indentation is still inside. 0 when not found near.
 */
function closingLine(lines: readonly string[], from: number): number {
  let depth = 0;
  for (let i = from; i < lines.length && i < from + MATCH_LINES; i++) {
    const l = lines[i] as string;
    let inString = false;
    for (let k = i === from ? l.search(/[[{]\s*$/) : 0; k < l.length; k++) {
      const c = l[k];
      if (inString) { if (c === '\\') k++; else if (c === '"') inString = false; continue; }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
    }
  }
  return 0;
}

/** A shape problem named in `out`: every line of what was taken out (`lines` are the document's, `offset` lines
 *  before it in the block). */
export function warnProblem(out: { warnRange(from: number, to: number, kind: 'unrecognized', message: string): void },
  lines: readonly string[], offset: number, prefix: readonly (string | number)[], p: ShapeProblem, message: string): void {
  const [from, to] = spanOfPath(lines, [...prefix, ...p.cut]);
  // the field's own line, when it is the field that was taken out; a field missing from what was taken out has
  // none (the line found for its key is another object's)
  const at = p.cut.length === p.path.length ? lineOfPath(lines, [...prefix, ...p.path]) : from;
  out.warnRange(offset + Math.min(from, at), offset + Math.max(to, at), 'unrecognized', message);
}
