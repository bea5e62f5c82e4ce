/**
 * Pieces → Snapshot: merges what every block said into hosts, netns and the cluster; resolves veth peers
 * (ifindex pairs, link-netns names, azure-vnet.json HostIfName, /32 routes to a link), bridges and their ports,
 * pods ↔ netns (by IP, by nsenter PID through docker ps/inspect), node names (prompt, folder, node IP); and warns
 * about the gaps a trace would fall into.
 */
import type { Piece, View } from '../convert/pieces.ts';
import { reconcileLinkLists, reconcileViews, type ViewOf } from './views.ts';
import type { Host, InputSummary, ModelWarning, Netns, Pod, Snapshot, SourceRef } from '../model/types.ts';
import { parseCidr, cidrContains, parseIp, isIpv4 } from '../net/ip.ts';
import { inferredLink, mergeLink, netnsOf, newHost } from './hosts.ts';
import { mergeIptablesBlock } from './iptables.ts';
import { POD_VETH } from '../model/netns.ts';
import { detectModes, hostModeEvidence } from '../profiles/detect.ts';

export interface AssembleInput {
  pieces: Piece[];
  inputs: InputSummary[];
  /** nsenter PID → container id, from `docker inspect` blocks. */
  inspectPids: { node: string; container: string; pid: number }[];
}

function hostIn(hosts: Map<string, Host>, name: string): Host {
  let h = hosts.get(name);
  if (!h) { h = newHost(name); hosts.set(name, h); }
  return h;
}

type PieceOf<K extends Piece['kind']> = Extract<Piece, { kind: K }>;
interface Into {
  hosts: Map<string, Host>;
  snap: Snapshot;
  /** The view each route, neighbour and ip rule came from, and the link names each link list showed (see views.ts). */
  viewOf: ViewOf;
  linkLists: Map<Netns, { view: View; names: string[] }[]>;
}
const host = (into: Into, name: string): Host => hostIn(into.hosts, name);
const netnsAt = (into: Into, at: { node: string; netns: string }): Netns => netnsOf(host(into, at.node), at.netns);

