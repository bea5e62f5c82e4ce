/** brctl show → bridge ports; brctl showmacs → the bridge's forwarding database (MAC → port number). */
import type { BrctlRecord } from './brctl.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertBrctl(records: BrctlRecord[], ctx: BlockContext): Piece[] {
  const bridge = /^brctl\s+showmacs\s+(\S+)/.exec(ctx.command ?? '')?.[1];
  return records.map((r, i): Piece => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.type === 'bridge') return { kind: 'bridge', at: ctx.at, bridge: r.bridge, ports: r.interfaces, source };
    return { kind: 'fdb', at: ctx.at, entry: { mac: r.mac, port: r.port, local: r.local, source, ...(bridge ? { bridge } : {}) } };
  });
}
