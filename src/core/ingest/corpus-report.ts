/** What ingest and the parsers make of one file, in a form stable enough to compare (the corpus test). */
import { detectFile, parseBlock } from './ingest.ts';

export interface BlockReport { block: number; kind: string | null; records: number; warnings: { line: number; kind: string; message: string }[] }

export function corpusReport(path: string, text: string): BlockReport[] {
  return detectFile({ path, text }).blocks.map((b) => {
    const p = parseBlock(b);
    return { block: b.index, kind: b.kind, records: p.records.length, warnings: p.warnings.map(({ line, kind, message }) => ({ line, kind, message })) };
  });
}
