/**
 * Resolves the CLI's and the page's flow arguments against a Snapshot: `X` is a pod (`ns/name` or `name`)
 * or an IP; `Y` is a pod, a service (`ns/name`) or `IP[:port][/tcp|udp|icmp]`, any of them with `:port/proto`.
 */
import { isIp } from '../net/ip.ts';
import type { Pod, Service, Snapshot } from '../model/types.ts';
import { primaryIpv4 } from '../model/netns.ts';
import type { Proto } from '../netfilter/packet.ts';

export interface Endpoint { ip: string; pod?: Pod; podName?: string; service?: Service; port?: number; proto?: Proto }

const PROTOS = new Set(['tcp', 'udp', 'icmp', 'sctp']);

/** Splits `name:8080/tcp`, `10.0.0.1:53/udp`, `10.0.0.1/icmp` into parts. */
function splitSpec(spec: string): { name: string; port?: number; proto?: Proto } {
  let rest = spec.trim();
  let proto: Proto | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash > 0 && PROTOS.has(rest.slice(slash + 1).toLowerCase())) { proto = rest.slice(slash + 1).toLowerCase() as Proto; rest = rest.slice(0, slash); }
  const m = /^(.*?):(\d+)$/.exec(rest);
  if (m && !isIp(rest)) return { name: m[1] as string, port: Number(m[2]), ...(proto ? { proto } : {}) };
  return { name: rest, ...(proto ? { proto } : {}) };
}

/** All pods the inputs know: kubectl's, plus pod namespaces matched to a pod name. */
function podsOf(snap: Snapshot): Pod[] {
  const pods = [...snap.cluster.pods];
  // a Set, not a search per namespace: a what-if of 1,250 pods names every one of them twice
  const known = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
  for (const h of snap.hosts) for (const ns of h.netns) {
    if (ns.kind !== 'pod' || !ns.pod || known.has(ns.pod)) continue;
    const [namespace, name] = ns.pod.split('/') as [string, string];
    const ip = primaryIpv4(ns);
    pods.push({ namespace, name, labels: {}, node: h.name, ...(ip ? { ip } : {}), source: ns.sources[0] ?? { input: '', line: 0 } });
  }
  return pods;
}

/** A pod named exactly `name` (`ns/name` or `name`). */
function exactPod(snap: Snapshot, name: string): Pod | undefined | 'ambiguous' {
  const exact = podsOf(snap).filter((p) => `${p.namespace}/${p.name}` === name || p.name === name);
  return exact.length > 1 ? 'ambiguous' : exact[0];
}

/** A pod by its exact name, else by its Deployment's (`web` for `web-7b68-drldk`). */
function findPod(snap: Snapshot, name: string): Pod | undefined | 'ambiguous' {
  const pods = podsOf(snap);
  const exact = exactPod(snap, name);
  if (exact) return exact;
  // a Deployment's name (`default/kuard-vnode`) picks its pod when exactly one pod has that prefix
  const [ns, short] = name.includes('/') ? name.split('/') as [string, string] : [undefined, name];
  const prefixed = pods.filter((p) => (!ns || p.namespace === ns) && new RegExp(`^${short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z0-9]+(-[a-z0-9]+)?$`).test(p.name) && p.ip);
  if (prefixed.length <= 1) return prefixed[0];
  // several replicas: the one whose namespace the inputs captured is the one the user can trace
  const captured = new Set(snap.hosts.flatMap((h) => h.netns.map((n) => n.pod)).filter(Boolean));
  const onCaptured = prefixed.filter((p) => captured.has(`${p.namespace}/${p.name}`));
  return onCaptured.length === 1 ? onCaptured[0] : 'ambiguous';
}

export function resolveEndpoint(snap: Snapshot, spec: string, role: 'source' | 'destination'): Endpoint | { error: string } {
  const { name, port, proto } = splitSpec(spec);
  const extra = { ...(port !== undefined ? { port } : {}), ...(proto ? { proto } : {}) };
  if (isIp(name)) {
    const pod = podsOf(snap).find((p) => p.ip === name && !p.hostNetwork);
    return { ip: name, ...(pod ? { pod, podName: `${pod.namespace}/${pod.name}` } : {}), ...extra };
  }
  // a service's name is the service's, even when its pods share it as their prefix (`default/web` → web-0, web-1);
  // only a pod named exactly so comes first
  const svc = role === 'destination' && exactPod(snap, name) === undefined
    ? snap.cluster.services.find((s) => `${s.namespace}/${s.name}` === name) ?? snap.cluster.services.find((s) => s.name === name) : undefined;
  if (svc?.clusterIp) {
    const p = port === undefined ? svc.ports[0] : svc.ports.find((x) => x.port === port);
    return { ip: svc.clusterIp, service: svc, ...(p ? { port: p.port, proto: (proto ?? p.protocol.toLowerCase()) as Proto } : extra) };
  }
  const pod = findPod(snap, name);
  if (pod === 'ambiguous') return { error: `"${name}" names more than one pod; use namespace/name or the pod's IP` };
  if (pod) {
    if (!pod.ip) return { error: `pod ${pod.namespace}/${pod.name} has no IP in the inputs` };
    return { ip: pod.ip, pod, podName: `${pod.namespace}/${pod.name}`, ...extra };
  }
  if (svc) return { error: `service ${svc.namespace}/${svc.name} has no cluster IP in the inputs` };
  return { error: `no pod${role === 'destination' ? ', service' : ''} or IP "${name}" in the inputs` };
}
