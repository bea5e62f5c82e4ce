/** kubectl tables, kubectl YAML/JSON and `describe netpol` → pods, nodes, services, namespaces, policies, endpoints. */
import type { KubeRow, ServicePort } from '../parsers/kubectl-table/kubectl-table.ts';
import type { KubeObject } from '../parsers/kubectl-objects/kubectl-objects.ts';
import type { LabelSelector } from '../parsers/common/label-selector.ts';
import type { NetworkPolicyModel, SourceRef } from '../model/types.ts';
import type { BlockContext, Piece } from './pieces.ts';

const namespaceFromCommand = (cmd?: string): string | undefined => /(?:^|\s)(?:-n|--namespace)[= ]?(\S+)/.exec(cmd ?? '')?.[1];
const isIp = (s: unknown): s is string => typeof s === 'string' && /^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]+:[0-9a-f:]*$/i.test(s);
const labels = (v: unknown): Record<string, string> => (v && typeof v === 'object' ? v as Record<string, string> : {});

export function convertKubectlTable(rows: KubeRow[], ctx: BlockContext): Piece[] {
  const ns = namespaceFromCommand(ctx.command) ?? 'default';
  return rows.flatMap((r, i): Piece[] => {
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
        return [];
    }
  });
}

export function policyFromObject(o: KubeObject, source: SourceRef, fallbackNs = 'default'): NetworkPolicyModel {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const ingress = (spec.ingress as NetworkPolicyModel['ingress'] | null) ?? [];
  const egress = (spec.egress as NetworkPolicyModel['egress'] | null) ?? [];
  const declared = spec.policyTypes as ('Ingress' | 'Egress')[] | undefined;
  // Kubernetes' default: Ingress always, Egress when egress rules are present
  const policyTypes = declared?.length ? declared : (['Ingress', ...(egress.length ? ['Egress'] : [])] as ('Ingress' | 'Egress')[]);
  return {
    namespace: o.metadata.namespace ?? fallbackNs,
    name: o.metadata.name ?? '(unnamed)',
    podSelector: (spec.podSelector as LabelSelector | null) ?? {},
    policyTypes,
    ingress: ingress ?? [],
    egress: egress ?? [],
    source,
  };
}

export function convertKubeObjects(objects: KubeObject[], ctx: BlockContext): Piece[] {
  const fallbackNs = namespaceFromCommand(ctx.command) ?? 'default';
  return objects.flatMap((o, i): Piece[] => {
    const source: SourceRef = { input: ctx.input, line: ctx.line(i) };
    const md = o.metadata ?? {};
    const namespace = md.namespace ?? fallbackNs;
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const status = (o.status ?? {}) as Record<string, unknown>;
    switch (o.kind) {
      case 'NetworkPolicy':
        return [{ kind: 'policy', policy: policyFromObject(o, source, fallbackNs) }];
      case 'Pod':
        return [{ kind: 'pod', pod: { namespace, name: md.name ?? '', labels: labels(md.labels), labelsKnown: true, source,
          ...(isIp(status.podIP) ? { ip: status.podIP } : {}), ...(typeof spec.nodeName === 'string' ? { node: spec.nodeName } : {}),
          ...(typeof status.phase === 'string' ? { status: status.phase } : {}), ...(spec.hostNetwork === true ? { hostNetwork: true } : {}) } }];
      case 'Namespace':
        return [{ kind: 'namespace', namespace: { name: md.name ?? '', labels: labels(md.labels), labelsKnown: true, source } }];
      case 'Service': {
        const ports = ((spec.ports as Record<string, unknown>[] | undefined) ?? []).map((p) => ({
          port: Number(p.port), protocol: String(p.protocol ?? 'TCP'),
          ...(p.nodePort ? { nodePort: Number(p.nodePort) } : {}), ...(p.targetPort !== undefined ? { targetPort: p.targetPort as string | number } : {}), ...(p.name ? { name: String(p.name) } : {}),
        }));
        const lb = ((status.loadBalancer as { ingress?: { ip?: string }[] } | undefined)?.ingress ?? []).map((x) => x.ip).filter(isIp);
        return [{ kind: 'service', service: { namespace, name: md.name ?? '', type: String(spec.type ?? 'ClusterIP'), ports, source,
          externalIps: [...lb, ...((spec.externalIPs as string[] | undefined) ?? [])],
          ...(isIp(spec.clusterIP) ? { clusterIp: spec.clusterIP } : {}), ...(spec.selector ? { selector: labels(spec.selector) } : {}) } }];
      }
      case 'Node': {
        const addrs = (status.addresses as { type: string; address: string }[] | undefined) ?? [];
        const internal = addrs.find((a) => a.type === 'InternalIP')?.address;
        const external = addrs.find((a) => a.type === 'ExternalIP')?.address;
        return [{ kind: 'kube-node', node: { name: md.name ?? '', labels: labels(md.labels), source,
          ...(internal ? { internalIp: internal } : {}), ...(external ? { externalIp: external } : {}),
          ...(typeof spec.podCIDR === 'string' ? { podCidr: spec.podCIDR } : {}) } }];
      }
      case 'Endpoints': {
        const subsets = (o.subsets as { addresses?: { ip: string }[]; ports?: { port: number }[] }[] | undefined) ?? [];
        const addresses = subsets.flatMap((s) => (s.addresses ?? []).flatMap((a) => (s.ports?.length ? s.ports.map((p) => `${a.ip}:${p.port}`) : [a.ip])));
        return [{ kind: 'endpoints', endpoints: { namespace, name: md.name ?? '', addresses, source } }];
      }
      default:
        return [];
    }
  });
}
