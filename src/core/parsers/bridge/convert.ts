/** bridge link → bridge ports (a port names its master); bridge fdb → forwarding entries (VXLAN's remote VTEPs among them). */
import type { BridgeRecord } from './bridge.ts';
import type { BlockContext, Converted } from '../../convert/pieces.ts';

export function convertBridgeLink(records: BridgeRecord[], ctx: BlockContext): Converted {
  const out: Converted = { pieces: [], notes: [] };
  records.forEach((r, i) => {
    const source = { input: ctx.input, line: ctx.line(i) };
    if (r.type === 'fdb') {
      out.pieces.push({ kind: 'fdb', at: ctx.at, entry: { mac: r.mac, source, local: r.flags.includes('self') && r.state === 'permanent',
        ...(r.dev ? { dev: r.dev } : {}), ...(r.master ? { bridge: r.master } : {}), ...(r.dst ? { dst: r.dst } : {}), ...(r.state ? { state: r.state } : {}) } });
    } else if (r.master) out.pieces.push({ kind: 'bridge', at: ctx.at, bridge: r.master, ports: [r.ifname], source });
    else out.notes.push({ recordIndex: i, kind: 'ignored', message: `${r.ifname} is listed without a master bridge: nothing to add` });
  });
  return out;
}
