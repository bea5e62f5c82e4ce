/**
 * The same flow traced as captured and under the what-if, compared: verdict, where it ended, the rules that decided,
 * NAT, and the hops aligned node by node. What differs is highlighted; what agrees is kept, dimmed, for context.
 */
import { useMemo } from 'react';
import { useApp } from '../../state/store.ts';
import { diffTraces, type DiffRow } from '../../core/trace/diff.ts';

const ASPECT: Record<DiffRow['aspect'], string> = { verdict: 'verdict', delivered: 'ends', hops: 'hops', rule: 'decided by', nat: 'NAT' };

export function TraceDiff() {
  const { trace, capturedTrace, branch, whatIf } = useApp();
  const diff = useMemo(() => (trace && capturedTrace ? diffTraces(capturedTrace, trace, branch) : null), [trace, capturedTrace, branch]);
  if (!diff || !Object.keys(whatIf).length) return null;
  const cell = (v: string | null) => (v === null ? <span className="muted">—</span> : v);
  return (
    <section aria-label="captured versus what-if" data-testid="diff" className="text-xs space-y-1">
      <h2 className="font-semibold text-sm">Captured vs what-if <span className="muted font-normal" data-testid="diff.count">({diff.changed} difference{diff.changed === 1 ? '' : 's'})</span></h2>
      <table className="w-full table-fixed border-collapse">
        <thead><tr className="muted text-left"><th className="w-20">aspect</th><th>captured</th><th>what-if</th></tr></thead>
        <tbody>
          {diff.rows.map((r, i) => (
            <tr key={i} data-testid="diff.row" data-aspect={r.aspect} data-changed={r.same ? 'false' : 'true'}
              className={`align-top ${r.same ? 'opacity-60' : 'bg-[var(--whatif)]/15 font-medium'}`}>
              <td className="muted pr-1">{ASPECT[r.aspect]}</td><td className="break-all pr-1">{cell(r.captured)}</td><td className="break-all">{cell(r.whatIf)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details open={diff.hops.some((h) => !h.same)}>
        <summary className="cursor-pointer">hops, node by node</summary>
        <table className="w-full table-fixed border-collapse font-mono">
          <tbody>
            {diff.hops.map((h, i) => (
              <tr key={i} data-testid="diff.hop" data-changed={h.same ? 'false' : 'true'} className={`align-top ${h.same ? 'opacity-60' : 'bg-[var(--whatif)]/15'}`}>
                <td className="break-all pr-1">{cell(h.captured)}</td><td className="break-all">{cell(h.whatIf)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
