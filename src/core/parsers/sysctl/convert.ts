/** sysctl → the netns's kernel settings by key (forwarding, bridge-netfilter, proxy ARP per interface). */
import type { SysctlRecord } from './sysctl.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertSysctl(records: SysctlRecord[], ctx: BlockContext): Piece[] {
  return records.map((r, i) => ({ kind: 'sysctl', at: ctx.at, key: r.key, value: r.value, source: { input: ctx.input, line: ctx.line(i) } }));
}
