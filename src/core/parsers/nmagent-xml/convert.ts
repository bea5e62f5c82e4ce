/** NMAgent's interface XML → the VM's NICs and the IPs Azure put on each. */
import type { NmagentInterface } from './nmagent-xml.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertNmagent(records: NmagentInterface[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => ({
    kind: 'nic', node: ctx.at.node,
    nic: { mac: r.mac, isPrimary: r.isPrimary, addresses: r.addresses.map((a) => ({ ip: a.address, isPrimary: a.isPrimary })),
      source: { input: ctx.input, line: ctx.line(i) }, ...(r.subnet ? { subnet: r.subnet } : {}) },
  }));
}
