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
import { trace } from '../core/trace/engine.ts';
import { filesFromZip } from '../core/ingest/bundle.ts';
import type { Snapshot } from '../core/model/types.ts';
import { primaryIpv4, ruleCount } from '../core/model/netns.ts';
import type { Envelope, Request, Response, Summary } from './protocol.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import { indexBlocks, type BlockIndex } from '../core/session/evidence.ts';
import { prepareShare } from '../core/session/share.ts';
import { encodePayload } from '../core/session/codec.ts';
import { encodeSessionFile } from '../core/session/file.ts';

let snapshot: Snapshot | null = null;
/** The analysed files and where each block sits in them: what sharing an evidence-only or redacted session needs. */
let analysed: { files: InputFile[]; blocks: BlockIndex[] } = { files: [], blocks: [] };

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
      tables: Object.keys(h.iptables), rules: Object.values(h.iptables).reduce((a, t) => a + ruleCount(t), 0) })),
    mode: s.mode, inputs: s.inputs, warnings: s.warnings, endpoints,
  };
}

const graphOf = (s: Snapshot, o: GraphOptions) => buildGraph(s, { ...o, expanded: new Set(o.expanded ?? []) });

self.onmessage = (e: MessageEvent<Envelope<Request>>) => {
  const { id, body } = e.data;
  try {
    switch (body.type) {
      case 'analyse': {
        const t0 = performance.now();
        const big = body.files.reduce((a, f) => a + f.text.length, 0) > 2_000_000;
        const result = runPipeline(body.files, big ? (done, total) => reply(id, { type: 'progress', done, total }) : undefined);
        snapshot = result.snapshot;
        analysed = { files: body.files, blocks: indexBlocks(result.blocks, snapshot) };
        reply(id, { type: 'analysed', summary: summarise(snapshot), graph: graphOf(snapshot, body.graph), ms: performance.now() - t0 });
        break;
      }
      case 'graph':
        if (snapshot) reply(id, { type: 'graph', graph: graphOf(snapshot, body.graph) });
        break;
      case 'chains': {
        const h = snapshot?.hosts.find((x) => x.name === body.host);
        reply(id, { type: 'graph', graph: h ? buildChainsGraph(h, { expanded: new Set(body.expanded) }) : { nodes: [], edges: [] } });
        break;
      }
      case 'details':
        reply(id, { type: 'details', details: snapshot ? detailsOf(snapshot, body.element, body.chainsHost) : null });
        break;
      case 'unzip':
        reply(id, { type: 'files', ...filesFromZip(body.bytes, body.name) });
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
        reply(id, { type: 'trace', trace: snapshot ? trace(snapshot, body.request) : { error: 'nothing analysed yet' } });
        break;
    }
  } catch (err) {
    reply(id, { type: 'error', error: (err as Error).message });
  }
};