/** How each piece enters the model: one handler per piece kind, so a piece without one is a type error, not a loss. */
const APPLY: { [K in Piece['kind']]: (p: PieceOf<K>, into: Into) => void } = {
  link: (p, into) => {
    const ns = netnsAt(into, p.at);
    mergeLink(ns, p.link);
    const view = p.at.view;
    if (!view) return;
    const lists = into.linkLists.get(ns) ?? [];
    const list = lists.find((l) => l.view.block === view.block) ?? (lists.push({ view, names: [] }), lists[lists.length - 1] as { view: View; names: string[] });
    list.names.push(p.link.name);
    into.linkLists.set(ns, lists);
  },
  route: (p, into) => { netnsAt(into, p.at).routes.push(p.route); if (p.at.view) into.viewOf.set(p.route, p.at.view); },
  neighbour: (p, into) => { netnsAt(into, p.at).neighbours.push(p.neighbour); if (p.at.view) into.viewOf.set(p.neighbour, p.at.view); },
  'ip-rule': (p, into) => { netnsAt(into, p.at).rules.push(p.rule); if (p.at.view) into.viewOf.set(p.rule, p.at.view); },
  sysctl: (p, into) => { (netnsAt(into, p.at).sysctl ??= Object.create(null) as NonNullable<Netns['sysctl']>)[p.key] = { value: p.value, source: p.source }; },
  bridge: (p, into) => {
    const ns = netnsAt(into, p.at);
    const br = mergeLink(ns, { ...inferredLink(p.bridge, 'bridge', p.source), ports: p.ports });
    br.kind = 'bridge';
    for (const port of p.ports) mergeLink(ns, { ...inferredLink(port, POD_VETH.test(port) ? 'veth' : 'other', p.source), master: p.bridge }).master ??= p.bridge;
  },
  fdb: (p, into) => { (netnsAt(into, p.at).fdb ??= []).push(p.entry); },
  packet: (p, into) => { (netnsAt(into, p.at).packets ??= []).push(p.packet); },
  iptables: (p, into) => { mergeIptablesBlock(host(into, p.node), p, into.snap.warnings); },
  ipset: (p, into) => {
    const h = host(into, p.node);
    const existing = h.ipsets.find((s) => s.name === p.set.name);
    if (existing) existing.members = [...new Set([...existing.members, ...p.set.members])];
    else h.ipsets.push(p.set);
  },
  'cni-config': (p, into) => { host(into, p.node).cni.push(p.config); },
  'azure-network': (p, into) => { host(into, p.node).azureNetworks.push(p.network); },
  'azure-endpoint': (p, into) => {
    const h = host(into, p.node);
    if (!h.azureEndpoints.some((e) => e.id === p.endpoint.id && e.hostIfName === p.endpoint.hostIfName)) h.azureEndpoints.push(p.endpoint);
  },
  'cni-event': (p, into) => { host(into, p.node).cniEvents.push(p.event); },
  'ipam-pool': (p, into) => { (host(into, p.node).azureIpam ??= { pools: [], addresses: [] }).pools.push(p.pool); },
  'ipam-address': (p, into) => { (host(into, p.node).azureIpam ??= { pools: [], addresses: [] }).addresses.push(p.address); },
  nic: (p, into) => { (host(into, p.node).nics ??= []).push(p.nic); },
  'netns-name': (p, into) => {
    const h = host(into, p.node);
    const e = h.netnsNames.find((n) => n.name === p.name);
    if (e) { if (p.id !== undefined) e.id = p.id; if (p.pids?.length) e.pids = p.pids; }
    else h.netnsNames.push({ name: p.name, source: p.source, ...(p.id !== undefined ? { id: p.id } : {}), ...(p.pids?.length ? { pids: p.pids } : {}) });
  },
  container: (p, into) => { host(into, p.node).containers.push(p.container); },
  pod: (p, { snap }) => { upsert(snap.cluster.pods, p.pod, (a) => `${a.namespace}/${a.name}`); },
  'kube-node': (p, { snap }) => { upsert(snap.cluster.nodes, p.node, (a) => a.name); },
  service: (p, { snap }) => { upsert(snap.cluster.services, p.service, (a) => `${a.namespace}/${a.name}`); },
  namespace: (p, { snap }) => { upsert(snap.cluster.namespaces, p.namespace, (a) => a.name); },
  policy: (p, { snap }) => {
    // `kubectl get netpol` rows hold only the selector: a full policy (YAML, describe) replaces them
    const i = snap.cluster.policies.findIndex((x) => x.namespace === p.policy.namespace && x.name === p.policy.name);
    if (i < 0) snap.cluster.policies.push(p.policy);
    else if (p.policy.policyTypes.length || !snap.cluster.policies[i]?.policyTypes.length) snap.cluster.policies[i] = p.policy;
  },
  endpoints: (p, { snap }) => { upsert(snap.cluster.endpoints, p.endpoints, (a) => `${a.namespace}/${a.name}`); },
  'node-network-config': (p, { snap }) => { upsert(snap.cluster.nodeNetworkConfigs ??= [], p.config, (a) => `${a.namespace ?? ''}/${a.name}`); },
  'network-profile': (p, { snap }) => { snap.cluster.networkProfile = p.profile; },
};

function applyPiece(into: Into, p: Piece): void {
  (APPLY[p.kind] as (p: Piece, into: Into) => void)(p, into);
}

/** Later statements win (seed 001 labels a namespace, then lists the namespaces again). Merges known fields. */
function upsert<T extends object>(list: T[], item: T, key: (t: T) => string): void {
  const k = key(item);
  const i = list.findIndex((x) => key(x) === k);
  if (i < 0) { list.push(item); return; }
  const merged = { ...list[i] } as Record<string, unknown>;
  for (const [f, v] of Object.entries(item)) {
    if (v === undefined) continue;
    if (f === 'labelsKnown' && v === false && merged.labelsKnown) continue;
    if (f === 'labels' && 'labelsKnown' in item && !(item as { labelsKnown: boolean }).labelsKnown) continue;
    if (f === 'labels' && typeof v === 'object' && v && !Object.keys(v).length && merged.labels && !('labelsKnown' in item)) continue;
    merged[f] = v;
  }
  list[i] = merged as T;
}

