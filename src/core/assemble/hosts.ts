/** Mutable per-node state while pieces are merged; assembly turns it into Host objects. */
import type { Host, IptChain, IptTable, Link, Netns, SourceRef } from '../model/types.ts';

export const BUILTIN_CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

export function newHost(name: string): Host {
  // tables by name in an object without a prototype: a table named __proto__ or constructor is a name like any other
  return { name, netns: [], iptables: Object.create(null) as Host['iptables'], ipsets: [], cni: [], azureNetworks: [], azureEndpoints: [], cniEvents: [], netnsNames: [], containers: [], modes: [], sources: [] };
}

export function netnsOf(host: Host, id: string): Netns {
  let ns = host.netns.find((n) => n.id === id);
  if (!ns) {
    ns = { id, kind: id === 'host' ? 'host' : 'pod', links: [], routes: [], neighbours: [], rules: [], sources: [] };
    host.netns.push(ns);
  }
  return ns;
}

/** Adds or merges a link by name: a later, fuller record (ip addr) completes a partial one (ip a | grep, a route). */
export function mergeLink(ns: Netns, link: Link): Link {
  const existing = ns.links.find((l) => l.name === link.name);
  if (!existing) { ns.links.push(link); return link; }
  const inferredBefore = existing.inferred;
  for (const [k, v] of Object.entries(link) as [keyof Link, unknown][]) {
    if (k === 'addresses' || k === 'sources' || k === 'ports' || k === 'inferred') continue;
    if (v !== undefined && (existing[k] === undefined || inferredBefore)) (existing as unknown as Record<string, unknown>)[k] = v;
  }
  for (const a of link.addresses) if (!existing.addresses.some((b) => b.ip === a.ip && b.prefixlen === a.prefixlen)) existing.addresses.push(a);
  if (link.ports) existing.ports = [...new Set([...(existing.ports ?? []), ...link.ports])];
  existing.sources.push(...link.sources);
  if (!link.inferred) delete existing.inferred;
  if (existing.kind === 'other' && link.kind !== 'other') existing.kind = link.kind;
  return existing;
}

export function inferredLink(name: string, kind: Link['kind'], source: SourceRef): Link {
  return { name, kind, addresses: [], inferred: true, sources: [source] };
}

export function tableOf(host: Host, table: string): IptTable {
  return (host.iptables[table] ??= { name: table, chains: new Map() });
}

/**
 * A chain with every field it may get there from the start: 40,000 kube-proxy chains keep one shape, with no
 * property store added when their policy or source comes.
 */
export function newChain(name: string): IptChain {
  return { name, builtin: BUILTIN_CHAINS.has(name), policy: undefined, counters: undefined, rules: [], referencedOnly: undefined, source: undefined };
}
