/**
 * What-if: the same cluster under other modes. From the inventory (nodes, pods, services, NetworkPolicies, the
 * ranges the evidence names), each chosen node is rewired as its new plugin and policy engine would wire it; what the
 * mode does not change (the node's NIC and default route, kube-proxy's chains, the pods, the policies) is kept from
 * the evidence; re-addressed pods get the same new IPs everywhere (records, rules, sets) and the map is reported.
 * Nodes not chosen stay as captured. Everything synthesised carries the what-if source and the node is marked.
 */
import type { EndpointsModel, Host, Link, Netns, NodeMode, Pod, Snapshot } from '../../model/types.ts';
import { POD_VETH } from '../../model/netns.ts';
import { formatMode, parseMode, type ModeSpec, type PolicyId } from '../ids.ts';
import { PLUGIN_PROFILES, POLICY_PROFILES, nodeModeLabel } from '../registry.ts';
import { summarizeModes } from '../detect.ts';
import { hostNsOf } from '../evidence.ts';
import { buildInventory } from './inventory.ts';
import { planAddresses, type AddressPlan, type LimitCheck, type PlannedNode } from './addressing.ts';
import { NodeBuild } from './build.ts';
import { keptIpsets, keptTables, remapText } from './tables.ts';

export interface WhatIfReport {
  /** Node → the mode it was rewired as (`kubenet+none`); nodes left as captured are absent. */
  modes: Record<string, string>;
  /** Node → the mode detected from its capture, in words. */
  captured: Record<string, string>;
  /** Nodes whose links, routes and pods stayed as captured (only the policy engine was rendered). */
  dataplaneKept: string[];
  /** Re-addressed pods: the same map is applied to every record, rule and set. */
  mapping: { pod: string; node: string; from: string; to: string }[];
  warnings: string[];
  limits: LimitCheck[];
}

export interface WhatIf { snapshot: Snapshot; report: WhatIfReport }

const PLUGIN_SETS = (name: string) => name === 'cali40masq-ipam-pools' || name === 'cali40all-ipam-pools';
const POLICY_SETS = (name: string) => name.startsWith('azure-npm-') || (name.startsWith('cali40') && !PLUGIN_SETS(name));

/** Links a plugin made on the host: pod bridges, the pods' host ends, Calico's tunnel. What stays is the node's own. */
function pluginLink(l: Link): boolean {
  if (l.kind === 'bridge') return l.name !== 'docker0';
  if (l.name === 'vxlan.calico') return true;
  return l.kind === 'veth' && (!!l.peer?.netns.startsWith('pod:') || (POD_VETH.test(l.name) && !l.addresses.some((a) => a.family === 'inet')));
}

