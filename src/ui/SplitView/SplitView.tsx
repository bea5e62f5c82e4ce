/**
 * Captured and what-if side by side: the topology as captured with the flow's path as the capture explains it, and
 * the topology under the what-if with the same flow's path there. Each side has its verdict; the diff panel lists
 * what changed.
 */
import { useMemo } from 'react';
import { GraphView, type PathMarks } from '../../adapters/cytoscape/GraphView.tsx';
import { registerCanvas } from '../../state/testHook.ts';
import { useApp } from '../../state/store.ts';
import { select } from '../../state/actions.ts';
import { pathOf } from '../../core/graph/path.ts';
import type { GraphSpec } from '../../core/graph/graph.ts';
import type { Trace } from '../../core/trace/types.ts';
import { nodeModeLabel } from '../../core/profiles/labels.ts';
import { TraceDiff } from '../TraceDiff/TraceDiff.tsx';

const EMPTY: GraphSpec = { nodes: [], edges: [] };
const VERDICT_STYLE: Record<string, string> = { delivered: 'bg-green-700', dropped: 'bg-red-700', 'no-route': 'bg-orange-700', unknown: 'bg-slate-600' };

function Side({ side, title, spec, trace, fitSignal }: { side: 'captured' | 'what-if'; title: string; spec: GraphSpec; trace: Trace | null; fitSignal: number }) {
  const { theme, branch } = useApp();
  const path = useMemo(() => (trace ? pathOf(trace, branch, spec) : null), [trace, branch, spec]);
  const t = trace?.branches[branch]?.trace ?? trace;
  const marks = useMemo((): PathMarks | null => (path && t
    ? { ids: path.topology, edges: path.edges, end: path.end, delivered: t.verdict === 'delivered', decided: [], badges: path.badges } : null), [path, t]);
  const testId = `split.${side}.canvas`;
  return (
    <div className="relative h-full min-h-0 flex flex-col border border-[var(--border)] rounded" data-testid={`split.${side}`}>
      <div className="flex items-center gap-2 px-2 py-1 text-xs border-b border-[var(--border)]">
        <b className={side === 'what-if' ? 'text-[var(--whatif)]' : ''}>{side}</b><span className="muted truncate">{title}</span>
        {trace && <span data-testid={`split.${side}.verdict`} className={`ml-auto rounded px-1.5 text-white ${VERDICT_STYLE[trace.verdict] ?? ''}`}>{trace.verdict}</span>}
      </div>
      <div className="flex-1 min-h-0">
        <GraphView spec={spec} kind="topology" theme={theme} path={marks} marker={null} hovered={null} focusId={null} fitSignal={fitSignal}
          onSelect={(id) => { if (side === 'what-if') void select(id); }} onReady={(h) => registerCanvas(testId, h)} testId={testId} />
      </div>
    </div>
  );
}

export function SplitView({ fitSignal }: { fitSignal: number }) {
  const { capturedGraph, graph, capturedTrace, trace, summary, whatIfReport } = useApp();
  const captured = (summary?.hosts ?? []).map((h) => `${h.name}: ${h.mode ? nodeModeLabel(h.mode.plugin, h.mode.policy) : 'unknown'}`).join(' · ');
  const whatIf = Object.entries(whatIfReport?.modes ?? {}).map(([n, m]) => `${n}: ${nodeModeLabel(...(m.split('+') as [string, string]))}`).join(' · ');
  return (
    <div className="flex flex-col h-full p-1 gap-1" data-testid="split">
      <div className="grid grid-cols-2 gap-2 flex-1 min-h-0">
        <Side side="captured" title={captured} spec={capturedGraph ?? EMPTY} trace={capturedTrace} fitSignal={fitSignal} />
        <Side side="what-if" title={whatIf} spec={graph ?? EMPTY} trace={trace} fitSignal={fitSignal} />
      </div>
      {trace && capturedTrace && <div className="max-h-[40%] overflow-auto border border-[var(--border)] rounded p-1"><TraceDiff /></div>}
    </div>
  );
}
