/** ip -j addr|link|route|neigh|rule → the same facts as their text forms (the records have the same fields). */
import { shapeOf, type IpJsonRecord } from './ip-json.ts';
import type { IpLink } from '../ip-addr/ip-addr.ts';
import type { IpRoute } from '../ip-route/ip-route.ts';
import type { Neighbour } from '../ip-neigh/ip-neigh.ts';
import type { IpRule } from '../ip-rule/ip-rule.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { linkFromRecord, neighbourPiece, routePiece, rulePiece } from '../../convert/ip.ts';

export function convertIpJson(records: IpJsonRecord[], ctx: BlockContext): Piece[] {
  return records.map((r, i): Piece => {
    switch (shapeOf(r)) {
      case 'link': return { kind: 'link', at: ctx.at, link: linkFromRecord(r as unknown as IpLink, ctx, i) };
      case 'neigh': return neighbourPiece({ ...(r as unknown as Neighbour), state: (r.state as string[] | undefined) ?? [] }, ctx, i);
      case 'rule': return rulePiece(r as unknown as IpRule, ctx, i);
      default: return routePiece({ ...(r as unknown as IpRoute), flags: (r.flags as string[] | undefined) ?? [] }, ctx, i);
    }
  });
}
