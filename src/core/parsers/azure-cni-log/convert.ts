/**
 * azure-vnet.log and azure-cns logs → the node's CNI events (ADD/DEL, veths, endpoints, proxy ARP, static ARP,
 * routes). A log is history: of the host interfaces the plugin listed (`Network interface: {… Name:azure0 …} with IP
 * addresses: […]`) only the node's lasting ones — its NICs and bridges, not pod veths that may be gone since —
 * become host links where no `ip addr` shows them; endpoints and veths stay events.
 */
import type { CniLogEvent } from './azure-cni-log.ts';
import type { CnsLogEvent } from '../azure-cns-log/azure-cns-log.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { linkFromRecord } from '../../convert/ip.ts';
import { POD_VETH } from '../../model/netns.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function convertCniLog(records: (CniLogEvent | CnsLogEvent)[], ctx: BlockContext): Piece[] {
  const pieces: Piece[] = [];
  records.forEach((r, i) => {
    const { line: _line, ...rest } = r;
    const source = { input: ctx.input, line: ctx.line(i) };
    pieces.push({ kind: 'cni-event', node: ctx.at.node, event: { ...rest, event: r.event, source } });
    if (r.event === 'interface' && str(r.name) && !POD_VETH.test(r.name as string)) {
      const addrInfo = ((r.ips as string[] | undefined) ?? []).flatMap((cidr) => {
        const [ip, len] = cidr.split('/');
        return ip ? [{ family: ip.includes(':') ? 'inet6' as const : 'inet' as const, local: ip, prefixlen: Number(len ?? (ip.includes(':') ? 128 : 32)) }] : [];
      });
      const link = linkFromRecord({ ifname: r.name as string, flags: [], addr_info: addrInfo,
        ...(typeof r.index === 'number' ? { ifindex: r.index } : {}), ...(typeof r.mtu === 'number' ? { mtu: r.mtu } : {}), ...(str(r.mac) ? { address: r.mac as string } : {}) }, ctx, i);
      pieces.push({ kind: 'link', at: { node: ctx.at.node, netns: 'host' }, link: { ...link, inferred: true } });
    }
  });
  return pieces;
}
