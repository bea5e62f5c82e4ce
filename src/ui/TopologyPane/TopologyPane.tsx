/**
 * The canvas: the topology of every node, or one node's chains; the trace's path on both (bold, numbered,
 * the rest dimmed), the packet marker and its controls, the legend of what is on screen, and export.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { GraphView, type CanvasHandle, type PathMarks } from '../../adapters/cytoscape/GraphView.tsx';
import { useApp, setApp } from '../../state/store.ts';
import { openChains, refreshGraph, relayout, select } from '../../state/actions.ts';
import { registerCanvas } from '../../state/testHook.ts';
import { markerAt, pathOf } from '../../core/graph/path.ts';
import { traceMarkdown } from '../../core/graph/markdown.ts';
import type { GraphSpec } from '../../core/graph/graph.ts';
import { Legend } from './Legend.tsx';
import { MarkerControls } from './MarkerControls.tsx';

const EMPTY: GraphSpec = { nodes: [], edges: [] };

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `readablePx`: the label size a fit keeps readable (larger in presenter mode). */
export function TopologyPane({ fitSignal, readablePx }: { fitSignal: number; readablePx?: number }) {
  const walking = useApp((s) => s.walk !== null);
  const { view, graph, chainsGraph, chainsHost, summary, theme, trace, branch, focusId, status, error, groupByNamespace, pathStep, hovered } = useApp();
  const [legend, setLegend] = useState(false);
  const handle = useRef<CanvasHandle | null>(null);
  const spec = view === 'chains' ? chainsGraph ?? EMPTY : graph ?? EMPTY;
  const path = useMemo(() => (trace ? pathOf(trace, branch, graph ?? undefined) : null), [trace, branch, graph]);
  const t = trace?.branches[branch]?.trace ?? trace;
  const marks = useMemo((): PathMarks | null => {
    if (!path || !t) return null;
    if (view === 'chains') {
      const c = path.chains.find((x) => x.node === chainsHost);
      return c ? { ids: c.ids, edges: [], end: null, delivered: false, decided: c.decided, badges: [] } : null;
    }
    return { ids: path.topology, edges: path.edges, end: path.end, delivered: t.verdict === 'delivered', decided: [], badges: path.badges };
  }, [path, t, view, chainsHost]);
  const marker = useMemo(() => {
    if (!path || pathStep === null) return null;
    const m = markerAt(path, pathStep);
    if (!m) return null;
    if (view !== 'chains') return m;
    const rule = path.steps[pathStep - 1]?.rule;
    return rule && path.steps[pathStep - 1]?.node === chainsHost ? { at: rule, via: [] } : null;
  }, [path, pathStep, view, chainsHost]);
  const testId = view === 'chains' ? 'chains.canvas' : 'topology.canvas';
  useEffect(() => () => registerCanvas(testId, null), [testId]);

  const exportImage = async (kind: 'png' | 'svg') => {
    const h = handle.current;
    if (h) download(`packetpath-${view}.${kind}`, await h.image(kind));
  };
  return (
    <div className="relative h-full w-full">
      <div className="absolute z-10 top-2 left-2 right-2 flex flex-wrap gap-2 items-center text-xs pointer-events-none [&>*]:pointer-events-auto">
        {view === 'chains' && summary && (
          <select data-testid="chains.host" aria-label="node" className="field" value={chainsHost ?? ''} onChange={(e) => void openChains(e.target.value)}>
            {summary.hosts.map((h) => <option key={h.name} value={h.name}>{h.name} ({h.rules} rules)</option>)}
          </select>
        )}
        {view === 'topology' && (
          <label className="flex gap-1 items-center panel px-2 py-0.5"><input type="checkbox" data-testid="topology.group" checked={groupByNamespace}
            onChange={(e) => { setApp({ groupByNamespace: e.target.checked }); void refreshGraph(); }} /> group pods by namespace</label>
        )}
        <button type="button" className="btn panel" onClick={() => setLegend(!legend)} data-testid="legend.toggle" aria-expanded={legend}>Legend</button>
        <span className="ml-auto flex gap-1">
          <button type="button" className="btn panel" data-testid="export.png" title="the whole canvas as a PNG image" onClick={() => void exportImage('png')}>PNG</button>
          <button type="button" className="btn panel" data-testid="export.svg" title="the whole canvas as an SVG drawing" onClick={() => void exportImage('svg')}>SVG</button>
          {trace && (
            <button type="button" className="btn panel" data-testid="export.markdown" title="the trace as Markdown, for a ticket or a chat"
              onClick={() => download('packetpath-trace.md', new Blob([traceMarkdown(trace, branch)], { type: 'text/markdown' }))}>Trace .md</button>
          )}
        </span>
      </div>
      {legend && spec.nodes.length > 0 && <Legend spec={spec} view={view} path={!!marks} />}
      {status === 'error' && <p className="absolute z-10 top-12 left-2 text-[var(--danger)]" data-testid="app.error">{error}</p>}
      {spec.nodes.length === 0 && status !== 'parsing' && (
        <p className="absolute inset-0 flex items-center justify-center muted text-sm" data-testid="canvas.empty">
          {view === 'chains' ? 'No iptables rules for this node in the inputs.' : 'Nothing to draw yet: paste or drop a node dump, or pick a scenario.'}
        </p>
      )}
      {!walking && path && path.steps.length > 0 && <MarkerControls steps={path.steps.length} />}
      <GraphView key={testId} spec={spec} kind={view} theme={theme} path={marks} marker={marker} hovered={hovered} focusId={focusId} fitSignal={fitSignal} readablePx={readablePx}
        onSelect={(id) => void select(id)} onHover={(id) => setApp({ hovered: id })}
        onReady={(h) => { handle.current = h; registerCanvas(testId, h); }} onResize={() => void relayout()} testId={testId} />
    </div>
  );
}
