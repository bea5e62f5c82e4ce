/**
 * The one entry the store, the worker and the CLI call: input files → detected blocks → parsed records →
 * model pieces → Snapshot.
 */
import { detectFile, parseBlock, type DetectedFile, type InputFile, type ParsedBlock } from './ingest/ingest.ts';
import { assignNodes } from './ingest/nodes.ts';
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
  const nodeLevel = (b: ParsedBlock): boolean => !!b.kind && kindById(b.kind)?.scope === 'node';
  const parsed: { file: InputFile; detected: DetectedFile; blocks: ParsedBlock[] }[] = [];
  for (const [fileIndex, file] of files.entries()) {
    const detected = detectFile(file);
    // node-level blocks with no node: the node the user gave the file, else the only node named in it
    const named = [...new Set(detected.blocks.map((b) => b.node).filter((n): n is string => !!n))];
    const fallback = file.node ?? (named.length === 1 ? named[0] : undefined);
    const fileBlocks = detected.blocks.map((b) => {
      const pb = parseBlock(b);
      if (!pb.node && fallback && nodeLevel(pb)) pb.node = fallback;
      return pb;
    });
    parsed.push({ file, detected, blocks: fileBlocks });
    onProgress?.(fileIndex + 1, files.length);
  }
  // the rest: the unnamed host their content agrees with, across the files dropped together (see ingest/nodes.ts)
  const assigned = assignNodes(parsed.flatMap((f) => f.blocks), nodeLevel);
  for (const { block, message } of assigned) block.warnings.push({ line: block.lines.nos[0] ?? 1, kind: 'inferred', message });
  for (const { file, detected, blocks: fileBlocks } of parsed) {
    for (const pb of fileBlocks) {
      const b = pb;
      blocks.push(pb);
      const kind = b.kind ? kindById(b.kind) : undefined;
      const netns = netnsKey(pb);
      const node = b.node ?? 'node-1';
      inputs.push({ name: b.file, block: b.index, kind: b.kind, confidence: b.confidence, records: pb.records.length, warnings: pb.warnings,
        ...(b.command ? { command: b.command } : {}), ...(nodeLevel(pb) ? { node } : {}),
        ...(b.podView ? { netns } : {}) });
      if (b.inspectContainer) {
        const pid = b.lines.texts.map((t) => t.trim()).find((t) => /^\d+$/.test(t));
        if (pid) inspectPids.push({ node, container: b.inspectContainer, pid: Number(pid) });
      }
      if (!kind) continue;
      const converted = convertWith(kind, pb.records, {
        input: b.file, block: b.id, kind: pb.kind ?? undefined, at: { node, netns, view: { block: b.id, partial: !!b.partial, line: b.lines.nos[0] ?? 1 } },
        line: (i) => b.lines.nos[(pb.recordLines[i] ?? 1) - 1] ?? b.lines.nos[0] ?? 1,
        ...(b.table ? { table: b.table } : {}), ...(b.command ? { command: b.command } : {}),
        ...(b.netnsArg ? { netnsArg: b.netnsArg } : {}),
      });
      // a kube-proxy dump gives 150,000 pieces: push(...spread) would overflow the call stack
      for (const piece of converted.pieces) pieces.push(piece);
      for (const n of converted.notes) pb.warnings.push({ line: b.lines.nos[(pb.recordLines[n.recordIndex] ?? 1) - 1] ?? b.lines.nos[0] ?? 1, kind: n.kind, message: n.message });
      if (converted.notes.length) pb.warnings.sort((x, y) => x.line - y.line);
    }
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
