/**
 * Ingest: files → command blocks with a detected kind, a node and (for views from inside a pod) a pod netns.
 * Every block keeps the source line number of each of its lines, so warnings point into the user's file.
 */
import { PARSERS, parserById } from '../parsers/registry.ts';
import { HEAD_CHARS } from '../parsers/common/lines.ts';
import type { ParseResult, ParseWarning, Parser } from '../parsers/common/types.ts';
import { sliceLines, splitTranscript, type BlockLines, type FileNote, type RawBlock } from './split.ts';
import type { CommandFacts } from './commands.ts';

export interface InputFile {
  /** Path as given (`node-a/ip-addr.txt`, `pod-nginx-ip.txt`, a pasted input's name). */
  path: string;
  text: string;
  /** The node the user assigned, or the folder the file came from. */
  node?: string;
  /** The pod the user says this was captured in (its netns), like a `pod-<name>-*` file name. */
  pod?: string;
}

export type PodView = NonNullable<CommandFacts['podView']> | { via: 'file'; name: string };

export interface Block {
  id: string;
  file: string;
  index: number;
  command?: string;
  host?: string;
  node?: string;
  podView?: PodView;
  table?: string;
  netnsArg?: string;
  inspectContainer?: string;
  /** The command filtered its output (`| grep`): a part of the view. */
  partial?: boolean;
  kind: string | null;
  confidence: number;
  /** The lines handed to the parser, each with its line number in the file. */
  lines: BlockLines;
  reflowed: boolean;
  /** A flattened block's output as it stood on its one line, before its lines were rebuilt. */
  flatText?: string;
  /** The parse made while detecting (splitting run-together dumps), reused by parseBlock. */
  parsed?: ParseResult;
  /** Why this block was not parsed (ignored command, unrecognised text). */
  skipped?: string;
}

export interface DetectedFile {
  path: string;
  node?: string;
  blocks: Block[];
  notes: FileNote[];
}

/** The highest detect() score over all parsers (or `only`). */
export function bestParser(text: string, only?: Parser[]): { parser: Parser | null; score: number } {
  let parser: Parser | null = null;
  let score = 0;
  for (const p of only ?? PARSERS) {
    let s: number;
    try { s = p.detect(text); } catch { s = 0; }
    if (s > score) { score = s; parser = p; }
  }
  return { parser, score };
}

function podViewOfFile(path: string): PodView | undefined {
  const base = path.split('/').pop() ?? path;
  const m = /^pod-(.+?)-(ip|addr|route|routes|neigh|link|iptables|ss|netstat|ns|netns)[^/]*$/i.exec(base) ?? /^pod-([^.]+)\./.exec(base);
  return m ? { via: 'file', name: m[1] as string } : undefined;
}

/** Exactly one non-blank line? (without building an array of a 230,000-line block's lines) */
function singleLine(texts: readonly string[]): boolean {
  let n = 0;
  for (const t of texts) if (t.trim() && ++n > 1) return false;
  return n === 1;
}

/** Enough of the block's first lines for `detect`, which looks at a bounded prefix (`head`) only. */
function detectText(texts: readonly string[]): string {
  let n = 0;
  let end = 0;
  while (end < texts.length && n <= HEAD_CHARS) n += (texts[end++] as string).length + 1;
  return texts.slice(0, end).join('\n');
}

/** Parses lines with `parser`: as lines when it reads them (big dumps), else as one text. */
export function parseLinesWith(parser: Parser, texts: readonly string[]): ParseResult {
  return parser.parseLines ? parser.parseLines(texts) : parser.parse(texts.join('\n'));
}

