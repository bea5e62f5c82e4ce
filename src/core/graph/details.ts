/**
 * Facts about one element of the topology or chains graph, with the source lines they came from: what the
 * details panel lists when the user clicks a node, a namespace, a link, a chain or the fabric.
 */
import type { Host, Netns, SourceRef, Snapshot } from '../model/types.ts';
import { describeRoute } from '../trace/routing.ts';
import { primaryIpv4, ruleCount } from '../model/netns.ts';
import { familyOf } from './chains.ts';
import { inferredNic } from './nic.ts';

export interface DetailRow { text: string; source?: SourceRef }
export interface Details {
  title: string;
  kind: string;
  facts: [string, string][];
  lists: { title: string; rows: DetailRow[] }[];
  /** What to put in a trace's from/to field for this element (a pod's name, an interface's IP). */
  endpoint?: string;
}

const hostOf = (snap: Snapshot, name: string): Host | undefined => snap.hosts.find((h) => h.name === name);

/** The kernel settings captured in a netns (`sysctl`), as `key = value` rows. */
const sysctlRows = (ns: Netns | undefined) => Object.entries(ns?.sysctl ?? {}).map(([key, v]) => ({ text: `${key} = ${v.value}`, source: v.source }));

/**
 * An id's parts are names, and names may hold `/` (a node named after a folder path, a pod netns `pod:ns/name`, a
 * link or chain named by a paste): each part is found as the longest known name the rest of the id starts with.
 */
function splitKnown(rest: string, names: readonly string[]): [string, string] | null {
  let best: string | null = null;
  for (const n of names) if (rest.startsWith(`${n}/`) && (best === null || n.length > best.length)) best = n;
  return best === null ? null : [best, rest.slice(best.length + 1)];
}

function hostAndRest(snap: Snapshot, rest: string): [Host, string] | null {
  const parts = splitKnown(rest, snap.hosts.map((h) => h.name));
  const h = parts ? hostOf(snap, parts[0]) : undefined;
  return parts && h ? [h, parts[1]] : null;
}

