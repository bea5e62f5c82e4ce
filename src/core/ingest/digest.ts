/**
 * A model reduced to what a reader checks by eye — per node: tables → chains → rule counts, routes, links, sets;
 * the cluster's objects; every warning — so a paste's fixture can say what it must read as, key by key (see
 * pastes.test.ts). Only the keys a fixture names are compared.
 */
import type { PipelineResult } from '../pipeline.ts';

export interface Digest {
  kinds: (string | null)[];
  nodes: string[];
  iptables: Record<string, Record<string, Record<string, number>>>;
  routes: Record<string, Record<string, string[]>>;
  links: Record<string, Record<string, string[]>>;
  neighbours: Record<string, Record<string, string[]>>;
  ipsets: Record<string, Record<string, string[]>>;
  netns: Record<string, string[]>;
  pods: string[];
  kubeNodes: string[];
  services: string[];
  namespaces: string[];
  policies: string[];
  nodeNetworkConfigs: string[];
  cniEvents: Record<string, string[]>;
  packets: Record<string, number>;
  earlier: Record<string, string[]>;
  /** Every warning of every block (`line: kind — message`) and of the model (`model: message`). */
  warnings: string[];
}

const route = (r: { dst: string; gateway?: string; dev?: string; table: string }): string =>
  `${r.dst}${r.gateway ? ` via ${r.gateway}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${r.table !== 'main' ? ` table ${r.table}` : ''}`;

export function digest(result: PipelineResult): Digest {
  const { snapshot: s, blocks } = result;
  const d: Digest = {
    kinds: blocks.map((b) => b.kind), nodes: s.hosts.map((h) => h.name), iptables: {}, routes: {}, links: {}, neighbours: {}, ipsets: {}, netns: {},
    pods: s.cluster.pods.map((p) => `${p.namespace}/${p.name}${p.ip ? ` ${p.ip}` : ''}${p.node ? ` on ${p.node}` : ''}`),
    kubeNodes: s.cluster.nodes.map((n) => `${n.name}${n.internalIp ? ` ${n.internalIp}` : ''}${n.status ? ` ${n.status}` : ''}`),
    services: s.cluster.services.map((x) => `${x.namespace}/${x.name} ${x.type}${x.clusterIp ? ` ${x.clusterIp}` : ''}`),
    namespaces: s.cluster.namespaces.map((n) => n.name),
    policies: s.cluster.policies.map((p) => `${p.namespace}/${p.name}`),
    nodeNetworkConfigs: (s.cluster.nodeNetworkConfigs ?? []).map((n) => `${n.name} ${n.containers.map((c) => c.type ?? '?').join(',')}`),
    cniEvents: {}, packets: {}, earlier: {},
    warnings: [
      ...s.inputs.flatMap((i) => i.warnings.map((w) => `${i.name}:${w.line}: ${w.kind} — ${w.message}`)),
      ...s.warnings.map((w) => `model: ${w.node ? `${w.node}: ` : ''}${w.message}`),
    ],
  };
  for (const h of s.hosts) {
    d.iptables[h.name] = Object.fromEntries(Object.entries(h.iptables).map(([t, table]) =>
      [t, Object.fromEntries([...table.chains.values()].map((c) => [c.name, c.rules.length]))]));
    d.routes[h.name] = Object.fromEntries(h.netns.filter((n) => n.routes.length).map((n) => [n.id, n.routes.map(route)]));
    d.links[h.name] = Object.fromEntries(h.netns.filter((n) => n.links.length).map((n) => [n.id, n.links.map((l) => l.name)]));
    d.neighbours[h.name] = Object.fromEntries(h.netns.filter((n) => n.neighbours.length).map((n) => [n.id, n.neighbours.map((x) => `${x.ip}${x.mac ? ` ${x.mac}` : ''}`)]));
    d.ipsets[h.name] = Object.fromEntries(h.ipsets.map((x) => [x.name, x.members]));
    d.netns[h.name] = h.netns.map((n) => n.id);
    d.cniEvents[h.name] = h.cniEvents.map((e) => `${e.event}${typeof e.podName === 'string' ? ` ${e.podName}` : ''}${typeof e.dev === 'string' ? ` ${e.dev}` : ''}`);
    d.packets[h.name] = h.netns.reduce((n, x) => n + (x.packets?.length ?? 0), 0);
    d.earlier[h.name] = (h.earlier ?? []).map((e) => `${e.what} ${e.netns}${e.table ? ` ${e.table}` : ''}${e.chain ? ` ${e.chain}` : ''} (${e.count}) line ${e.source.line}`);
  }
  return d;
}

/**
 * Where `got` differs from what `want` names: a key of `want` missing or different in `got`. Objects are compared
 * key by key (a `null` wants the key absent); arrays and leaves whole, except `warnings`, whose wanted entries
 * are substrings some warning holds (`!text`: no warning holds it).
 */
export function differences(want: unknown, got: unknown, path = ''): string[] {
  if (path === 'warnings' && Array.isArray(want)) {
    const all = (got as string[] | undefined) ?? [];
    return (want as string[]).flatMap((w) => {
      const absent = w.startsWith('!');
      const text = absent ? w.slice(1) : w;
      const hit = all.some((x) => x.includes(text));
      return hit === absent ? [`warnings: ${absent ? 'has' : 'lacks'} "${text}"`] : [];
    });
  }
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    const g = (got && typeof got === 'object' ? got : {}) as Record<string, unknown>;
    return Object.entries(want as Record<string, unknown>).flatMap(([k, v]) => {
      const at = path ? `${path}.${k}` : k;
      if (v === null) return k in g ? [`${at}: present, wanted absent`] : [];
      if (!(k in g)) return [`${at}: absent`];
      return differences(v, g[k], at);
    });
  }
  return JSON.stringify(want) === JSON.stringify(got) ? [] : [`${path}: got ${JSON.stringify(got)}, wanted ${JSON.stringify(want)}`];
}
