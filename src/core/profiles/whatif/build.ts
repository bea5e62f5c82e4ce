/**
 * One node being rewired by a what-if: what the mode's profiles call to add links, pod namespaces, routes, sysctls,
 * rules and ipsets. Every fact it adds carries the what-if source (`what-if: <mode>`, line 0), never a captured line;
 * what the mode does not change comes from the captured node (its NIC, default route, kube-proxy's chains).
 */
import type { Address, Host, IptChain, IptRule, IptTable, IpSetModel, Link, Netns, Route, SourceRef } from '../../model/types.ts';
import { formatMode, type ModeSpec } from '../ids.ts';
import type { AddressPlan, PlannedNode, PlannedPod } from './addressing.ts';
import { fnv32 } from './addressing.ts';
import type { Inventory } from './inventory.ts';
import { rulesFromLines } from '../rules.ts';

/** Source inputs of what-if facts start with this: the trace marks steps resting on them, the UI never links them. */
export const WHAT_IF_INPUT = 'what-if';
export const isWhatIfSource = (s: SourceRef | null | undefined): boolean => !!s && s.input.startsWith(WHAT_IF_INPUT);

const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** A pod's eth0 / host-end MACs: fixed where the CNI fixes them (Calico's ee:…, Azure CNI's aa:…), else from its name. */
const macOf = (seed: string): string => {
  const h = `${fnv32(seed)}${fnv32(seed, 7)}`;
  return `${(parseInt(h.slice(0, 2), 16) & 0xfe | 0x02).toString(16).padStart(2, '0')}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}:${h.slice(10, 12)}`;
};
export const HOST_END_MAC: Record<string, string | undefined> = { cali: 'ee:ee:ee:ee:ee:ee', azv: 'aa:aa:aa:aa:aa:aa' };

export class NodeBuild {
  readonly host: Host;
  readonly hostNs: Netns;
  readonly src: SourceRef;
  readonly notes: string[] = [];
  private nextIfindex: number;

  constructor(readonly inv: Inventory, readonly plan: AddressPlan, readonly node: PlannedNode, readonly captured: Host, hostNs: Netns, tables: Record<string, IptTable>, ipsets: IpSetModel[]) {
    this.src = { input: `${WHAT_IF_INPUT}: ${formatMode(node.mode)}`, line: 0 };
    this.hostNs = hostNs;
    this.host = {
      ...captured, netns: [hostNs], iptables: tables, ipsets,
      whatIf: { mode: formatMode(node.mode), captured: captured.mode ?? null },
    };
    this.nextIfindex = Math.max(1, ...hostNs.links.map((l) => l.ifindex ?? 0)) + 1;
  }

  get mode(): ModeSpec { return this.node.mode; }

  /** The pods of this node that have an address under the what-if. */
  get pods(): (PlannedPod & { ip: string })[] {
    return [...this.plan.pods.values()].filter((p): p is PlannedPod & { ip: string } => p.inv.node === this.node.name && !!p.ip);
  }

  /** Every pod of the cluster with its what-if IP (ipsets of policy engines hold them all). */
  get clusterPods(): (PlannedPod & { ip: string })[] {
    return [...this.plan.pods.values()].filter((p): p is PlannedPod & { ip: string } => !!p.ip);
  }

  /** The NIC that carries the node IP (eth0, or azure0 once bridge mode took it over). */
  get nic(): string {
    return this.hostNs.links.find((l) => this.host.ip && l.addresses.some((a) => a.ip === this.host.ip))?.name ?? 'eth0';
  }

  addr(ip: string, prefixlen: number): Address { return { family: 'inet', ip, prefixlen, scope: 'global' }; }

  link(ns: Netns, l: Omit<Link, 'sources' | 'addresses'> & { addresses?: Address[] }): Link {
    const link: Link = { addresses: [], ...l, ...(l.ifindex === undefined ? { ifindex: this.nextIfindex++ } : {}), sources: [this.src] };
    ns.links.push(link);
    return link;
  }

  route(ns: Netns, r: Omit<Route, 'source' | 'table'> & { table?: string }): void {
    ns.routes.push({ table: 'main', ...r, source: this.src });
  }

  sysctl(ns: Netns, key: string, value: string): void {
    ns.sysctl = { ...(ns.sysctl ?? {}), [key]: { value, source: this.src } };
  }

