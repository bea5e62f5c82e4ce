/**
 * Snapshot → GraphSpec: plain nodes and edges with stable ids (node boxes, netns boxes, links, veth pairs,
 * bridge ports). The Cytoscape adapter draws it; tests read it through the page hook `__packetpath.graph()`.
 */
import type { Snapshot } from '../model/types.ts';

export interface GraphNode { id: string; kind: 'node' | 'netns' | 'link' | 'fabric'; label: string; parent?: string; classes: string[] }
export interface GraphEdge { id: string; source: string; target: string; kind: 'veth' | 'bridge-port' | 'fabric'; classes: string[] }
export interface GraphSpec { nodes: GraphNode[]; edges: GraphEdge[] }

const linkId = (host: string, netns: string, link: string): string => `link:${host}/${netns}/${link}`;

export function buildGraph(snap: Snapshot): GraphSpec {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const h of snap.hosts) {
    const hostId = `node:${h.name}`;
    nodes.push({ id: hostId, kind: 'node', label: h.ip ? `${h.name}\n${h.ip}` : h.name, classes: ['node'] });
    for (const ns of h.netns) {
      const nsId = `netns:${h.name}/${ns.id}`;
      nodes.push({ id: nsId, kind: 'netns', label: ns.pod ?? ns.name ?? ns.id, parent: hostId, classes: [ns.kind === 'host' ? 'host-netns' : 'pod-netns', ...(ns.inferred ? ['inferred'] : [])] });
      for (const l of ns.links) {
        if (l.kind === 'loopback') continue;
        const ip = l.addresses.find((a) => a.family === 'inet')?.ip;
        nodes.push({ id: linkId(h.name, ns.id, l.name), kind: 'link', label: ip ? `${l.name}\n${ip}` : l.name, parent: nsId, classes: [l.kind, ...(l.inferred ? ['inferred'] : [])] });
      }
    }
    for (const ns of h.netns) {
      for (const l of ns.links) {
        if (l.peer && ns.kind === 'pod') {
          edges.push({ id: `veth:${h.name}/${ns.id}/${l.name}`, source: linkId(h.name, ns.id, l.name), target: linkId(h.name, l.peer.netns, l.peer.link), kind: 'veth', classes: ['veth'] });
        }
        if (l.kind === 'bridge') {
          for (const port of l.ports ?? []) {
            if (!ns.links.some((x) => x.name === port)) continue;
            edges.push({ id: `port:${h.name}/${l.name}/${port}`, source: linkId(h.name, ns.id, port), target: linkId(h.name, ns.id, l.name), kind: 'bridge-port', classes: ['bridge-port'] });
          }
        }
      }
    }
  }
  return { nodes, edges };
}
