/**
 * The hop-by-hop engine: walks the first packet of a flow through the Snapshot the way the kernel would —
 * routing in the pod's namespace, across the veth, netfilter hooks on the host in kernel order, bridging,
 * routing (ip rule, longest prefix, metric), the fabric between nodes, VXLAN encapsulation, delivery.
 * Forks (service endpoints, unsupported matches) become branches. A hop that needs evidence the inputs lack
 * ends the walk as `unknown` and names the capture that would settle it.
 */
import type { Host, Link, Netns, Snapshot, SourceRef } from '../model/types.ts';
import { runHook, type Hook, type HookOutcome, type WiringProvider } from '../netfilter/hooks.ts';
import { IpSetIndex } from '../netfilter/ipsets.ts';
import { describePacket, type Packet } from '../netfilter/packet.ts';
import type { NfStep } from '../netfilter/evaluate.ts';
import { buildOwnership, fabricDetail, type Ownership } from '../modes/fabric.ts';
import { calicoWiring, kubeProxyStandardChain } from '../modes/wiring.ts';
import { evaluatePolicy } from '../policy/evaluate.ts';
import { inCidr } from '../net/ip.ts';
import { ipv4Addresses, isPodDevice, POD_VETH } from '../model/netns.ts';
import { describeRoute, routeLookup } from './routing.ts';
import { resolveEndpoint, type Endpoint } from './endpoints.ts';
import type { Flow, Hop, Trace, TraceStep, Verdict } from './types.ts';

export interface TraceRequest { from: string; to: string; proto?: Flow['proto']; port?: number; ctstate?: Packet['ctstate'] }

interface Walk {
  packet: Packet;
  hops: Hop[];
  probability: number;
  nat: Trace['nat'];
  missing: string[];
  assumptions: string[];
  warnings: string[];
  /** This walk rests on an assumed outcome of an unsupported match (its probability is not known). */
  uncertain?: boolean;
  verdict?: Verdict;
  deliveredTo?: Trace['deliveredTo'];
  droppedBy?: Trace['droppedBy'];
  /** Hops walked so far; a routing loop ends the walk. */
  budget: number;
}

interface Ctx {
  snap: Snapshot;
  owners: Ownership;
  /** Per host, built once per trace (not once per hook): its ipsets and its local addresses. */
  ipsets: Map<string, IpSetIndex>;
  locals: Map<string, Set<string>>;
  wiring: WiringProvider;
  dst: Endpoint;
}

const MAX_HOPS = 24;

const hostNetns = (h: Host): Netns | undefined => h.netns.find((n) => n.kind === 'host');
const podLabel = (ns: Netns): string => ns.pod ?? ns.name ?? ns.id;

function clone(w: Walk): Walk {
  return { ...w, packet: { ...w.packet }, hops: w.hops.map((h) => ({ ...h, ...(h.via ? { via: [...h.via] } : {}), steps: [...h.steps] })), nat: [...w.nat],
    missing: [...w.missing], assumptions: [...w.assumptions], warnings: [...w.warnings] };
}

const hopOf = (w: Walk): Hop => w.hops[w.hops.length - 1] as Hop;
function step(w: Walk, kind: TraceStep['kind'], detail: string, source: SourceRef | null | undefined, extra: Partial<TraceStep> = {}): void {
  hopOf(w).steps.push({ kind, detail, source: source ?? null, ...extra });
  if (extra.assumed) w.assumptions.push(extra.assumed);
}
/** The packet passes `dev` inside the current hop's namespace (a bridge it is routed through, an underlay NIC). */
function passVia(w: Walk, dev: string): void {
  const h = hopOf(w);
  if (!(h.via ?? []).includes(dev)) h.via = [...(h.via ?? []), dev];
}
function finish(w: Walk, verdict: Verdict, extra: Partial<Walk> = {}): Walk[] {
  Object.assign(w, extra, { verdict });
  return [w];
}
function unknown(w: Walk, why: string, missing: string): Walk[] {
  step(w, 'drop', `unknown: ${why}`, null);
  w.missing.push(missing);
  return finish(w, 'unknown');
}

function ipsetsOf(ctx: Ctx, h: Host): IpSetIndex {
  let idx = ctx.ipsets.get(h.name);
  if (!idx) { idx = new IpSetIndex(h.ipsets); ctx.ipsets.set(h.name, idx); }
  return idx;
}

function localsOf(ctx: Ctx, h: Host): Set<string> {
  let set = ctx.locals.get(h.name);
  if (!set) { const ns = hostNetns(h); set = new Set(ns ? ipv4Addresses(ns) : []); ctx.locals.set(h.name, set); }
  return set;
}

