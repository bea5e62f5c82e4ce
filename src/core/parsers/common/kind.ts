/**
 * A dump kind is one home: how its text is recognised and read (the parser: info, detect, parse), which command
 * lines print it, and what its records mean for the model (the converter). `registry.ts` lists every kind once;
 * ingest, the pipeline and the CLI ask it, so a new dialect is one folder and one line there.
 */
import type { BlockContext, Converted, Piece } from '../../convert/pieces.ts';
import type { Parser } from './types.ts';

export interface DumpKind<R = unknown> {
  parser: Parser<R>;
  /** Facts about one node (its links, routes, rules …) or about the cluster (pods, services, policies …). */
  scope: 'node' | 'cluster';
  /**
   * Command lines whose output this kind reads (without prompt, `sudo` or a namespace wrapper). Kinds must not
   * claim the same command: a test runs every kind's `info.commands` through them.
   */
  commandLines: RegExp[];
  /**
   * Lines the parser reads for their layout alone (a column header, a title) when they match exactly: they set how
   * the rows after them are read and hold no record of their own, so the line accounting counts them read. A line
   * that only looks like one (a mangled header) is the parser's to name in a warning.
   */
  layoutLines?: RegExp;
  /**
   * Lines a printer writes in fixed words for an empty value (kubectl's `PodSelector: <none> (Allowing the specific
   * traffic to all pods in this namespace)`), when they match exactly: the parser reads them into that empty value (an
   * empty selector, a rule open on any port), which a record holds without a word of the line, so the line accounting
   * counts them read. A variant of one is the parser's to name.
   */
  emptyForms?: RegExp;
  /** Records → pieces of the model; every record becomes a piece or is named in a note. */
  convert(records: R[], ctx: BlockContext): Converted | Piece[];
}

/** Checks a kind's parts where it is defined: a kind without a converter fails when the registry loads, not in silence. */
export function defineKind<R>(kind: DumpKind<R>): DumpKind<R> {
  if (typeof kind.convert !== 'function') throw new Error(`dump kind ${kind.parser.info.id}: no converter`);
  if (typeof kind.parser.parse !== 'function' || typeof kind.parser.detect !== 'function') throw new Error(`dump kind ${kind.parser.info.id}: no parser`);
  return kind;
}

/** Runs a kind's converter: its pieces and notes in one shape. */
export function convertWith<R>(kind: DumpKind<R>, records: R[], ctx: BlockContext): Converted {
  const out = kind.convert(records, ctx);
  return Array.isArray(out) ? { pieces: out, notes: [] } : out;
}

/**
 * A table's header as kubectl, crictl and docker print it: column names in capitals (`NAME   READY   STATUS`,
 * `POD ID   CREATED`, `PORT(S)`), the layoutLines of the table kinds.
 */
export const CAPITALS_HEADER = /^\s*[A-Z][A-Z0-9()_-]*(?:[ \t]+[A-Z][A-Z0-9()_-]*)*\s*$/;
