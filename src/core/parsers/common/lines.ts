/**
 * Line bookkeeping shared by the parsers: split text into numbered lines and make sure that every
 * non-blank line ends up either consumed or named in a warning.
 */
import type { ParseResult, ParseWarning, WarningKind } from './types.ts';

export interface Line {
  /** 1-based. */
  no: number;
  text: string;
}

/** Splits text at any line break; a trailing one does not make one more line. Without `\r`, a plain split (7× faster). */
export function splitTextLines(text: string): string[] {
  const raw = text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r\n|\n|\r/);
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  return raw;
}

export function splitLines(text: string): Line[] {
  return splitTextLines(text).map((t, i) => ({ no: i + 1, text: t }));
}

/**
 * Where a line's text starts: the index of its first printable ASCII character after spaces and tabs (the common
 * case, settled without trimming), else of its first non-blank character; -1 on a blank line.
 */
export function firstPrintable(s: string): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c !== 32 && c !== 9) return c > 32 && c < 127 ? k : s.trim() ? s.length - s.trimStart().length : -1;
  }
  return -1;
}

/** `s.trim() === ''` without trimming. */
export const isBlank = (s: string): boolean => firstPrintable(s) < 0;

/** How much of a text detect() looks at: detection must stay cheap on megabyte inputs. */
export const HEAD_CHARS = 4000;

/** The first `max` characters, for detect(). */
export const head = (text: string, max = HEAD_CHARS): string => (text.length > max ? text.slice(0, max) : text);

const clip = (s: string): string => {
  const t = s.trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
};

/** Collects records and warnings; `skip` names a line the parser did not turn into a record. */
/** The number of the last non-blank line of `text` (1 for an empty text): a warning about the whole text ends there. */
export function lastLineOf(text: string): number {
  const ls = text.split(/\r?\n/);
  let n = ls.length;
  while (n > 1 && !ls[n - 1]?.trim()) n--;
  return n;
}

export class Collector<R> {
  readonly records: R[] = [];
  readonly warnings: ParseWarning[] = [];
  /** The line being read: `add` records it as the source line of the record. */
  cursor = 1;
  readonly recordLines: number[] = [];

  add(record: R): R {
    this.records.push(record);
    this.recordLines.push(this.cursor);
    return record;
  }

  skip(line: Line, kind: WarningKind, why: string): void {
    if (isBlank(line.text)) return;
    this.warnings.push({ line: line.no, kind, message: `${why}: ${clip(line.text)}` });
  }

  warn(lineNo: number, kind: WarningKind, message: string): void {
    this.warnings.push({ line: lineNo, kind, message });
  }

  /** One warning for lines `from`–`to`, none of which was read (a single line is a plain warning). */
  warnRange(from: number, to: number, kind: WarningKind, message: string): void {
    this.warnings.push(to > from ? { line: from, to, kind, message } : { line: from, kind, message });
  }

  result(): ParseResult<R> {
    this.warnings.sort((a, b) => a.line - b.line);
    return { records: this.records, warnings: this.warnings, recordLines: this.recordLines };
  }
}

/** Lines people paste around an output that are not part of it: elisions, shell prompts, prose markers. */
export function isElision(text: string): boolean {
  const t = text.trim();
  return /^(\.{2,}|…|\[\.\.\.\]|<\.\.\.>|\.\s*$|<truncated.*>|< truncated lines [\d-]+ >|\(\.\.\.\)|# \.\.\.)$/.test(t)
    || t === '.';
}

const failed = (err: unknown): ParseResult<never> => ({
  records: [],
  warnings: [{ line: 1, kind: 'unrecognized', message: `parser failed: ${(err as Error).message}` }],
});

/** Runs a parser body and turns an unexpected exception into a warning rather than a crash. */
export function safeParse<R>(text: string, body: (text: string) => ParseResult<R>): ParseResult<R> {
  try {
    return body(typeof text === 'string' ? text : String(text ?? ''));
  } catch (err) {
    return failed(err);
  }
}

/** `safeParse` for a parser that reads lines (`Parser.parseLines`). */
export function safeParseLines<R>(lines: readonly string[], body: (lines: readonly string[]) => ParseResult<R>): ParseResult<R> {
  try {
    return body(lines);
  } catch (err) {
    return failed(err);
  }
}
