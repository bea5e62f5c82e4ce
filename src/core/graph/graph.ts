/**
 * Snapshot → GraphSpec: plain nodes and edges with stable ids, placed (layout.ts). One box per node; in it the
 * pod namespaces (each with its eth0) in rows, each host end of a veth directly below its pod, the bridges,
 * the host namespace's routing and netfilter stage, the NICs at the bottom; the fabric between nodes in a lane
 * under them. Edges: veth pairs, bridge ports, routes, the fabric and tunnels. Big nodes collapse their pods
 * (and a host with very many interfaces its interfaces) into one bundle until expanded. The Cytoscape adapter
 * draws it; tests read it through `__packetpath.graph()` and `layout()`.
 */
import type { Host, Link, Netns, Snapshot } from '../model/types.ts';
import { ruleCount } from '../model/netns.ts';
import { FABRIC_ID, fabricsOf } from './fabric.ts';
import { labelOf } from './labels.ts';
import { placeTopology, type HostPlan, type PodPlan } from './layout.ts';

export type GraphNodeKind = 'node' | 'netns' | 'link' | 'fabric' | 'bundle' | 'group' | 'chain' | 'rule' | 'hook';
/** A leaf's place: centre and size in model pixels. Compounds have none: they wrap their children. */
export interface Box { x: number; y: number; w: number; h: number }
export interface GraphNode {
  id: string; kind: GraphNodeKind; label: string; parent?: string; classes: string[];
  /** The full text when the label was shortened (hover shows it). */
  title?: string;
  pos?: Box;
  /** Fabric elements: the nodes they join. */
  hosts?: string[];
}
export type GraphEdgeKind = 'veth' | 'bridge-port' | 'route' | 'fabric' | 'tunnel' | 'jump' | 'goto';
export interface Point { x: number; y: number }
/** How an edge is drawn: where it leaves its source and meets its target (offsets from their centres), and the bends between. */
export interface EdgeRoute { from: Point; to: Point; bends: Point[] }
export interface GraphEdge { id: string; source: string; target: string; kind: GraphEdgeKind; label?: string; classes: string[]; route?: EdgeRoute }
export interface GraphSpec { nodes: GraphNode[]; edges: GraphEdge[] }

export interface GraphOptions {
  /** Pod namespaces per node above which they collapse into one bundle (unless the node is expanded). */
  collapseAbove?: number;
  /** Nodes whose pods are shown one by one even when many; `<node>/links` for a node's interfaces. */
  expanded?: ReadonlySet<string>;
  /** Put pods in one box per Kubernetes namespace. */
  groupByNamespace?: boolean;
  /** Host interfaces (besides pod veths and bridges) above which they collapse into one bundle. */
  linksAbove?: number;
  /** The canvas's width / height: the layout picks its number of pod columns for it. */
  aspect?: number;
}

export const hostId = (host: string): string => `node:${host}`;
export const netnsId = (host: string, netns: string): string => `netns:${host}/${netns}`;
export const linkId = (host: string, netns: string, link: string): string => `link:${host}/${netns}/${link}`;
export { FABRIC_ID };

/** Label widths, in characters: a pod column is as wide as its longest line. */
const POD_CHARS = 20;
const LINK_CHARS = 22;
const HOST_CHARS = 40;

const ipv4Of = (l: Link | undefined): string | undefined => l?.addresses.find((a) => a.family === 'inet')?.ip;

/** The NIC that carries the node's IP (eth0 usually): where the fabric attaches. */
function primaryNic(h: Host, ns: Netns): string | undefined {
  const byIp = h.ip ? ns.links.find((l) => l.addresses.some((a) => a.ip === h.ip)) : undefined;
  return (byIp ?? ns.links.find((l) => l.name === 'eth0') ?? ns.links.find((l) => l.kind === 'ether'))?.name;
}

/** The node, in the pod box's header: `coredns-754f947b4-tcct9` over `kube-system`. */
function podLines(ns: Netns): string[] {
  if (ns.pod) {
    const slash = ns.pod.indexOf('/');
    return [ns.pod.slice(slash + 1), ns.pod.slice(0, slash)];
  }
  return [ns.name ?? ns.id.replace(/^pod:/, ''), ns.inferred ? '(seen from the host)' : 'pod namespace'];
}

const titled = (label: string, full: string): { title?: string } => (label.replace(/\n/g, ' ') === full ? {} : { title: full });

function stageLabel(h: Host, hostNs: Netns | undefined): string {
  const routes = hostNs?.routes.length ?? 0;
  const tables = Object.values(h.iptables);
  const rules = tables.reduce((a, t) => a + ruleCount(t), 0);
  return ['host namespace: routing · netfilter',
    `${routes ? `${routes} routes` : 'routes not captured'} · ${tables.length ? `iptables ${rules.toLocaleString('en')} rules` : 'iptables not captured'}`].join('\n');
}

