/** `window.__packetpath`: read-only views of the canvas data, the trace, the inputs and the link, for tests (DESIGN.md "The page"). */
import { useApp } from './store.ts';
import { permalink } from './url.ts';
import { currentStep, loadWalkList } from './walk.ts';
import type { GraphSpec } from '../core/graph/graph.ts';
import type { CanvasHandle } from '../adapters/cytoscape/GraphView.tsx';

const plain = (g: GraphSpec | null) => (g
  ? { nodes: g.nodes.map(({ id, kind, label, classes }) => ({ id, kind, label, classes })), edges: g.edges.map(({ id, source, target, kind, classes }) => ({ id, source, target, kind, classes })) }
  : { nodes: [], edges: [] });

/** The canvases on the page by test id (a split view has two); each one's adapter says what it drew. */
const canvases = new Map<string, CanvasHandle>();

export function registerCanvas(testId: string, handle: CanvasHandle | null): void {
  if (handle) canvases.set(testId, handle);
  else canvases.delete(testId);
}

/** The canvas handle of the view on screen (or the one named), for export and tests. */
export function canvasHandle(testId?: string): CanvasHandle | undefined {
  if (testId) return canvases.get(testId);
  const view = useApp.getState().view;
  return canvases.get(`${view}.canvas`) ?? [...canvases.values()][0];
}

export function installTestHook(): void {
  const hook = {
    graph: () => plain(useApp.getState().graph),
    chains: () => plain(useApp.getState().chainsGraph),
    trace: () => useApp.getState().trace,
    inputs: () => (useApp.getState().summary?.inputs ?? []).map((i) => ({ name: i.name, kind: i.kind, node: i.node ?? null, warnings: i.warnings })),
    status: () => useApp.getState().status,
    /** The what-if on screen: node → mode, the worker's report, and the current flow traced as captured. */
    whatIf: () => { const s = useApp.getState(); return { modes: s.whatIf, report: s.whatIfReport, capturedTrace: s.capturedTrace, split: s.split }; },
    /** The canvas as drawn now, in page pixels: `{ view, viewport, nodes: [{ id, kind, classes, compound, visible, box, labelPx }], edges: [...] }`. */
    layout: (testId?: string) => canvasHandle(testId)?.layout() ?? null,
    /** The current link: `#v1=…` when the work fits a link, else `#local=…` (kept in this browser). */
    permalink: () => permalink(),
    /** The built-in walks `[{ id, title, steps }]`; [] until the worker has played them (the first call asks it to). */
    walks: () => {
      const list = useApp.getState().walkList;
      if (!list) void loadWalkList();
      return (list ?? []).map(({ id, title, steps }) => ({ id, title, steps }));
    },
    /** The walk on the page `{ id, title, step, steps, presenting }` (and the checkpoint waiting for an answer), or null. */
    walk: () => {
      const w = useApp.getState().walk;
      return w ? { id: w.play.id, title: w.play.title, step: w.step, steps: w.play.steps.length, presenting: w.presenting, builtin: w.builtin,
        asking: currentStep(w).asking } : null;
    },
  };
  Object.defineProperty(window, '__packetpath', { value: Object.freeze(hook), writable: false, configurable: false });
}