/** The captured host namespace without the old plugin's wiring; a NIC that was a bridge's port gets the node IP back. */
function baseHostNs(h: Host, n: PlannedNode, src: { input: string; line: number }): Netns {
  const captured = hostNsOf(h);
  const removed = new Set((captured?.links ?? []).filter(pluginLink).map((l) => l.name));
  const links: Link[] = [];
  const moved = new Map<string, string>();
  for (const l of captured?.links ?? []) {
    if (removed.has(l.name)) continue;
    if (l.master && removed.has(l.master)) {
      const bridge = captured?.links.find((b) => b.name === l.master);
      const addresses = bridge?.addresses.filter((a) => a.family === 'inet' && a.ip === h.ip) ?? [];
      const { master: _master, ...rest } = l;
      links.push({ ...rest, addresses: [...l.addresses, ...addresses], sources: [...l.sources, src] });
      if (addresses.length && bridge) moved.set(bridge.name, l.name);
      continue;
    }
    links.push(l);
  }
  const routes = (captured?.routes ?? []).flatMap((r) => {
    if (r.type === 'blackhole' || r.protocol === 'bird' || r.protocol === '80') return [];
    if (r.dev && moved.has(r.dev)) return [{ ...r, dev: moved.get(r.dev) as string, source: src }];
    return r.dev && removed.has(r.dev) ? [] : [r];
  });
  const ns: Netns = { id: 'host', kind: 'host', links, routes, neighbours: (captured?.neighbours ?? []).filter((x) => !x.dev || !removed.has(x.dev)),
    rules: captured?.rules ?? [], sources: captured?.sources ?? [], ...(captured?.routes.length ? {} : { routesNotCaptured: true as const }) };
  const sysctl = Object.fromEntries(Object.entries(captured?.sysctl ?? {}).filter(([k]) => ![...removed].some((d) => k.includes(`.${d}.`) || k.includes(`.${d.replace(/\./g, '/')}.`))));
  if (Object.keys(sysctl).length) ns.sysctl = sysctl;
  // a node captured without `ip addr` (azure-vnet.json only): its NIC from the node IP and subnet the inventory knows
  if (h.ip && !links.some((l) => l.addresses.some((a) => a.ip === h.ip)) && n.inv.subnet) {
    const prefix = Number(n.inv.subnet.cidr.split('/')[1]);
    links.push({ name: 'eth0', kind: 'ether', state: 'UP', addresses: [{ family: 'inet', ip: h.ip, prefixlen: prefix, scope: 'global' }], inferred: true, sources: [src] });
    if (!routes.some((r) => r.dst === 'default') && n.vnetGateway) routes.push({ dst: 'default', gateway: n.vnetGateway, dev: 'eth0', table: 'main', source: src });
  }
  return ns;
}

function whatIfNodeMode(b: NodeBuild, captured: NodeMode | undefined): NodeMode {
  const label = nodeModeLabel(b.mode.plugin, b.mode.policy);
  const was = captured ? nodeModeLabel(captured.plugin, captured.policy) : 'unknown';
  return { plugin: b.mode.plugin, policy: b.mode.policy, modelled: true,
    detected: [{ mode: b.mode.plugin, score: 0, evidence: [{ mode: b.mode.plugin, weight: 0, fact: `${b.node.name}: what-if — wired as ${label} (captured: ${was})`, source: b.src }] }] };
}

function rewire(snap: Snapshot, plan: AddressPlan, inv: ReturnType<typeof buildInventory>, h: Host, n: PlannedNode): { host: Host; notes: string[] } {
  const src = { input: `what-if: ${formatMode(n.mode)}`, line: 0 };
  const plugin = PLUGIN_PROFILES[n.mode.plugin];
  const policy = POLICY_PROFILES[n.mode.policy];
  const drop = [...(n.keepDataplane ? [] : Object.values(PLUGIN_PROFILES).map((p) => p.owns)), ...(n.keepPolicy ? [] : Object.values(POLICY_PROFILES).map((p) => p.owns))];
  const tables = keptTables(h, drop, plan);
  const ipsets = keptIpsets(h, (s) => (!n.keepDataplane && PLUGIN_SETS(s)) || (!n.keepPolicy && POLICY_SETS(s)), plan);
  const hostNs = n.keepDataplane ? { ...(hostNsOf(h) ?? { id: 'host', kind: 'host' as const, links: [], routes: [], neighbours: [], rules: [], sources: [] }) } : baseHostNs(h, n, src);
  const b = new NodeBuild(inv, plan, n, h, hostNs, tables, ipsets);
  if (n.keepDataplane) b.host.netns = h.netns.map((ns) => (ns.kind === 'host' ? hostNs : ns));
  else plugin.synthesize(b);
  if (!n.keepPolicy) policy.synthesize(b);
  b.host.modes = [];
  b.host.mode = whatIfNodeMode(b, h.mode);
  void snap;
  return { host: b.host, notes: b.notes };
}

/** Keeps a captured node as it is, except for rules and sets that name a re-addressed pod elsewhere in the cluster. */
function readdressed(h: Host, plan: AddressPlan): Host {
  if (!plan.remap.size) return h;
  return { ...h, iptables: keptTables(h, [], plan), ipsets: keptIpsets(h, () => false, plan) };
}

