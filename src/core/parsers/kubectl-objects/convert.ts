/** kubectl YAML/JSON and `describe netpol` → pods, nodes, services, namespaces, policies, endpoints. */
import type { KubeObject } from './kubectl-objects.ts';
import type { LabelSelector, NetworkPolicyModel, SourceRef } from '../../model/types.ts';
import type { BlockContext, ConvertNote, Converted, Piece } from '../../convert/pieces.ts';

/** The namespace a kubectl command line names (`-n X`, `--namespace=X`). */
export const namespaceFromCommand = (cmd?: string): string | undefined => /(?:^|\s)(?:-n|--namespace)[= ]?(\S+)/.exec(cmd ?? '')?.[1];
export const isIp = (s: unknown): s is string => typeof s === 'string' && /^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]+:[0-9a-f:]*$/i.test(s);
export const labels = (v: unknown): Record<string, string> => (v && typeof v === 'object' ? v as Record<string, string> : {});

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

export function convertKubeObjects(objects: KubeObject[], ctx: BlockContext): Converted {
  const fallbackNs = namespaceFromCommand(ctx.command) ?? 'default';
  const notes: ConvertNote[] = [];
  const pieces = objects.flatMap((o, i): Piece[] => {
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
      case 'NodeNetworkConfig': {
        // Azure CNS's per-node network containers (the table form: kubectl-nnc)
        const ncs = Array.isArray(status.networkContainers) ? status.networkContainers as Record<string, unknown>[] : [];
        const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
        const containers = ncs.map((nc) => ({ ...(text(nc.id) ? { id: text(nc.id) } : {}), ...(text(nc.assignmentMode) ? { mode: text(nc.assignmentMode) } : {}),
          ...(text(nc.type) ? { type: text(nc.type) } : {}), ...(text(nc.subnetName) ? { subnet: text(nc.subnetName) } : {}),
          ...(text(nc.subnetAddressSpace) ? { subnetCidr: text(nc.subnetAddressSpace) } : {}), ...(typeof nc.version === 'number' ? { version: nc.version } : {}) }));
        return [{ kind: 'node-network-config', config: { name: md.name ?? '', containers, source, ...(md.namespace ? { namespace: md.namespace } : {}),
          ...(typeof spec.requestedIPCount === 'number' ? { requestedIps: spec.requestedIPCount } : {}),
          ...(typeof status.assignedIPCount === 'number' ? { allocatedIps: status.assignedIPCount } : {}),
          ...(text(status.status) ? { status: text(status.status) } : {}) } }];
      }
      default:
        notes.push({ recordIndex: i, kind: 'ignored', message: `a ${o.kind || 'kind-less'} object (${o.metadata?.name ?? 'unnamed'}): not part of the network model` });
        return [];
    }
  });
  return { pieces, notes };
}
