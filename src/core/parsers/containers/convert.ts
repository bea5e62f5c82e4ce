/** docker ps / crictl pods → containers of pods on the node (for matching nsenter PIDs to pods). */
import type { ContainerRecord } from './containers.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertContainers(records: ContainerRecord[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.runtime === 'docker') {
      return { kind: 'container', node: ctx.at.node, container: { id: r.containerId, source, ...(r.k8s ? { pod: r.k8s.pod, namespace: r.k8s.namespace, name: r.k8s.container } : {}) } };
    }
    return { kind: 'container', node: ctx.at.node, container: { id: r.podId, pod: r.name, namespace: r.namespace, source } };
  });
}
