/** CNI conflists → the node's CNI configuration (plugins, IPAM), with the file it came from when the command names it. */
import type { CniConflist } from './cni-conflist.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertConflist(records: CniConflist[], ctx: BlockContext): Piece[] {
  const file = /\/etc\/cni\/net\.d\/(\S+)/.exec(ctx.command ?? '')?.[1];
  return records.map((c, i): Piece => ({
    kind: 'cni-config', node: ctx.at.node,
    config: { plugins: c.plugins, source: { input: ctx.input, line: ctx.line(i) }, ...(file ? { file } : {}), ...(c.name ? { name: c.name } : {}) },
  }));
}
