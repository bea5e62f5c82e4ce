/** The model's link, route, neighbour and policy-rule facts from `ip` records: shared by the text and `-j` kinds (ip-addr, ip-json, ip-route, route-n, ip-neigh, ip-rule). */
import type { IpLink } from '../parsers/ip-addr/ip-addr.ts';
import type { IpRoute } from '../parsers/ip-route/ip-route.ts';
import type { Neighbour as NeighRecord } from '../parsers/ip-neigh/ip-neigh.ts';
import type { IpRule } from '../parsers/ip-rule/ip-rule.ts';
import type { Link, LinkKind } from '../model/types.ts';
import type { BlockContext, Piece } from './pieces.ts';

export function linkKind(l: IpLink): LinkKind {
  const k = l.linkinfo?.info_kind;
  if (k === 'veth' || k === 'bridge' || k === 'vxlan' || k === 'dummy' || k === 'wireguard' || k === 'bond') return k;
  if (k === 'ipip' || k === 'gre' || k === 'sit' || k === 'geneve') return 'tunnel';
  if (l.link_type === 'loopback' || l.ifname === 'lo') return 'loopback';
  if (l.link_index !== undefined || (l.link && l.link !== 'NONE')) return 'veth';
  if (/^(cbr0|azure0|docker0|cni0|br-|virbr|kube-bridge|weave$)/.test(l.ifname)) return 'bridge';
  if (/^(vxlan|flannel\.\d|vxlan\.calico|cilium_vxlan)/.test(l.ifname)) return 'vxlan';
  if (/^(tunl\d|ipip|cilium_ipip)/.test(l.ifname)) return 'tunnel';
  if (/^(kube-ipvs0|nodelocaldns|dummy)/.test(l.ifname)) return 'dummy';
  if (/^(azv|cali|veth|lxc|vethwe)/.test(l.ifname)) return 'veth';
  if (l.link_type === 'ether' || l.link_type === 'none' || !l.link_type) return /^(eth|ens|enp|enP|eno|wl)/.test(l.ifname) || l.link_type === 'ether' ? 'ether' : 'other';
  return 'other';
}

export function linkFromRecord(l: IpLink, ctx: BlockContext, i: number): Link {
  const link: Link = {
    name: l.ifname,
    kind: linkKind(l),
    // JSON input may hold anything here: what is not a list of objects passes through as it is, for isolate.ts to
    // name in a warning and leave out
    addresses: !Array.isArray(l.addr_info) ? (l.addr_info ?? []) as never : l.addr_info.map((a) => (!a || typeof a !== 'object' ? a : ({ family: a.family, ip: a.local, prefixlen: a.prefixlen, ...(a.scope ? { scope: a.scope } : {}), ...(a.address ? { peer: a.address } : {}) }))),
    sources: [{ input: ctx.input, line: ctx.line(i) }],
  };
  if (l.ifindex !== undefined) link.ifindex = l.ifindex;
  if (l.address) link.mac = l.address;
  if (l.mtu !== undefined) link.mtu = l.mtu;
  if (l.operstate) link.state = l.operstate;
  if (l.flags?.length) link.flags = l.flags;
  if (l.master) link.master = l.master;
  if (l.link_index !== undefined) link.peerIndex = l.link_index;
  if (l.link) link.peerName = l.link;
  if (l.link_netns !== undefined) link.peerNetnsRef = l.link_netns;
  else if (l.link_netnsid !== undefined) link.peerNetnsRef = `netnsid:${l.link_netnsid}`;
  const data = l.linkinfo?.info_data;
  // the bridge's own nf_call_iptables 1 turns bridge-netfilter on; 0 does not turn it off: the netns-wide sysctl
  // net.bridge.bridge-nf-call-iptables (kubelet sets it to 1) applies either way, so 0 leaves it unknown
  if (link.kind === 'bridge' && data && Number(data.nf_call_iptables) === 1) link.bridgeNetfilter = true;
  if (link.kind === 'vxlan' && data) {
    link.vxlan = {};
    if (typeof data.id === 'number') link.vxlan.id = data.id;
    if (typeof data.local === 'string') link.vxlan.local = data.local;
    if (typeof data.port === 'number') link.vxlan.port = data.port;
    if (typeof data.link === 'string') link.vxlan.dev = data.link;
  }
  return link;
}

export function routePiece(r: IpRoute, ctx: BlockContext, i: number): Piece {
  const route = {
    dst: r.dst,
    table: r.table ?? 'main',
    source: { input: ctx.input, line: ctx.line(i) },
    ...(r.type ? { type: r.type } : {}),
    ...(r.gateway ? { gateway: r.gateway } : {}),
    ...(r.dev ? { dev: r.dev } : {}),
    ...(r.protocol ? { protocol: r.protocol } : {}),
    ...(r.scope ? { scope: r.scope } : {}),
    ...(r.prefsrc ? { prefsrc: r.prefsrc } : {}),
    ...(r.metric !== undefined ? { metric: r.metric } : {}),
    ...(r.flags?.length ? { flags: r.flags } : {}),
    ...(r.nexthops !== undefined ? { multipath: !Array.isArray(r.nexthops) ? r.nexthops as never : r.nexthops.map((h) => (!h || typeof h !== 'object' ? h as never : ({ ...(h.gateway ? { gateway: h.gateway } : {}), ...(h.dev ? { dev: h.dev } : {}), ...(h.weight ? { weight: h.weight } : {}) }))) } : {}),
  };
  return { kind: 'route', at: ctx.at, route };
}

export function neighbourPiece(n: NeighRecord, ctx: BlockContext, i: number): Piece {
  return { kind: 'neighbour', at: ctx.at, neighbour: { ip: n.dst, state: n.state, source: { input: ctx.input, line: ctx.line(i) }, ...(n.lladdr ? { mac: n.lladdr } : {}), ...(n.dev ? { dev: n.dev } : {}) } };
}

export function rulePiece(r: IpRule, ctx: BlockContext, i: number): Piece {
  const { priority, src, ...rest } = r;
  return { kind: 'ip-rule', at: ctx.at, rule: { priority, src, ...rest, source: { input: ctx.input, line: ctx.line(i) } } };
}
