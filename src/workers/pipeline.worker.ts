/// <reference lib="webworker" />
/**
 * Runs the core off the main thread and keeps the Snapshot here: the page receives the graph and small
 * summaries, and asks for details, chains and traces by message, so a 150,000-rule model never crosses
 * to the main thread. Files, folders, zips and big pastes are read here too and their texts kept here (held
 * inputs): the page sends their Blobs and never decodes them. An error nothing caught is reported to the page
 * (`fatal`), which then starts a new worker.
 */
import { runPipeline } from '../core/pipeline.ts';
import { buildGraph, type GraphOptions } from '../core/graph/graph.ts';
import { buildChainsGraph } from '../core/graph/chains.ts';
import { detailsOf } from '../core/graph/details.ts';
import { trace, type TraceRequest } from '../core/trace/engine.ts';
import type { Trace } from '../core/trace/types.ts';
import { synthesizeWhatIf, type WhatIf } from '../core/profiles/whatif/synthesize.ts';
import { traceWhatIf } from '../core/profiles/whatif/trace.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { Snapshot } from '../core/model/types.ts';
import { primaryIpv4, ruleCount } from '../core/model/netns.ts';
import { SIZE_POLICY } from '../core/ingest/bundle.ts';
import { readHeld } from './held.ts';
import { inPartsOf, PAGE_COPY_BYTES, pageWarnings, withOverrides, type Envelope, type InputRef, type Lifecycle, type Request, type Response, type Summary } from './protocol.ts';
import { indexBlocks, type BlockIndex } from '../core/session/evidence.ts';
import { prepareShare } from '../core/session/share.ts';
import { encodePayload } from '../core/session/codec.ts';
import { encodeSessionFile } from '../core/session/file.ts';
import { listWalks, openWalk } from './walks.ts';

/** The capture's model, and the what-if built from it (null: the views show the capture). */
let snapshot: Snapshot | null = null;
let whatIf: WhatIf | null = null;
/** The snapshot the views and details show. */
const current = (): Snapshot | null => whatIf?.snapshot ?? snapshot;
/** The texts of held inputs, by input id; dropped when an analysis no longer names them. */
const held = new Map<string, InputFile[]>();
/**
 * The analysed files (held ones' texts included) and where each block sits in them: for the line viewer, for
 * whoever needs the texts back, and what sharing an evidence-only or redacted session needs.
 */
let analysed: { files: InputFile[]; blocks: BlockIndex[] } = { files: [], blocks: [] };

/**
 * Answers waiting to be posted: the parts of a long answer go one per task of this worker, so they reach the page
 * spread out and its own tasks (input, timers, frames) run between them, not after a burst of ten; an answer is
 * posted after the ones before it, and at once when none wait (progress during a long parse).
 */
const outbox: Envelope<Response>[] = [];
function postNext(): void {
  const next = outbox.shift();
  if (!next) return;
  self.postMessage(next);
  if (outbox.length) setTimeout(postNext, 0);
}
const reply = (id: number, body: Response): void => {
  const idle = !outbox.length;
  for (const b of inPartsOf(body)) outbox.push({ id, body: b });
  if (idle) postNext();
};
/** A new request goes after what is still waiting, which is posted at once (its progress must not queue behind). */
function flushOutbox(): void {
  while (outbox.length) self.postMessage(outbox.shift());
}
const lifecycle = (body: Lifecycle): void => self.postMessage({ id: 0, body } satisfies Envelope<Lifecycle>);
const fatal = (error: string): void => lifecycle({ type: 'fatal', error });
self.addEventListener('error', (e: ErrorEvent) => fatal(e.error instanceof Error ? `${e.error.name}: ${e.error.message}` : e.message || 'unknown error'));
self.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => fatal(e.reason instanceof Error ? `${e.reason.name}: ${e.reason.message}` : String(e.reason)));

