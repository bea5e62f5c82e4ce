/** ip route and route -n (both read into `ip -j route`'s fields) → the netns's routes. */
import type { IpRoute } from './ip-route.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { routePiece } from '../../convert/ip.ts';

export const convertRoutes = (records: IpRoute[], ctx: BlockContext): Piece[] => records.map((r, i) => routePiece(r, ctx, i));
