/** `window.__packetpath`: read-only views of the canvas data, the trace and the inputs, for tests (DESIGN.md "The page"). */
import { useApp } from './store.ts';
import type { GraphSpec } from '../core/graph/graph.ts';

const plain = (g: GraphSpec | null) => (g
  ? { nodes: g.nodes.map(({ id, kind, label, classes }) => ({ id, kind, label, classes })), edges: g.edges.map(({ id, source, target, kind, classes }) => ({ id, source, target, kind, classes })) }
  : { nodes: [], edges: [] });

export function installTestHook(): void {
  const hook = {
    graph: () => plain(useApp.getState().graph),
    chains: () => plain(useApp.getState().chainsGraph),
    trace: () => useApp.getState().trace,
    inputs: () => (useApp.getState().summary?.inputs ?? []).map((i) => ({ name: i.name, kind: i.kind, node: i.node ?? null, warnings: i.warnings })),
    status: () => useApp.getState().status,
    /** The what-if on screen: node → mode, the worker's report, and the current flow traced as captured. */
    whatIf: () => { const s = useApp.getState(); return { modes: s.whatIf, report: s.whatIfReport, capturedTrace: s.capturedTrace, split: s.split }; },
  };
  Object.defineProperty(window, '__packetpath', { value: Object.freeze(hook), writable: false, configurable: false });
}
