/**
 * The fabric between nodes: which node owns an address (captured addresses, pod routes, azure-vnet.json endpoints,
 * kubectl's pods and nodes' pod CIDRs), and how the network between the nodes gets a packet there — in the words of
 * the owning node's plugin profile (kubenet's route table, the VNet, Overlay's pod CIDRs), or plainly when unknown.
 */
import { inCidr, isIpv4, longestPrefixMatch, networkOf, parseCidr } from '../net/ip.ts';
import type { Host, Snapshot, SourceRef } from '../model/types.ts';
import { isPodDevice } from '../model/netns.ts';
import { pluginOf, pluginProfile } from './registry.ts';
import { KUBENET_SNAT_COMMENT } from './kubenet/index.ts';

export interface Owner {
  node: string;
  /** The captured host, when the inputs hold that node's dumps. */
  host?: Host;
  kind: 'node' | 'pod';
  /** Where the ownership comes from, for the step's explanation. */
  how: string;
  /** The owning prefix when ownership comes from a range (kubenet pod CIDR). */
  prefix?: string;
  source?: SourceRef;
}

/** The pod routes between nodes as far as the evidence lists them (kubenet's route table, Overlay's ranges). */
export interface PodRouteTable {
  /** The cluster's pod CIDR, and where it comes from. */
  cidr: { cidr: string; how: string; source?: SourceRef };
  routes: { prefix: string; node: string; source?: SourceRef }[];
}

export interface Ownership {
  ownerOf(ip: string): Owner | null;
  /**
   * The pod route table, when every node the inputs know has its range in it (kubectl's podCIDR, a captured pod bridge
   * route): then an address of the pod CIDR that no route holds has no route, rather than an unknown owner.
   */
  podRouteTable(): PodRouteTable | null;
  /** Ranges inside the cluster (node subnets, pod CIDRs, service IPs): an address outside them is external. */
  isInternal(ip: string): boolean;
  hostByName(name: string): Host | undefined;
}


