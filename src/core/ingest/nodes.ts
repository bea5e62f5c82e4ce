/**
 * Which node a block belongs to when nothing names it (no prompt host, no folder, no node the user typed): files
 * dropped together (`ip-addr.txt`, `ip-route.txt`, `iptables-save.txt`) and the unnamed outputs of one transcript
 * are one host unless their content says otherwise. What says so: a link the host already has, shown with another
 * MAC or other addresses; a second host link list sharing no link with the first; routes, neighbours or bridges on
 * devices the host's link list does not have, or from an address it does not hold; a pod's eth0@ifN whose peer is
 * not the host's veth N. A block that says nothing about its host (iptables, ipset, a CNI config) joins the host
 * the previous unnamed block went to.
 */
import type { IpLink } from '../parsers/ip-addr/ip-addr.ts';
import type { IpRoute } from '../parsers/ip-route/ip-route.ts';
import { shapeOf, type IpJsonRecord } from '../parsers/ip-json/ip-json.ts';
import type { ParsedBlock } from './ingest.ts';

/** What one block says about the host it was captured on. */
interface Evidence {
  /** Host links (a host `ip addr` / `ip link`): name → what identifies it. */
  links?: Map<string, { mac?: string; ifindex?: number; ipv4: string[]; peerIndex?: number; veth: boolean }>;
  /** The link list is the host's whole (not `ip addr show eth0`, not grepped). */
  fullLinks?: boolean;
  /** A pod's view: its eth0's ifindex and the host ifindex of its peer. */
  pod?: { ifindex?: number; peerIndex: number };
  /** Devices routes, neighbours, bridges or sysctl keys name. */
  devices?: string[];
  /** Addresses routes say are the host's own (`src`). */
  ownIps?: string[];
}

/** A host being gathered: what its blocks said so far. */
interface Host {
  name: string;
  links: Map<string, { mac?: string; ifindex?: number; ipv4: string[]; peerIndex?: number; veth: boolean }>;
  fullLinks: boolean;
}

/** Names always present, or the same on every host: they tell hosts neither apart nor together. */
const COMMON = /^(lo|docker0|cni0|kube-ipvs0|nodelocaldns|dummy0|tunl0|vxlan\.calico|flannel\.1|cilium_\w+|weave|datapath)$/;

function linksOf(records: unknown[]): IpLink[] {
  return (records as (IpLink | IpJsonRecord)[]).filter((r): r is IpLink => typeof (r as IpLink).ifname === 'string' && (!('dst' in r) || shapeOf(r as IpJsonRecord) === 'link'));
}

