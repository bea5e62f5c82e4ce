/** Small readings of a node's capture that several modes' evidence rests on. */
import type { CniConfig, Host, IptChain, Link, Netns, Route, SourceRef } from '../model/types.ts';
import { inCidr } from '../net/ip.ts';

export const hostNsOf = (h: Host): Netns | undefined => h.netns.find((n) => n.kind === 'host');

export const linksNamed = (h: Host, re: RegExp): Link[] => hostNsOf(h)?.links.filter((l) => re.test(l.name)) ?? [];

/** Host routes `a.b.c.d dev <re>` (no gateway): a pod behind a veth, transparent-mode style. */
export const podRoutes = (h: Host, re: RegExp): Route[] =>
  hostNsOf(h)?.routes.filter((r) => r.dev && re.test(r.dev) && !r.gateway && /^[\d.]+(\/32)?$/.test(r.dst)) ?? [];

/** The node's own subnet: the link-scope route of its NIC (`10.240.0.0/16 dev eth0 scope link`). */
export function nodeSubnet(h: Host): Route | undefined {
  const ns = hostNsOf(h);
  const nic = ns?.links.find((l) => h.ip && l.addresses.some((a) => a.ip === h.ip))?.name ?? 'eth0';
  return ns?.routes.find((r) => r.dev === nic && !r.gateway && r.dst !== 'default' && r.dst.includes('/') && (r.scope === 'link' || r.protocol === 'kernel'))
    ?? ns?.routes.find((r) => r.dev === 'eth0' && !r.gateway && r.dst !== 'default' && r.dst.includes('/'));
}

/** The node's subnet as a CIDR: its link route, else its NIC's address and prefix. */
export function nodeSubnetCidr(h: Host): { cidr: string; source?: SourceRef } | undefined {
  const r = nodeSubnet(h);
  if (r) return { cidr: r.dst, source: r.source };
  const nic = hostNsOf(h)?.links.find((l) => l.addresses.some((a) => a.family === 'inet' && (a.ip === h.ip || l.name === 'eth0')));
  const a = nic?.addresses.find((x) => x.family === 'inet' && x.prefixlen < 32);
  return a ? { cidr: `${a.ip}/${a.prefixlen}`, ...(nic?.sources[0] ? { source: nic.sources[0] } : {}) } : undefined;
}

/** Pod IPs behind `re` links split by whether they sit inside the node's subnet. */
export function podIpsVersusSubnet(h: Host, re: RegExp): { inside: number; outside: number; subnet?: Route } {
  const subnet = nodeSubnet(h);
  const ips = podRoutes(h, re).map((r) => r.dst.replace(/\/32$/, ''));
  if (!subnet) return { inside: 0, outside: 0 };
  const inside = ips.filter((ip) => inCidr(ip, subnet.dst)).length;
  return { inside, outside: ips.length - inside, subnet };
}

export const cniPlugins = (h: Host): { file: string; plugin: CniConfig['plugins'][number]; config: CniConfig }[] =>
  h.cni.flatMap((c) => c.plugins.map((plugin) => ({ file: c.file ?? 'CNI conflist', plugin, config: c })));

/** Chains of any table whose name starts with one of `prefixes`, counted in one pass (a kube-proxy table has 40,000). */
export function chainsWithPrefix(h: Host, prefixes: string[]): { table: string; count: number; first: IptChain }[] {
  const out: { table: string; count: number; first: IptChain }[] = [];
  for (const [table, t] of Object.entries(h.iptables)) {
    let count = 0;
    let first: IptChain | undefined;
    for (const [name, c] of t.chains) {
      if (c.builtin || !prefixes.some((p) => name.startsWith(p))) continue;
      count++;
      first ??= c;
    }
    if (first) out.push({ table, count, first });
  }
  return out;
}

export const chainSource = (c: IptChain): SourceRef | undefined => c.source ?? c.rules[0]?.source;

/** A rule of a built-in chain whose text contains `needle` (kubenet's MASQUERADE comment …). */
export function builtinRule(h: Host, needle: string): { table: string; chain: string; source: SourceRef } | undefined {
  for (const [table, t] of Object.entries(h.iptables)) {
    for (const c of t.chains.values()) {
      if (!c.builtin) continue;
      const r = c.rules.find((x) => x.text.includes(needle));
      if (r) return { table, chain: c.name, source: r.source };
    }
  }
  return undefined;
}