const v4 = (ns: Netns): string | undefined => {
  for (const l of ns.links) {
    if (l.kind === 'loopback' || l.name === 'lo') continue;
    const a = l.addresses.find((x) => x.family === 'inet' && x.scope !== 'host');
    if (a) return a.ip;
  }
  return undefined;
};

/** The node's own IP: eth0's IPv4, else the bridge that took eth0 over (azure0 in bridge mode). */
function hostIp(h: Host): string | undefined {
  const ns = h.netns.find((n) => n.id === 'host');
  if (!ns) return undefined;
  const pick = (name: string): string | undefined => ns.links.find((l) => l.name === name)?.addresses.find((a) => a.family === 'inet')?.ip;
  return pick('eth0') ?? pick('azure0') ?? pick('ens33') ?? pick('eth1') ?? ns.links.find((l) => l.kind === 'ether')?.addresses.find((a) => a.family === 'inet')?.ip;
}

/**
 * Two captures of one pod netns become one: nsenter PIDs that `ip netns pids NAME` lists belong to NAME, and
 * views with the same netns name, or the same eth0 (ifindex and MAC), are the same namespace.
 */
function mergePodViews(h: Host): void {
  for (const ns of h.netns) {
    if (ns.kind !== 'pod' || ns.pid === undefined || ns.name) continue;
    const entry = h.netnsNames.find((n) => n.pids?.includes(ns.pid as number));
    if (entry) ns.name = entry.name;
  }
  const keyOf = (ns: Netns): string | undefined => {
    if (ns.name) return `name:${ns.name}`;
    const eth0 = ns.links.find((l) => l.name === 'eth0' && l.ifindex !== undefined && l.mac);
    return eth0 ? `eth0:${eth0.ifindex}/${eth0.mac}` : undefined;
  };
  const firstByKey = new Map<string, Netns>();
  h.netns = h.netns.filter((ns) => {
    if (ns.kind !== 'pod') return true;
    const key = keyOf(ns);
    if (!key) return true;
    const first = firstByKey.get(key);
    if (!first) { firstByKey.set(key, ns); return true; }
    for (const l of ns.links) mergeLink(first, l);
    first.routes.push(...ns.routes);
    first.neighbours.push(...ns.neighbours);
    first.rules.push(...ns.rules);
    first.sources.push(...ns.sources);
    return false;
  });
}

/** Connects each pod netns to the host end of its veth and builds the netns that only the host side shows. */
function resolveVeths(h: Host, warnings: ModelWarning[]): void {
  const hostNs = netnsOf(h, 'host');
  const hostHasDump = hostNs.links.some((l) => l.ifindex !== undefined && !l.inferred);
  // 1. captures from inside pods: eth0@ifN ↔ host ifindex N
  for (const ns of h.netns) {
    if (ns.kind !== 'pod') continue;
    for (const l of ns.links) {
      if (l.peerIndex === undefined || l.peer) continue;
      const peer = hostNs.links.find((x) => x.ifindex === l.peerIndex);
      if (peer) {
        l.peer = { netns: 'host', link: peer.name };
        peer.peer = { netns: ns.id, link: l.name };
        if (peer.peerIndex !== undefined && l.ifindex !== undefined && peer.peerIndex !== l.ifindex) {
          warnings.push({ severity: 'warning', node: h.name, message: `${peer.name}@if${peer.peerIndex} does not point back at ${l.name} (ifindex ${l.ifindex}) in ${ns.id}`, source: peer.sources[0] as SourceRef });
        }
      } else if (hostHasDump && l.name !== 'lo') {
        warnings.push({ severity: 'warning', node: h.name, message: `${l.name}@if${l.peerIndex} in ${ns.id} has no peer in the host dump`, source: l.sources[0] as SourceRef });
      }
    }
  }
  // 2. host ends whose pod side was not captured: build the pod netns from what the host shows
  for (const l of [...hostNs.links]) {
    if (l.peer || l.kind !== 'veth' || !POD_VETH.test(l.name)) continue;
    if (l.peerName && hostNs.links.some((x) => x.name === l.peerName)) continue; // both ends in the root ns (weave)
    const named = l.peerNetnsRef && !l.peerNetnsRef.startsWith('netnsid:') ? h.netns.find((n) => n.name === l.peerNetnsRef) : undefined;
    const ns = named ?? netnsOf(h, `pod:${l.peerNetnsRef && !l.peerNetnsRef.startsWith('netnsid:') ? l.peerNetnsRef : l.name}`);
    if (!named) {
      ns.inferred = true;
      if (l.peerNetnsRef && !l.peerNetnsRef.startsWith('netnsid:')) ns.name = l.peerNetnsRef;
    }
    let eth0 = ns.links.find((x) => (l.peerIndex !== undefined && x.ifindex === l.peerIndex) || (x.name === 'eth0'));
    if (!eth0) {
      eth0 = mergeLink(ns, { ...inferredLink('eth0', 'veth', l.sources[0] as SourceRef), ...(l.peerIndex !== undefined ? { ifindex: l.peerIndex } : {}), peerIndex: l.ifindex ?? 0 });
    }
    eth0.peer = { netns: 'host', link: l.name };
    l.peer = { netns: ns.id, link: eth0.name };
  }
}

