/** kubectl tables → pods, nodes, services, namespaces, endpoints and policy rows (selectors only). */
import type { KubeRow, ServicePort } from './kubectl-table.ts';
import type { SourceRef } from '../../model/types.ts';
import type { BlockContext, ConvertNote, Converted, Piece } from '../../convert/pieces.ts';
import { isIp, labels, namespaceFromCommand } from '../kubectl-objects/convert.ts';

export function convertKubectlTable(rows: KubeRow[], ctx: BlockContext): Converted {
  const ns = namespaceFromCommand(ctx.command) ?? 'default';
  const notes: ConvertNote[] = [];
  const pieces = rows.flatMap((r, i): Piece[] => {
    const source: SourceRef = { input: ctx.input, line: ctx.line(i) };
    const namespace = (r.namespace as string | undefined) ?? ns;
    switch (r.kind) {
      case 'Pod':
        return [{ kind: 'pod', pod: { namespace, name: r.name, labels: labels(r.labels), labelsKnown: 'labels' in r, source,
          ...(isIp(r.ip) ? { ip: r.ip } : {}), ...(typeof r.node === 'string' && r.node !== '<none>' ? { node: r.node } : {}), ...(typeof r.status === 'string' ? { status: r.status } : {}) } }];
      case 'Node':
        return [{ kind: 'kube-node', node: { name: r.name, labels: labels(r.labels), source,
          ...(isIp(r.internalIp) ? { internalIp: r.internalIp } : {}), ...(isIp(r.externalIp) ? { externalIp: r.externalIp } : {}),
          ...(typeof r.status === 'string' ? { status: r.status } : {}), ...(typeof r.version === 'string' ? { version: r.version } : {}) } }];
      case 'Service':
        return [{ kind: 'service', service: { namespace, name: r.name, type: String(r.type ?? 'ClusterIP'), source,
          externalIps: typeof r.externalIp === 'string' && r.externalIp !== '<none>' && r.externalIp !== '<pending>' ? r.externalIp.split(',') : [],
          ports: (r.ports as ServicePort[] | undefined) ?? [],
          ...(isIp(r.clusterIp) ? { clusterIp: r.clusterIp } : {}),
          ...(r.selector && Object.keys(r.selector as object).length ? { selector: r.selector as Record<string, string> } : {}) } }];
      case 'Namespace':
        return [{ kind: 'namespace', namespace: { name: r.name, labels: labels(r.labels), labelsKnown: 'labels' in r && /show-labels|-L\b/.test(ctx.command ?? 'show-labels'), source } }];
      case 'Endpoints':
        return [{ kind: 'endpoints', endpoints: { namespace, name: r.name, addresses: (r.endpoints as string[] | undefined) ?? [], source } }];
      case 'NetworkPolicy':
        return [{ kind: 'policy', policy: { namespace, name: r.name, podSelector: { matchLabels: labels(r.podSelector) }, policyTypes: [], ingress: [], egress: [], source } }];
      default:
        notes.push({ recordIndex: i, kind: 'ignored', message: `${r.kind === 'Other' ? 'a row of an unknown resource' : `a ${r.kind} row`} (${r.name}): not part of the network model` });
        return [];
    }
  });
  return { pieces, notes };
}

