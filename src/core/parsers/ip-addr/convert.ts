/** ip addr / ip link → the netns's links with their addresses. */
import type { IpLink } from './ip-addr.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { linkFromRecord } from '../../convert/ip.ts';

export const convertIpAddr = (records: IpLink[], ctx: BlockContext): Piece[] =>
  records.map((l, i) => ({ kind: 'link', at: ctx.at, link: linkFromRecord(l, ctx, i) }));
