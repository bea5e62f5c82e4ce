/**
 * Line accounting: every non-blank line of an input is consumed by a record or named in a warning (DESIGN.md's
 * parser contract). A line counts as consumed when it is a command line the splitter read (a prompt), pure
 * structure (`{`, `],`, a fence), a layout line or an empty value's fixed form its kind declares (a column header,
 * kubectl's `<none> (…)`), or when a word of it (a name, an address, a number) is in the records of the
 * block it belongs to; it counts as named when a warning the user sees (the input's warnings) carries its
 * number (or a range `line`–`to` holds it). Anything else is lost without a warning, and is counted per kind of the block it was in.
 */
import { splitTranscript } from '../ingest/split.ts';
import type { ParsedBlock } from '../ingest/ingest.ts';
import type { InputSummary } from '../model/types.ts';
import { splitTextLines } from '../parsers/common/lines.ts';
import { kindById } from '../parsers/registry.ts';

/** Words start and end with a letter or digit (`:KUBE-SEP-X` is `KUBE-SEP-X`); `10.0.0.5/24` also counts as its parts. */
const WORD = /[A-Za-z0-9_][A-Za-z0-9_.:/@-]*[A-Za-z0-9_]/g;
function words(s: string): string[] {
  const out: string[] = [];
  for (const w of s.match(WORD) ?? []) {
    out.push(w);
    if (/[:/@]/.test(w)) for (const part of w.split(/[:/@]+/)) if (part.length >= 2) out.push(part);
    // a number with its unit (`74404sec`, `1500mtu`): the records hold the number
    const unit = /^(\d{2,})[a-z]+$/.exec(w);
    if (unit) out.push(unit[1] as string);
  }
  return out;
}

/** The words of the records' values and keys, once per block (a Map replacer: iptables chains are Maps). */
function wordsOf(records: unknown[]): Set<string> {
  const out = new Set<string>();
  const add = (s: string) => { for (const w of words(s)) out.add(w); };
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64 || out.size > 2_000_000) return;
    if (typeof v === 'string') { add(v); return; }
    // JSON's null is a value a record can hold (a field the parser kept as written)
    if (v === null) { out.add('null'); return; }
    if (typeof v === 'number' || typeof v === 'boolean') { out.add(String(v)); add(String(v)); return; }
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    // a record that computes its fields when asked (iptables rules parse their matches lazily) holds what toJSON gives
    const json = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') { walk(json.call(v), depth + 1); return; }
    if (v instanceof Map) { for (const [k, x] of v) { add(String(k)); walk(x, depth + 1); } return; }
    if (Array.isArray(v)) { for (const x of v) walk(x, depth + 1); return; }
    for (const k of Object.keys(v)) { add(k); walk((v as Record<string, unknown>)[k], depth + 1); }
  };
  walk(records, 0);
  return out;
}

/**
 * `Size in memory: 2`, `Header:` — a `Key: value` line whose value has no word (one character, or none) is read when
 * the records hold a field named after its key (`sizeInMemory`); a value with words is judged by them, as any line.
 */
function readField(line: string, ws: Set<string>): boolean {
  const m = /^\s*([A-Z][a-z]+(?: [a-z]+)*):(.*)$/.exec(line);
  if (!m || words(m[2] as string).length) return false;
  const [first = '', ...rest] = (m[1] as string).split(' ');
  return ws.has(first.toLowerCase() + rest.map((w) => (w[0] as string).toUpperCase() + w.slice(1)).join(''));
}

const JSON_OPENS = /^\s*"[^"]*"\s*:\s*[[{]\s*$/;
const XML_CLOSES = /^\s*(?:<\/[\w:.-]+>\s*)+$/;
/** A Markdown fence (```bash) and a here-document's end (EOF): the splitter reads them as the edges of blocks. */
const FENCE = /^\s*(?:```+|~~~+)\s*[\w-]*\s*$/;
const HEREDOC_END = /^(?:EOF|EOT|END|YAML)$/;

export interface LostLine { line: number; kind: string; text: string }

/** The lines of `path` neither consumed nor named in a warning. */
export function lostLines(path: string, text: string, blocks: ParsedBlock[], inputs: InputSummary[]): LostLine[] {
  const lines = splitTextLines(text);
  const warned = new Set<number>();
  for (const i of inputs) if (i.name === path) for (const w of i.warnings) for (let n = w.line; n <= (w.to ?? w.line); n++) warned.add(n);
  const commands = new Set<number>();
  for (const b of splitTranscript(text).blocks) if (b.commandLine !== undefined) commands.add(b.startLine);
  const blockOf = new Map<number, ParsedBlock>();
  for (const b of blocks) if (b.file === path) for (const no of b.lines.nos) if (!blockOf.has(no)) blockOf.set(no, b);
  const seen = new Map<ParsedBlock, Set<string>>();
  const lost: LostLine[] = [];
  lines.forEach((t, i) => {
    const no = i + 1;
    if (!t.trim() || warned.has(no) || commands.has(no)) return;
    const own = words(t);
    if (!own.length) return; // structure only: brackets, commas, a fence, a rule of dashes
    // structure with a name: a JSON key that opens an object or a list (its contents are judged line by line), XML
    // elements closing
    if (JSON_OPENS.test(t) || XML_CLOSES.test(t) || FENCE.test(t) || HEREDOC_END.test(t)) return;
    const b = blockOf.get(no);
    const kind = b?.kind ? kindById(b.kind) : undefined;
    if (kind?.layoutLines?.test(t) || kind?.emptyForms?.test(t)) return;
    if (b && b.kind) {
      let ws = seen.get(b);
      if (!ws) { ws = wordsOf(b.records); seen.set(b, ws); }
      if (own.some((w) => ws.has(w))) return;
      if (readField(t, ws)) return;
    }
    lost.push({ line: no, kind: b ? b.kind ?? 'unrecognized block' : 'outside any block', text: t.length > 120 ? `${t.slice(0, 117)}...` : t });
  });
  return lost;
}
