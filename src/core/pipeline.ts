/**
 * The one entry the store, the worker and the CLI call: input files → detected blocks → parsed records →
 * model pieces → Snapshot.
 */
import { detectFile, parseBlock, type InputFile, type ParsedBlock } from './ingest/ingest.ts';
import { kindById } from './parsers/registry.ts';
import { convertWith } from './parsers/common/kind.ts';
import type { Piece } from './convert/pieces.ts';
import { assemble } from './assemble/assemble.ts';
import type { InputSummary, Snapshot } from './model/types.ts';

export interface PipelineResult { snapshot: Snapshot; blocks: ParsedBlock[] }

/** The netns a block was captured in: the host's, unless run inside a pod (nsenter, ip netns exec, pod-* file). */
function netnsKey(b: ParsedBlock): string {
  const pv = b.podView;
  if (!pv) {
    // content says so: only lo and one eth0@ifN (DESIGN.md)
    if (b.kind === 'ip-addr' || b.kind === 'ip-json') {
      const links = b.records as { ifname?: string; link_index?: number }[];
      const nonLo = links.filter((l) => l.ifname !== 'lo');
      if (nonLo.length === 1 && nonLo[0]?.ifname === 'eth0' && nonLo[0].link_index !== undefined) return `pod:${b.file}#${b.index}`;
    }
    return 'host';
  }
  if (pv.via === 'nsenter') return `pod:pid-${pv.pid}`;
  return `pod:${pv.name}`;
}

/** `onProgress` is called after each file: the worker reports it for large inputs. */
export function runPipeline(files: InputFile[], onProgress?: (done: number, total: number) => void): PipelineResult {
  const blocks: ParsedBlock[] = [];
  const inputs: InputSummary[] = [];
  const pieces: Piece[] = [];
  const inspectPids: { node: string; container: string; pid: number }[] = [];
  let anonymous = 0;
  for (const [fileIndex, file] of files.entries()) {
    const detected = detectFile(file);
    // Node-level blocks with no node: the only node named in this file; else anonymous nodes, a new one each
    // time a full capture of the same kind repeats (seed 003 shows an Azure CNI node, then a kubenet node).
    const named = [...new Set(detected.blocks.map((b) => b.node).filter((n): n is string => !!n))];
    let fallback = file.node ?? (named.length === 1 ? named[0] : undefined);
    const seen = new Set<string>();
    for (const b of detected.blocks) {
      const pb = parseBlock(b);
      blocks.push(pb);
      const kind = b.kind ? kindById(b.kind) : undefined;
      const nodeLevel = kind?.scope === 'node';
      const netns = netnsKey(pb);
      if (!b.node && nodeLevel && !file.node && named.length !== 1) {
        const key = `${b.kind}|${b.podView ? 'pod' : 'host'}`;
        const full = !/\|/.test(b.command ?? '');
        if (!fallback || (full && seen.has(key))) { fallback = `node-${++anonymous}`; seen.clear(); }
        if (full) seen.add(key);
      }
      const node = b.node ?? fallback ?? 'node-1';
      inputs.push({ name: b.file, block: b.index, kind: b.kind, confidence: b.confidence, records: pb.records.length, warnings: pb.warnings,
        ...(b.command ? { command: b.command } : {}), ...(nodeLevel ? { node } : {}),
        ...(b.podView ? { netns } : {}) });
      if (b.inspectContainer) {
        const pid = b.lines.texts.map((t) => t.trim()).find((t) => /^\d+$/.test(t));
        if (pid) inspectPids.push({ node, container: b.inspectContainer, pid: Number(pid) });
      }
      if (!kind) continue;
      const converted = convertWith(kind, pb.records, {
        input: b.file, block: b.id, kind: pb.kind ?? undefined, at: { node, netns },
        line: (i) => b.lines.nos[(pb.recordLines[i] ?? 1) - 1] ?? b.lines.nos[0] ?? 1,
        ...(b.table ? { table: b.table } : {}), ...(b.command ? { command: b.command } : {}),
        ...(b.netnsArg ? { netnsArg: b.netnsArg } : {}),
      });
      // a kube-proxy dump gives 150,000 pieces: push(...spread) would overflow the call stack
      for (const piece of converted.pieces) pieces.push(piece);
      for (const n of converted.notes) pb.warnings.push({ line: b.lines.nos[(pb.recordLines[n.recordIndex] ?? 1) - 1] ?? b.lines.nos[0] ?? 1, kind: n.kind, message: n.message });
      if (converted.notes.length) pb.warnings.sort((x, y) => x.line - y.line);
    }
    onProgress?.(fileIndex + 1, files.length);
    // lines the splitter passed over (prose, headings, comments, HTML it removed): named like any line not read
    if (detected.notes.length) {
      inputs.push({ name: file.path, block: -1, kind: null, confidence: 0, records: 0, warnings: detected.notes.map((n) => ({ line: n.line, kind: n.kind, message: n.message })) });
    }
  }
  const snapshot = assemble({ pieces, inputs, inspectPids });
  return { snapshot, blocks };
}

export function buildModel(files: InputFile[]): Snapshot {
  return runPipeline(files).snapshot;
}