/** A /32 route to a pod veth (transparent mode, Calico): the host veth it names and the pod IP behind it. */
function podRoutes(h: Host): { dev: string; ip: string; source: SourceRef }[] {
  const out: { dev: string; ip: string; source: SourceRef }[] = [];
  for (const r of netnsOf(h, 'host').routes) {
    if (!r.dev || !POD_VETH.test(r.dev) || r.gateway) continue;
    const c = parseCidr(r.dst);
    if (c && c.prefix === 32) out.push({ dev: r.dev, ip: c.addr.toString(), source: r.source });
  }
  return out;
}

/**
 * Host veths that no `ip addr` showed but other evidence names — a /32 route, an azure-vnet.json endpoint
 * (with its netns), a CNI log's proxy-ARP line — are added before the veths are resolved, once.
 */
function declareHostEnds(h: Host): void {
  const hostNs = netnsOf(h, 'host');
  for (const r of podRoutes(h)) if (!hostNs.links.some((l) => l.name === r.dev)) mergeLink(hostNs, inferredLink(r.dev, 'veth', r.source));
  for (const ep of h.azureEndpoints) {
    if (ep.hostIfName) mergeLink(hostNs, { ...inferredLink(ep.hostIfName, 'veth', ep.source), ...(ep.netns ? { peerNetnsRef: ep.netns.split('/').pop() as string } : {}) });
  }
  for (const ev of h.cniEvents) {
    if (ev.event !== 'proxy-arp') continue;
    const l = hostNs.links.find((x) => x.name === ev.dev) ?? mergeLink(hostNs, inferredLink(ev.dev as string, 'veth', ev.source));
    l.proxyArp = { on: true, source: ev.source };
  }
}

/**
 * Proxy ARP from `sysctl` (`sysctl -a | grep proxy_arp`), a reading of the kernel that outranks a CNI log line: a
 * link answers when its own `net.ipv4.conf.<if>.proxy_arp` or `conf.all`'s is 1. sysctl prints a dot in an
 * interface name as a slash (`vxlan/calico`).
 */
