/** brctl show and bridge link → bridge ports; brctl showmacs and bridge fdb are not modelled yet (named). */
import type { BrctlRecord } from '../parsers/brctl/brctl.ts';
import type { BridgeRecord } from '../parsers/bridge/bridge.ts';
import type { BlockContext, Piece } from './pieces.ts';

export function convertBrctl(records: BrctlRecord[], ctx: BlockContext): Piece[] {
  return records.flatMap((r, i): Piece[] => (r.type === 'bridge'
    ? [{ kind: 'bridge', at: ctx.at, bridge: r.bridge, ports: r.interfaces, source: { input: ctx.input, line: ctx.line(i) } }]
    : []));
}

export function convertBridgeLink(records: BridgeRecord[], ctx: BlockContext): Piece[] {
  return records.flatMap((r, i): Piece[] => (r.type === 'port' && r.master
    ? [{ kind: 'bridge', at: ctx.at, bridge: r.master, ports: [r.ifname], source: { input: ctx.input, line: ctx.line(i) } }]
    : []));
}
