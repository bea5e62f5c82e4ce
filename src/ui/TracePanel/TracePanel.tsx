/**
 * Choose a flow and read its answer: verdict banner, the NetworkPolicy answer beside it, every step with its
 * explanation and source line, branches side by side, what was assumed and what is missing.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { Trace } from '../../core/trace/types.ts';
import { pathOf } from '../../core/graph/path.ts';
import { useApp, setApp } from '../../state/store.ts';
import { pickBranch, runTrace } from '../../state/actions.ts';
import { playTrace } from '../../core/session/walk/packet.ts';
import { PacketCard } from '../Walk/PacketCard.tsx';

const VERDICT_STYLE: Record<string, string> = {
  delivered: 'bg-green-700', dropped: 'bg-red-700', 'no-route': 'bg-orange-700', unknown: 'bg-slate-600',
};

/**
 * The steps, numbered as on the canvas's badges. Pointing at a step rings its element on the canvas; the
 * element the pointer is on (or the one clicked) marks its steps here, and a click scrolls to the first.
 */
function Steps({ t, testPrefix, elements }: { t: Trace; testPrefix: string; elements: string[] }) {
  const { hovered, selected, pathStep } = useApp();
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const n = selected ? elements.indexOf(selected) : -1;
    if (n >= 0) list.current?.querySelector(`[data-step="${n + 1}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected, elements]);
  let n = 0;
  return (
    <ol className="space-y-1 text-xs" ref={list}>
      {t.hops.map((h, hi) => (
        <li key={hi}>
          <div className="font-medium">{h.node} · {h.netns}{h.in ? ` · in ${h.in}` : ''}{h.via?.length ? ` · via ${h.via.join(', ')}` : ''}{h.out ? ` · out ${h.out}` : ''}</div>
          <ol className="ml-2 space-y-0.5">
            {h.steps.map((s, si) => {
              n++;
              const el = elements[n - 1] ?? null;
              const lit = (el !== null && (el === hovered || el === selected)) || pathStep === n;
              return (
                <li key={si} data-testid={`${testPrefix}.${n}`} data-step={n} onMouseEnter={() => setApp({ hovered: el })} onMouseLeave={() => setApp({ hovered: null })}
                  onClick={(e) => { if ((e.target as HTMLElement).tagName !== 'BUTTON') setApp({ pathStep: Number((e.currentTarget as HTMLElement).dataset.step), playing: false }); }}
                  className={`font-mono break-all rounded px-0.5 cursor-pointer ${s.kind === 'drop' ? 'text-[var(--danger)]' : ''} ${lit ? 'bg-[var(--accent)]/20 outline outline-1 outline-[var(--accent)]' : ''}`}>
                  <span className="inline-block min-w-[1.6rem] text-center rounded bg-[var(--accent)] text-white font-bold mr-1">{n}</span>
                  <span className="muted">{s.kind}</span> {s.whatIf && <span data-testid="trace.what-if" className="rounded bg-[var(--whatif)] text-white px-1 text-[10px]">what-if</span>} {s.detail}
                  {s.probability !== undefined && <span className="muted"> (p={Math.round(s.probability * 1000) / 1000})</span>}
                  {s.assumed && <span className="text-[var(--warn)]"> — assumed: {s.assumed}</span>}
                  {s.source && s.source.line > 0 && (
                    <button type="button" className="ml-1 muted hover:underline" onClick={() => setApp({ showLine: { input: s.source?.input ?? '', line: s.source?.line ?? 0 } })}>[{s.source.input}:{s.source.line}]</button>
                  )}
                </li>
              );
            })}
          </ol>
        </li>
      ))}
    </ol>
  );
}

export function TracePanel() {
  const { from, to, established, trace, traceError, traceNotice, summary, branch, graph } = useApp();
  const shown = trace?.branches[branch]?.trace ?? trace;
  const { pathStep } = useApp();
  // the packet at the marker's step: any trace can be stepped through, not only a walk's
  const packets = useMemo(() => (trace ? playTrace(trace, branch + 1) : []), [trace, branch]);
  const packet = pathStep !== null ? packets[pathStep - 1] : undefined;
  const elements = useMemo(() => (trace ? pathOf(trace, branch, graph ?? undefined).steps.map((s) => s.element) : []), [trace, branch, graph]);
  // a datalist of thousands of options costs a long main-thread task on every render: suggest the first ones
  const endpoints = (summary?.endpoints ?? []).slice(0, 300);
  return (
    <section className="space-y-2 text-xs" aria-label="trace">
      <form className="flex flex-wrap gap-2 items-center" onSubmit={(e) => { e.preventDefault(); void runTrace(); }}>
        <datalist id="endpoints">{endpoints.map((p) => <option key={p.label} value={p.value}>{p.label}</option>)}</datalist>
        <input data-testid="trace.from" list="endpoints" className="field w-48" placeholder="from: pod or IP" value={from} onChange={(e) => setApp({ from: e.target.value })} />
        <span>→</span>
        <input data-testid="trace.to" list="endpoints" className="field w-56" placeholder="to: pod, service or IP[:port][/proto]" value={to} onChange={(e) => setApp({ to: e.target.value })} />
        <label className="flex items-center gap-1" title="a packet of an existing connection, such as a reply (swap from and to): conntrack state ESTABLISHED instead of NEW">
          <input type="checkbox" data-testid="trace.established" checked={established} onChange={(e) => setApp({ established: e.target.checked })} /> reply (established)
        </label>
        <button type="submit" className="btn" data-testid="trace.run">Trace</button>
        {trace && <button type="button" className="btn" onClick={() => setApp({ trace: null })}>Clear</button>}
      </form>
      {traceError && <p className="text-[var(--danger)]" data-testid="trace.error">{traceError}</p>}
      {traceNotice && <p className="muted" data-testid="trace.notice">{traceNotice}</p>}
      {trace && (
        <div className="space-y-2">
          <div data-testid="trace.verdict" className={`rounded px-2 py-1 text-white font-medium ${VERDICT_STYLE[trace.verdict] ?? ''}`}>
            {trace.verdict}
            {trace.deliveredTo && ('external' in trace.deliveredTo ? ` to ${trace.deliveredTo.external} (outside the cluster)` : ` to ${trace.deliveredTo.pod ?? trace.deliveredTo.ip} on ${trace.deliveredTo.node}`)}
            {trace.droppedBy && ` in ${trace.droppedBy.table} ${trace.droppedBy.chain}${trace.droppedBy.policy ? ` (NetworkPolicy ${trace.droppedBy.policy})` : ''}`}
          </div>
          {trace.summary && <p data-testid="trace.summary">{trace.summary}</p>}
          {trace.droppedBy && <p className="font-mono break-all" data-testid="trace.rule">{trace.droppedBy.rule}</p>}
          {trace.policy && <p data-testid="trace.policy">NetworkPolicy: <b>{trace.policy.verdict}</b> — ingress: {trace.policy.ingress.reason}; egress: {trace.policy.egress.reason}</p>}
          {trace.warnings.map((w) => <p key={w} className="text-[var(--warn)]" data-testid="trace.warning">⚠ {w}</p>)}
          {trace.nat.map((n, i) => <p key={i}>{n.kind} {n.from} → {n.to} on {n.node}</p>)}
          {trace.branches.length > 0 && (
            <div data-testid="trace.branches" className="flex flex-wrap gap-1 items-center" role="tablist" aria-label="branches">
              <span className="muted">{trace.branches.length} branches, shown one at a time:</span>
              {trace.branches.map((b, i) => (
                <button key={i} type="button" role="tab" aria-selected={i === branch} data-testid="trace.branch"
                  className={`btn ${i === branch ? 'border-[var(--accent)] bg-[var(--accent)]/20 font-medium' : ''}`} onClick={() => void pickBranch(i)}>
                  {i + 1}: {b.trace.verdict} {b.uncertain ? '(assumed)' : `p=${Math.round(b.probability * 1000) / 1000}`}
                </button>
              ))}
            </div>
          )}
          {packet && <PacketCard packet={packet} />}
          {shown && <Steps t={shown} testPrefix="trace.step" elements={elements} />}
          {trace.assumptions.length > 0 && <details><summary>assumed ({trace.assumptions.length})</summary><ul>{trace.assumptions.map((a) => <li key={a}>{a}</li>)}</ul></details>}
          {trace.missing.length > 0 && <div data-testid="trace.missing"><b>to settle it, capture:</b><ul>{trace.missing.map((m) => <li key={m}>{m}</li>)}</ul></div>}
        </div>
      )}
    </section>
  );
}