function proxyArpFromSysctl(ns: Netns): void {
  const settings = ns.sysctl;
  if (!settings) return;
  const all = settings['net.ipv4.conf.all.proxy_arp'];
  for (const [key, { value, source }] of Object.entries(settings)) {
    const m = /^net\.ipv4\.conf\.(.+)\.proxy_arp$/.exec(key);
    const name = m?.[1]?.replace(/\//g, '.');
    if (!name || name === 'all' || name === 'default') continue;
    const link = ns.links.find((l) => l.name === name);
    if (!link) continue;
    link.proxyArp = all?.value === '1' ? { on: true, source: all.source } : { on: value === '1', source };
  }
}

/** The pod netns and its eth0 at the other end of host veth `dev`, once veths are resolved. */
function podBehind(h: Host, dev: string) {
  const link = netnsOf(h, 'host').links.find((l) => l.name === dev);
  const ns = link?.peer ? h.netns.find((n) => n.id === link.peer?.netns) : undefined;
  const eth0 = ns?.links.find((x) => x.name === link?.peer?.link);
  return ns && eth0 ? { ns, eth0 } : undefined;
}

/** What the host side says about the pods it built: IPs from /32 routes and azure-vnet.json, names, routes, ARP. */
function fillInferredPods(h: Host): void {
  for (const r of podRoutes(h)) {
    const pod = podBehind(h, r.dev);
    if (pod?.ns.inferred && !pod.eth0.addresses.some((a) => a.ip === r.ip)) pod.eth0.addresses.push({ family: 'inet', ip: r.ip, prefixlen: 32, scope: 'global' });
  }
  for (const ep of h.azureEndpoints) {
    const pod = ep.hostIfName ? podBehind(h, ep.hostIfName) : undefined;
    if (!pod) continue;
    for (const cidr of ep.ipAddresses) {
      const [ip, len] = cidr.split('/');
      if (ip && !pod.eth0.addresses.some((a) => a.ip === ip)) pod.eth0.addresses.push({ family: ip.includes(':') ? 'inet6' : 'inet', ip, prefixlen: Number(len ?? 32), scope: 'global' });
    }
    if (ep.podName && ep.podNamespace) pod.ns.pod = `${ep.podNamespace}/${ep.podName}`;
    if (pod.ns.inferred) for (const r of ep.routes) pod.ns.routes.push({ dst: r.dst, ...(r.gateway ? { gateway: r.gateway } : {}), dev: 'eth0', table: 'main', source: ep.source });
  }
  // CNI log: the ADD names the pod, the veth line the host end; static ARP and routes inside the pod follow
  let currentPod: string | undefined;
  let currentHostIf: string | undefined;
  for (const ev of h.cniEvents) {
    if (ev.event === 'add' && typeof ev.podName === 'string') currentPod = `${String(ev.podNamespace ?? 'default')}/${ev.podName}`;
    if (ev.event === 'veth') currentHostIf = ev.hostIfName as string;
    const pod = currentHostIf ? podBehind(h, currentHostIf) : undefined;
    if (!pod) continue;
    if (ev.event === 'static-arp') pod.ns.neighbours.push({ ip: ev.ip as string, mac: ev.mac as string, dev: 'eth0', state: ['PERMANENT'], source: ev.source });
    if (pod.ns.inferred && ev.event === 'route' && ev.dev === 'eth0') {
      pod.ns.routes.push({ dst: ev.dst as string, ...(ev.gateway ? { gateway: ev.gateway as string } : { scope: 'link' }), dev: 'eth0', table: 'main', source: ev.source });
    }
    if (currentPod && !pod.ns.pod) pod.ns.pod = currentPod;
  }
}

function matchPods(h: Host, pods: Pod[], inspectPids: AssembleInput['inspectPids']): void {
  for (const ns of h.netns) {
    if (ns.kind !== 'pod') continue;
    if (!ns.pod) {
      const ip = v4(ns);
      const candidates = pods.filter((p) => p.ip === ip && !p.hostNetwork);
      const onNode = candidates.filter((p) => !p.node || p.node === h.name);
      const pick = onNode.length === 1 ? onNode[0] : candidates.length === 1 ? candidates[0] : undefined;
      if (pick) ns.pod = `${pick.namespace}/${pick.name}`;
    }
    // captured with `kubectl exec POD --` (the id names the pod) or in a container (`docker exec ID`, a prompt showing its id)
    const exec = /^pod:([^/]+\/[^/]+)$/.exec(ns.id);
    if (!ns.pod && exec) ns.pod = exec[1] as string;
    const cid = /^pod:([0-9a-f]{12}|[0-9a-f]{64})$/.exec(ns.id)?.[1];
    const inContainer = cid ? h.containers.find((k) => k.id.startsWith(cid) || cid.startsWith(k.id)) : undefined;
    if (!ns.pod && inContainer?.pod && inContainer.namespace) ns.pod = `${inContainer.namespace}/${inContainer.pod}`;
    if (!ns.pod && ns.pid !== undefined) {
      const c = inspectPids.find((x) => x.pid === ns.pid && x.node === h.name);
      const container = c ? h.containers.find((k) => k.id.startsWith(c.container) || c.container.startsWith(k.id)) : undefined;
      if (container?.pod && container.namespace) ns.pod = `${container.namespace}/${container.pod}`;
    }
  }
  // ids become `pod:ns/name` once known (the trace contract names netns so)
  for (const ns of h.netns) {
    if (ns.kind !== 'pod' || !ns.pod) continue;
    const oldId = ns.id;
    const newId = `pod:${ns.pod}`;
    if (oldId === newId || h.netns.some((n) => n.id === newId)) continue;
    ns.id = newId;
    for (const other of h.netns) for (const l of other.links) if (l.peer?.netns === oldId) l.peer.netns = newId;
  }
}

function warnGaps(h: Host, warnings: ModelWarning[]): void {
  const hostNs = h.netns.find((n) => n.id === 'host');
  if (!hostNs || !hostNs.routes.length) return;
  for (const ns of h.netns) {
    if (ns.kind !== 'pod') continue;
    const ip = v4(ns);
    const addr = ip ? parseIp(ip) : null;
    if (!ip || !addr) continue;
    const covered = hostNs.routes.some((r) => {
      const c = parseCidr(r.dst);
      return c && c.prefix > 0 && cidrContains(c, addr) && !r.gateway;
    });
    if (!covered) warnings.push({ severity: 'warning', node: h.name, message: `pod ${ip}${ns.pod ? ` (${ns.pod})` : ''} has no host route`, ...(ns.links[0]?.sources[0] ? { source: ns.links[0].sources[0] } : {}) });
  }
}

/**
 * A node named by its prompt whose pod CIDR holds pods kubectl places on another node: the capture may be from that
 * node (seed 002 ssh-jumps to one cluster's node, then shows a kubenet node of another cluster).
 */
function warnNodeName(h: Host, pods: Pod[], warnings: ModelWarning[]): void {
  const hostNs = h.netns.find((n) => n.id === 'host');
  if (!hostNs) return;
  for (const r of hostNs.routes) {
    const bridge = hostNs.links.find((l) => l.name === r.dev && l.kind === 'bridge');
    const cidr = bridge && !r.gateway ? parseCidr(r.dst) : null;
    if (!cidr || cidr.prefix === 0 || cidr.prefix === 32) continue;
    const inside = pods.filter((p) => !p.hostNetwork && p.node && p.ip && isIpv4(p.ip) && cidrContains(cidr, parseIp(p.ip) as NonNullable<ReturnType<typeof parseIp>>));
    const nodes = [...new Set(inside.map((p) => p.node as string))];
    if (nodes.length !== 1 || nodes[0] === h.name) continue;
    const ips = inside.slice(0, 3).map((p) => p.ip).join(', ');
    warnings.push({ severity: 'warning', node: h.name, source: r.source,
      message: `node ${h.name}: its pod CIDR ${r.dst} (on ${r.dev}) holds pods kubectl places on ${nodes[0]} (${ips}${inside.length > 3 ? ', …' : ''}): this capture may be from ${nodes[0]}` });
  }
}

function warnPolicySelectors(snap: Snapshot, warnings: ModelWarning[]): void {
  const known = snap.cluster.namespaces.filter((n) => n.labelsKnown);
  if (!known.length) return;
  for (const pol of snap.cluster.policies) {
    for (const rule of [...pol.ingress.map((r) => r.from ?? []), ...pol.egress.map((r) => r.to ?? [])]) {
      for (const peer of rule) {
        const ml = peer.namespaceSelector?.matchLabels;
        if (!ml || !Object.keys(ml).length) continue;
        const hits = known.filter((n) => Object.entries(ml).every(([k, v]) => n.labels[k] === v));
        if (!hits.length) {
          warnings.push({ severity: 'warning', source: pol.source,
            message: `policy ${pol.namespace}/${pol.name}: namespaceSelector ${Object.entries(ml).map(([k, v]) => `${k}=${v}`).join(',')} matches no namespace (namespace labels are not set by default)` });
        }
      }
    }
  }
}

/** Host-network pods (kube-proxy, CNI agents) share the node's IP: an IP that two pods on the node share is the node's. */
function sharedPodIp(node: string, pods: Pod[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of pods) if (p.node === node && p.ip) counts.set(p.ip, (counts.get(p.ip) ?? 0) + 1);
  const [ip, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return ip && (n ?? 0) >= 2 ? ip : undefined;
}

/** Unnamed node: its eth0 IP names it, through `kubectl get nodes` or the host-network pods that share it. */
function nameNodes(hosts: Map<string, Host>, snap: Snapshot): void {
  for (const [name, h] of [...hosts]) {
    h.ip = hostIp(h) ?? sharedPodIp(h.name, snap.cluster.pods);
    if (!name.startsWith('node-') || !h.ip) continue;
    const byNode = snap.cluster.nodes.find((n) => n.internalIp === h.ip)?.name;
    const byPod = snap.cluster.pods.find((p) => p.ip === h.ip && p.node)?.node;
    const better = byNode ?? byPod;
    if (better && !hosts.has(better)) { hosts.delete(name); h.name = better; hosts.set(better, h); }
  }
  const nodeIps = new Set([...snap.cluster.nodes.map((n) => n.internalIp), ...[...hosts.values()].map((h) => h.ip)].filter(Boolean));
  for (const p of snap.cluster.pods) if (p.ip && nodeIps.has(p.ip)) p.hostNetwork = true;
}

export function assemble(input: AssembleInput): Snapshot {
  const snap: Snapshot = {
    hosts: [], cluster: { pods: [], nodes: [], services: [], namespaces: [], policies: [], endpoints: [] },
    mode: { dataplane: 'unknown', policy: 'unknown', detected: [] }, inputs: input.inputs, warnings: [],
  };
  const hosts = new Map<string, Host>();
  const into: Into = { hosts, snap, viewOf: new WeakMap(), linkLists: new Map() };
  for (const p of input.pieces) applyPiece(into, p);
  for (const h of hosts.values()) {
    reconcileViews(h, into.viewOf, snap.warnings);
    for (const ns of h.netns) reconcileLinkLists(h, ns, into.linkLists.get(ns) ?? [], snap.warnings);
  }
  for (const p of input.pieces) {
    if (p.kind === 'link' && p.at.netns.startsWith('pod:pid-')) {
      const ns = hosts.get(p.at.node)?.netns.find((n) => n.id === p.at.netns);
      if (ns) ns.pid = Number(p.at.netns.slice(8));
    }
  }
  nameNodes(hosts, snap);
  for (const h of hosts.values()) {
    if (!h.netns.some((n) => n.id === 'host')) netnsOf(h, 'host');
    h.netns.sort((a, b) => (a.id === 'host' ? -1 : b.id === 'host' ? 1 : 0));
    // ports named by `master X` in ip addr complete the bridge's port list
    const hostNs = netnsOf(h, 'host');
    for (const l of hostNs.links) {
      if (!l.master) continue;
      const br = hostNs.links.find((x) => x.name === l.master);
      if (br && br.kind === 'bridge') br.ports = [...new Set([...(br.ports ?? []), l.name])];
    }
    mergePodViews(h);
    declareHostEnds(h);
    for (const ns of h.netns) proxyArpFromSysctl(ns);
    resolveVeths(h, snap.warnings);
    fillInferredPods(h);
    matchPods(h, snap.cluster.pods, input.inspectPids);
    warnGaps(h, snap.warnings);
    warnNodeName(h, snap.cluster.pods, snap.warnings);
    h.modes = hostModeEvidence(h);
    if (h.ip && !isIpv4(h.ip)) delete h.ip;
  }
  snap.hosts = [...hosts.values()].sort((a, b) => a.name.localeCompare(b.name));
  snap.mode = detectModes(snap);
  warnPolicySelectors(snap, snap.warnings);
  return snap;
}
