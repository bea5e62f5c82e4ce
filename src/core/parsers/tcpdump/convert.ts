/** tcpdump / Wireshark lines → packets observed in the netns, each with the interface its capture's banner named. */
import type { TcpdumpRecord } from './tcpdump.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertTcpdump(records: TcpdumpRecord[], ctx: BlockContext): Piece[] {
  let iface = /(?:^|\s)-i\s*(\S+)/.exec(ctx.command ?? '')?.[1];
  const pieces: Piece[] = [];
  records.forEach((r, i) => {
    if (r.type === 'capture') { iface = r.interface; return; }
    const { type: _type, ...packet } = r;
    pieces.push({ kind: 'packet', at: ctx.at, packet: { ...packet, source: { input: ctx.input, line: ctx.line(i) }, ...(iface ? { interface: iface } : {}) } });
  });
  return pieces;
}