/** Runs a hook on a host and continues every outcome with `next`; netfilter steps land on the current hop. */
function hook(ctx: Ctx, w: Walk, host: Host, name: Hook, pkt: Packet, next: (w: Walk) => Walk[]): Walk[] {
  if (!Object.keys(host.iptables).length) {
    return unknown(w, `the netfilter rules of ${host.name} are not in the inputs (${name})`, `iptables-save of node ${host.name}`);
  }
  const hostNs = hostNetns(host);
  const local = localsOf(ctx, host);
  const missingSets = new Set<string>();
  const outcomes = runHook(host, name, pkt, {
    node: host.name, ipsets: ipsetsOf(ctx, host), missingSets, standardChain: kubeProxyStandardChain,
    isLocal: (ip) => local.has(ip) || ip === host.ip || ip.startsWith('127.'),
    masqueradeAddress: (oif) => hostNs?.links.find((l) => l.name === oif)?.addresses.find((a) => a.family === 'inet')?.ip ?? host.ip,
  }, ctx.wiring);
  const results: Walk[] = [];
  for (const o of outcomes) {
    const b = outcomes.length > 1 ? clone(w) : w;
    b.probability *= o.probability;
    if (o.uncertain) b.uncertain = true;
    applyOutcome(b, host, name, o);
    for (const s of missingSets) b.missing.push(`ipset list ${s} of node ${host.name}`);
    if (o.verdict === 'ACCEPT') { results.push(...next(b)); continue; }
    if (o.verdict === 'UNKNOWN') { results.push(...finish(b, 'unknown')); continue; }
    const d = o.decidedBy;
    step(b, 'drop', `${o.verdict} in ${d?.table ?? '?'} ${d?.chain ?? '?'}${d?.index ? ` rule ${d.index}` : ' (chain policy)'}`, d?.source ?? null,
      d ? { table: d.table, chain: d.chain, rule: d.index } : {});
    results.push(...finish(b, 'dropped', { droppedBy: d ? { table: d.table, chain: d.chain, rule: d.rule, ...(d.source ? { source: d.source } : {}) } : null }));
  }
  return results;
}

function applyOutcome(w: Walk, host: Host, name: Hook, o: HookOutcome): void {
  for (const note of o.notes) if (!w.assumptions.includes(note)) w.assumptions.push(note);
  for (const s of o.steps) step(w, s.action.startsWith('DNAT') || s.action.startsWith('SNAT') || s.action.startsWith('MASQUERADE') ? 'nat' : 'netfilter', nfDetail(name, s), s.source ?? null, {
    table: s.table, chain: s.chain, rule: s.rule, ...(s.assumed ? { assumed: s.assumed } : {}), ...(s.probability !== undefined ? { probability: s.probability } : {}),
    ...(s.notMatched ? { notMatched: true as const } : {}) });
  for (const n of o.nat) w.nat.push({ kind: n.kind, node: host.name, from: n.from, to: n.to, rule: n.rule });
  w.missing.push(...o.missing);
  w.packet = { ...o.packet, iif: undefined, oif: undefined, physIn: undefined, physOut: undefined } as Packet;
}

const nfDetail = (hookName: Hook, s: NfStep): string =>
  s.rule === 0 ? `${s.table} ${s.chain}: ${s.action} (${hookName})` : `${s.table} ${s.chain} rule ${s.rule}: ${s.action} — ${s.text}`;

/** The packet arrives in `ns` of `host` through `inLink` (null: it starts here). */
function enterNetns(ctx: Ctx, w: Walk, host: Host, ns: Netns, inLink: string | null): Walk[] {
  if (--w.budget < 0) return unknown(w, 'more than 24 hops: a routing loop?', 'a consistent set of routes');
  w.hops.push({ node: host.name, netns: ns.id, in: inLink, out: null, steps: [] });
  return ns.kind === 'pod' ? podNetns(ctx, w, host, ns, inLink) : hostNetnsStep(ctx, w, host, ns, inLink);
}

