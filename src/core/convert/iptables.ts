/**
 * A packet-filter block (iptables-save, -S, -L) → one piece holding its statements (see assemble/iptables): the
 * records are the model's statements as they are, so a 150,000-line dump is not copied.
 */
import type { IptStatement } from '../model/types.ts';
import type { BlockContext, Piece } from './pieces.ts';

export function convertIptables(records: IptStatement[], ctx: BlockContext): Piece[] {
  return [{ kind: 'iptables', node: ctx.at.node, table: ctx.table ?? 'filter', block: ctx.block, input: ctx.input, records, line: ctx.line }];
}
