/** azure-vnet.log and azure-cns logs → the node's CNI events (ADD/DEL, veths, proxy ARP, static ARP, routes). */
import type { CniLogEvent } from './azure-cni-log.ts';
import type { CnsLogEvent } from '../azure-cns-log/azure-cns-log.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertCniLog(records: (CniLogEvent | CnsLogEvent)[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    const { line: _line, ...rest } = r;
    return { kind: 'cni-event', node: ctx.at.node, event: { ...rest, event: r.event, source: { input: ctx.input, line: ctx.line(i) } } };
  });
}