function podNetns(ctx: Ctx, w: Walk, host: Host, ns: Netns, inLink: string | null): Walk[] {
  const pkt = w.packet;
  if (inLink !== null && ipv4Addresses(ns).includes(pkt.dst)) {
    const src = ns.links.find((l) => l.name === inLink)?.sources[0];
    step(w, 'deliver', `delivered to ${podLabel(ns)} (${pkt.dst} on ${inLink})`, src);
    return finish(w, 'delivered', { deliveredTo: { node: host.name, ...(ns.pod ? { pod: ns.pod } : {}), ip: pkt.dst } });
  }
  const eth0 = ns.links.find((l) => l.name === 'eth0') ?? ns.links.find((l) => l.kind !== 'loopback');
  let out: Link | undefined;
  if (ns.routes.length) {
    const r = routeLookup(ns, pkt, inLink ?? undefined);
    if (!r) { step(w, 'drop', `no route to ${pkt.dst} in ${podLabel(ns)}`, null); return finish(w, 'no-route'); }
    if ('unreachable' in r) { step(w, 'drop', `ip rule ${r.rule?.priority}: ${r.unreachable}`, r.rule?.source); return finish(w, 'no-route'); }
    out = ns.links.find((l) => l.name === r.route.dev);
    const neigh = r.route.gateway ? ns.neighbours.find((n) => n.ip === r.route.gateway) : undefined;
    const via = r.route.gateway
      ? neigh ? `; ${r.route.gateway} is ${neigh.state.join(' ').toLowerCase() || 'a'} neighbour ${neigh.mac ?? ''}`.trimEnd() : `; ARP for ${r.route.gateway} is answered by the host end (proxy ARP)`
      : '';
    step(w, 'route', `${describeRoute(r.route)}${via}`, r.route.source);
  } else if (eth0) {
    out = eth0;
    step(w, 'route', `out ${eth0.name}: the pod's routes are not in the inputs, and ${eth0.name} is its only interface`, eth0.sources[0], { assumed: `${podLabel(ns)}: default route out ${eth0.name} (pod routes not captured)` });
  }
  if (!out) return unknown(w, `no interface of ${podLabel(ns)} leads anywhere`, `ip addr inside ${podLabel(ns)}`);
  hopOf(w).out = out.name;
  if (!out.peer) return unknown(w, `the host end of ${podLabel(ns)}'s ${out.name} is not known`, `ip addr on node ${host.name}`);
  const peerNs = host.netns.find((n) => n.id === out.peer?.netns);
  if (!peerNs) return unknown(w, `namespace ${out.peer.netns} is not in the inputs`, `ip addr on node ${host.name}`);
  return enterNetns(ctx, w, host, peerNs, out.peer.link);
}

/** Which bridge a link is a port of (ports listed by brctl or `master`). */
function bridgeOf(ns: Netns, link: string): Link | undefined {
  const l = ns.links.find((x) => x.name === link);
  return ns.links.find((b) => b.kind === 'bridge' && (b.name === l?.master || (b.ports ?? []).includes(link)));
}

function hostNetnsStep(ctx: Ctx, w: Walk, host: Host, ns: Netns, inLink: string | null): Walk[] {
  const arrived = inLink !== null;
  if (!arrived) return localOutput(ctx, w, host, ns);
  const bridge = bridgeOf(ns, inLink);
  const iif = bridge ? bridge.name : inLink;
  const pre: Packet = { ...w.packet, iif, ...(bridge ? { physIn: inLink } : {}) };
  const inLinkObj = ns.links.find((l) => l.name === inLink);
  // only a pod's host veth stands in for the pod's gateway (an Azure node's eth0 may answer for the VNet, not a pod)
  if (inLinkObj?.proxyArp?.on && inLinkObj.peer) step(w, 'route', `${inLink} answers ARP for the pod's gateway (proxy_arp)`, inLinkObj.proxyArp.source);
  if (bridge) step(w, 'bridge', `${inLink} is a port of bridge ${bridge.name}: the packet enters ${bridge.name}`, bridge.sources[0]);
  // bridged within the same L2 (kubenet pod to pod on cbr0): br_netfilter hands it to iptables with physdev
  const bridgeNet = bridge ? bridgeSubnet(bridge) : undefined;
  if (bridge && bridgeNet && inCidr(w.packet.dst, bridgeNet) && !bridge.addresses.some((a) => a.ip === w.packet.dst)) {
    return bridged(ctx, w, host, ns, bridge, inLink);
  }
  // routed: the frame is handed up to the bridge's own device (cbr0 counts it) before the host routes it
  if (bridge) passVia(w, bridge.name);
  return hook(ctx, w, host, 'PREROUTING', pre, (b) => routeAndForward(ctx, b, host, ns, iif, inLink));
}

function bridgeSubnet(bridge: Link): string | undefined {
  const a = bridge.addresses.find((x) => x.family === 'inet');
  return a ? `${a.ip}/${a.prefixlen}` : undefined;
}

