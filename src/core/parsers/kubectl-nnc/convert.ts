/** kubectl get nnc → the cluster's NodeNetworkConfigs: per node, its network containers' type (vnet, vnetblock, overlay) and mode. */
import type { NncRow } from './kubectl-nnc.ts';
import type { BlockContext, Piece } from '../../convert/pieces.ts';
import { namespaceFromCommand } from '../kubectl-objects/convert.ts';

export function convertNodeNetworkConfigs(rows: NncRow[], ctx: BlockContext): Piece[] {
  const ns = namespaceFromCommand(ctx.command);
  return rows.map((r, i): Piece => {
    const { kind: _kind, age: _age, ...config } = r;
    const namespace = r.namespace ?? ns;
    return { kind: 'node-network-config', config: { ...config, ...(namespace ? { namespace } : {}), source: { input: ctx.input, line: ctx.line(i) } } };
  });
}
