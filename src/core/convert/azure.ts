/** azure-vnet.json, azure-vnet-ipam.json, azure-vnet logs, azure-cns logs, az networkProfile, CNI conflists. */
import type { AzureVnetRecord } from '../parsers/azure-vnet-json/azure-vnet-json.ts';
import type { CniLogEvent } from '../parsers/azure-cni-log/azure-cni-log.ts';
import type { CnsLogEvent } from '../parsers/azure-cns-log/azure-cns-log.ts';
import type { CniConflist } from '../parsers/cni-conflist/cni-conflist.ts';
import type { NetworkProfile } from '../parsers/az-network-profile/az-network-profile.ts';
import type { BlockContext, Piece } from './pieces.ts';

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

export function convertCniLog(records: (CniLogEvent | CnsLogEvent)[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    const { line: _line, ...rest } = r;
    return { kind: 'cni-event', node: ctx.at.node, event: { ...rest, event: r.event, source: { input: ctx.input, line: ctx.line(i) } } };
  });
}

export function convertConflist(records: CniConflist[], ctx: BlockContext): Piece[] {
  const file = /\/etc\/cni\/net\.d\/(\S+)/.exec(ctx.command ?? '')?.[1];
  return records.map((c, i): Piece => ({
    kind: 'cni-config', node: ctx.at.node,
    config: { plugins: c.plugins, source: { input: ctx.input, line: ctx.line(i) }, ...(file ? { file } : {}), ...(c.name ? { name: c.name } : {}) },
  }));
}

export function convertNetworkProfile(records: NetworkProfile[], ctx: BlockContext): Piece[] {
  return records.map((p, i): Piece => ({ kind: 'network-profile', profile: p, source: { input: ctx.input, line: ctx.line(i) } }));
}
