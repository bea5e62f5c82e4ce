/** ipset list → sets with their members (the element part; of the per-member options only `nomatch`, which changes membership, is kept). */
import type { IpSet } from './ipset.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertIpset(records: IpSet[], ctx: BlockContext): Piece[] {
  return records.map((s, i): Piece => ({
    kind: 'ipset', node: ctx.at.node,
    set: { name: s.name, ...(s.type ? { type: s.type } : {}), members: s.members.map((m) => (m.options && /\bnomatch\b/.test(m.options) ? `${m.elem} nomatch` : m.elem)), source: { input: ctx.input, line: ctx.line(i) } },
  }));
}
