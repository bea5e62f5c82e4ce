/**
 * One fuzz input through everything a user's paste reaches: the pipeline (detect, parse, convert, assemble), the
 * Snapshot as the worker posts it and the CLI prints it (JSON), the topology graph, the details of what a user
 * can click, and a trace between endpoints the inputs name — then the line accounting. An exception anywhere is
 * a finding, named by the stage it came from.
 */
import { runPipeline } from '../pipeline.ts';
import type { InputFile } from '../ingest/ingest.ts';
import type { Snapshot } from '../model/types.ts';
import { buildGraph } from '../graph/graph.ts';
import { detailsOf } from '../graph/details.ts';
import { trace } from '../trace/engine.ts';
import { formatTrace } from '../trace/format.ts';
import { lostLines, type LostLine } from './account.ts';

export interface Exercised {
  /** Milliseconds of the pipeline and everything after it (the accounting not included). */
  ms: number;
  error?: { stage: string; message: string };
  lost: LostLine[];
  /** The kinds of the blocks detected, for per-kind figures. */
  kinds: string[];
  /** Failures the pipeline contained (a parser, converter or assembly that threw, left out with a warning). */
  contained: string[];
}

const CONTAINED = /could not be read|could not be used|is left out of the model|could not be split/;

const asJson = (_k: string, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v) : v);

/** Endpoints a user would trace between: pods with IPs, then addresses of pod namespaces. */
function endpoints(s: Snapshot): string[] {
  const out = s.cluster.pods.filter((p) => p.ip).slice(0, 3).map((p) => `${p.namespace}/${p.name}`);
  for (const h of s.hosts) for (const ns of h.netns) for (const l of ns.links) for (const a of l.addresses) if (a.family === 'inet' && out.length < 5) out.push(a.ip);
  const svc = s.cluster.services[0];
  if (svc) out.push(`${svc.namespace}/${svc.name}`);
  return out;
}

export function exercise(files: InputFile[]): Exercised {
  const t0 = performance.now();
  let stage = 'pipeline';
  try {
    const { snapshot, blocks } = runPipeline(files);
    stage = 'snapshot JSON';
    JSON.stringify(snapshot, asJson);
    stage = 'graph';
    const g = buildGraph(snapshot);
    stage = 'details';
    for (const n of g.nodes.slice(0, 40)) detailsOf(snapshot, n.id);
    for (const h of snapshot.hosts.slice(0, 2)) for (const [t, table] of Object.entries(h.iptables)) for (const c of [...table.chains.keys()].slice(0, 5)) detailsOf(snapshot, `chain:${t}/${c}`, h.name);
    stage = 'trace';
    const eps = endpoints(snapshot);
    for (let i = 0; i + 1 < eps.length && i < 2; i++) {
      const t = trace(snapshot, { from: eps[i] as string, to: eps[eps.length - 1 - i] as string });
      if (!('error' in t)) { formatTrace(t); JSON.stringify(t); }
    }
    const ms = performance.now() - t0;
    stage = 'accounting';
    const lost = files.flatMap((f) => lostLines(f.path, f.text, blocks, snapshot.inputs));
    const contained = snapshot.inputs.flatMap((i) => i.warnings.filter((w) => CONTAINED.test(w.message)).map((w) => `${i.kind ?? 'input'}: ${w.message.replace(/^block \d+ /, 'block ').replace(/\d+ lines/, 'N lines')}`));
    return { ms, lost, kinds: [...new Set(blocks.map((b) => b.kind ?? 'unrecognized'))], contained };
  } catch (err) {
    const e = err as Error;
    return { ms: performance.now() - t0, error: { stage, message: `${e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 200)}` }, lost: [], kinds: [], contained: [] };
  }
}
