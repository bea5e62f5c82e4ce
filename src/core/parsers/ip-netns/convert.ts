/** ip netns [list] → named namespaces with their ids; ip netns pids NAME → the PIDs inside NAME. */
import type { NetnsRecord } from './ip-netns.ts';
import type { BlockContext, Converted, Piece } from '../../convert/pieces.ts';

export function convertNetns(records: NetnsRecord[], ctx: BlockContext): Converted {
  const source = { input: ctx.input, line: ctx.line(0) };
  if (ctx.netnsArg) {
    const pids = records.flatMap((r) => (r.type === 'pid' ? [r.pid] : []));
    return { pieces: [{ kind: 'netns-name', node: ctx.at.node, name: ctx.netnsArg, pids, source }], notes: [] };
  }
  const out: Converted = { pieces: [], notes: [] };
  records.forEach((r, i) => {
    if (r.type === 'netns') {
      const piece: Piece = { kind: 'netns-name', node: ctx.at.node, name: r.name, ...(r.id !== undefined ? { id: r.id } : {}), source: { input: ctx.input, line: ctx.line(i) } };
      out.pieces.push(piece);
    } else out.notes.push({ recordIndex: i, kind: 'ignored', message: `PID ${r.pid}: the command that listed it (ip netns pids NAME) is not shown, so its namespace is unknown` });
  });
  return out;
}