/** Pod to pod on the same bridge: switched, not routed; iptables sees it only with bridge-netfilter on. */
function bridged(ctx: Ctx, w: Walk, host: Host, ns: Netns, bridge: Link, inPort: string): Walk[] {
  const target = portTowards(host, ns, bridge, w.packet.dst);
  const onward = (b: Walk): Walk[] => {
    if (!target) return unknown(b, `no port of ${bridge.name} leads to ${b.packet.dst}`, `brctl showmacs ${bridge.name} and ip addr inside the pods of node ${host.name}`);
    step(b, 'bridge', `${bridge.name} forwards to port ${target.port}`, bridge.sources[0]);
    hopOf(b).out = target.port;
    return enterNetns(ctx, b, host, target.ns, target.link);
  };
  // br_netfilter hands a bridged frame to iptables when the bridge's own option or the netns sysctl says so
  const sysctl = bridge.bridgeNetfilter ? undefined : ns.sysctl?.['net.bridge.bridge-nf-call-iptables'];
  if (sysctl?.value === '0') {
    step(w, 'bridge', `bridge-netfilter is off on ${bridge.name} (net.bridge.bridge-nf-call-iptables = 0): bridged traffic skips iptables`, sysctl.source);
    return onward(w);
  }
  const why = bridge.bridgeNetfilter ? `nf_call_iptables 1 on ${bridge.name}` : sysctl ? `net.bridge.bridge-nf-call-iptables = ${sysctl.value}` : undefined;
  const assumed = why ? undefined : `bridge-netfilter on ${bridge.name} assumed on (kubelet sets net.bridge.bridge-nf-call-iptables=1; \`sysctl net.bridge.bridge-nf-call-iptables\` on the node would confirm)`;
  step(w, 'bridge', `bridged frame ${inPort} → ${target?.port ?? '?'} goes through iptables (br_netfilter${why ? `: ${why}` : ''})`, sysctl?.source ?? bridge.sources[0], assumed ? { assumed } : {});
  const base: Packet = { ...w.packet, iif: bridge.name, oif: bridge.name, physIn: inPort, ...(target ? { physOut: target.port } : {}) };
  return hook(ctx, w, host, 'PREROUTING', base, (b1) =>
    hook(ctx, b1, host, 'FORWARD', { ...b1.packet, iif: bridge.name, oif: bridge.name, physIn: inPort, ...(target ? { physOut: target.port } : {}) }, (b2) =>
      hook(ctx, b2, host, 'POSTROUTING', { ...b2.packet, oif: bridge.name, ...(target ? { physOut: target.port } : {}) }, onward)));
}

function portTowards(host: Host, ns: Netns, bridge: Link, ip: string): { port: string; ns: Netns; link: string } | undefined {
  for (const port of bridge.ports ?? ns.links.filter((l) => l.master === bridge.name).map((l) => l.name)) {
    const l = ns.links.find((x) => x.name === port);
    if (!l?.peer) continue;
    const peerNs = host.netns.find((n) => n.id === l.peer?.netns);
    if (peerNs && ipv4Addresses(peerNs).includes(ip)) return { port, ns: peerNs, link: l.peer.link };
  }
  return undefined;
}

/** After PREROUTING (and any DNAT): local delivery through INPUT, or routing then FORWARD and POSTROUTING. */
function routeAndForward(ctx: Ctx, w: Walk, host: Host, ns: Netns, iif: string, inLink: string): Walk[] {
  const pkt = w.packet;
  const local = ipv4Addresses(ns);
  if (local.includes(pkt.dst) || pkt.dst === host.ip) {
    step(w, 'route', `${pkt.dst} is an address of ${host.name}: local delivery`, null);
    return hook(ctx, w, host, 'INPUT', { ...pkt, iif }, (b) => {
      step(b, 'deliver', `delivered to ${host.name} (${pkt.dst})`, null);
      const pod = ctx.snap.cluster.pods.find((p) => p.hostNetwork && p.node === host.name && ctx.dst.pod === p);
      return finish(b, 'delivered', { deliveredTo: { node: host.name, ...(pod ? { pod: `${pod.namespace}/${pod.name}` } : {}), ip: pkt.dst } });
    });
  }
  const r = routeLookup(ns, pkt, iif);
  if (!ns.routes.length) return unknown(w, `the routes of ${host.name} are not in the inputs`, `ip route (or route -n) of node ${host.name}`);
  if (!r) { step(w, 'drop', `no route to ${pkt.dst} on ${host.name}`, null); return finish(w, 'no-route'); }
  if ('unreachable' in r) { step(w, 'drop', `ip rule ${r.rule?.priority}: ${r.unreachable}`, r.rule?.source); return finish(w, 'no-route'); }
  const route = r.route;
  if (route.type && ['blackhole', 'unreachable', 'prohibit'].includes(route.type)) {
    step(w, 'drop', `route ${describeRoute(route)}: the kernel discards it`, route.source);
    return finish(w, route.type === 'blackhole' ? 'dropped' : 'no-route', { droppedBy: null });
  }
  step(w, 'route', `${describeRoute(route)}${r.rule ? ` (ip rule ${r.rule.priority} chose table ${r.table})` : ''}`, route.source);
  const forwarding = ns.sysctl?.['net.ipv4.ip_forward'];
  if (forwarding?.value === '0') {
    step(w, 'drop', `net.ipv4.ip_forward = 0 on ${host.name}: the kernel does not forward packets it does not own`, forwarding.source);
    return finish(w, 'dropped', { droppedBy: null });
  }
  const oif = route.dev ?? '';
  const outBridge = ns.links.find((l) => l.name === oif && l.kind === 'bridge');
  return hook(ctx, w, host, 'FORWARD', { ...w.packet, iif, oif, ...(iif !== inLink ? { physIn: inLink } : {}) }, (b1) =>
    hook(ctx, b1, host, 'POSTROUTING', { ...b1.packet, oif }, (b2) => {
      hopOf(b2).out = oif;
      return egress(ctx, b2, host, ns, oif, route.gateway ?? b2.packet.dst, outBridge);
    }));
}

