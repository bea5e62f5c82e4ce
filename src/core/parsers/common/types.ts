/**
 * The parser contract of DESIGN.md: every parser module exports `info`, `detect` and `parse`.
 * `parse` never throws on user text; every non-blank line is consumed or named in a warning.
 */

export type WarningKind = 'ignored' | 'unsupported' | 'unrecognized';

export interface ParseWarning {
  /** 1-based line number within the text handed to the parser (ingest re-bases it to the file). */
  line: number;
  /** The last line (inclusive) when the warning names a range of lines `line`–`to`, every one of them not read
   *  (a JSON/YAML document that did not parse, the tail a repair dropped). */
  to?: number;
  kind: WarningKind;
  message: string;
}

export interface ParseResult<R = unknown> {
  records: R[];
  warnings: ParseWarning[];
  /** The 1-based line each record came from (parallel to `records`); not part of the printed contract. */
  recordLines?: number[];
}

/**
 * The coarse families used by the corpus index (`../shared/corpus/INDEX.tsv`, column `kind`):
 * several parsers belong to one family (e.g. `ip-addr` and `ip-link` are both `ip-addr`).
 */
export type Family =
  | 'ip-addr' | 'ip-route' | 'route-n' | 'brctl' | 'iptables-save' | 'iptables-list-rules' | 'iptables-L'
  | 'ipset' | 'kubectl' | 'netpol' | 'conflist' | 'azure-cni' | 'other';

export interface ParserInfo {
  id: string;
  title: string;
  family: Family;
  /** The commands (and flags) whose output this parser reads. */
  commands: string[];
  /** Where its fixtures came from. */
  origins: string[];
}

export interface Parser<R = unknown> {
  info: ParserInfo;
  /** 0..1: how sure the parser is that `text` is its kind. Cheap: looks at a bounded prefix. */
  detect(text: string): number;
  parse(text: string): ParseResult<R>;
  /**
   * Optional, for parsers of big line-oriented dumps: the same result as `parse(lines.join('\n'))`, without
   * joining a 150,000-line block into one string only to split it again.
   */
  parseLines?(lines: readonly string[]): ParseResult<R>;
  /**
   * Optional: rebuild the original lines of output whose line breaks were lost (a blog flattened
   * the table onto one line). Returns null when the text does not look flattened.
   */
  reflow?(text: string): string[] | null;
}