function linkLabel(l: Link): string {
  const ip = ipv4Of(l);
  return labelOf([l.name, ip], LINK_CHARS);
}

export function buildGraph(snap: Snapshot, options: GraphOptions = {}): GraphSpec {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const collapseAbove = options.collapseAbove ?? Infinity;
  const linksAbove = options.linksAbove ?? 24;
  const plans: HostPlan[] = [];
  const fabrics = fabricsOf(snap);
  for (const h of snap.hosts) {
    const hid = hostId(h.name);
    const hostLabel = labelOf([h.name, h.ip], HOST_CHARS);
    nodes.push({ id: hid, kind: 'node', label: hostLabel, classes: ['node'], ...titled(hostLabel, [h.name, h.ip].filter(Boolean).join(' ')) });
    const hostNs = h.netns.find((n) => n.kind === 'host');
    const hostLinks = new Map((hostNs?.links ?? []).map((l) => [l.name, l]));
    const pods = h.netns.filter((n) => n.kind === 'pod').sort((a, b) => (a.pod ?? a.id).localeCompare(b.pod ?? b.id, 'en', { numeric: true }));
    const collapsed = pods.length > collapseAbove && !options.expanded?.has(h.name);
    const plan: HostPlan = { id: hid, pods: [], groups: [], bridges: [], nics: [], stage: netnsId(h.name, 'host'), routes: [] };
    const hostEnds = new Set<string>();
    const bridgeOf = new Map<string, string>();
    for (const l of hostNs?.links ?? []) if (l.kind === 'bridge') for (const p of l.ports ?? []) bridgeOf.set(p, l.name);
    for (const l of hostNs?.links ?? []) if (l.master && hostLinks.get(l.master)?.kind === 'bridge') bridgeOf.set(l.name, l.master);

    // pods, each with its eth0 and the host end of its veth
    if (collapsed) {
      const id = `bundle:${h.name}/pods`;
      nodes.push({ id, kind: 'bundle', label: `${pods.length} pods\n(click to expand)`, parent: hid, classes: ['bundle'] });
      plan.bundle = id;
      for (const ns of pods) for (const l of ns.links) if (l.peer?.netns === 'host') hostEnds.add(l.peer.link);
      const bridge = hostNs?.links.find((l) => l.kind === 'bridge' && (l.ports?.length ?? 0) > 0);
      const target = bridge ? linkId(h.name, 'host', bridge.name) : plan.stage;
      edges.push({ id: `bundle-edge:${h.name}`, source: id, target, kind: 'veth', classes: ['veth', 'bundle'] });
    } else {
      const groups = new Map<string, string>();
      for (const ns of pods) {
        const nsId = netnsId(h.name, ns.id);
        let parent = hid;
        let group: string | undefined;
        if (options.groupByNamespace) {
          const k8sNs = ns.pod?.split('/')[0] ?? '(no pod matched)';
          group = `group:${h.name}/${k8sNs}`;
          parent = group;
          if (!groups.has(group)) {
            groups.set(group, k8sNs);
            const label = labelOf([`namespace ${k8sNs}`], POD_CHARS * 2);
            nodes.push({ id: group, kind: 'group', label, parent: hid, classes: ['k8s-namespace'] });
            plan.groups.push(group);
          }
        }
        const lines = podLines(ns);
        const label = labelOf(lines, POD_CHARS);
        nodes.push({ id: nsId, kind: 'netns', label, parent, classes: ['pod-netns', ...(ns.inferred ? ['inferred'] : [])], ...titled(label, lines.join(' ')) });
        const pod: PodPlan = { id: nsId, label, ...(group ? { group } : {}) };
        const eth0 = ns.links.find((l) => l.name === 'eth0') ?? ns.links.find((l) => l.kind !== 'loopback');
        if (eth0) {
          const id = linkId(h.name, ns.id, eth0.name);
          const ip = ipv4Of(eth0);
          const elabel = labelOf([ip ? `${eth0.name} ${ip}` : eth0.name], POD_CHARS);
          nodes.push({ id, kind: 'link', label: elabel, parent: nsId, classes: [eth0.kind, 'pod-eth0', ...(eth0.inferred ? ['inferred'] : [])] });
          pod.eth0 = id;
          const peer = eth0.peer?.netns === 'host' ? hostLinks.get(eth0.peer.link) : undefined;
          if (peer) {
            const hid2 = linkId(h.name, 'host', peer.name);
            const plabel = labelOf([peer.name], POD_CHARS);
            nodes.push({ id: hid2, kind: 'link', label: plabel, parent, classes: [peer.kind, 'host-end', ...(peer.inferred ? ['inferred'] : [])], ...titled(plabel, peer.name) });
            hostEnds.add(peer.name);
            pod.hostEnd = hid2;
            edges.push({ id: `veth:${h.name}/${ns.id}/${eth0.name}`, source: id, target: hid2, kind: 'veth', classes: ['veth', ...(eth0.inferred || peer.inferred ? ['inferred'] : [])] });
            const bridge = bridgeOf.get(peer.name);
            if (bridge) {
              edges.push({ id: `port:${h.name}/${bridge}/${peer.name}`, source: hid2, target: linkId(h.name, 'host', bridge), kind: 'bridge-port', classes: ['bridge-port'] });
              pod.bridge = linkId(h.name, 'host', bridge);
            } else {
              const captured = hostNs?.routes.some((r) => r.dev === peer.name) ?? false;
              edges.push({ id: `route:${h.name}/${peer.name}`, source: hid2, target: plan.stage, kind: 'route', classes: ['route', ...(captured ? [] : ['inferred'])] });
            }
          }
        }
        plan.pods.push(pod);
      }
    }

    // the host namespace: bridges, the routing/netfilter stage, NICs and other interfaces
    const stageText = stageLabel(h, hostNs);
    nodes.push({ id: plan.stage, kind: 'netns', label: stageText, parent: hid, classes: ['host-netns', 'stage', ...(hostNs ? [] : ['inferred'])] });
    const nicName = hostNs ? primaryNic(h, hostNs) : undefined;
    const others: Link[] = [];
    for (const l of hostNs?.links ?? []) {
      if (l.kind === 'loopback' || hostEnds.has(l.name)) continue;
      // collapsed pods take the host ends of their veths with them
      if (collapsed && l.kind === 'veth' && (l.master || l.peer?.netns.startsWith('pod:'))) continue;
      const id = linkId(h.name, 'host', l.name);
      if (l.kind === 'bridge') {
        const label = linkLabel(l);
        nodes.push({ id, kind: 'link', label, parent: hid, classes: ['bridge', ...(l.inferred ? ['inferred'] : [])], ...titled(label, [l.name, ipv4Of(l)].filter(Boolean).join(' ')) });
        plan.bridges.push(id);
        const captured = hostNs?.routes.some((r) => r.dev === l.name) ?? false;
        edges.push({ id: `route:${h.name}/${l.name}`, source: id, target: plan.stage, kind: 'route', classes: ['route', ...(captured ? [] : ['inferred'])] });
      } else others.push(l);
    }
    // the primary NIC and tunnels first; beyond a count the rest is one bundle
    others.sort((a, b) => rank(a, nicName) - rank(b, nicName));
    const linksCollapsed = others.length > linksAbove && !options.expanded?.has(`${h.name}/links`);
    const shownLinks = linksCollapsed ? others.slice(0, 3) : others;
    for (const l of shownLinks) {
      const id = linkId(h.name, 'host', l.name);
      const label = linkLabel(l);
      nodes.push({ id, kind: 'link', label, parent: hid, classes: [l.kind, 'nic', ...(l.inferred ? ['inferred'] : [])], ...titled(label, [l.name, ipv4Of(l)].filter(Boolean).join(' ')) });
      plan.nics.push(id);
      const captured = hostNs?.routes.some((r) => r.dev === l.name) ?? false;
      edges.push({ id: `route:${h.name}/${l.name}`, source: plan.stage, target: id, kind: 'route', classes: ['route', ...(captured ? [] : ['inferred'])] });
    }
    if (linksCollapsed) {
      const id = `bundle:${h.name}/links`;
      nodes.push({ id, kind: 'bundle', label: `${others.length - shownLinks.length} more interfaces\n(click to expand)`, parent: hid, classes: ['bundle'] });
      plan.nics.push(id);
    }
    const fabric = fabrics.find((f) => f.hosts.includes(h.name));
    if (fabric && nicName && shownLinks.some((l) => l.name === nicName)) {
      const nic = linkId(h.name, 'host', nicName);
      edges.push({ id: `fabric:${nic}`, source: nic, target: fabric.id, kind: 'fabric', classes: ['fabric'] });
    }
    for (const l of shownLinks) {
      if (fabric && (l.kind === 'vxlan' || l.kind === 'tunnel' || l.kind === 'wireguard')) {
        const id = linkId(h.name, 'host', l.name);
        edges.push({ id: `tunnel:${id}`, source: id, target: fabric.id, kind: 'tunnel', classes: ['tunnel'] });
      }
    }
    plans.push(plan);
  }
  for (const f of fabrics) nodes.push({ id: f.id, kind: 'fabric', label: f.label, classes: ['fabric', ...f.classes], hosts: f.hosts });
  return placeTopology({ nodes, edges }, plans, fabrics, options.aspect);
}

/** The NIC band's order: the node's NIC, tunnels, other NICs, the rest by name. */
function rank(l: Link, nic: string | undefined): number {
  if (l.name === nic) return 0;
  if (l.kind === 'vxlan' || l.kind === 'tunnel' || l.kind === 'wireguard') return 1;
  if (l.kind === 'ether' || l.kind === 'bond') return 2;
  return 3;
}