/** What the block says about its host, or null when it says nothing (iptables, ipset, kubectl …). */
function evidenceOf(b: ParsedBlock): Evidence | null {
  // not the whole list: grepped, one device asked for, or cut short by its author (`...`, `.`)
  const partial = b.partial || /^ip\s+(-\S+\s+)*(a|addr|address|l|link)\s+(s|show|list|ls)\s+(dev\s+)?\w/.test(b.command ?? '')
    || b.warnings.some((w) => /elision/.test(w.message));
  if (b.kind === 'ip-addr' || (b.kind === 'ip-json' && linksOf(b.records).length)) {
    const links = linksOf(b.records);
    if (b.podView || (links.filter((l) => l.ifname !== 'lo').length === 1 && links.some((l) => l.ifname === 'eth0' && l.link_index !== undefined))) {
      const eth0 = links.find((l) => l.ifname === 'eth0' && l.link_index !== undefined);
      return eth0 ? { pod: { peerIndex: eth0.link_index as number, ...(eth0.ifindex !== undefined ? { ifindex: eth0.ifindex } : {}) } } : null;
    }
    const map: NonNullable<Evidence['links']> = new Map();
    for (const l of links) {
      map.set(l.ifname, { ipv4: (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => a.local), veth: l.link_index !== undefined || l.linkinfo?.info_kind === 'veth',
        ...(l.address ? { mac: l.address.toLowerCase() } : {}), ...(l.ifindex !== undefined ? { ifindex: l.ifindex } : {}), ...(l.link_index !== undefined ? { peerIndex: l.link_index } : {}) });
    }
    return { links: map, fullLinks: !partial };
  }
  if (b.podView) return null;
  if (b.kind === 'ip-route' || b.kind === 'route-n' || b.kind === 'ip-json') {
    const routes = (b.records as IpRoute[]).filter((r) => typeof r.dst === 'string');
    return { devices: [...new Set(routes.flatMap((r) => [r.dev, ...(r.nexthops ?? []).map((h) => h.dev)]).filter((d): d is string => !!d))],
      ownIps: [...new Set(routes.map((r) => r.prefsrc).filter((x): x is string => !!x))] };
  }
  if (b.kind === 'ip-neigh') return { devices: [...new Set((b.records as { dev?: string }[]).map((n) => n.dev).filter((d): d is string => !!d))] };
  if (b.kind === 'brctl') {
    const bridges = (b.records as { type: string; bridge?: string; interfaces?: string[] }[]).filter((r) => r.type === 'bridge');
    return { devices: bridges.flatMap((r) => [r.bridge as string, ...(r.interfaces ?? [])]) };
  }
  if (b.kind === 'sysctl') {
    const devs = (b.records as { key: string }[]).flatMap((r) => /^net\.ipv[46]\.conf\.([^.]+)\./.exec(r.key)?.[1] ?? []).filter((d) => !/^(all|default)$/.test(d));
    return devs.length ? { devices: [...new Set(devs.map((d) => d.replace(/\//g, '.')))] } : null;
  }
  return null;
}

/** Why `e` cannot be from host `h` (a sentence for the note), or null when it can. */
function contradiction(e: Evidence, h: Host): string | null {
  if (e.links) {
    let shared = 0;
    for (const [name, l] of e.links) {
      const known = h.links.get(name);
      if (!known || COMMON.test(name)) continue;
      shared++;
      if (l.mac && known.mac && l.mac !== known.mac) return `its ${name} has MAC ${l.mac}, ${h.name}'s ${known.mac}`;
      if (l.ipv4.length && known.ipv4.length && !l.ipv4.some((ip) => known.ipv4.includes(ip))) return `its ${name} has ${l.ipv4[0]}, ${h.name}'s ${known.ipv4[0]}`;
    }
    const own = [...e.links.keys()].filter((n) => !COMMON.test(n));
    if (e.fullLinks && h.fullLinks && own.length && !shared) return `none of its links (${own.slice(0, 3).join(', ')}) is one of ${h.name}'s`;
  }
  if (e.pod && h.fullLinks) {
    const peer = [...h.links.entries()].find(([, l]) => l.ifindex === e.pod?.peerIndex);
    if (!peer) return `its eth0's peer (ifindex ${e.pod.peerIndex}) is not one of ${h.name}'s links`;
    const [name, l] = peer;
    if (!l.veth) return `its eth0's peer would be ${h.name}'s ${name}, which is not a veth`;
    if (l.peerIndex !== undefined && e.pod.ifindex !== undefined && l.peerIndex !== e.pod.ifindex) return `${h.name}'s ${name} pairs with another ifindex (${l.peerIndex})`;
  }
  if (e.devices && h.links.size) {
    // only devices that tell hosts apart, and only when none of them is the host's: an author's cut list misses some
    const own = e.devices.filter((d) => !COMMON.test(d));
    const missing = own.filter((d) => !h.links.has(d));
    if (own.length && missing.length === own.length && (h.fullLinks || missing.length >= 2)) return `it names ${missing.slice(0, 2).join(', ')}, which ${h.name} does not have`;
  }
  if (e.ownIps?.length && h.links.size) {
    const ips = [...h.links.values()].flatMap((l) => l.ipv4);
    const foreign = e.ownIps.filter((ip) => !ips.includes(ip));
    if (ips.length && foreign.length) return `it sends from ${foreign[0]}, which ${h.name} does not hold`;
  }
  return null;
}

function absorb(h: Host, e: Evidence): void {
  if (!e.links) return;
  for (const [name, l] of e.links) h.links.set(name, { ...h.links.get(name), ...l });
  if (e.fullLinks) h.fullLinks = true;
}

/**
 * Gives every node-level block without a node one: the unnamed host its content agrees with (node-1, node-2 …).
 * `nodeLevel(b)` says which blocks describe a node; blocks that already have a node are left as they are. Returns
 * a note for each block that started a host because of what it showed.
 */
export function assignNodes(blocks: ParsedBlock[], nodeLevel: (b: ParsedBlock) => boolean): { block: ParsedBlock; message: string }[] {
  const hosts: Host[] = [];
  const notes: { block: ParsedBlock; message: string }[] = [];
  let current: Host | undefined;
  for (const b of blocks) {
    if (b.node || !nodeLevel(b)) continue;
    const e = evidenceOf(b);
    let host: Host | undefined;
    if (!e) host = current;
    else {
      // the host the previous unnamed block went to, else any other it fits, else a new one
      const order = current ? [current, ...hosts.filter((h) => h !== current).reverse()] : [];
      const why: string[] = [];
      for (const h of order) {
        const c = contradiction(e, h);
        if (!c) { host = h; break; }
        why.push(c);
      }
      if (!host && hosts.length) {
        host = { name: `node-${hosts.length + 1}`, links: new Map(), fullLinks: false };
        notes.push({ block: b, message: `no node named: taken as another host, ${host.name} (${why[0] ?? 'it does not fit the host before'})` });
        hosts.push(host);
      }
    }
    if (!host) { host = { name: `node-${hosts.length + 1}`, links: new Map(), fullLinks: false }; hosts.push(host); }
    if (e) absorb(host, e);
    b.node = host.name;
    current = host;
  }
  // a pod's view taken before its host's links were shown (nsenter, then the host's ip addr) belongs where its
  // eth0's peer is: a host veth with that ifindex pointing back at it
  for (const b of blocks) {
    const e = b.podView && !b.skipped ? evidenceOf(b) : null;
    if (!e?.pod || !b.node) continue;
    const score = (h: Host): number => {
      const l = [...h.links.values()].find((x) => x.ifindex === e.pod?.peerIndex);
      if (!l) return 0;
      if (!l.veth || (l.peerIndex !== undefined && e.pod?.ifindex !== undefined && l.peerIndex !== e.pod.ifindex)) return -1;
      return l.peerIndex !== undefined ? 2 : 1;
    };
    const mine = hosts.find((h) => h.name === b.node);
    const best = hosts.reduce<Host | undefined>((x, h) => (!x || score(h) > score(x) ? h : x), undefined);
    if (!mine || !best || best === mine || score(best) <= Math.max(0, score(mine))) continue;
    // the pod's other views (same nsenter PID, same netns) go with it
    const same = (x: ParsedBlock): boolean => x.node === mine.name && JSON.stringify(x.podView) === JSON.stringify(b.podView);
    for (const x of blocks) if (same(x)) x.node = best.name;
  }
  return notes;
}
