/**
 * A key written twice in one YAML mapping (a line moved, a block pasted twice): the YAML is read with the last one
 * winning, as kubectl's reader does not (it refuses the document), so the one overwritten is named on every line it
 * spans, never dropped in silence.
 */
import { isMap, isScalar, visit, type Document } from 'yaml';

/** Lines [from, to] (1-based, of `src`) of each pair whose key a later pair of the same mapping repeats, with the key. */
export function overwrittenPairs(doc: Document, src: string): { from: number; to: number; key: string }[] {
  const lineAt = (offset: number): number => src.slice(0, offset).split('\n').length;
  const out: { from: number; to: number; key: string }[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const last = new Map<unknown, number>();
      map.items.forEach((p, i) => { if (isScalar(p.key)) last.set(p.key.value, i); });
      map.items.forEach((p, i) => {
        if (!isScalar(p.key) || last.get(p.key.value) === i) return;
        const start = p.key.range?.[0];
        const node = p.value as { range?: [number, number, number] } | null;
        const end = node?.range?.[1] ?? p.key.range?.[1];
        if (start === undefined || end === undefined) return;
        out.push({ from: lineAt(start), to: Math.max(lineAt(start), lineAt(Math.max(start, end - 1))), key: String(p.key.value).slice(0, 40) });
      });
    },
  });
  return out;
}