/** A packet sent by the host itself (a hostNetwork pod, the node): OUTPUT then POSTROUTING. */
function localOutput(ctx: Ctx, w: Walk, host: Host, ns: Netns): Walk[] {
  const r = routeLookup(ns, w.packet);
  if (!ns.routes.length) return unknown(w, `the routes of ${host.name} are not in the inputs`, `ip route (or route -n) of node ${host.name}`);
  if (!r || 'unreachable' in r) { step(w, 'drop', `no route to ${w.packet.dst} on ${host.name}`, null); return finish(w, 'no-route'); }
  step(w, 'route', describeRoute(r.route), r.route.source);
  const oif = r.route.dev ?? '';
  return hook(ctx, w, host, 'OUTPUT', { ...w.packet, oif }, (b1) => {
    // a DNAT in OUTPUT re-routes the packet
    const again = b1.packet.dst !== w.packet.dst ? routeLookup(ns, b1.packet) : r;
    const route = again && !('unreachable' in again) ? again.route : r.route;
    if (route !== r.route) step(b1, 'route', `re-routed after DNAT: ${describeRoute(route)}`, route.source);
    const dev = route.dev ?? '';
    return hook(ctx, b1, host, 'POSTROUTING', { ...b1.packet, oif: dev }, (b2) => {
      hopOf(b2).out = dev;
      return egress(ctx, b2, host, ns, dev, route.gateway ?? b2.packet.dst, ns.links.find((l) => l.name === dev && l.kind === 'bridge'));
    });
  });
}

function egress(ctx: Ctx, w: Walk, host: Host, ns: Netns, dev: string, nextHop: string, bridge: Link | undefined): Walk[] {
  const link = ns.links.find((l) => l.name === dev);
  if (bridge) {
    const target = portTowards(host, ns, bridge, nextHop);
    if (!target) return unknown(w, `no port of ${bridge.name} leads to ${nextHop}`, `ip addr inside the pods of node ${host.name} (or brctl showmacs ${bridge.name})`);
    step(w, 'bridge', `${bridge.name} forwards to port ${target.port}`, bridge.sources[0]);
    passVia(w, bridge.name);
    hopOf(w).out = target.port;
    return enterNetns(ctx, w, host, target.ns, target.link);
  }
  if (link?.peer) {
    const peerNs = host.netns.find((n) => n.id === link.peer?.netns);
    if (peerNs) return enterNetns(ctx, w, host, peerNs, link.peer.link);
  }
  // a veth without an IPv4 address is a pod's host end; one carrying an address is an uplink (kind nodes, the
  // namespaces of scripts/capture-trace-scenarios.sh) and leads to the fabric like any NIC
  if ((link?.kind === 'veth' && !link.addresses.some((a) => a.family === 'inet')) || (!link && POD_VETH.test(dev))) {
    return unknown(w, `${dev} leads into a pod whose namespace is not in the inputs`, `ip addr inside the pod behind ${dev} on node ${host.name}`);
  }
  if (link?.kind === 'vxlan' || /^vxlan/.test(dev)) return vxlan(ctx, w, host, dev, nextHop, link);
  return fabric(ctx, w, host, dev);
}

/**
 * VXLAN: the inner packet leaves through `dev`; the node wraps it in UDP to the remote VTEP. The outer packet is
 * the node's own (OUTPUT, POSTROUTING, out the underlay NIC the route to the VTEP names); on the remote node it
 * arrives on its NIC (PREROUTING, INPUT), is decapsulated, and the inner packet enters through the remote's
 * vxlan device. A mark does not travel on the wire: the outer packet starts the remote node with mark 0.
 */
