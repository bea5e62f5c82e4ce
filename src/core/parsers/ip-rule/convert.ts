/** ip rule → the netns's policy-routing rules. */
import type { IpRule } from './ip-rule.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { rulePiece } from '../../convert/ip.ts';

export const convertRules = (records: IpRule[], ctx: BlockContext): Piece[] => records.map((r, i) => rulePiece(r, ctx, i));
