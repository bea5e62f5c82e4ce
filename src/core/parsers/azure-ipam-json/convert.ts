/** azure-vnet-ipam.json → the node's IPAM pools and the addresses handed out from them (in use or free). */
import type { AzureIpamRecord } from './azure-ipam-json.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertAzureIpam(records: AzureIpamRecord[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.type === 'pool') {
      return { kind: 'ipam-pool', node: ctx.at.node, pool: { subnet: r.subnet, source, ...(r.ifName ? { ifName: r.ifName } : {}), ...(r.priority !== undefined ? { priority: r.priority } : {}) } };
    }
    return { kind: 'ipam-address', node: ctx.at.node, address: { ip: r.addr, inUse: r.inUse, source, ...(r.id ? { id: r.id } : {}), ...(r.pool ? { pool: r.pool } : {}) } };
  });
}