function summarise(s: Snapshot): Summary {
  const endpoints = [
    ...s.cluster.pods.filter((p) => p.ip && !p.hostNetwork).map((p) => ({ label: `${p.namespace}/${p.name} (${p.ip})`, value: `${p.namespace}/${p.name}` })),
    ...s.hosts.flatMap((h) => h.netns.filter((n) => n.kind === 'pod' && !n.pod).map((n) => {
      const ip = primaryIpv4(n);
      return ip ? { label: `${n.id} on ${h.name} (${ip})`, value: ip } : null;
    }).filter((x): x is { label: string; value: string } => x !== null)),
    ...s.cluster.services.map((v) => ({ label: `service ${v.namespace}/${v.name} (${v.clusterIp ?? '?'})`, value: `${v.namespace}/${v.name}` })),
  ];
  return {
    hosts: s.hosts.map((h) => ({ name: h.name, ...(h.ip ? { ip: h.ip } : {}), pods: h.netns.filter((n) => n.kind === 'pod').length,
      tables: Object.keys(h.iptables), rules: Object.values(h.iptables).reduce((a, t) => a + ruleCount(t), 0), ...(h.mode ? { mode: h.mode } : {}) })),
    mode: s.mode, inputs: s.inputs.map(pageWarnings), warnings: s.warnings, endpoints,
  };
}

const graphOf = (s: Snapshot, o: GraphOptions) => buildGraph(s, { ...o, expanded: new Set(o.expanded ?? []) });

/** The flow on the what-if (and on the capture, for the split view and the diff), or on the capture alone. */
function traces(req: TraceRequest): { trace: Trace | { error: string }; captured?: Trace | { error: string } } {
  const s = snapshot as Snapshot;
  return whatIf ? { trace: traceWhatIf(whatIf, req), captured: trace(s, req) } : { trace: trace(s, req) };
}

/** The analysis's files: page texts as they are, held inputs from this worker (read again from their Blobs if need be). */
function filesOf(inputs: InputRef[]): InputFile[] {
  const files: InputFile[] = [];
  const named = new Set<string>();
  for (const ref of inputs) {
    if ('file' in ref) { files.push(ref.file); continue; }
    named.add(ref.id);
    let texts = held.get(ref.id);
    if (!texts) {
      // accepted once already: read again under the whole policy
      texts = readHeld(ref.source, SIZE_POLICY.totalBytes).files;
      held.set(ref.id, texts);
    }
    for (const f of texts) files.push(withOverrides(f, ref.overrides[f.path]));
  }
  for (const id of [...held.keys()]) if (!named.has(id)) held.delete(id);
  return files;
}

/** Lines `line - around … line + around` of an input, found without splitting a 64 MiB text into lines. */
function linesAround(text: string, line: number, around: number): { from: number; lines: string[] } {
  const from = Math.max(1, line - around);
  let at = 0;
  for (let n = 1; n < from && at !== -1; n++) at = text.indexOf('\n', at) + 1 || -1;
  if (at === -1) return { from, lines: [] };
  const lines: string[] = [];
  for (let n = from; n <= line + around && at < text.length; n++) {
    const end = text.indexOf('\n', at);
    lines.push(text.slice(at, end === -1 ? text.length : end));
    if (end === -1) break;
    at = end + 1;
  }
  return { from, lines };
}

const failed = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** Walk requests: the built-in walks load when first asked for (their traces run here, on their own models). */
function walkRequest(id: number, body: Extract<Request, { type: 'walks' | 'walk' }>): void {
  const answer = body.type === 'walks'
    ? listWalks().then((walks): Response => ({ type: 'walks', walks }))
    : openWalk(body.source).then((w): Response => ('error' in w ? { type: 'error', error: w.error } : { type: 'walk', walk: w }));
  answer.then((r) => reply(id, r), (err: unknown) => reply(id, { type: 'error', error: failed(err) }));
}

