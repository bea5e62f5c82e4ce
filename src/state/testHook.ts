/** `window.__packetpath`: read-only views of the canvas data and the inputs, for tests (DESIGN.md "The page"). */
import { useAnalysis } from './store.ts';

export function installTestHook(): void {
  const hook = {
    graph: () => {
      const g = useAnalysis.getState().graph;
      return g ? { nodes: g.nodes.map(({ id, kind, label, classes }) => ({ id, kind, label, classes })), edges: g.edges } : { nodes: [], edges: [] };
    },
    trace: () => null,
    inputs: () => (useAnalysis.getState().snapshot?.inputs ?? []).filter((i) => i.block >= 0).map((i) => ({ name: i.name, kind: i.kind, node: i.node ?? null, warnings: i.warnings })),
    status: () => useAnalysis.getState().status,
  };
  Object.defineProperty(window, '__packetpath', { value: Object.freeze(hook), writable: false, configurable: false });
}