export function buildOwnership(snap: Snapshot): Ownership {
  const exact = new Map<string, Owner>();
  const ranges: (Owner & { prefix: string })[] = [];
  const internal: string[] = [];
  const hostByName = new Map(snap.hosts.map((h) => [h.name, h]));
  const nodeIp = new Map<string, string>();
  for (const n of snap.cluster.nodes) if (n.internalIp) nodeIp.set(n.name, n.internalIp);
  const hostOf = (node: string) => hostByName.get(node) ?? snap.hosts.find((h) => h.ip && h.ip === nodeIp.get(node));
  const add = (ip: string, o: Owner) => { if (!exact.has(ip)) exact.set(ip, o); };

  for (const h of snap.hosts) {
    if (h.ip) add(h.ip, { node: h.name, host: h, kind: 'node', how: `node IP of ${h.name}` });
    const hostNs = h.netns.find((n) => n.kind === 'host');
    for (const ns of h.netns) {
      for (const l of ns.links) {
        for (const a of l.addresses) {
          if (a.family !== 'inet' || a.ip.startsWith('127.')) continue;
          if (ns.kind === 'pod') add(a.ip, { node: h.name, host: h, kind: 'pod', how: `${ns.pod ?? ns.id} on ${h.name}`, source: l.sources[0] });
          else if (!isPodDevice(l.name)) add(a.ip, { node: h.name, host: h, kind: 'node', how: `${l.name} of ${h.name}`, source: l.sources[0] });
        }
      }
    }
    for (const r of hostNs?.routes ?? []) {
      if (!r.dev || !isPodDevice(r.dev) || r.gateway) continue;
      const c = parseCidr(r.dst);
      if (!c) continue;
      if (c.prefix === 32) add(c.addr.toString(), { node: h.name, host: h, kind: 'pod', how: `route ${r.dst} dev ${r.dev} on ${h.name}`, source: r.source });
      else { ranges.push({ node: h.name, host: h, kind: 'pod', how: `pod range ${r.dst} on ${r.dev} of ${h.name}`, prefix: networkOf(c), source: r.source }); internal.push(r.dst); }
    }
    for (const r of hostNs?.routes ?? []) if (r.dev && !isPodDevice(r.dev) && !r.gateway && r.dst !== 'default' && r.scope === 'link') internal.push(r.dst);
    for (const e of h.azureEndpoints) for (const ip of e.ipAddresses) add(ip.split('/')[0] as string, { node: h.name, host: h, kind: 'pod', how: `azure-vnet.json endpoint ${e.id} on ${h.name}`, source: e.source });
  }
  for (const p of snap.cluster.pods) {
    if (!p.ip || !p.node || p.hostNetwork) continue;
    const host = hostOf(p.node);
    add(p.ip, { node: p.node, ...(host ? { host } : {}), kind: 'pod', how: `pod ${p.namespace}/${p.name} on ${p.node} (kubectl)`, source: p.source });
  }
  for (const n of snap.cluster.nodes) {
    const host = hostOf(n.name);
    if (n.internalIp) add(n.internalIp, { node: n.name, ...(host ? { host } : {}), kind: 'node', how: `INTERNAL-IP of ${n.name} (kubectl get nodes)`, source: n.source });
    if (n.podCidr) { ranges.push({ node: n.name, ...(host ? { host } : {}), kind: 'pod', how: `podCIDR ${n.podCidr} of ${n.name}`, prefix: n.podCidr, source: n.source }); internal.push(n.podCidr); }
  }
  for (const s of snap.cluster.services) for (const ip of [s.clusterIp, ...s.externalIps]) if (ip) internal.push(`${ip}/32`);
  const podCidr = podCidrOf(snap);
  const nodeNames = new Set([...snap.cluster.nodes.map((n) => n.name), ...snap.hosts.map((h) => h.name)]);
  const routed = new Map<string, (typeof ranges)[number]>();
  for (const r of ranges) if (!routed.has(r.node)) routed.set(r.node, r);
  const table: PodRouteTable | null = podCidr && nodeNames.size && [...nodeNames].every((n) => routed.has(n))
    ? { cidr: podCidr, routes: [...routed.values()].map((r) => ({ prefix: r.prefix, node: r.node, ...(r.source ? { source: r.source } : {}) })) } : null;

  return {
    ownerOf(ip) {
      const o = exact.get(ip);
      if (o?.host) return o;
      const best = longestPrefixMatch(ip, ranges, (r) => r.prefix);
      // kubectl names a node that was not captured, but a captured node's pod range holds the IP: the dumps win
      if (o && best?.host) return { ...best, how: `${best.how}; kubectl places it on ${o.node}` };
      return o ?? best;
    },
    isInternal(ip) {
      if (!isIpv4(ip)) return false;
      return exact.has(ip) || internal.some((c) => inCidr(ip, c)) || /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
    },
    hostByName: (name) => hostOf(name),
    podRouteTable: () => table,
  };
}

/** The pod CIDR the evidence names: az networkProfile, kubenet's MASQUERADE exception, Calico's pool ipset. */
export function podCidrOf(snap: Snapshot): PodRouteTable['cidr'] | undefined {
  const p = snap.cluster.networkProfile;
  if (typeof p?.podCidr === 'string' && parseCidr(p.podCidr)) return { cidr: p.podCidr, how: 'networkProfile podCidr' };
  for (const h of snap.hosts) {
    for (const c of h.iptables.nat?.chains.values() ?? []) {
      if (!c.builtin) continue;
      const r = c.rules.find((x) => x.text.includes(KUBENET_SNAT_COMMENT));
      const m = r ? /! -d (\S+)/.exec(r.text) : null;
      if (m && r) return { cidr: m[1] as string, how: "kubenet's MASQUERADE exception", ...(r.source ? { source: r.source } : {}) };
    }
    const pools = h.ipsets.find((s) => s.name === 'cali40all-ipam-pools' && s.members.length === 1);
    if (pools) return { cidr: pools.members[0] as string, how: 'Calico IP pool (cali40all-ipam-pools)', source: pools.source };
  }
  return undefined;
}

/** How the network between nodes carries a packet to its owner, in the words of the owner's plugin. */
export function fabricDetail(snap: Snapshot, owner: Owner, dst: string): string {
  const target = owner.host?.ip ? `${owner.node} (${owner.host.ip})` : owner.node;
  if (owner.kind === 'node') return `underlay: ${dst} is the ${owner.how}`;
  // a node that was not captured runs the cluster's most common plugin, as far as the evidence tells
  const profile = owner.host ? pluginOf(owner.host) : pluginProfile(snap.mode.dataplane);
  return profile ? profile.fabricDetail(owner, dst, target) : `fabric delivers ${dst} to ${target} (${owner.how})`;
}
