/// <reference lib="webworker" />
/**
 * Runs the core off the main thread and keeps the Snapshot here: the page receives the graph and small
 * summaries, and asks for details, chains and traces by message, so a 150,000-rule model never crosses
 * to the main thread.
 */
import { runPipeline } from '../core/pipeline.ts';
import { buildGraph, type GraphOptions } from '../core/graph/graph.ts';
import { buildChainsGraph } from '../core/graph/chains.ts';
import { detailsOf } from '../core/graph/details.ts';
import { trace, type TraceRequest } from '../core/trace/engine.ts';
import type { Trace } from '../core/trace/types.ts';
import { filesFromZip } from '../core/ingest/bundle.ts';
import type { Snapshot } from '../core/model/types.ts';
import { primaryIpv4, ruleCount } from '../core/model/netns.ts';
import { synthesizeWhatIf, type WhatIf } from '../core/profiles/whatif/synthesize.ts';
import { traceWhatIf } from '../core/profiles/whatif/trace.ts';
import type { Envelope, Request, Response, Summary } from './protocol.ts';

/** The capture's model, and the what-if built from it (null: the views show the capture). */
let snapshot: Snapshot | null = null;
let whatIf: WhatIf | null = null;
/** The snapshot the views and details show. */
const current = (): Snapshot | null => whatIf?.snapshot ?? snapshot;

const reply = (id: number, body: Response): void => self.postMessage({ id, body } satisfies Envelope<Response>);

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
    mode: s.mode, inputs: s.inputs, warnings: s.warnings, endpoints,
  };
}

const graphOf = (s: Snapshot, o: GraphOptions) => buildGraph(s, { ...o, expanded: new Set(o.expanded ?? []) });

/** The flow on the what-if (and on the capture, for the split view and the diff), or on the capture alone. */
function traces(req: TraceRequest): { trace: Trace | { error: string }; captured?: Trace | { error: string } } {
  const s = snapshot as Snapshot;
  return whatIf ? { trace: traceWhatIf(whatIf, req), captured: trace(s, req) } : { trace: trace(s, req) };
}

self.onmessage = (e: MessageEvent<Envelope<Request>>) => {
  const { id, body } = e.data;
  try {
    switch (body.type) {
      case 'analyse': {
        const t0 = performance.now();
        const big = body.files.reduce((a, f) => a + f.text.length, 0) > 2_000_000;
        snapshot = runPipeline(body.files, big ? (done, total) => reply(id, { type: 'progress', done, total }) : undefined).snapshot;
        whatIf = null;
        reply(id, { type: 'analysed', summary: summarise(snapshot), graph: graphOf(snapshot, body.graph), ms: performance.now() - t0 });
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
        reply(id, { type: 'graph', graph: h ? buildChainsGraph(h, { expanded: new Set(body.expanded) }) : { nodes: [], edges: [] } });
        break;
      }
      case 'details':
        reply(id, { type: 'details', details: current() ? detailsOf(current() as Snapshot, body.element, body.chainsHost) : null });
        break;
      case 'unzip':
        reply(id, { type: 'files', ...filesFromZip(body.bytes, body.name) });
        break;
      case 'trace':
        reply(id, { type: 'trace', ...(snapshot ? traces(body.request) : { trace: { error: 'nothing analysed yet' } }) });
        break;
    }
  } catch (err) {
    reply(id, { type: 'error', error: (err as Error).message });
  }
};
