/** az aks show --query networkProfile → the cluster's network profile (plugin, mode, policy, CIDRs). */
import type { NetworkProfile } from './az-network-profile.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';

export function convertNetworkProfile(records: NetworkProfile[], ctx: BlockContext): Piece[] {
  return records.map((p, i): Piece => ({ kind: 'network-profile', profile: p, source: { input: ctx.input, line: ctx.line(i) } }));
}
