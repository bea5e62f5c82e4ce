/**
 * Making a session to share: cut to the evidence of its trace, redacted, or both — with the check that the
 * result still gives the trace's answer. The worker runs this for the page (it holds the parsed inputs), the CLI
 * runs it for `packetpath share`.
 */
import type { InputFile } from '../ingest/ingest.ts';
import type { Snapshot } from '../model/types.ts';
import type { Trace } from '../trace/types.ts';
import { runPipeline } from '../pipeline.ts';
import { trace as runTrace, type TraceRequest } from '../trace/engine.ts';
import { sameAnswer, summaryOf, type AnswerSummary } from './answer.ts';
import { selectEvidence, type BlockIndex, type EvidenceResult } from './evidence.ts';
import { textOfSparse } from './inputs.ts';
import { buildRedactor, type RedactionEntry, type RedactionKind } from './redact/redact.ts';
import type { InputOrigin, Session, SessionInput, SessionTrace, SessionView } from './types.ts';

/** The engine's request for a session's trace. */
export function traceRequestOf(t: SessionTrace): TraceRequest {
  return { from: t.from, to: t.to, ...(t.port ? { port: t.port } : {}), ...(t.proto ? { proto: t.proto } : {}),
    ...(t.established ? { ctstate: 'ESTABLISHED' as const } : {}) };
}

export interface ShareContext {
  files: readonly InputFile[];
  origins: readonly InputOrigin[];
  blocks: readonly BlockIndex[];
  snapshot: Snapshot;
  /** Hosts named by the inputs' prompts (`azureuser@HOST:~$`), which are names to redact too. */
  promptHosts: readonly string[];
}

export interface ShareOptions { evidenceOnly?: boolean; redact?: boolean; salt?: string }

export interface RedactionReport {
  counts: Record<RedactionKind, number>;
  entries: RedactionEntry[];
}

export interface ShareCheck { original: AnswerSummary; shared: AnswerSummary | null; error?: string; sameVerdictAndHops: boolean; sameAnswer: boolean }

export interface ShareResult {
  session: Session;
  evidence?: Omit<EvidenceResult, 'files'>;
  redaction?: RedactionReport;
  /** The shared inputs traced again (when the session has a trace). */
  check?: ShareCheck;
}

const materialise = (inputs: readonly SessionInput[]): InputFile[] => inputs.map((i) => ({
  path: i.path, text: i.text ?? (i.sparse ? textOfSparse(i.sparse) ?? '' : ''), ...(i.node ? { node: i.node } : {}), ...(i.pod ? { pod: i.pod } : {}),
}));

function redactView(view: SessionView, text: (s: string) => string): SessionView {
  const out: SessionView = {};
  for (const [k, v] of Object.entries(view) as [keyof SessionView, SessionView[keyof SessionView]][]) {
    out[k] = typeof v === 'string' ? text(v) : Array.isArray(v) ? v.map(text) : v;
  }
  return out;
}

/** `base` is the page's (or CLI's) session: its view, trace and what-if travel; its inputs are `ctx.files`. */
export function prepareShare(ctx: ShareContext, base: Session, options: ShareOptions): ShareResult | { error: string } {
  let inputs: SessionInput[] = ctx.files.map((f, i) => ({ path: f.path, origin: ctx.origins[i] ?? 'paste', text: f.text,
    ...(f.node ? { node: f.node } : {}), ...(f.pod ? { pod: f.pod } : {}) }));
  let session: Session = { ...base, inputs };
  const result: ShareResult = { session };
  const request = base.trace ? traceRequestOf(base.trace) : null;
  let original: Trace | null = null;
  if (request) {
    const t = runTrace(ctx.snapshot, request);
    if (!('error' in t)) original = t;
  }
  if (options.evidenceOnly) {
    if (!request) return { error: 'An evidence-only link is made for a trace: trace a flow first.' };
    const ev = selectEvidence({ files: ctx.files, blocks: ctx.blocks, snapshot: ctx.snapshot }, request);
    if ('error' in ev) return { error: `An evidence-only link needs a trace that resolves: ${ev.error}` };
    const { files, ...rest } = ev;
    result.evidence = rest;
    const origin = new Map(ctx.files.map((f, i) => [f.path, ctx.origins[i] ?? 'paste']));
    const whole = new Map(ctx.files.map((f) => [f.path, f.text]));
    // a file kept whole travels as its text: line ranges would only add to the link
    inputs = files.map((f) => ({ path: f.path, origin: origin.get(f.path) ?? 'paste', ...(f.kept === f.total ? { text: whole.get(f.path) ?? '' } : { sparse: f.sparse }),
      ...(f.node ? { node: f.node } : {}), ...(f.pod ? { pod: f.pod } : {}) }));
    session = { ...session, scenario: null, inputs, evidence: { verdict: ev.answer.verdict, hops: ev.answer.hops, branches: ev.answer.branches, level: ev.level } };
  }
  if (options.redact) {
    const strings = [base.trace?.from ?? '', base.trace?.to ?? '', ...Object.keys(base.whatIf),
      ...Object.values(base.view).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : []))];
    const r = buildRedactor([...ctx.files.map((f) => f.text), ...ctx.files.map((f) => f.path), ...strings], ctx.snapshot, ctx.promptHosts, options.salt ?? '');
    const text = r.text;
    inputs = inputs.map((i) => ({
      ...i, path: r.path(i.path),
      ...(i.node ? { node: text(i.node) } : {}), ...(i.pod ? { pod: text(i.pod) } : {}),
      ...(i.text !== undefined ? { text: text(i.text) } : {}),
      ...(i.sparse ? { sparse: { lines: i.sparse.lines, text: text(i.sparse.text) } } : {}),
    }));
    session = {
      ...session, scenario: null, inputs, redacted: true,
      trace: base.trace ? { ...base.trace, from: text(base.trace.from), to: text(base.trace.to) } : null,
      view: redactView(base.view, text),
      whatIf: Object.fromEntries(Object.entries(base.whatIf).map(([node, mode]) => [text(node), mode])),
    };
    result.redaction = { counts: r.counts(), entries: r.entries() };
    if (original && session.trace) {
      const again = runTrace(runPipeline(materialise(inputs)).snapshot, traceRequestOf(session.trace));
      const shared = 'error' in again ? null : again;
      result.check = { original: summaryOf(original), shared: shared ? summaryOf(shared) : null, ...('error' in again ? { error: again.error } : {}),
        sameVerdictAndHops: !!shared && shared.verdict === original.verdict && shared.hops.length === original.hops.length,
        sameAnswer: !!shared && sameAnswer(original, shared, text) };
    }
  } else if (result.evidence && original) {
    result.check = { original: summaryOf(original), shared: result.evidence.same ? summaryOf(original) : null,
      sameVerdictAndHops: result.evidence.same, sameAnswer: result.evidence.same };
  }
  result.session = session;
  return result;
}
