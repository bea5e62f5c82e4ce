/** The canvas: the topology of every node, or one node's chains; the trace's path highlighted on both. */
import { useMemo, useState } from 'react';
import { GraphView } from '../../adapters/cytoscape/GraphView.tsx';
import { useApp, setApp } from '../../state/store.ts';
import { openChains, refreshGraph, select } from '../../state/actions.ts';
import { pathOf } from '../../core/graph/path.ts';
import type { GraphSpec } from '../../core/graph/graph.ts';

const EMPTY: GraphSpec = { nodes: [], edges: [] };

const LEGEND: [string, string][] = [['node', 'node box'], ['pod', 'pod namespace'], ['veth', 'veth pair'], ['bridge', 'bridge and ports'], ['dashed', 'seen from one side only'], ['green', 'the traced path']];

export function TopologyPane({ fitSignal }: { fitSignal: number }) {
  const { view, graph, chainsGraph, chainsHost, summary, theme, trace, branch, focusId, status, error, groupByNamespace } = useApp();
  const [legend, setLegend] = useState(false);
  const path = useMemo(() => (trace ? pathOf(trace, branch) : null), [trace, branch]);
  const t = trace?.branches[branch]?.trace ?? trace;
  const delivered = t?.verdict === 'delivered';
  const spec = view === 'chains' ? chainsGraph ?? EMPTY : graph ?? EMPTY;
  const highlight = useMemo(() => {
    if (!path) return [];
    return view === 'chains' ? path.chains.find((c) => c.node === chainsHost)?.ids ?? [] : path.topology;
  }, [path, view, chainsHost]);
  return (
    <div className="relative h-full w-full">
      <div className="absolute z-10 top-2 left-2 flex gap-2 items-center text-xs">
        {view === 'chains' && summary && (
          <select data-testid="chains.host" aria-label="node" className="field" value={chainsHost ?? ''} onChange={(e) => void openChains(e.target.value)}>
            {summary.hosts.map((h) => <option key={h.name} value={h.name}>{h.name} ({h.rules} rules)</option>)}
          </select>
        )}
        {view === 'topology' && (
          <label className="flex gap-1 items-center panel px-2 py-0.5"><input type="checkbox" data-testid="topology.group" checked={groupByNamespace}
            onChange={(e) => { setApp({ groupByNamespace: e.target.checked }); void refreshGraph(); }} /> group pods by namespace</label>
        )}
        <button type="button" className="btn panel" onClick={() => setLegend(!legend)} data-testid="legend.toggle">Legend</button>
      </div>
      {legend && (
        <ul className="absolute z-10 top-10 left-2 panel p-2 text-xs" data-testid="legend">
          {LEGEND.map(([k, v]) => <li key={k}><b>{k}</b> — {v}</li>)}
        </ul>
      )}
      {status === 'error' && <p className="absolute z-10 top-12 left-2 text-[var(--danger)]" data-testid="app.error">{error}</p>}
      {spec.nodes.length === 0 && status !== 'parsing' && (
        <p className="absolute inset-0 flex items-center justify-center muted text-sm" data-testid="canvas.empty">
          {view === 'chains' ? 'No iptables rules for this node in the inputs.' : 'Nothing to draw yet: paste or drop a node dump, or pick a scenario.'}
        </p>
      )}
      <GraphView spec={spec} kind={view} theme={theme} highlight={highlight} endId={view === 'topology' ? path?.end ?? null : null} delivered={delivered}
        focusId={focusId} fitSignal={fitSignal} onSelect={(id) => void select(id)} testId={view === 'chains' ? 'chains.canvas' : 'topology.canvas'} />
    </div>
  );
}
