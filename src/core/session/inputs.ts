/**
 * A session's inputs back to the files the pipeline reads: a built-in scenario's file by its id, a sparse
 * (evidence-only) text with its kept lines put back at their own line numbers — so every source line a trace cites
 * is the line of the original capture — and plain text as it is.
 */
import type { InputFile } from '../ingest/ingest.ts';
import { textHash } from './bytes.ts';
import type { Session, SessionInput, SparseText } from './types.ts';

/** The built-in scenarios the opener knows: the page bundles them, the CLI reads them from src/scenarios. */
export interface ScenarioSource { id: string; title: string; files: { path: string; text: string }[] }

/** "1-5,88,90-91" from ascending line numbers. */
export function formatRanges(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const start = lines[i] as number;
    let end = start;
    while (i + 1 < lines.length && lines[i + 1] === end + 1) end = lines[++i] as number;
    out.push(end === start ? String(start) : `${start}-${end}`);
  }
  return out.join(',');
}

/** Line numbers of "1-5,88"; null when it is not ascending ranges of positive numbers under `max`. */
export function parseRanges(text: string, max: number): number[] | null {
  if (!text) return [];
  const out: number[] = [];
  let last = 0;
  for (const part of text.split(',')) {
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a <= last || b < a || b > max || out.length + (b - a + 1) > max) return null;
    for (let k = a; k <= b; k++) out.push(k);
    last = b;
  }
  return out;
}

const LINE_BREAK = /\r?\n/;

/** Keeps only `keep` (1-based line numbers) of `text`. */
export function sparseOf(text: string, keep: Iterable<number>): SparseText {
  const lines = text.split(LINE_BREAK);
  const nos = [...new Set(keep)].filter((n) => n >= 1 && n <= lines.length).sort((a, b) => a - b);
  return { lines: formatRanges(nos), text: nos.map((n) => lines[n - 1]).join('\n') };
}

/** The text again, every dropped line empty, so kept lines stay at their numbers. */
export function textOfSparse(s: SparseText, max = 5_000_000): string | null {
  const nos = parseRanges(s.lines, max);
  if (!nos) return null;
  const kept = nos.length ? s.text.split('\n') : [];
  if (kept.length !== nos.length) return null;
  const last = nos[nos.length - 1] ?? 0;
  const out: string[] = new Array<string>(last).fill('');
  nos.forEach((n, i) => { out[n - 1] = kept[i] as string; });
  return out.join('\n');
}

/** A text whose lines are mostly empty (an evidence-only input opened and shared again) travels sparse. */
export function compactInput(input: SessionInput): SessionInput {
  const text = input.text;
  if (text === undefined || text.length < 256) return input;
  const lines = text.split('\n');
  let empty = 0;
  for (const l of lines) if (l === '') empty++;
  if (empty < 64 || empty < lines.length / 2) return input;
  const keep: number[] = [];
  // the last line is kept even when empty: trailing empty lines are part of the text
  lines.forEach((l, i) => { if (l !== '' || i === lines.length - 1) keep.push(i + 1); });
  const { text: _drop, ...rest } = input;
  return { ...rest, sparse: { lines: formatRanges(keep), text: keep.map((n) => lines[n - 1]).join('\n') } };
}

/** The scenario file a text is, if it is one: the page and the CLI refer to it by id instead of copying it. */
export function scenarioRefOf(text: string, scenarios: readonly ScenarioSource[]): SessionInput['scenario'] | undefined {
  for (const s of scenarios) {
    for (const [file, f] of s.files.entries()) if (f.text.length === text.length && f.text === text) return { id: s.id, file, hash: textHash(text) };
  }
  return undefined;
}

/** A session input for a file, by reference when it is a built-in scenario's. */
export function sessionInputOf(file: InputFile, origin: SessionInput['origin'], scenarios: readonly ScenarioSource[]): SessionInput {
  const ref = scenarioRefOf(file.text, scenarios);
  return { path: file.path, origin, ...(file.node ? { node: file.node } : {}), ...(file.pod ? { pod: file.pod } : {}),
    ...(ref ? { scenario: ref } : { text: file.text }) };
}

export interface ResolvedInputs { files: (InputFile & { origin: SessionInput['origin'] })[]; notes: string[] }

/** The session's inputs as files. A scenario this version lacks is skipped with a note; a changed one is noted. */
export function resolveInputs(session: Session, scenarios: readonly ScenarioSource[]): ResolvedInputs {
  const files: ResolvedInputs['files'] = [];
  const notes: string[] = [];
  for (const input of session.inputs) {
    let text: string | null;
    if (input.scenario) {
      const ref = input.scenario;
      const s = scenarios.find((x) => x.id === ref.id);
      const f = s?.files[ref.file];
      if (!f) { notes.push(`The link refers to the built-in scenario "${ref.id}" (file ${ref.file + 1}), which this version of PacketPath does not have: "${input.path}" was left out.`); continue; }
      if (textHash(f.text) !== ref.hash) notes.push(`The built-in scenario "${s?.title ?? ref.id}" changed since this link was made: "${input.path}" is today's text, and the analysis may differ.`);
      text = f.text;
    } else if (input.sparse) {
      text = textOfSparse(input.sparse);
    } else {
      text = input.text ?? null;
    }
    if (text === null) { notes.push(`"${input.path}" could not be read back from the link and was left out.`); continue; }
    files.push({ path: input.path, text, origin: input.origin, ...(input.node ? { node: input.node } : {}), ...(input.pod ? { pod: input.pod } : {}) });
  }
  return { files, notes };
}
