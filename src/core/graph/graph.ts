/**
 * Snapshot → GraphSpec: plain nodes and edges with stable ids. One compound box per node; inside it the
 * host namespace (NICs, bridges, veth host ends) and one box per pod namespace with its eth0; veth pairs
 * and bridge ports as edges; the fabric between nodes as its own element. Big nodes collapse their pods
 * into one bundle until expanded. The Cytoscape adapter draws it; tests read it through `__packetpath.graph()`.
 */
import type { Host, Netns, Snapshot } from '../model/types.ts';
import { pluginOf } from '../profiles/registry.ts';

export type GraphNodeKind = 'node' | 'netns' | 'link' | 'fabric' | 'bundle' | 'group' | 'chain';
export interface GraphNode { id: string; kind: GraphNodeKind; label: string; parent?: string; classes: string[] }
export type GraphEdgeKind = 'veth' | 'bridge-port' | 'fabric' | 'jump' | 'goto';
export interface GraphEdge { id: string; source: string; target: string; kind: GraphEdgeKind; label?: string; classes: string[] }
export interface GraphSpec { nodes: GraphNode[]; edges: GraphEdge[] }

export interface GraphOptions {
  /** Pod namespaces per node above which they collapse into one bundle (unless the node is expanded). */
  collapseAbove?: number;
  /** Nodes whose pods are shown one by one even when many. */
  expanded?: ReadonlySet<string>;
  /** Put pods in one box per Kubernetes namespace. */
  groupByNamespace?: boolean;
}

export const hostId = (host: string): string => `node:${host}`;
export const netnsId = (host: string, netns: string): string => `netns:${host}/${netns}`;
export const linkId = (host: string, netns: string, link: string): string => `link:${host}/${netns}/${link}`;
export const FABRIC_ID = 'fabric';

/** The fabric as the nodes' plugins name it (one label per plugin in the bundle). */
const fabricLabel = (hosts: Host[]): string => [...new Set(hosts.map((h) => pluginOf(h)?.fabricLabel).filter(Boolean))].join(' · ') || 'node network';

const ipv4Of = (ns: Netns, name: string): string | undefined =>
  ns.links.find((l) => l.name === name)?.addresses.find((a) => a.family === 'inet')?.ip;

function podLabel(ns: Netns): string {
  const ip = ipv4Of(ns, 'eth0');
  const name = ns.pod ?? ns.name ?? ns.id.replace(/^pod:/, '');
  return ip ? `${name}\n${ip}` : name;
}

/** The NIC that carries the node's IP (eth0 usually): where the fabric attaches. */
function primaryNic(h: Host, ns: Netns): string | undefined {
  const byIp = h.ip ? ns.links.find((l) => l.addresses.some((a) => a.ip === h.ip)) : undefined;
  return (byIp ?? ns.links.find((l) => l.name === 'eth0'))?.name;
}

export function buildGraph(snap: Snapshot, options: GraphOptions = {}): GraphSpec {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const collapseAbove = options.collapseAbove ?? Infinity;
  const nics: string[] = [];
  for (const h of snap.hosts) {
    const hid = hostId(h.name);
    // a node a what-if rewired: everything drawn for it is synthesised, not evidence
    const wi = h.whatIf ? ['what-if'] : [];
    nodes.push({ id: hid, kind: 'node', label: h.ip ? `${h.name}\n${h.ip}` : h.name, classes: ['node', ...wi] });
    const pods = h.netns.filter((n) => n.kind === 'pod');
    const collapsed = pods.length > collapseAbove && !options.expanded?.has(h.name);
    const shown = new Set<string>();
    for (const ns of h.netns) {
      const nsId = netnsId(h.name, ns.id);
      if (ns.kind === 'pod' && collapsed) continue;
      let parent = hid;
      if (ns.kind === 'pod' && options.groupByNamespace) {
        const k8sNs = ns.pod?.split('/')[0] ?? '(unmatched)';
        parent = `group:${h.name}/${k8sNs}`;
        if (!nodes.some((n) => n.id === parent)) nodes.push({ id: parent, kind: 'group', label: k8sNs, parent: hid, classes: ['k8s-namespace', ...wi] });
      }
      nodes.push({ id: nsId, kind: 'netns', label: ns.kind === 'host' ? 'host namespace' : podLabel(ns), parent,
        classes: [ns.kind === 'host' ? 'host-netns' : 'pod-netns', ...(ns.inferred ? ['inferred'] : []), ...wi] });
      for (const l of ns.links) {
        if (l.kind === 'loopback') continue;
        // collapsed pods take the host ends of their veths with them
        if (collapsed && ns.kind === 'host' && (l.peer?.netns.startsWith('pod:') || (l.kind === 'veth' && l.master))) continue;
        const ip = l.addresses.find((a) => a.family === 'inet')?.ip;
        // a pod's eth0 shows its IP on the pod box already
        const label = ip && !(ns.kind === 'pod' && l.name === 'eth0') ? `${l.name}\n${ip}` : l.name;
        nodes.push({ id: linkId(h.name, ns.id, l.name), kind: 'link', label, parent: nsId, classes: [l.kind, ...(l.inferred ? ['inferred'] : []), ...wi] });
        shown.add(`${ns.id}/${l.name}`);
      }
    }
    if (collapsed) {
      nodes.push({ id: `bundle:${h.name}/pods`, kind: 'bundle', label: `${pods.length} pods\n(click to expand)`, parent: hid, classes: ['bundle', ...wi] });
    }
    const hostNs = h.netns.find((n) => n.kind === 'host');
    for (const ns of h.netns) {
      for (const l of ns.links) {
        if (l.peer && ns.kind === 'pod' && shown.has(`${ns.id}/${l.name}`) && shown.has(`${l.peer.netns}/${l.peer.link}`)) {
          edges.push({ id: `veth:${h.name}/${ns.id}/${l.name}`, source: linkId(h.name, ns.id, l.name), target: linkId(h.name, l.peer.netns, l.peer.link), kind: 'veth', classes: ['veth', ...wi] });
        }
        if (l.kind === 'bridge') {
          for (const port of l.ports ?? []) {
            if (!shown.has(`${ns.id}/${port}`)) continue;
            edges.push({ id: `port:${h.name}/${l.name}/${port}`, source: linkId(h.name, ns.id, port), target: linkId(h.name, ns.id, l.name), kind: 'bridge-port', classes: ['bridge-port', ...wi] });
          }
        }
      }
    }
    if (collapsed && hostNs) {
      // the collapsed pods hang off the host namespace's bridges, or the host namespace itself
      const bridge = hostNs.links.find((l) => l.kind === 'bridge' && (l.ports?.length ?? 0) > 0);
      edges.push({ id: `bundle-edge:${h.name}`, source: `bundle:${h.name}/pods`, target: bridge ? linkId(h.name, 'host', bridge.name) : netnsId(h.name, 'host'), kind: 'veth', classes: ['veth', 'bundle'] });
    }
    const nic = hostNs ? primaryNic(h, hostNs) : undefined;
    if (nic) nics.push(linkId(h.name, 'host', nic));
  }
  if (snap.hosts.length) {
    const whatIf = snap.hosts.some((h) => h.whatIf) ? ['what-if'] : [];
    nodes.push({ id: FABRIC_ID, kind: 'fabric', label: fabricLabel(snap.hosts), classes: ['fabric', `mode-${snap.mode.dataplane}`, ...whatIf] });
    for (const nic of nics) edges.push({ id: `fabric:${nic}`, source: nic, target: FABRIC_ID, kind: 'fabric', classes: ['fabric'] });
  }
  return { nodes, edges };
}
