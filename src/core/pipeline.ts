/**
 * The one entry the store, the worker and the CLI call: input files → detected blocks → parsed records →
 * model pieces → Snapshot. Each block is parsed, converted, checked and assembled in isolation (isolate.ts): a
 * block that fails becomes a warning on its input naming the block and why, never the end of the analysis.
 */
import { detectFile, parseBlock, type DetectedFile, type InputFile, type ParsedBlock } from './ingest/ingest.ts';
import { assignNodes } from './ingest/nodes.ts';
import { kindById } from './parsers/registry.ts';
import { convertWith } from './parsers/common/kind.ts';
import type { Converted, Piece } from './convert/pieces.ts';
import { assemble } from './assemble/assemble.ts';
import type { InputSummary, Snapshot, UnreadablePolicy } from './model/types.ts';
import { assembleIsolated, boundLines, checkPieces, MAX_LINE_CHARS } from './isolate.ts';
import { safeText } from './display.ts';
import { unreadablePolicies } from './policy/unreadable.ts';

const failure = (err: unknown): string => String((err as Error)?.message ?? err).slice(0, 200);

/** Parses a block; a parser that throws leaves the block's lines named in one warning. */
function parseIsolated(b: ReturnType<typeof detectFile>['blocks'][number]): ParsedBlock {
  try {
    return parseBlock(b);
  } catch (err) {
    const first = b.lines.nos[0] ?? 1;
    return { ...b, records: [], recordLines: [],
      warnings: [{ line: first, kind: 'unrecognized', message: `block ${b.index + 1} (${b.kind}) could not be read, its ${b.lines.nos.length} lines are left out: ${failure(err)}` }] };
  }
}

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
  const byBlock: { id: string; pieces: Piece[]; summary: InputSummary; line: number }[] = [];
  const inspectPids: { node: string; container: string; pid: number }[] = [];
  /** NetworkPolicies the inputs hold that could not be read: the policy answer names them. */
  const unreadable: UnreadablePolicy[] = [];
  const nodeLevel = (b: ParsedBlock): boolean => !!b.kind && kindById(b.kind)?.scope === 'node';
  // first every file is split and parsed, so that the nodes of unnamed blocks can be settled across all of them
  const parsed: { file: InputFile; detected: DetectedFile; blocks: ParsedBlock[] }[] = [];
  for (const [fileIndex, given] of files.entries()) {
    const bounded = boundLines(given.text);
    const file = bounded.cut.length ? { ...given, text: bounded.text } : given;
    if (bounded.cut.length) {
      inputs.push({ name: file.path, block: -1, kind: null, confidence: 0, records: 0, warnings: bounded.cut.map((c) => ({ line: c.line, kind: 'unsupported' as const,
        message: `line of ${c.length.toLocaleString('en-US')} characters: only its first ${MAX_LINE_CHARS.toLocaleString('en-US')} are read` })) });
    }
    let detected: DetectedFile;
    try {
      detected = detectFile(file);
    } catch (err) {
      inputs.push({ name: file.path, block: -1, kind: null, confidence: 0, records: 0, warnings: [{ line: 1, kind: 'unrecognized', message: `the input could not be split into blocks: ${failure(err)}` }] });
      onProgress?.(fileIndex + 1, files.length);
      continue;
    }
    // node-level blocks with no node: the node the user gave the file, else the only node named in it
    const named = [...new Set(detected.blocks.map((b) => b.node).filter((n): n is string => !!n))];
    const fallback = file.node ?? (named.length === 1 ? named[0] : undefined);
    const fileBlocks = detected.blocks.map((b) => {
      const pb = parseIsolated(b);
      if (!pb.node && fallback && nodeLevel(pb)) pb.node = fallback;
      return pb;
    });
    parsed.push({ file, detected, blocks: fileBlocks });
    onProgress?.(fileIndex + 1, files.length);
  }
  // the rest: the unnamed host their content agrees with, across the files dropped together (see ingest/nodes.ts)
  try {
    const assigned = assignNodes(parsed.flatMap((f) => f.blocks), nodeLevel);
    for (const { block, message } of assigned) block.warnings.push({ line: block.lines.nos[0] ?? 1, kind: 'inferred', message });
  } catch (err) {
    // unassigned blocks fall to node-1 below; say why
    inputs.push({ name: '(all inputs)', block: -1, kind: null, confidence: 0, records: 0, warnings: [{ line: 1, kind: 'unrecognized', message: `the blocks without a node name could not be matched to hosts: ${failure(err)}` }] });
  }
  for (const { file, detected, blocks: fileBlocks } of parsed) {
    for (const pb of fileBlocks) {
      const b = pb;
      blocks.push(pb);
      const kind = b.kind ? kindById(b.kind) : undefined;
      const netns = netnsKey(pb);
      const node = b.node ?? 'node-1';
      const summary: InputSummary = { name: b.file, block: b.index, kind: b.kind, confidence: b.confidence, records: pb.records.length, warnings: pb.warnings,
        ...(b.command ? { command: b.command } : {}), ...(nodeLevel(pb) ? { node } : {}),
        ...(b.podView ? { netns } : {}) };
      inputs.push(summary);
      if (b.inspectContainer) {
        const pid = b.lines.texts.map((t) => t.trim()).find((t) => /^\d+$/.test(t));
        if (pid) inspectPids.push({ node, container: b.inspectContainer, pid: Number(pid) });
      }
      if (!kind) continue;
      const line = b.lines.nos[0] ?? 1;
      let converted: Converted;
      try {
        converted = convertWith(kind, pb.records, {
          input: b.file, block: b.id, kind: pb.kind ?? undefined, at: { node, netns, view: { block: b.id, partial: !!b.partial, line } },
          line: (i) => b.lines.nos[(pb.recordLines[i] ?? 1) - 1] ?? b.lines.nos[0] ?? 1,
          ...(b.table ? { table: b.table } : {}), ...(b.command ? { command: b.command } : {}),
          ...(b.netnsArg ? { netnsArg: b.netnsArg } : {}),
        });
      } catch (err) {
        summary.warnings = [...summary.warnings, { line, kind: 'unrecognized', message: `block ${b.index + 1} (${pb.kind}) was read but could not be used: ${failure(err)}` }];
        continue;
      }
      for (const n of converted.notes) summary.warnings.push({ line: b.lines.nos[(pb.recordLines[n.recordIndex] ?? 1) - 1] ?? line, kind: n.kind, message: n.message });
      if (converted.notes.length) summary.warnings.sort((x, y) => x.line - y.line);
      const checked = checkPieces(converted.pieces);
      if (checked.problems.length) {
        const shown = checked.problems.slice(0, 5).join('; ') + (checked.problems.length > 5 ? `; and ${checked.problems.length - 5} more` : '');
        summary.warnings = [...summary.warnings, { line, kind: 'unsupported', message: `block ${b.index + 1} (${pb.kind}): values of the wrong type left out: ${shown}` }];
      }
      for (const { piece: d, why } of checked.dropped) {
        if (d.kind !== 'policy') continue;
        const pol = d.policy as unknown as { namespace?: unknown; name?: unknown; source?: { line?: unknown } };
        unreadable.push({ ...(typeof pol.namespace === 'string' ? { namespace: pol.namespace } : {}), ...(typeof pol.name === 'string' ? { name: pol.name } : {}),
          why: why.replace(/^NetworkPolicy \S+: /, '').replace(/: the policy is not read$/, ''), source: { input: b.file, line: typeof pol.source?.line === 'number' ? pol.source.line : line } });
      }
      byBlock.push({ id: b.id, pieces: checked.pieces, summary, line });
    }
    // lines the splitter passed over (prose, headings, comments, HTML it removed): named like any line not read
    if (detected.notes.length) {
      inputs.push({ name: file.path, block: -1, kind: null, confidence: 0, records: 0, warnings: detected.notes.map((n) => ({ ...n })) });
    }
  }
  const { result: snapshot, left } = assembleIsolated(byBlock, (pieces) => assemble({ pieces, inputs, inspectPids }));
  for (const l of left) {
    const b = byBlock.find((x) => x.id === l.id);
    if (b) b.summary.warnings = [...b.summary.warnings, { line: b.line, kind: 'unrecognized', message: `block ${b.summary.block + 1} (${b.summary.kind}) is left out of the model: assembling it failed: ${failure(l.why)}` }];
  }
  unreadable.push(...unreadablePolicies(blocks, snapshot.cluster.policies));
  if (unreadable.length) snapshot.cluster.unreadablePolicies = unreadable;
  // messages name what the inputs hold: make them safe to show (bidi controls escaped, huge names shortened)
  for (const i of snapshot.inputs) for (const w of i.warnings) w.message = safeText(w.message);
  for (const w of snapshot.warnings) w.message = safeText(w.message);
  return { snapshot, blocks };
}

export function buildModel(files: InputFile[]): Snapshot {
  return runPipeline(files).snapshot;
}
