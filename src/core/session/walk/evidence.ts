/**
 * A note's evidence lines: the first line of the walk's inputs that holds the text the trainer quoted (in the
 * named input, when one is named), as a source reference the page opens like any step's.
 */
import type { InputFile } from '../../ingest/ingest.ts';
import type { SourceRef } from '../../model/types.ts';
import type { EvidenceRef } from './types.ts';

const baseName = (path: string): string => path.split('/').pop() ?? path;

// a walk quotes many lines of one big input (seed 004 is 62 KB): split each file once
const linesOf = new WeakMap<InputFile, string[]>();

export function findEvidence(ref: EvidenceRef, files: readonly InputFile[]): SourceRef | null {
  const pool = ref.input ? files.filter((f) => f.path === ref.input || baseName(f.path) === ref.input) : files;
  for (const f of pool) {
    let lines = linesOf.get(f);
    if (!lines) { lines = f.text.split('\n'); linesOf.set(f, lines); }
    const i = lines.findIndex((l) => l.includes(ref.find));
    if (i >= 0) return { input: f.path, line: i + 1 };
  }
  return null;
}