/**
 * `modes`: node name → `<plugin>[+<policy>]` (a bare plugin keeps the node's policy engine where it can). Nodes the
 * inputs do not hold and unknown mode names come back as errors, so a caller can say which ones are valid.
 */
export function synthesizeWhatIf(snap: Snapshot, modes: Record<string, string>): WhatIf | { error: string } {
  const targets = new Map<string, ModeSpec>();
  const warnings: string[] = [];
  for (const [node, text] of Object.entries(modes)) {
    const h = snap.hosts.find((x) => x.name === node);
    if (!h) { warnings.push(`no node ${node} in the inputs: its what-if mode ${text} is ignored`); continue; }
    const m = parseMode(text, (h.mode?.policy as PolicyId | undefined) ?? undefined);
    if ('error' in m) return m;
    // the node's own plugin, no policy named: the node as captured (whatever its policy engine, known or not)
    if (!text.includes('+') && h.mode?.plugin === m.plugin) continue;
    if (!h.ip) warnings.push(`${node}: its IP is not in the inputs (ip addr, or kubectl get nodes -o wide): what needs it (a VXLAN tunnel, azure0 taking it over) is left out`);
    targets.set(node, m);
  }
  const inv = buildInventory(snap);
  const plan = planAddresses(inv, targets);
  const report: WhatIfReport = { modes: {}, captured: {}, dataplaneKept: [], mapping: plan.mapping, warnings: [...warnings, ...plan.warnings], limits: plan.limits };
  const hosts = snap.hosts.map((h) => {
    report.captured[h.name] = h.mode ? nodeModeLabel(h.mode.plugin, h.mode.policy) : 'unknown';
    const n = plan.nodes.get(h.name);
    if (!n?.switched) return readdressed(h, plan);
    report.modes[h.name] = formatMode(n.mode);
    if (n.keepDataplane) report.dataplaneKept.push(h.name);
    if (!Object.keys(h.iptables).length) report.warnings.push(`${h.name}: its iptables were not captured: the what-if holds only ${formatMode(n.mode)}'s own rules (no kube-proxy service rules)`);
    const { host, notes } = rewire(snap, plan, inv, h, n);
    report.warnings.push(...notes);
    return host;
  });
  for (const l of plan.limits) if (!l.ok) report.warnings.push(l.text);
  const remapIp = (ip: string | undefined): string | undefined => (ip ? plan.remap.get(ip) ?? ip : ip);
  const pods: Pod[] = snap.cluster.pods.map((p) => (p.ip && plan.remap.has(p.ip) && !p.hostNetwork ? { ...p, ip: remapIp(p.ip) as string } : p));
  const nodes = snap.cluster.nodes.map((k) => {
    const n = plan.nodes.get(k.name) ?? [...plan.nodes.values()].find((x) => x.inv.ip && x.inv.ip === k.internalIp);
    return n?.switched && n.block && PLUGIN_PROFILES[n.mode.plugin].addressing.family === 'pod-cidr' ? { ...k, podCidr: n.block } : k;
  });
  // the route table (or Overlay's routing) of a rewired node that kubectl did not list: its block, from the what-if
  for (const n of plan.nodes.values()) {
    if (!n.switched || !n.block || PLUGIN_PROFILES[n.mode.plugin].addressing.family !== 'pod-cidr' || nodes.some((k) => k.name === n.name)) continue;
    nodes.push({ name: n.name, ...(n.inv.ip ? { internalIp: n.inv.ip } : {}), podCidr: n.block, labels: {}, source: { input: `what-if: ${formatMode(n.mode)}`, line: 0 } });
  }
  const endpoints: EndpointsModel[] = snap.cluster.endpoints.map((e) => ({ ...e, addresses: e.addresses.map((a) => remapText(a, plan) ?? a) }));
  const snapshot: Snapshot = { ...snap, hosts, cluster: { ...snap.cluster, pods, nodes, endpoints }, warnings: [...snap.warnings] };
  snapshot.mode = summarizeModes(snapshot);
  return { snapshot, report };
}
