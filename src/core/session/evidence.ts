/**
 * Evidence-only inputs: just the lines one trace rests on, so that a link of a 110,000-rule node carries a few
 * kilobytes and still gives the same answer.
 *
 * What is kept, on the nodes the trace crosses: every line a step cites (routes, rules, proxy ARP, policies), the
 * chain skeleton those rules hang in (table headers, built-in chains with their policies, the declarations of the
 * chains visited and jumped to), the ipsets the kept rules name with the members holding the trace's addresses,
 * the rows of the pods and services involved, the lines the network mode was recognised from, the command line of
 * every kept block, and small blocks whole. Lines keep their numbers (the rest become empty lines).
 *
 * Then it checks: the cut inputs are parsed and traced again, and must give the same answer (answer.ts). If they do
 * not, it widens — whole blocks, then every block of the nodes involved, then everything — and says how far it went.
 */
import type { InputFile, ParsedBlock } from '../ingest/ingest.ts';
import type { InputSummary, Snapshot } from '../model/types.ts';
import type { Trace } from '../trace/types.ts';
import { runPipeline } from '../pipeline.ts';
import { trace as runTrace, type TraceRequest } from '../trace/engine.ts';
import { kindById } from '../parsers/registry.ts';
import { splitTranscript } from '../ingest/split.ts';
import { inCidr, isIp } from '../net/ip.ts';
import { sameAnswer, summaryOf, type AnswerSummary } from './answer.ts';
import { sparseOf, textOfSparse } from './inputs.ts';
import type { SparseText } from './types.ts';

/** What evidence selection needs of a parsed block (the worker keeps this, not the blocks with their records). */
export interface BlockIndex {
  file: string;
  kind: string | null;
  /** The file's line number of each of the block's lines. */
  nos: number[];
  reflowed: boolean;
  command?: string;
  node?: string;
  /** The host the block's prompt names (`azureuser@HOST:~$`). */
  host?: string;
  podView: boolean;
}

/**
 * Each block with the node it belongs to in the Snapshot. A node the pipeline could only call `node-1` while reading
 * is renamed once the evidence names it (assemble's nameNodes): a block's lines cited by a host's links and routes
 * tell which host its provisional name became.
 */
export function indexBlocks(blocks: readonly ParsedBlock[], snap: Snapshot): BlockIndex[] {
  const provisional = new Map(snap.inputs.map((i: InputSummary) => [`${i.name}#${i.block}`, i.node]));
  const index = blocks.map((b) => {
    const node = provisional.get(`${b.file}#${b.index}`);
    return { file: b.file, kind: b.kind, nos: b.lines.nos, reflowed: b.reflowed, podView: !!b.podView,
      ...(b.command ? { command: b.command } : {}), ...(node ? { node } : {}), ...(b.host ? { host: b.host } : {}) } as BlockIndex;
  });
  const hostNames = new Set(snap.hosts.map((h) => h.name));
  const renamed = new Map<string, string>();
  const unknown = new Set(index.map((b) => b.node).filter((n): n is string => !!n && !hostNames.has(n)));
  if (unknown.size) {
    const blockAt = (input: string, line: number): BlockIndex | undefined =>
      index.find((b) => b.file === input && b.node && unknown.has(b.node) && (b.nos[0] as number) <= line && line <= (b.nos[b.nos.length - 1] as number));
    for (const h of snap.hosts) {
      for (const ns of h.netns) {
        for (const src of [...ns.links.flatMap((l) => l.sources), ...ns.routes.map((r) => r.source)].slice(0, 50)) {
          const b = blockAt(src.input, src.line);
          if (b?.node && !renamed.has(b.node)) renamed.set(b.node, h.name);
        }
      }
    }
  }
  for (const b of index) if (b.node && renamed.has(b.node)) b.node = renamed.get(b.node) as string;
  return index;
}

export type EvidenceLevel = 'lines' | 'blocks' | 'nodes' | 'all';
const LEVELS: EvidenceLevel[] = ['lines', 'blocks', 'nodes', 'all'];