function vxlan(ctx: Ctx, w: Walk, host: Host, dev: string, nextHop: string, link: Link | undefined): Walk[] {
  // the remote VTEP: the host whose vxlan device carries the route's gateway address
  const remote = ctx.snap.hosts.find((h) => h !== host && h.netns.some((n) => n.links.some((l) => l.kind === 'vxlan' && l.addresses.some((a) => a.ip === nextHop))));
  const owner = remote ? { host: remote } : (() => { const o = ctx.owners.ownerOf(w.packet.dst); return o?.host ? { host: o.host } : null; })();
  const port = link?.vxlan?.port ?? 4789;
  const outerSrc = link?.vxlan?.local ?? host.ip ?? '?';
  if (!owner) return unknown(w, `no captured node owns VTEP ${nextHop}`, `ip addr (vxlan device) and bridge fdb show dev ${dev} of the node behind ${nextHop}`);
  const outerDst = owner.host.ip ?? '?';
  const localNs = hostNetns(host);
  const remoteNs = hostNetns(owner.host);
  if (!localNs || !remoteNs) return unknown(w, `the namespaces of ${owner.host.name} are not in the inputs`, `ip addr of node ${owner.host.name}`);
  const underlay = routeLookup(localNs, { ...w.packet, src: outerSrc, dst: outerDst });
  const underlayDev = link?.vxlan?.dev ?? (underlay && !('unreachable' in underlay) ? underlay.route.dev : undefined) ?? 'eth0';
  const remoteNic = remoteNs.links.find((l) => l.addresses.some((a) => a.ip === outerDst))?.name ?? 'eth0';
  const remoteDev = remoteNs.links.find((l) => l.kind === 'vxlan')?.name ?? dev;
  const inner = w.packet;
  const outer: Packet = { src: outerSrc, dst: outerDst, proto: 'udp', sport: 40001, dport: port, mark: inner.mark, ctstate: 'NEW' };
  step(w, 'encap', `VXLAN ${link?.vxlan?.id !== undefined ? `VNI ${link.vxlan.id} ` : ''}on ${dev}: outer udp ${outerSrc} → ${outerDst}:${port} out ${underlayDev}`, link?.sources[0],
    { encap: { kind: 'vxlan', ...(link?.vxlan?.id !== undefined ? { vni: link.vxlan.id } : {}), dev, underlay: underlayDev,
      outer: { src: outerSrc, dst: outerDst, proto: 'udp', sport: 40001, dport: port } } });
  return hook(ctx, w, host, 'OUTPUT', { ...outer, oif: underlayDev }, (b1) =>
    hook(ctx, b1, host, 'POSTROUTING', { ...b1.packet, oif: underlayDev }, (b2) => {
      passVia(b2, underlayDev);
      step(b2, 'fabric', `underlay carries the VXLAN packet to ${owner.host.name} (${outerDst})`, null);
      b2.hops.push({ node: owner.host.name, netns: remoteNs.id, in: remoteNic, out: null, steps: [] });
      const arrived: Packet = { ...b2.packet, mark: 0, iif: remoteNic };
      return hook(ctx, b2, owner.host, 'PREROUTING', arrived, (b3) =>
        hook(ctx, b3, owner.host, 'INPUT', { ...b3.packet, iif: remoteNic }, (b4) => {
          step(b4, 'decap', `${remoteDev} on ${owner.host.name} decapsulates: inner ${describePacket(inner)}`, remoteNs.links.find((l) => l.name === remoteDev)?.sources[0]);
          b4.packet = { ...inner, mark: b4.packet.mark };
          return enterNetns(ctx, b4, owner.host, remoteNs, remoteDev);
        }));
    }));
}

function fabric(ctx: Ctx, w: Walk, host: Host, dev: string): Walk[] {
  const dst = w.packet.dst;
  const owner = ctx.owners.ownerOf(dst);
  if (owner && owner.host !== host) {
    if (!owner.host) {
      step(w, 'fabric', fabricDetail(ctx.snap, owner, dst), owner.source);
      return unknown(w, `${owner.node} is not in the inputs`, `ip addr, ip route and iptables-save of node ${owner.node}`);
    }
    step(w, 'fabric', fabricDetail(ctx.snap, owner, dst), owner.source);
    const ns = hostNetns(owner.host);
    if (!ns) return unknown(w, `the host namespace of ${owner.node} is not in the inputs`, `ip addr of node ${owner.node}`);
    const nic = ns.links.find((l) => owner.host?.ip && l.addresses.some((a) => a.ip === owner.host?.ip))?.name ?? 'eth0';
    return enterNetns(ctx, w, owner.host, ns, nic);
  }
  if (owner?.host === host) return unknown(w, `${dst} belongs to ${host.name} but the route sends it out ${dev}`, `ip route of node ${host.name}`);
  if (!ctx.owners.isInternal(dst)) {
    step(w, 'fabric', `out ${dev} of ${host.name} to ${dst}, outside the cluster${w.packet.src !== ctx.dst.ip && w.nat.some((n) => n.kind !== 'DNAT') ? ` as ${w.packet.src}` : ''}`, null);
    return finish(w, 'delivered', { deliveredTo: { external: dst } });
  }
  return unknown(w, `no input says which node or pod owns ${dst}`, `kubectl get pods -A -o wide and kubectl get nodes -o wide (who owns ${dst})`);
}