/** Decides a block's kind: the command's parser unless the text clearly is something else. */
function classify(raw: RawBlock): { parser: Parser | null; score: number; lines: BlockLines; reflowed: boolean } {
  const { texts } = raw.lines;
  const hinted = raw.facts?.parser ? parserById(raw.facts.parser) : undefined;
  // flattened output: rebuild its lines with the parser that can
  if (singleLine(texts)) {
    const text = texts.join('\n');
    if (raw.flattened || text.length > 200) {
      const candidates = hinted ? [hinted, ...PARSERS.filter((p) => p !== hinted)] : PARSERS;
      for (const p of candidates) {
        if (!p.reflow) continue;
        const rebuilt = p.reflow(text);
        if (rebuilt && rebuilt.length > 1) {
          const no = raw.lines.nos[texts.findIndex((t) => t.trim())] as number;
          const lines = { texts: rebuilt, nos: rebuilt.map(() => no) };
          return { parser: p, score: hinted === p ? 1 : Math.max(0.6, p.detect(rebuilt.join('\n'))), lines, reflowed: true };
        }
      }
    }
  }
  const head = detectText(texts);
  const best = bestParser(head);
  // output echoed behind a comment marker by a test harness (`  # -A cali-…`): read it without the marker
  if (best.score < 0.3 && texts.every((t) => !t.trim() || /^\s*#\s?/.test(t))) {
    const stripped = { texts: texts.map((t) => t.replace(/^\s*#\s?/, '')), nos: raw.lines.nos };
    const again = bestParser(detectText(stripped.texts));
    if (again.score >= 0.5) return { parser: again.parser, score: again.score, lines: stripped, reflowed: false };
  }
  if (hinted) {
    const own = hinted.detect(head);
    // the command says one thing, the text clearly another (an author pasted outputs after the wrong command)
    if (own < 0.3 && best.parser && best.score >= 0.8) return { parser: best.parser, score: best.score, lines: raw.lines, reflowed: false };
    return { parser: hinted, score: Math.max(own, 0.9), lines: raw.lines, reflowed: false };
  }
  return { parser: best.score >= 0.3 ? best.parser : null, score: best.score, lines: raw.lines, reflowed: false };
}

/**
 * Two dumps run together without a prompt between them (`route -n` output, then `ip addr` output): the first
 * parser names the second dump's lines as unrecognised. A run of such lines that another parser claims
 * strongly is cut out into a block of its own.
 */
function splitRunTogether(lines: BlockLines, parser: Parser, res: ParseResult): BlockLines[] | null {
  const bad = new Set(res.warnings.filter((w) => w.kind === 'unrecognized').map((w) => w.line - 1));
  if (bad.size < 2) return null;
  const { texts } = lines;
  const pieces: BlockLines[] = [];
  let start = 0;
  for (let i = 0; i < texts.length;) {
    if (!bad.has(i)) { i++; continue; }
    let j = i;
    while (j < texts.length && (bad.has(j) || !(texts[j] as string).trim())) j++;
    const other = bestParser(texts.slice(i, j).join('\n'));
    if (j - i >= 2 && other.parser && other.parser !== parser && other.score >= 0.8) {
      if (i > start) pieces.push(sliceLines(lines, start, i));
      pieces.push(sliceLines(lines, i, j));
      start = j;
    }
    i = j;
  }
  if (!pieces.length) return null;
  if (start < texts.length) pieces.push(sliceLines(lines, start));
  return pieces.filter((p) => p.texts.some((t) => t.trim()));
}

/**
 * Where output that a command did not print starts in an ignored command's block (`ssh node` then the node's
 * `ip addr`; `kubectl apply` then an unprompted `kubectl get pods`): the first line from which a parser claims the
 * text strongly; -1 when none does. Looks at the first lines only: an unread command's own output is short.
 */
function contentStart(texts: readonly string[]): number {
  const limit = Math.min(texts.length, 200);
  for (let k = 0; k < limit; k++) {
    const t = texts[k] as string;
    if (!t.trim() || (k > 0 && (texts[k - 1] as string).trim() && !/^\S/.test(t))) continue;
    const slice = texts.slice(k, k + 60);
    const { parser, score } = bestParser(detectText(slice));
    // the line itself must be the output's first: detect looks at a whole prefix, the parse says whether this line is read
    if (parser && score >= 0.8 && !parseLinesWith(parser, slice).warnings.some((w) => w.line === 1)) return k;
  }
  return -1;
}

/** The first line the block's own parser reads (not warned about): the earlier commands of `a && b && c` printed the lines before it. */
function firstRead(raw: RawBlock): number {
  const parser = parserById(raw.facts?.parser ?? '');
  if (!parser) return 0;
  const res = parseLinesWith(parser, raw.lines.texts);
  const warned = new Set(res.warnings.map((w) => w.line - 1));
  const { texts } = raw.lines;
  for (let k = 0; k < texts.length; k++) if ((texts[k] as string).trim() && !warned.has(k)) return k;
  return texts.length;
}

export function detectFile(file: InputFile): DetectedFile {
  const { blocks: raws, notes } = splitTranscript(file.text);
  const filePod: PodView | undefined = file.pod ? { via: 'file', name: file.pod } : podViewOfFile(file.path);
  const node = file.node;
  const blocks: Block[] = [];
  raws.forEach((raw, index) => {
    const hasText = raw.lines.texts.some((t) => t.trim());
    if (!hasText) return;
    const block: Block = { id: `${file.path}#${index}`, file: file.path, index, kind: null, confidence: 0, lines: raw.lines, reflowed: false };
    if (raw.commandLine) block.command = raw.facts?.command ?? raw.commandLine;
    if (raw.host) block.host = raw.host;
    const n = raw.host ?? node;
    if (n) block.node = n;
    const pv = raw.facts?.podView ?? filePod;
    if (pv) block.podView = pv;
    if (raw.facts?.table) block.table = raw.facts.table;
    if (raw.facts?.netnsArg) block.netnsArg = raw.facts.netnsArg;
    if (raw.facts?.inspectContainer) block.inspectContainer = raw.facts.inspectContainer;
    if (raw.facts?.partial) block.partial = true;
    if (raw.facts?.ignored) {
      block.skipped = `output of \`${((raw.facts.printer ?? raw.facts.command).split(/\s+/).slice(0, 3).join(' '))}\` is not read`;
      unread(raw, block, raw.lines);
      return;
    }
    if (raw.facts?.before && raw.facts.parser) {
      // `apt update && apt install net-tools -y && route -n`: the earlier commands printed first; the last one's output starts where its parser reads
      const at = firstRead(raw);
      if (at > 0) {
        unread(raw, { ...block, id: `${block.id}.0`, skipped: `output of \`${raw.facts.before.join(' && ').slice(0, 60)}\` is not read` }, sliceLines(raw.lines, 0, at));
        if (at < raw.lines.texts.length) addBlock({ ...raw, lines: sliceLines(raw.lines, at) }, `${block.id}.1`, block);
        return;
      }
    }
    addBlock(raw, block.id, block);
  });
  const out: DetectedFile = { path: file.path, blocks, notes };
  if (node) out.node = node;
  return out;

  /**
   * Lines no parser is asked to read (an ignored command's output, the earlier commands' of `a && b`): output that
   * no prompt introduced may follow in them (an ssh banner, then a host's `ip addr`), read by its content.
   */
  function unread(raw: RawBlock, block: Block, lines: BlockLines): void {
    const at = contentStart(lines.texts);
    if (at < 0) { blocks.push({ ...block, lines }); return; }
    if (at > 0) blocks.push({ ...block, lines: sliceLines(lines, 0, at) });
    const rest: RawBlock = { lines: sliceLines(lines, at), startLine: lines.nos[at] as number };
    if (raw.host) rest.host = raw.host;
    if (raw.facts?.podView) rest.facts = { command: '', podView: raw.facts.podView };
    addBlock(rest, `${block.id}.${at > 0 ? 1 : 0}`, {});
  }

  /** Classifies and parses a raw block (splitting run-together dumps), as block `id` with `base`'s facts. */
  function addBlock(raw: RawBlock, id: string, base: Partial<Block>): void {
    const block: Block = { index: 0, kind: null, confidence: 0, reflowed: false, ...base, id, file: file.path, lines: raw.lines } as Block;
    block.index = Number(/#(\d+)/.exec(id)?.[1] ?? 0);
    if (!base.node && (raw.host ?? node)) block.node = (raw.host ?? node) as string;
    if (!base.podView && (raw.facts?.podView ?? filePod)) block.podView = (raw.facts?.podView ?? filePod) as PodView;
    const c = classify(raw);
    // parsed once here (to find run-together dumps) and the result kept for parseBlock
    const parsed = c.parser ? parseLinesWith(c.parser, c.lines.texts) : undefined;
    const pieces = c.parser && parsed && !c.reflowed && !raw.facts?.parser ? splitRunTogether(c.lines, c.parser, parsed) : null;
    if (pieces && pieces.length > 1) {
      pieces.forEach((lines, k) => {
        const sub = classify({ ...raw, lines });
        blocks.push({ ...block, id: `${block.id}.${k}`, lines: sub.lines, kind: sub.parser?.info.id ?? null,
          confidence: Math.round(sub.score * 100) / 100, reflowed: false, ...(sub.parser ? {} : { skipped: 'no parser recognises this text' }) });
      });
      return;
    }
    if (parsed) block.parsed = parsed;
    block.kind = c.parser?.info.id ?? null;
    block.confidence = Math.round(c.score * 100) / 100;
    if (c.reflowed) block.flatText = raw.lines.texts.join(' ').trim();
    block.lines = c.lines;
    block.reflowed = c.reflowed;
    if (!c.parser) block.skipped = 'no parser recognises this text';
    blocks.push(block);
  }
}

/** A parse warning, or a converter's note about what a record means (`inferred`: a table the capture did not name). */
export interface BlockWarning { line: number; kind: ParseWarning['kind'] | 'inferred'; message: string }

export interface ParsedBlock extends Block {
  records: unknown[];
  warnings: BlockWarning[];
  /** Parser-relative line of each record (index into `lines`, 1-based). */
  recordLines: number[];
}

/** Parses a detected block; warnings are re-based to the file's line numbers. */
export function parseBlock(block: Block): ParsedBlock {
  if (!block.kind) {
    const kind = block.skipped?.startsWith('output of') ? 'ignored' : 'unrecognized';
    const { texts, nos } = block.lines;
    const warnings: ParseWarning[] = [];
    texts.forEach((t, i) => { if (t.trim()) warnings.push({ line: nos[i] as number, kind, message: block.skipped ?? 'not read' }); });
    return { ...block, records: [], warnings, recordLines: [] };
  }
  const parser = parserById(block.kind) as Parser;
  const res = block.parsed ?? parseLinesWith(parser, block.lines.texts);
  const { nos } = block.lines;
  const at = (n: number): number => nos[n - 1] ?? nos[0] ?? n;
  const warnings = res.warnings.map((w) => (w.to === undefined ? { ...w, line: at(w.line) } : { ...w, line: at(w.line), to: at(w.to) }));
  const { parsed: _parsed, ...rest } = block;
  return { ...rest, records: res.records, warnings, recordLines: res.recordLines ?? [] };
}

/** Parses `text` as `kind`, rebuilding flattened lines first (what ingest does for a block). */
/** A one-line (flattened) text rebuilt into its lines by the parser that can; null when not flattened. */
export function rebuildFlattened(parser: Parser, text: string): string[] | null {
  const oneLine = !/[\r\n]\s*\S/.test(text.trim());
  return oneLine && parser.reflow ? parser.reflow(text) : null;
}

export function parseAs(kind: string, text: string): { records: unknown[]; warnings: ParseWarning[] } {
  const parser = parserById(kind);
  if (!parser) return { records: [], warnings: [{ line: 1, kind: 'unsupported', message: `unknown kind ${kind}` }] };
  const rebuilt = rebuildFlattened(parser, text);
  const res = parser.parse(rebuilt ? rebuilt.join('\n') : text);
  const warnings = rebuilt ? res.warnings.map((w) => ({ ...w, line: 1 })) : res.warnings;
  return { records: res.records, warnings };
}
