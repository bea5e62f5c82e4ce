/** azure-vnet.json → the node's Azure CNI networks (mode, subnets) and endpoints (pod, host veth, IPs, routes). */
import type { AzureVnetRecord } from './azure-vnet-json.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertAzureVnet(records: AzureVnetRecord[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.type === 'network') return { kind: 'azure-network', node: ctx.at.node, network: { id: r.id, mode: r.mode, subnets: r.subnets, source } };
    return {
      kind: 'azure-endpoint', node: ctx.at.node,
      endpoint: { id: r.id, ipAddresses: r.ipAddresses, routes: r.routes, source,
        ...(r.hostIfName ? { hostIfName: r.hostIfName } : {}), ...(r.podName ? { podName: r.podName } : {}),
        ...(r.podNamespace ? { podNamespace: r.podNamespace } : {}), ...(r.netns ? { netns: r.netns } : {}), ...(r.mac ? { mac: r.mac } : {}) },
    };
  });
}
