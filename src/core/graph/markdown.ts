/**
 * A trace as Markdown, for a ticket or a chat: the flow, the verdict, each step (numbered as on the canvas)
 * with the rule or route that decided it and its source line, NAT, the NetworkPolicy answer, the branch
 * shown and the others, what was assumed and what is missing.
 */
import type { Trace, TraceStep } from '../trace/types.ts';

/** Markdown's inline code, safe for any text: a fence longer than the longest run of backticks inside. */
function code(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  return `${fence}${fence.length > 1 || s.startsWith('`') || s.endsWith('`') ? ' ' : ''}${s}${fence.length > 1 || s.startsWith('`') || s.endsWith('`') ? ' ' : ''}${fence}`;
}
const esc = (s: string) => s.replace(/([\\*_[\]<>|#])/g, '\\$1').replace(/\n/g, ' ');

function step(n: number, s: TraceStep): string {
  const src = s.source && s.source.line > 0 ? ` — ${code(`${s.source.input}:${s.source.line}`)}` : '';
  const p = s.probability !== undefined ? ` (p=${Math.round(s.probability * 1000) / 1000})` : '';
  const assumed = s.assumed ? ` — *assumed: ${esc(s.assumed)}*` : '';
  return `${n}. **${s.kind}** ${code(s.detail)}${p}${assumed}${src}`;
}

export function traceMarkdown(trace: Trace, branch = 0): string {
  const t = trace.branches[branch]?.trace ?? trace;
  const f = t.flow;
  const ep = t.endpoints;
  const out: string[] = [];
  const dst = `${f.dst}${f.dport !== undefined ? `:${f.dport}` : ''}/${f.proto}`;
  out.push(`## PacketPath trace: ${esc(ep.src.pod ?? f.src)} → ${esc(ep.dst.pod ?? ep.dst.service ?? dst)}`, '');
  out.push(`- **flow**: ${code(`${f.src} → ${dst}`)}${f.ctstate ? ` (${f.ctstate}: a packet of an existing connection)` : ' (a new connection)'}`);
  const to = t.deliveredTo ? ('external' in t.deliveredTo ? ` to ${t.deliveredTo.external} (outside the cluster)` : ` to ${t.deliveredTo.pod ?? t.deliveredTo.ip} on ${t.deliveredTo.node}`) : '';
  out.push(`- **verdict**: **${t.verdict}**${esc(to)}`);
  if (t.droppedBy) out.push(`- **dropped by**: ${t.droppedBy.table} ${code(t.droppedBy.chain)}: ${code(t.droppedBy.rule)}${t.droppedBy.policy ? ` (NetworkPolicy ${code(t.droppedBy.policy)})` : ''}`);
  for (const n of t.nat) out.push(`- **${n.kind}** ${code(`${n.from} → ${n.to}`)} on ${esc(n.node)}: ${code(n.rule)}`);
  if (t.policy) out.push(`- **NetworkPolicy**: ${t.policy.verdict} (ingress: ${esc(t.policy.ingress.reason)}; egress: ${esc(t.policy.egress.reason)})`);
  if (trace.branches.length) {
    out.push(`- **branches**: ${trace.branches.map((b, i) => `${i === branch ? '**' : ''}${i + 1}: ${b.trace.verdict} ${b.uncertain ? '(assumed outcome)' : `p=${b.probability}`}${i === branch ? '** (below)' : ''}`).join('; ')}`);
  }
  for (const w of t.warnings) out.push(`- ⚠ ${esc(w)}`);
  out.push('', '### Steps', '');
  let n = 0;
  for (const h of t.hops) {
    out.push(`**${esc(h.node)} · ${esc(h.netns)}**${h.in ? ` · in ${code(h.in)}` : ''}${h.via?.length ? ` · via ${h.via.map(code).join(', ')}` : ''}${h.out ? ` · out ${code(h.out)}` : ''}`, '');
    for (const s of h.steps) out.push(step(++n, s));
    out.push('');
  }
  if (t.assumptions.length) out.push('### Assumed', '', ...t.assumptions.map((a) => `- ${esc(a)}`), '');
  if (t.missing.length) out.push('### To settle it, capture', '', ...t.missing.map((m) => `- ${esc(m)}`), '');
  return out.join('\n');
}
