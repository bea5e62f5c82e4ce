/**
 * azure-vnet.log and azure-cns logs → the node's CNI events (ADD/DEL, veths, proxy ARP, static ARP, routes); the
 * host interfaces the plugin listed (`Network interface: {… Name:azure0 …} with IP addresses: […]`) become the host's
 * links where no `ip addr` shows them, and the endpoints it created (`Creating endpoint &{… PODName:nginx …}`) the
 * node's Azure endpoints, as azure-vnet.json would list them.
 */
import type { CniLogEvent } from './azure-cni-log.ts';
import type { CnsLogEvent } from '../azure-cns-log/azure-cns-log.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { linkFromRecord } from '../../convert/ip.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function convertCniLog(records: (CniLogEvent | CnsLogEvent)[], ctx: BlockContext): Piece[] {
  const pieces: Piece[] = [];
  records.forEach((r, i) => {
    const { line: _line, ...rest } = r;
    const source = { input: ctx.input, line: ctx.line(i) };
    pieces.push({ kind: 'cni-event', node: ctx.at.node, event: { ...rest, event: r.event, source } });
    if (r.event === 'interface' && str(r.name)) {
      const addrInfo = ((r.ips as string[] | undefined) ?? []).flatMap((cidr) => {
        const [ip, len] = cidr.split('/');
        return ip ? [{ family: ip.includes(':') ? 'inet6' as const : 'inet' as const, local: ip, prefixlen: Number(len ?? (ip.includes(':') ? 128 : 32)) }] : [];
      });
      const link = linkFromRecord({ ifname: r.name as string, flags: [], addr_info: addrInfo,
        ...(typeof r.index === 'number' ? { ifindex: r.index } : {}), ...(typeof r.mtu === 'number' ? { mtu: r.mtu } : {}), ...(str(r.mac) ? { address: r.mac as string } : {}) }, ctx, i);
      pieces.push({ kind: 'link', at: { node: ctx.at.node, netns: 'host' }, link: { ...link, inferred: true } });
    }
    // the host end of the veth the plugin made, and the bridge it put it on (bridge mode: azure0)
    if (r.event === 'veth' && str(r.hostIfName)) {
      pieces.push({ kind: 'link', at: { node: ctx.at.node, netns: 'host' }, link: { name: r.hostIfName as string, kind: 'veth', addresses: [], inferred: true, sources: [source] } });
    }
    if (r.event === 'bridge' && str(r.dev) && str(r.bridge)) pieces.push({ kind: 'bridge', at: { node: ctx.at.node, netns: 'host' }, bridge: r.bridge as string, ports: [r.dev as string], source });
    if ((r.event === 'endpoint' || r.event === 'endpoint-request') && str(r.id)) {
      pieces.push({ kind: 'azure-endpoint', node: ctx.at.node, endpoint: { id: r.id as string, source,
        ipAddresses: (r.ipAddresses as string[] | undefined) ?? [],
        routes: ((r.routes as { dst?: string; gateway?: string }[] | undefined) ?? []).flatMap((x) => (x.dst ? [{ dst: x.dst === '0.0.0.0/0' ? 'default' : x.dst, ...(x.gateway ? { gateway: x.gateway } : {}) }] : [])),
        ...(str(r.hostIfName) ? { hostIfName: r.hostIfName as string } : {}), ...(str(r.podName) ? { podName: r.podName as string } : {}),
        ...(str(r.podNamespace) ? { podNamespace: r.podNamespace as string } : {}), ...(str(r.netns) ? { netns: r.netns as string } : {}), ...(str(r.mac) ? { mac: r.mac as string } : {}) } });
    }
  });
  return pieces;
}