export interface EvidenceFile { path: string; node?: string; pod?: string; sparse: SparseText; kept: number; total: number }
export interface EvidenceResult {
  files: EvidenceFile[];
  /** How far the selection had to widen for the answer to stay the same. */
  level: EvidenceLevel;
  /** The cut inputs give the trace's answer (false only when even all inputs do not: never, short of a bug). */
  same: boolean;
  answer: AnswerSummary;
  keptLines: number;
  totalLines: number;
}

/** Blocks at most this long are kept whole; longer ones are cut to their evidence. */
const SMALL_BLOCK = 40;
const FENCE = /^\s*(```+|~~~+)/;
const RULE_DUMPS = new Set(['iptables-save', 'iptables-rules', 'iptables-list']);
const CUT_TO_REFERENCES = new Set(['azure-cni-log', 'azure-cns-log', 'tcpdump']);
const BUILTIN_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'LOG', 'MARK', 'CONNMARK', 'DNAT', 'SNAT', 'MASQUERADE',
  'REDIRECT', 'NOTRACK', 'CT', 'TRACE', 'NFLOG', 'TCPMSS', 'SET', 'CHECKSUM', 'TOS', 'DSCP', 'TTL', 'HMARK', 'NFQUEUE', 'AUDIT']);

/** The trace and every branch, depth first. */
function walks(t: Trace): Trace[] {
  return [t, ...t.branches.flatMap((b) => walks(b.trace))];
}

interface Refs {
  lines: Map<string, Set<number>>;
  nodes: Set<string>;
  chains: Set<string>;
  /** Names and addresses whose table rows and ipset members are evidence. */
  tokens: Set<string>;
  addresses: Set<string>;
  /** The ipsets the kept rules name (`--match-set`). */
  setNames: Set<string>;
}

function addLine(refs: Refs, src: { input: string; line: number } | null | undefined): void {
  if (!src || src.line <= 0) return;
  let set = refs.lines.get(src.input);
  if (!set) refs.lines.set(src.input, set = new Set());
  set.add(src.line);
}

const jumpTarget = (rule: string): string | null => /\s-[jg]\s+(\S+)/.exec(rule)?.[1] ?? null;

function referencesOf(snap: Snapshot, t: Trace): Refs {
  const refs: Refs = { lines: new Map(), nodes: new Set(), chains: new Set(), tokens: new Set(), addresses: new Set(), setNames: new Set() };
  const token = (s: string | undefined): void => { if (s) { refs.tokens.add(s); const short = s.split('/').pop(); if (short) refs.tokens.add(short); } };
  const address = (s: string | undefined): void => {
    const ip = s?.replace(/:\d+$/, '');
    if (ip && isIp(ip)) { refs.addresses.add(ip); refs.tokens.add(ip); }
  };
  for (const w of walks(t)) {
    address(w.flow.src); address(w.flow.dst);
    token(w.endpoints.src.pod); token(w.endpoints.dst.pod); token(w.endpoints.dst.service);
    for (const n of w.nat) { address(n.from); address(n.to); }
    if (w.deliveredTo && !('external' in w.deliveredTo)) { token(w.deliveredTo.pod); address(w.deliveredTo.ip); }
    addLine(refs, w.droppedBy?.source);
    for (const h of w.hops) {
      refs.nodes.add(h.node);
      if (h.netns.startsWith('pod:')) token(h.netns.slice(4));
      const host = snap.hosts.find((x) => x.name === h.node);
      const ns = host?.netns.find((n) => n.id === h.netns);
      for (const s of ns?.sources ?? []) addLine(refs, s);
      for (const dev of [h.in, h.out, ...(h.via ?? [])]) {
        const link = dev ? ns?.links.find((l) => l.name === dev) : undefined;
        for (const s of link?.sources ?? []) addLine(refs, s);
      }
      for (const s of h.steps) {
        addLine(refs, s.source);
        if (s.chain) refs.chains.add(s.chain);
        if (s.kind === 'netfilter' || s.kind === 'nat' || s.kind === 'drop') {
          const target = jumpTarget(s.detail);
          if (target) refs.chains.add(target);
        }
      }
    }
  }
  // what names an involved node: its kubectl row, and the host-network pods that share its IP (assemble's nameNodes)
  for (const h of snap.hosts) if (refs.nodes.has(h.name)) { refs.tokens.add(h.name); if (h.ip) refs.tokens.add(h.ip); }
  for (const p of snap.cluster.pods) if (refs.tokens.has(`${p.namespace}/${p.name}`) || (p.ip && refs.addresses.has(p.ip) && !p.hostNetwork)) addLine(refs, p.source);
  for (const d of snap.mode.detected) for (const e of d.evidence) addLine(refs, e.source);
  return refs;
}

/** The lines of one long block that are evidence: its skeleton, the cited lines and the rows of what is involved. */
function cutBlock(b: BlockIndex, text: (no: number) => string, cited: Set<number>, refs: Refs, keep: Set<number>): void {
  const kind = b.kind ?? '';
  const chains = new Set(refs.chains);
  if (RULE_DUMPS.has(kind)) {
    // a kept rule's jump target is part of the skeleton: without it the walk would find the chain missing
    for (const no of b.nos) if (cited.has(no)) { const j = jumpTarget(text(no)); if (j && !BUILTIN_TARGETS.has(j)) chains.add(j); }
    let listChain: string | null = null;
    for (const no of b.nos) {
      const line = text(no);
      const t = line.trimStart();
      let skeleton: boolean;
      if (kind === 'iptables-save') {
        const decl = /^:(\S+)\s+(\S+)/.exec(t);
        skeleton = t.startsWith('*') || t.startsWith('COMMIT') || t.startsWith('#') || (!!decl && (decl[2] !== '-' || chains.has(decl[1] as string)));
      } else if (kind === 'iptables-rules') {
        const n = /^-N\s+(\S+)/.exec(t);
        skeleton = t.startsWith('-P ') || (!!n && chains.has(n[1] as string));
      } else {
        const header = /^Chain (\S+) \((policy|\d+ ref)/.exec(t);
        if (header) listChain = header[2] === 'policy' || chains.has(header[1] as string) ? header[1] as string : null;
        skeleton = !!header && listChain !== null || (listChain !== null && /^(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s/.test(t));
      }
      if (skeleton || cited.has(no)) keep.add(no);
    }
    return;
  }
  if (kind === 'ipset') {
    // the sets a kept rule names, with the members that hold one of the trace's addresses
    const named = refs.setNames;
    let current: string | null = null;
    let members = false;
    for (const no of b.nos) {
      const t = text(no).trim();
      const name = /^Name:\s*(\S+)/.exec(t)?.[1] ?? /^create\s+(\S+)/.exec(t)?.[1];
      if (name) { current = named.has(name) ? name : null; members = false; }
      const add = /^add\s+(\S+)\s+(\S+)/.exec(t);
      if (add) { if (named.has(add[1] as string) && holdsAddress(add[2] as string, refs.addresses)) keep.add(no); continue; }
      if (current === null) continue;
      if (t === 'Members:') { members = true; keep.add(no); continue; }
      if (!members || name) { keep.add(no); continue; }
      if (holdsAddress(t.split(/\s/)[0] ?? '', refs.addresses)) keep.add(no);
    }
    return;
  }
  if (kind.startsWith('kubectl-table')) {
    keep.add(b.nos[0] as number);
    for (const no of b.nos) if (cited.has(no) || text(no).split(/\s+/).some((w) => refs.tokens.has(w))) keep.add(no);
    return;
  }
  if (CUT_TO_REFERENCES.has(kind)) {
    keep.add(b.nos[0] as number);
    for (const no of b.nos) if (cited.has(no)) keep.add(no);
    return;
  }
  for (const no of b.nos) keep.add(no);
}

/** An ipset member (`10.0.0.1`, `10.0.0.0/24`, `10.0.0.1,tcp:80`) that holds one of `addresses`. */
function holdsAddress(elem: string, addresses: Set<string>): boolean {
  const first = elem.split(',')[0] ?? '';
  for (const a of addresses) {
    if (first === a) return true;
    if (first.includes('/') && inCidr(a, first)) return true;
  }
  return false;
}

/** Which lines of which file to keep at `level`. */
function selectLines(files: readonly InputFile[], blocks: readonly BlockIndex[], refs: Refs, level: EvidenceLevel): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const lineCache = new Map<string, string[]>();
  const linesOf = (path: string): string[] => {
    let l = lineCache.get(path);
    if (!l) { l = (files.find((f) => f.path === path)?.text ?? '').split(/\r?\n/); lineCache.set(path, l); }
    return l;
  };
  if (level === 'all') {
    for (const f of files) out.set(f.path, new Set(linesOf(f.path).map((_, i) => i + 1)));
    return out;
  }
  // the ipsets the kept rules name
  refs.setNames.clear();
  for (const b of blocks) {
    if (!RULE_DUMPS.has(b.kind ?? '')) continue;
    const cited = refs.lines.get(b.file);
    const lines = linesOf(b.file);
    for (const no of b.nos) if (cited?.has(no)) for (const m of (lines[no - 1] ?? '').matchAll(/--match-set\s+(\S+)/g)) refs.setNames.add(m[1] as string);
  }
  for (const b of blocks) {
    if (!b.kind || !b.nos.length) continue;
    const cluster = kindById(b.kind)?.scope === 'cluster';
    const involved = cluster || (b.node !== undefined && refs.nodes.has(b.node));
    if (!involved) continue;
    const cited = refs.lines.get(b.file) ?? new Set<number>();
    const keep = out.get(b.file) ?? new Set<number>();
    out.set(b.file, keep);
    const lines = linesOf(b.file);
    const text = (no: number): string => lines[no - 1] ?? '';
    const whole = level !== 'lines' || b.reflowed || b.nos.length <= SMALL_BLOCK;
    const touched = b.nos.some((no) => cited.has(no));
    // at `blocks`, a block is kept whole if the trace touches it (or it is a small block of an involved node)
    if (level === 'blocks' && !touched && !cluster && b.nos.length > SMALL_BLOCK) continue;
    if (whole) for (const no of b.nos) keep.add(no);
    else cutBlock(b, text, cited, refs, keep);
  }
  // every command line (a prompt names the node the next outputs come from, and so does `kubectl ssh-jump NODE`) and
  // every Markdown fence: they are where one output ends and the next begins
  for (const f of files) {
    const keep = out.get(f.path);
    if (!keep) continue;
    for (const raw of splitTranscript(f.text).blocks) if (raw.commandLine !== undefined && !raw.flattened) keep.add(raw.startLine);
    linesOf(f.path).forEach((l, i) => { if (FENCE.test(l)) keep.add(i + 1); });
  }
  return out;
}

export interface EvidenceInput { files: readonly InputFile[]; blocks: readonly BlockIndex[]; snapshot: Snapshot }

/** The evidence of `request`'s trace over `input`; `{ error }` when the flow does not resolve. */
export function selectEvidence(input: EvidenceInput, request: TraceRequest): EvidenceResult | { error: string } {
  const original = runTrace(input.snapshot, request);
  if ('error' in original) return original;
  const refs = referencesOf(input.snapshot, original);
  const totalLines = input.files.reduce((a, f) => a + f.text.split('\n').length, 0);
  let last: EvidenceResult | null = null;
  for (const level of LEVELS) {
    const keep = selectLines(input.files, input.blocks, refs, level);
    const files: EvidenceFile[] = [];
    for (const f of input.files) {
      const lines = keep.get(f.path);
      if (!lines?.size) continue;
      const sparse = level === 'all' ? { lines: `1-${f.text.split('\n').length}`, text: f.text } : sparseOf(f.text, lines);
      files.push({ path: f.path, ...(f.node ? { node: f.node } : {}), ...(f.pod ? { pod: f.pod } : {}), sparse, kept: lines.size, total: f.text.split('\n').length });
    }
    const cut = runPipeline(files.map((f) => ({ path: f.path, text: textOfSparse(f.sparse) ?? '', ...(f.node ? { node: f.node } : {}), ...(f.pod ? { pod: f.pod } : {}) }))).snapshot;
    const again = runTrace(cut, request);
    const same = !('error' in again) && sameAnswer(original, again);
    last = { files, level, same, answer: summaryOf(original), keptLines: files.reduce((a, f) => a + f.kept, 0), totalLines };
    if (same) return last;
  }
  return last as EvidenceResult;
}