export function detailsOf(snap: Snapshot, id: string, chainsHost?: string): Details | null {
  // `fabric` (the first lane) has no colon; `fabric:<mode>` lanes do
  const colon = id.indexOf(':');
  const type = colon < 0 ? id : id.slice(0, colon);
  const rest = colon < 0 ? '' : id.slice(colon + 1);
  if (type === 'node') {
    const h = hostOf(snap, rest);
    if (!h) return null;
    const hostNs = h.netns.find((n) => n.kind === 'host');
    return {
      title: h.name, kind: 'node',
      facts: [['IP', h.ip ?? 'not in the inputs'], ['pod namespaces', String(h.netns.filter((n) => n.kind === 'pod').length)],
        ['iptables', Object.entries(h.iptables).map(([t, v]) => `${t} (${ruleCount(v)} rules)`).join(', ') || 'not in the inputs'],
        ['ipsets', String(h.ipsets.length)], ['CNI', h.cni.map((c) => c.plugins.map((p) => p.type + (p.mode ? `/${p.mode}` : '')).join('+')).join('; ') || 'not in the inputs']],
      lists: [
        { title: 'mode evidence', rows: h.modes.map((m) => ({ text: `${m.mode}: ${m.fact}`, ...(m.source ? { source: m.source } : {}) })) },
        { title: 'host routes', rows: (hostNs?.routes ?? []).map((r) => ({ text: describeRoute(r), source: r.source })) },
        { title: 'sysctl', rows: sysctlRows(hostNs) },
      ],
    };
  }
  if (type === 'netns') {
    const [h, nsId] = hostAndRest(snap, rest) ?? [undefined, ''];
    const ns = h?.netns.find((n) => n.id === nsId);
    if (!h || !ns) return null;
    const pod = ns.pod ? snap.cluster.pods.find((p) => `${p.namespace}/${p.name}` === ns.pod) : undefined;
    const endpoint = ns.pod ?? primaryIpv4(ns) ?? h.ip;
    return {
      title: ns.pod ?? (ns.kind === 'host' ? `${h.name} host namespace` : ns.id), kind: 'netns', ...(endpoint ? { endpoint } : {}),
      facts: [['node', h.name], ['kind', ns.kind], ...(ns.name ? [['netns name', ns.name] as [string, string]] : []), ...(ns.pid ? [['pid', String(ns.pid)] as [string, string]] : []),
        ...(pod ? [['pod IP', pod.ip ?? '?'] as [string, string], ['labels', pod.labelsKnown ? Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '(none)' : 'not captured'] as [string, string]] : []),
        ...(ns.inferred ? [['evidence', 'seen from the host side only (no capture inside the pod)'] as [string, string]] : [])],
      lists: [
        { title: 'links', rows: ns.links.map((l) => ({ text: `${l.name} ${l.kind}${l.addresses.map((a) => ` ${a.ip}/${a.prefixlen}`).join('')}${l.peer ? ` ↔ ${l.peer.link} (${l.peer.netns})` : ''}`, ...(l.sources[0] ? { source: l.sources[0] } : {}) })) },
        { title: 'routes', rows: ns.routes.map((r) => ({ text: describeRoute(r), source: r.source })) },
        { title: 'neighbours', rows: ns.neighbours.map((n) => ({ text: `${n.ip}${n.mac ? ` lladdr ${n.mac}` : ''}${n.dev ? ` dev ${n.dev}` : ''} ${n.state.join(' ')}`, source: n.source })) },
        { title: 'ip rules', rows: ns.rules.map((r) => ({ text: `${r.priority}: ${r.not ? 'not ' : ''}from ${r.src}${r.fwmark ? ` fwmark ${r.fwmark}${r.fwmask ? `/${r.fwmask}` : ''}` : ''} ${r.action ?? 'lookup'} ${r.table ?? ''}`, source: r.source })) },
        { title: 'sysctl', rows: sysctlRows(ns) },
      ],
    };
  }
  if (type === 'link') {
    const [h, nsAndLink] = hostAndRest(snap, rest) ?? [undefined, ''];
    const [nsId, ln] = (h ? splitKnown(nsAndLink, h.netns.map((n) => n.id)) : null) ?? ['', ''];
    const ns = h?.netns.find((n) => n.id === nsId);
    const l = ns?.links.find((x) => x.name === ln);
    if (h && ns?.kind === 'host' && !l) return inferredNicDetails(snap, h, ln);
    if (!h || !ns || !l) return null;
    const routesHere = h.netns.find((n) => n.kind === 'host')?.routes.filter((r) => r.dev === l.name) ?? [];
    const linkIp = l.addresses.find((a) => a.family === 'inet')?.ip;
    return {
      title: `${l.name} (${ns.pod ?? ns.id})`, kind: 'link', ...(ns.pod || linkIp ? { endpoint: ns.pod ?? linkIp } : {}),
      facts: [['kind', l.kind], ['node', h.name], ...(l.ifindex !== undefined ? [['ifindex', String(l.ifindex)] as [string, string]] : []),
        ...(l.mac ? [['MAC', l.mac] as [string, string]] : []), ...(l.mtu ? [['MTU', String(l.mtu)] as [string, string]] : []),
        ...(l.master ? [['bridge', l.master] as [string, string]] : []), ...(l.peer ? [['veth peer', `${l.peer.link} in ${l.peer.netns}`] as [string, string]] : []),
        ...(l.proxyArp ? [['proxy ARP', `${l.proxyArp.on ? 'on' : 'off'} (${l.proxyArp.source.input}:${l.proxyArp.source.line})`] as [string, string]] : []),
        ...(l.bridgeNetfilter ? [['bridge-netfilter', 'on (nf_call_iptables 1)'] as [string, string]] : []),
        ...(l.vxlan ? [['vxlan', `id ${l.vxlan.id ?? '?'} local ${l.vxlan.local ?? '?'} port ${l.vxlan.port ?? 4789}`] as [string, string]] : []),
        ['addresses', l.addresses.map((a) => `${a.ip}/${a.prefixlen}`).join(', ') || '(none)'],
        ...(l.inferred ? [['evidence', 'not in an ip addr dump: inferred from routes or CNI state'] as [string, string]] : [])],
      lists: [
        { title: 'seen in', rows: l.sources.map((s) => ({ text: `${s.input}:${s.line}`, source: s })) },
        { title: 'routes pointing at it', rows: routesHere.map((r) => ({ text: describeRoute(r), source: r.source })) },
      ],
    };
  }
  if (type === 'fabric') {
    return {
      title: 'fabric between nodes', kind: 'fabric',
      facts: [['dataplane', snap.mode.dataplane], ['policy', snap.mode.policy]],
      lists: snap.mode.detected.map((d) => ({ title: `${d.mode} (score ${d.score})`, rows: d.evidence.map((e) => ({ text: e.fact, ...(e.source ? { source: e.source } : {}) })) })),
    };
  }
  if ((type === 'chain' || type === 'chain-bundle') && chainsHost) {
    const h = hostOf(snap, chainsHost);
    const [tableName, name] = (h ? splitKnown(rest, Object.keys(h.iptables)) : null) ?? ['', ''];
    const table = h?.iptables[tableName];
    if (!h || !table) return null;
    if (type === 'chain-bundle') {
      const members = [...table.chains.values()].filter((c) => familyOf(c.name) === name);
      return { title: `${name}* in ${table.name}`, kind: 'bundle', facts: [['chains', String(members.length)], ['rules', String(members.reduce((a, c) => a + c.rules.length, 0))]],
        lists: [{ title: 'chains', rows: members.slice(0, 500).map((c) => ({ text: `${c.name} (${c.rules.length} rules)`, ...(c.rules[0] ? { source: c.rules[0].source } : {}) })) }] };
    }
    const chain = table.chains.get(name);
    if (!chain) return null;
    return {
      title: `${table.name} ${chain.name}`, kind: 'chain',
      facts: [['node', h.name], ['built-in', chain.builtin ? `yes, policy ${chain.policy ?? 'ACCEPT'}` : 'no'], ['rules', String(chain.rules.length)],
        ...(chain.referencedOnly ? [['evidence', 'only jumped to: its rules are not in the capture'] as [string, string]] : [])],
      lists: [{ title: 'rules', rows: chain.rules.map((r) => ({ text: `${r.index}. ${r.counters ? `[${r.counters.packets}:${r.counters.bytes}] ` : ''}${r.text}`, source: r.source })) }],
    };
  }
  return null;
}

/** The NIC the canvas draws dashed because `ip addr` did not show it: what it was inferred from, and what to capture. */
function inferredNicDetails(snap: Snapshot, h: Host, name: string): Details | null {
  const nic = inferredNic(snap, h);
  if (!nic || nic.name !== name) return null;
  return {
    title: `${name} (host, inferred)`, kind: 'link', ...(nic.ip ? { endpoint: nic.ip } : {}),
    facts: [['kind', 'NIC (not captured)'], ['node', h.name], ['addresses', nic.ip ?? 'not in the inputs'],
      ['evidence', `not in an ip addr dump: its routes name it${nic.ip ? ', and the node IP is its' : ''}; capture ip addr on ${h.name} to see it`]],
    lists: [{ title: 'inferred from', rows: nic.evidence }],
  };
}
