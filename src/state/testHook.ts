/** `window.__packetpath`: read-only views of the canvas data, the trace, the inputs and the link, for tests (DESIGN.md "The page"). */
import { useApp } from './store.ts';
import { permalink } from './url.ts';
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
    /** The current link: `#v1=…` when the work fits a link, else `#local=…` (kept in this browser). */
    permalink: () => permalink(),
  };
  Object.defineProperty(window, '__packetpath', { value: Object.freeze(hook), writable: false, configurable: false });
}
