/**
 * The cluster's inventory, as the evidence shows it: its nodes (captured or listed by kubectl) with their IPs and
 * subnets, every pod with an IP (kubectl's, and the pod namespaces captured on a node), and the address ranges the
 * cluster uses (pod CIDR, VNet). A what-if rewires nodes from this and keeps everything else.
 */
import type { Host, Link, Netns, NodeMode, Pod, Snapshot, SourceRef } from '../../model/types.ts';
import { primaryIpv4 } from '../../model/netns.ts';
import { inCidr, isIpv4, networkOf, parseCidr } from '../../net/ip.ts';
import { hostNsOf, nodeSubnetCidr } from '../evidence.ts';
import { pluginProfile } from '../registry.ts';
import { podCidrOf } from '../fabric.ts';

export interface InvPod {
  /** `ns/name`, or the captured namespace's id when no pod name is known. */
  key: string;
  ref?: string;
  namespace?: string;
  name?: string;
  node: string;
  ip: string;
  labels: Record<string, string>;
  labelsKnown: boolean;
  /** The id its namespace has (the captured one, else `pod:ns/name`). */
  netnsId: string;
  captured?: Netns;
  /** The captured host end of its veth. */
  hostEnd?: Link;
  pod?: Pod;
}

export interface InvNode {
  name: string;
  ip?: string;
  host?: Host;
  subnet?: { cidr: string; source?: SourceRef };
  mode?: NodeMode;
  /** The node's pod range as the evidence shows it (kubectl podCIDR, cbr0's route, a Calico block). */
  block?: { cidr: string; how: string };
}

export interface Range { cidr: string; how: string; source?: SourceRef }

export interface Inventory {
  snap: Snapshot;
  nodes: InvNode[];
  pods: InvPod[];
  byIp: Map<string, InvPod>;
  /** The cluster's pod CIDR when it is apart from the VNet (kubenet, Overlay, Calico pools). */
  podCidr?: Range;
  /** The VNet (or the nodes' subnet) the node IPs come from. */
  vnet?: Range;
}

const hostEndOf = (h: Host, ns: Netns): Link | undefined => {
  const eth0 = ns.links.find((l) => l.peer?.netns === 'host');
  return eth0?.peer ? hostNsOf(h)?.links.find((l) => l.name === eth0.peer?.link) : undefined;
};

/** The node's pod range: kubectl's podCIDR, a route of a pod bridge, Calico's blackhole for its block. */
function blockOf(h: Host | undefined, podCidr: string | undefined): InvNode['block'] {
  if (podCidr) return { cidr: podCidr, how: 'kubectl podCIDR' };
  const ns = h ? hostNsOf(h) : undefined;
  const bridged = ns?.routes.find((r) => r.dev && ns.links.some((l) => l.name === r.dev && l.kind === 'bridge' && l.name !== 'docker0') && !r.gateway && /\/(1[6-9]|2\d)$/.test(r.dst));
  if (bridged) return { cidr: bridged.dst, how: `route ${bridged.dst} dev ${bridged.dev}` };
  const blackhole = ns?.routes.find((r) => r.type === 'blackhole' && /\/(2[4-9]|3[01])$/.test(r.dst));
  if (blackhole) return { cidr: blackhole.dst, how: `blackhole ${blackhole.dst} (Calico's block)` };
  return undefined;
}