self.onmessage = (e: MessageEvent<Envelope<Request>>) => {
  flushOutbox();
  const { id, body } = e.data;
  if (body.type === 'walks' || body.type === 'walk') { walkRequest(id, body); return; }
  try {
    switch (body.type) {
      case 'analyse': {
        const t0 = performance.now();
        const files = filesOf(body.inputs);
        // progress at most every 100 ms: one message per file of a 20,000-file bundle would keep the page busy
        let told = performance.now();
        const result = runPipeline(files, (done, total) => {
          const now = performance.now();
          if (now - told < 100 && done < total) return;
          told = now;
          reply(id, { type: 'progress', done, total });
        });
        snapshot = result.snapshot;
        whatIf = null;
        analysed = { files, blocks: indexBlocks(result.blocks, snapshot) };
        reply(id, { type: 'analysed', summary: summarise(snapshot), graph: graphOf(snapshot, body.graph), ms: performance.now() - t0 });
        break;
      }
      case 'open': {
        const r = readHeld(body.source, body.budget);
        held.set(body.id, r.files);
        const bytes = r.files.reduce((a, f) => a + f.text.length, 0);
        reply(id, { type: 'opened', files: r.files.map((f) => ({ path: f.path, ...(f.node ? { node: f.node } : {}), bytes: f.text.length })), skipped: r.skipped,
          ...(bytes <= PAGE_COPY_BYTES ? { texts: r.files.map((f) => f.text) } : {}) });
        break;
      }
      case 'graph': {
        const s = current();
        if (s) reply(id, { type: 'graph', graph: graphOf(s, body.graph) });
        break;
      }
      case 'what-if': {
        if (!snapshot) { reply(id, { type: 'error', error: 'nothing analysed yet' }); break; }
        const t0 = performance.now();
        const w = Object.keys(body.modes).length ? synthesizeWhatIf(snapshot, body.modes) : null;
        if (w && 'error' in w) { reply(id, { type: 'what-if', report: whatIf?.report ?? null, graph: graphOf(current() as Snapshot, body.graph), ms: 0, error: w.error }); break; }
        whatIf = w;
        const ms = performance.now() - t0;
        reply(id, { type: 'what-if', report: w?.report ?? null, graph: graphOf(current() as Snapshot, body.graph), ms, ...(body.trace ? traces(body.trace) : {}) });
        break;
      }
      case 'chains': {
        const h = current()?.hosts.find((x) => x.name === body.host);
        reply(id, { type: 'graph', graph: h ? buildChainsGraph(h, { expanded: new Set(body.expanded), ...(body.fit ? { fit: body.fit } : {}) }) : { nodes: [], edges: [] } });
        break;
      }
      case 'details':
        reply(id, { type: 'details', details: current() ? detailsOf(current() as Snapshot, body.element, body.chainsHost) : null });
        break;
      case 'share': {
        if (!snapshot) { reply(id, { type: 'error', error: 'nothing analysed yet' }); break; }
        const promptHosts = [...new Set(analysed.blocks.flatMap((b) => (b.host ? [b.host] : [])))];
        const made = prepareShare({ ...analysed, origins: body.origins, snapshot, promptHosts }, body.base, body.options);
        if ('error' in made) { reply(id, { type: 'error', error: made.error }); break; }
        // a file, or a link: a session file of a big analysis is never deflated a second time for nothing
        if (body.options.file) reply(id, { type: 'shared', result: made, file: encodeSessionFile(made.session) });
        else reply(id, { type: 'shared', result: made, payload: encodePayload(made.session) });
        break;
      }
      case 'trace':
        reply(id, { type: 'trace', ...(snapshot ? traces(body.request) : { trace: { error: 'nothing analysed yet' } }) });
        break;
      case 'lines': {
        const f = analysed.files.find((x) => x.path === body.input);
        reply(id, f ? { type: 'lines', ...linesAround(f.text, body.line, body.around) } : { type: 'lines', missing: true });
        break;
      }
      case 'texts':
        reply(id, { type: 'texts', files: analysed.files });
        break;
    }
  } catch (err) {
    reply(id, { type: 'error', error: failed(err) });
  }
};

lifecycle({ type: 'ready' });