/** Where the walk begins: the source pod's namespace, the host end of its veth, or the node itself. */
function begin(ctx: Ctx, w: Walk, src: Endpoint): Walk[] {
  for (const h of ctx.snap.hosts) {
    for (const ns of h.netns) {
      if (ns.kind === 'pod' && ipv4Addresses(ns).includes(src.ip)) return enterNetns(ctx, w, h, ns, null);
    }
  }
  for (const h of ctx.snap.hosts) {
    const ns = hostNetns(h);
    if (ns && (h.ip === src.ip || ipv4Addresses(ns).includes(src.ip))) return enterNetns(ctx, w, h, ns, null);
  }
  const owner = ctx.owners.ownerOf(src.ip);
  if (owner?.host) {
    const ns = hostNetns(owner.host);
    // the pod's namespace was not captured: enter the host where its route (or bridge) points
    const r = ns?.routes.find((x) => !x.gateway && x.dev && inCidr(src.ip, x.dst) && isPodDevice(x.dev));
    if (ns && r?.dev) {
      w.hops.push({ node: owner.host.name, netns: `pod:${src.podName ?? src.ip}`, in: null, out: 'eth0', steps: [] });
      step(w, 'route', `${src.podName ?? src.ip} sends through its eth0 (its namespace is not in the inputs; ${describeRoute(r)} on ${owner.host.name} leads to it)`, r.source,
        { assumed: `${src.podName ?? src.ip}: namespace not captured, enters ${owner.host.name} through ${r.dev}` });
      return enterNetns(ctx, w, owner.host, ns, r.dev);
    }
  }
  if (owner && !owner.host) {
    w.hops.push({ node: owner.node, netns: `pod:${src.podName ?? src.ip}`, in: null, out: null, steps: [] });
    return unknown(w, `${owner.node} (where ${src.podName ?? src.ip} runs) is not in the inputs`, `ip addr, ip route and iptables-save of node ${owner.node}`);
  }
  // from outside the cluster: it enters the node that owns the destination through its NIC
  const dstOwner = ctx.owners.ownerOf(w.packet.dst);
  if (!ctx.owners.isInternal(src.ip) && dstOwner?.host) {
    const ns = hostNetns(dstOwner.host);
    if (ns) {
      w.hops.push({ node: 'external', netns: 'external', in: null, out: null, steps: [] });
      step(w, 'fabric', `${src.ip} (outside the cluster) reaches ${dstOwner.host.name} through the underlay`, null);
      return enterNetns(ctx, w, dstOwner.host, ns, 'eth0');
    }
  }
  w.hops.push({ node: '?', netns: '?', in: null, out: null, steps: [] });
  return unknown(w, `no input places ${src.ip}`, `ip addr of the node running ${src.podName ?? src.ip}`);
}

