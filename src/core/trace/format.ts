/** A trace as a numbered list a person can read (the CLI without `--json`). */
import type { Trace } from './types.ts';
import { safeText } from '../display.ts';

const where = (s: { source: { input: string; line: number } | null }): string => (s.source && s.source.line > 0 ? `  [${s.source.input}:${s.source.line}]` : '');

/** Prints hops; `shared` are hops already printed (a branch skips the path it shares with its parent). */
function body(t: Trace, out: string[], indent: string, counter: { n: number }, shared: Trace['hops'] = []): void {
  for (const [i, h] of t.hops.entries()) {
    const before = shared[i];
    if (before && i < shared.length - 1) continue;
    const skip = before ? before.steps.length : 0;
    out.push(`${indent}${h.node} · ${h.netns}${h.in ? ` · in ${h.in}` : ''}${h.via?.length ? ` · via ${h.via.join(', ')}` : ''}${h.out ? ` · out ${h.out}` : ''}`);
    for (const s of h.steps.slice(skip)) {
      counter.n++;
      out.push(`${indent}  ${String(counter.n).padStart(3)}. ${s.kind.padEnd(9)} ${s.whatIf ? '[what-if] ' : ''}${s.detail}${s.probability !== undefined ? ` (p=${s.probability})` : ''}${s.assumed ? `  (assumed: ${s.assumed})` : ''}${where(s)}`);
    }
  }
}

export function formatTrace(t: Trace): string {
  const out: string[] = [];
  const f = t.flow;
  const ep = t.endpoints;
  out.push(`flow: ${f.proto} ${ep.src.pod ?? ''} ${f.src} → ${ep.dst.pod ?? ep.dst.service ?? ''} ${f.dst}${f.dport !== undefined ? `:${f.dport}` : ''}${f.ctstate ? ` (${f.ctstate}: a packet of an existing connection)` : ''}`.replace(/\s+/g, ' '));
  if (t.whatIf) {
    for (const [node, mode] of Object.entries(t.whatIf.modes)) out.push(`what-if: ${node} rewired as ${mode}`);
    for (const m of t.whatIf.mapping) out.push(`what-if: ${m.pod} on ${m.node} is ${m.to} (captured ${m.from})`);
  }
  const counter = { n: 0 };
  body(t, out, '', counter);
  t.branches.forEach((b, i) => {
    out.push(`branch ${i + 1} (${b.uncertain ? 'assumed outcome' : `p=${b.probability}`}${b.paths ? `, ${b.paths} paths` : ''}): ${b.trace.verdict}`);
    body(b.trace, out, '  ', { n: counter.n }, t.hops);
  });
  const to = t.deliveredTo ? ('external' in t.deliveredTo ? ` to ${t.deliveredTo.external} (outside the cluster)` : ` to ${t.deliveredTo.pod ?? t.deliveredTo.ip} on ${t.deliveredTo.node}`) : '';
  out.push(`verdict: ${t.verdict}${to}`);
  if (t.summary) out.push(`         ${t.summary}`);
  if (t.droppedBy) out.push(`dropped by: ${t.droppedBy.table} ${t.droppedBy.chain}: ${t.droppedBy.rule}${t.droppedBy.policy ? ` (NetworkPolicy ${t.droppedBy.policy})` : ''}`);
  for (const n of t.nat) out.push(`nat: ${n.kind} ${n.from} → ${n.to} on ${n.node}`);
  if (t.policy) out.push(`NetworkPolicy: ${t.policy.verdict} (ingress: ${t.policy.ingress.reason}; egress: ${t.policy.egress.reason})`);
  for (const w of t.warnings) out.push(`warning: ${w}`);
  for (const a of t.assumptions) out.push(`assuming: ${a}`);
  for (const m of t.missing) out.push(`missing: ${m}`);
  for (const n of t.whatIf?.notes ?? []) out.push(`what-if note: ${n}`);
  // the lines name pods, nodes and interfaces: safe to print whatever they hold
  return out.map(safeText).join('\n');
}
