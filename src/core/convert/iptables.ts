/** iptables-save, iptables -S and iptables -L → one piece holding the block's chains and rules (see assemble/iptables). */
import type { BlockContext, IptablesRecords, Piece } from './pieces.ts';

export function convertIptables(records: IptablesRecords, ctx: BlockContext): Piece[] {
  return [{ kind: 'iptables', node: ctx.at.node, table: ctx.table ?? 'filter', block: ctx.block, input: ctx.input, records, line: ctx.line }];
}