function worst(verdicts: Verdict[]): Verdict {
  for (const v of ['dropped', 'unknown', 'no-route'] as const) if (verdicts.includes(v)) return v;
  return 'delivered';
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

function toTrace(flow: Flow, w: Walk, base: Omit<Trace, 'verdict' | 'deliveredTo' | 'hops' | 'droppedBy' | 'nat' | 'branches' | 'missing' | 'assumptions'>): Trace {
  return { ...base, flow, verdict: w.verdict ?? 'unknown', deliveredTo: w.deliveredTo ?? null, hops: w.hops, droppedBy: w.droppedBy ?? null,
    nat: w.nat, branches: [], missing: unique(w.missing), assumptions: unique(w.assumptions), warnings: unique([...base.warnings, ...w.warnings]) };
}

/** Hops shared by every branch: the path up to the fork. */
function commonHops(walks: Walk[]): Hop[] {
  const first = walks[0]?.hops ?? [];
  const out: Hop[] = [];
  for (let i = 0; i < first.length; i++) {
    const h = first[i] as Hop;
    const key = JSON.stringify(h);
    if (walks.every((w) => JSON.stringify(w.hops[i]) === key)) { out.push(h); continue; }
    // the diverging hop: keep the steps all branches share
    const steps: TraceStep[] = [];
    for (let s = 0; s < h.steps.length; s++) {
      const sk = JSON.stringify(h.steps[s]);
      if (walks.every((w) => JSON.stringify(w.hops[i]?.steps[s]) === sk)) steps.push(h.steps[s] as TraceStep); else break;
    }
    out.push({ ...h, out: null, steps });
    break;
  }
  return out;
}

/** The NetworkPolicy answer for the pod the walk reached (after DNAT), beside the dataplane's, and what they disagree on. */
function attachPolicy(snap: Snapshot, t: Trace, w: Walk, src: Endpoint, dst: Endpoint): Trace {
  const proto = t.flow.proto;
  const delivered = w.deliveredTo && 'pod' in w.deliveredTo ? w.deliveredTo.pod : undefined;
  const dstPod = delivered ? snap.cluster.pods.find((p) => `${p.namespace}/${p.name}` === delivered) : dst.pod;
  const dstIp = w.deliveredTo && 'ip' in w.deliveredTo ? w.deliveredTo.ip : w.packet.dst;
  const policy = evaluatePolicy(snap, { ip: src.ip, ...(src.pod ? { pod: src.pod } : {}) }, { ip: dstIp, ...(dstPod ? { pod: dstPod } : {}) }, proto, w.packet.dport);
  t.policy = policy;
  t.warnings = unique([...t.warnings, ...policy.warnings]);
  if (policy.verdict === 'allowed' && t.verdict === 'dropped' && t.droppedBy) t.warnings.push(`policy allows, node drops at ${t.droppedBy.table} ${t.droppedBy.chain}`);
  if (policy.verdict === 'denied' && t.verdict === 'delivered') t.warnings.push(`policy denies (${policy.ingress.verdict === 'denied' ? policy.ingress.reason : policy.egress.reason}), but the node delivers`);
  if (t.droppedBy && /^cali-(tw|pi)-/.test(t.droppedBy.chain) && policy.ingress.policies.length) t.droppedBy.policy = policy.ingress.policies.join(', ');
  else if (t.droppedBy && /^cali-(tw|pi)-/.test(t.droppedBy.chain)) {
    // Calico names chains by hash: the ingress policies of the destination's namespace are the candidates
    const ns = dstPod?.namespace;
    const candidates = snap.cluster.policies.filter((p) => p.namespace === ns && (p.policyTypes.includes('Ingress') || !p.policyTypes.length));
    if (candidates.length === 1) t.droppedBy.policy = `${candidates[0]?.namespace}/${candidates[0]?.name}`;
  }
  return t;
}

export function trace(snap: Snapshot, req: TraceRequest): Trace | { error: string } {
  const src = resolveEndpoint(snap, req.from, 'source');
  if ('error' in src) return src;
  const dst = resolveEndpoint(snap, req.to, 'destination');
  if ('error' in dst) return dst;
  const proto = req.proto ?? dst.proto ?? 'tcp';
  const dport = proto === 'icmp' ? undefined : req.port ?? dst.port ?? (proto === 'tcp' ? 80 : 53);
  const flow: Flow = { src: src.ip, dst: dst.ip, proto, ...(proto === 'icmp' ? {} : { sport: 40000, dport }),
    ...(req.ctstate === 'ESTABLISHED' || req.ctstate === 'RELATED' ? { ctstate: req.ctstate } : {}) };
  const ctx: Ctx = { snap, owners: buildOwnership(snap), ipsets: new Map(), locals: new Map(), wiring: calicoWiring, dst };
  const packet: Packet = { src: flow.src, dst: flow.dst, proto, mark: 0, ctstate: req.ctstate ?? 'NEW', ...(flow.sport !== undefined ? { sport: flow.sport } : {}),
    ...(dport !== undefined ? { dport } : {}), ...(proto === 'icmp' ? { icmpType: 8 } : {}) };
  const walks = begin(ctx, { packet, hops: [], probability: 1, nat: [], missing: [], assumptions: [], warnings: [], budget: MAX_HOPS }, src);

  const endpoints: Trace['endpoints'] = {
    src: { ip: src.ip, ...(src.podName ? { pod: src.podName } : {}), ...(src.pod?.node ? { node: src.pod.node } : {}) },
    dst: { ip: dst.ip, ...(dst.podName ? { pod: dst.podName } : {}), ...(dst.service ? { service: `${dst.service.namespace}/${dst.service.name}` } : {}), ...(dst.pod?.node ? { node: dst.pod.node } : {}) },
  };
  const base = { flow, endpoints, warnings: [] as string[] };
  const withPolicy = (t: Trace, w: Walk): Trace => attachPolicy(snap, t, w, src, dst);
  if (walks.length === 1) return withPolicy(toTrace(flow, walks[0] as Walk, base), walks[0] as Walk);
  const branches = walks.map((w) => ({ probability: Math.round(w.probability * 1e6) / 1e6, ...(w.uncertain ? { uncertain: true } : {}), trace: withPolicy(toTrace(flow, w, base), w) }));
  const verdict = worst(branches.map((b) => b.trace.verdict));
  const dropped = branches.find((b) => b.trace.verdict === 'dropped')?.trace.droppedBy ?? null;
  const delivered = branches.every((b) => JSON.stringify(b.trace.deliveredTo) === JSON.stringify(branches[0]?.trace.deliveredTo)) ? branches[0]?.trace.deliveredTo ?? null : null;
  return {
    flow, endpoints, verdict, deliveredTo: delivered, hops: commonHops(walks), droppedBy: dropped,
    nat: [], branches, missing: unique(branches.flatMap((b) => b.trace.missing)),
    assumptions: unique(branches.flatMap((b) => b.trace.assumptions)), warnings: unique(branches.flatMap((b) => b.trace.warnings)),
    ...(branches[0]?.trace.policy ? { policy: branches[0].trace.policy } : {}),
  };
}