export function buildInventory(snap: Snapshot): Inventory {
  const nodes = new Map<string, InvNode>();
  for (const h of snap.hosts) {
    const kn = snap.cluster.nodes.find((n) => n.name === h.name || (h.ip && n.internalIp === h.ip));
    const subnet = nodeSubnetCidr(h);
    const block = blockOf(h, kn?.podCidr);
    const ip = h.ip ?? kn?.internalIp;
    nodes.set(h.name, { name: h.name, host: h, ...(ip ? { ip } : {}), ...(subnet ? { subnet } : {}), ...(h.mode ? { mode: h.mode } : {}), ...(block ? { block } : {}) });
  }
  for (const n of snap.cluster.nodes) {
    if (nodes.has(n.name) || [...nodes.values()].some((x) => x.ip && x.ip === n.internalIp)) continue;
    const block = blockOf(undefined, n.podCidr);
    nodes.set(n.name, { name: n.name, ...(n.internalIp ? { ip: n.internalIp } : {}), ...(block ? { block } : {}) });
  }
  const pods = new Map<string, InvPod>();
  const byIp = new Map<string, InvPod>();
  const put = (p: InvPod): void => {
    if (pods.has(p.key)) return;
    pods.set(p.key, p);
    if (!byIp.has(p.ip)) byIp.set(p.ip, p);
  };
  // captured pod namespaces first: they carry the interfaces a what-if may keep
  for (const h of snap.hosts) {
    for (const ns of h.netns) {
      if (ns.kind !== 'pod') continue;
      const ip = primaryIpv4(ns);
      if (!ip || !isIpv4(ip)) continue;
      const pod = ns.pod ? snap.cluster.pods.find((p) => `${p.namespace}/${p.name}` === ns.pod) : undefined;
      const [namespace, name] = ns.pod ? ns.pod.split('/') as [string, string] : [undefined, undefined];
      const hostEnd = hostEndOf(h, ns);
      put({ key: ns.pod ?? ns.id, ...(ns.pod ? { ref: ns.pod } : {}), ...(namespace ? { namespace, name } : {}), node: h.name, ip,
        labels: pod?.labels ?? {}, labelsKnown: !!pod?.labelsKnown, netnsId: ns.id, captured: ns, ...(hostEnd ? { hostEnd } : {}), ...(pod ? { pod } : {}) });
    }
  }
  // kubectl names a node that was not captured, but a captured node's pod range holds the pod: the dumps win (seed 002)
  const capturedRanges = [...nodes.values()].filter((n) => n.host && n.block).map((n) => ({ node: n.name, cidr: (n.block as { cidr: string }).cidr }));
  for (const p of snap.cluster.pods) {
    if (!p.ip || !p.node || p.hostNetwork || !isIpv4(p.ip)) continue;
    const ref = `${p.namespace}/${p.name}`;
    const node = nodes.get(p.node)?.host ? p.node : capturedRanges.find((r) => inCidr(p.ip as string, r.cidr))?.node ?? p.node;
    put({ key: ref, ref, namespace: p.namespace, name: p.name, node, ip: p.ip, labels: p.labels, labelsKnown: !!p.labelsKnown, netnsId: `pod:${ref}`, pod: p });
  }
  const list = [...pods.values()].sort((a, b) => a.key.localeCompare(b.key));
  const subnets = [...nodes.values()].map((n) => n.subnet).filter((s): s is NonNullable<InvNode['subnet']> => !!s);
  const vnet: Range | undefined = subnets[0] ? { cidr: networkOfCidr(subnets[0].cidr), how: 'the nodes\' subnet', ...(subnets[0].source ? { source: subnets[0].source } : {}) } : undefined;
  const podCidr = podCidrOf(snap) ?? pluginPodCidr(snap, list, vnet);
  return { snap, nodes: [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name)), pods: list, byIp, ...(podCidr ? { podCidr } : {}), ...(vnet ? { vnet } : {}) };
}

export const networkOfCidr = (cidr: string): string => {
  const c = parseCidr(cidr);
  return c ? networkOf(c) : cidr;
};

/** Without a stated pod CIDR: the /16 that holds the pods of nodes whose plugin draws from a pod CIDR. */
function pluginPodCidr(snap: Snapshot, pods: InvPod[], vnet: Range | undefined): Range | undefined {
  const podCidrNodes = new Set(snap.hosts.filter((h) => pluginProfile(h.mode?.plugin)?.addressing.family === 'pod-cidr').map((h) => h.name));
  const ip = pods.find((p) => podCidrNodes.has(p.node) && !(vnet && inCidr(p.ip, vnet.cidr)))?.ip;
  return ip ? { cidr: networkOfCidr(`${ip}/16`), how: `the /16 holding the pods (${ip})` } : undefined;
}
