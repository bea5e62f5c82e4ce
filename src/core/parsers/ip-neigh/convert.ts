/** ip neigh / arp -n → the netns's neighbour entries. */
import type { Neighbour } from './ip-neigh.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { neighbourPiece } from '../../convert/ip.ts';

export const convertNeigh = (records: Neighbour[], ctx: BlockContext): Piece[] => records.map((n, i) => neighbourPiece(n, ctx, i));
