/** iptables-save, iptables -S and iptables -L → chains and rules per table. */
import type { IptablesRecord } from '../parsers/iptables-save/iptables-save.ts';
import type { IptablesListRecord } from '../parsers/iptables-list/iptables-list.ts';
import type { BlockContext, Piece } from './pieces.ts';

export function convertIptables(records: (IptablesRecord | IptablesListRecord)[], ctx: BlockContext): Piece[] {
  const out: Piece[] = [];
  const fallbackTable = ctx.table ?? 'filter';
  records.forEach((r, i) => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.type === 'chain') {
      out.push({ kind: 'ipt-chain', node: ctx.at.node, table: r.table ?? fallbackTable, chain: r.name, ...(r.policy !== '-' ? { policy: r.policy } : {}), ...(r.counters ? { counters: r.counters } : {}), source });
    } else if (r.type === 'rule') {
      // the record becomes the model's rule as it is: copying it would parse every lazily read rule's options
      const rule = r as typeof r & { source: typeof source };
      rule.source = source;
      out.push({ kind: 'ipt-rule', node: ctx.at.node, table: r.table ?? fallbackTable, chain: r.chain, block: ctx.block, rule });
    }
  });
  return out;
}