  /** A pod's namespace and its veth pair: eth0 inside with the pod's IP, `pod.hostEnd` in the host namespace. */
  veth(pod: PlannedPod & { ip: string }, opts: { prefix: number; master?: string; proxyArp?: boolean }): { ns: Netns; eth0: Link; hostEnd: Link } {
    const ns: Netns = { id: pod.inv.netnsId, kind: 'pod', ...(pod.inv.ref ? { pod: pod.inv.ref } : {}), links: [], routes: [], neighbours: [], rules: [], sources: [this.src] };
    this.host.netns.push(ns);
    ns.links.push({ name: 'lo', ifindex: 1, kind: 'loopback', addresses: [{ family: 'inet', ip: '127.0.0.1', prefixlen: 8, scope: 'host' }], sources: [this.src] });
    const hostIndex = this.nextIfindex++;
    const style = pod.hostEnd.match(/^(veth|azv|cali)/)?.[1] ?? 'veth';
    const hostEnd = this.link(this.hostNs, { name: pod.hostEnd, ifindex: hostIndex, kind: 'veth', mac: HOST_END_MAC[style] ?? macOf(`${pod.inv.key}/host`), mtu: 1500,
      state: 'UP', peerIndex: 3, peer: { netns: ns.id, link: 'eth0' }, ...(opts.master ? { master: opts.master } : {}),
      ...(opts.proxyArp ? { proxyArp: { on: true, source: this.src } } : {}) });
    const eth0 = this.link(ns, { name: 'eth0', ifindex: 3, kind: 'veth', mac: macOf(pod.inv.key), mtu: 1500, state: 'UP', peerIndex: hostIndex,
      peer: { netns: 'host', link: pod.hostEnd }, addresses: [this.addr(pod.ip, opts.prefix)] });
    if (opts.proxyArp) this.sysctl(this.hostNs, `net.ipv4.conf.${pod.hostEnd}.proxy_arp`, '1');
    return { ns, eth0, hostEnd };
  }

  private table(name: string): IptTable {
    return (this.host.iptables[name] ??= { name, chains: new Map() });
  }

  private builtin(table: string, chain: string): IptChain {
    const t = this.table(table);
    let c = t.chains.get(chain);
    if (!c) { c = { name: chain, builtin: true, policy: 'ACCEPT', rules: [], source: this.src }; t.chains.set(chain, c); }
    return c;
  }

  /**
   * Adds `lines` to a built-in chain: first (Calico's jumps go on top), last, or after kube-proxy's jumps (NPM's).
   * The chain is copied, never changed in place: it may be the captured node's.
   */
  rules(table: string, chain: string, lines: string[], where: 'first' | 'last' | 'after-kube' = 'last'): void {
    const c = this.builtin(table, chain);
    const added = rulesFromLines(lines, this.src);
    let at = where === 'first' ? 0 : c.rules.length;
    if (where === 'after-kube') {
      const lastKube = c.rules.map((r) => / -j KUBE-/.test(r.text)).lastIndexOf(true);
      at = lastKube + 1;
    }
    const rules = [...c.rules.slice(0, at), ...added, ...c.rules.slice(at)];
    this.table(table).chains.set(chain, { ...c, rules: renumber(rules) });
  }

  /** A chain of the mode's own (`cali-tw-…`, `IP-MASQ-AGENT`). */
  chain(table: string, name: string, lines: string[]): void {
    if (BUILTIN.has(name)) { this.rules(table, name, lines); return; }
    const existing = this.table(table).chains.get(name);
    const rules = rulesFromLines(lines, this.src, (existing?.rules.length ?? 0) + 1);
    this.table(table).chains.set(name, { name, builtin: false, rules: [...(existing?.rules ?? []), ...rules], source: this.src });
  }

  ipset(name: string, type: string, members: string[]): void {
    this.host.ipsets = [...this.host.ipsets.filter((s) => s.name !== name), { name, type, members, source: this.src }];
  }
}

/** Rules get their 1-based number in the chain again; a rule whose number changes becomes a plain record (lazily read
 * rules keep their place in private fields and cannot be copied). */
export function renumber(rules: IptRule[]): IptRule[] {
  return rules.map((r, i) => (r.index === i + 1 ? r : { index: i + 1, matches: r.matches, ...(r.target ? { target: r.target } : {}),
    ...(r.counters ? { counters: r.counters } : {}), text: r.text, source: r.source }));
}
