/**
 * Names the inputs reveal — nodes (and the hosts in prompts), namespaces, pods, services — and what each becomes.
 * The new names keep the shapes the reader (and PacketPath) relies on: an AKS node stays `aks-<pool>-<n>-vmss<i>`,
 * a Deployment's pod stays `<deployment>-<replicaset hash>-<id>` (so `default/app-a` still picks its pod), a
 * StatefulSet pod keeps its ordinal. What is the same in every cluster is kept: the system namespaces and the
 * names of the components that run in them (`kube-system/coredns-…` keeps `coredns`, its hashes change).
 */
import type { Snapshot } from '../../model/types.ts';

export const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'calico-system', 'calico-apiserver',
  'tigera-operator', 'gatekeeper-system', 'app-routing-system', 'aks-command', 'kube-flannel', 'cilium', 'azure-arc', 'azure-extensions-usage-system']);

/** Words that are syntax somewhere in the inputs: a name equal to one is replaced only where it is used as a name. */
export const SYNTAX_WORDS = new Set(['default', 'host', 'local', 'link', 'global', 'main', 'all', 'any', 'none', 'tcp', 'udp', 'icmp', 'sctp',
  'ip', 'dev', 'via', 'src', 'dst', 'proto', 'scope', 'table', 'metric', 'kernel', 'static', 'boot', 'dhcp', 'filter', 'nat', 'mangle', 'raw',
  'security', 'ingress', 'egress', 'input', 'output', 'forward', 'policy', 'chain', 'bridge', 'vxlan', 'veth', 'lo', 'eth0', 'name',
  'namespace', 'namespaces', 'pod', 'pods', 'node', 'nodes', 'service', 'services', 'app', 'apps', 'true', 'false', 'null', 'yes', 'no',
  'up', 'down', 'on', 'off', 'ready', 'running', 'active', 'labels', 'selector', 'from', 'to', 'ports', 'port', 'protocol', 'spec',
  'metadata', 'status', 'type', 'kind', 'items', 'list', 'test', 'state', 'mode', 'network', 'kube', 'calico', 'azure', 'system']);

/** Syntax words that are syntax only as a YAML key or in `Allowing ingress traffic`: a name everywhere else. */
export const KEY_ONLY_WORDS = new Set(['ingress', 'egress', 'from', 'to', 'ports', 'selector', 'labels', 'spec', 'metadata', 'items']);

/** Kubernetes' alphabet for generated name suffixes (no vowels, no 0/1/3 — no words). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const letters = (i: number): string => {
  let s = '';
  let n = i;
  do { s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26) - 1; } while (n >= 0);
  return s;
};

/** A stable pseudo-random string of `length` in Kubernetes' suffix alphabet, from `seed` and a salt. */
function suffix(seed: string, length: number, salt: string): string {
  let h = 0x811c9dc5;
  for (const ch of salt + seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    out += K8S_ALPHABET[h % K8S_ALPHABET.length];
  }
  return out;
}

export interface NameMap {
  /** Exact word → replacement: full pod and node names, user namespaces, bases, replica-set names and hashes. */
  words: Map<string, string>;
  /** The subset of `words` that are also syntax words, replaced only in name positions. */
  syntax: Set<string>;
  kinds: Map<string, 'node' | 'namespace' | 'pod' | 'service' | 'workload'>;
  /** Pod short name → new short name, for `pod-<name>-…` file names. */
  pods: Map<string, string>;
}

/** Suffixes Kubernetes generates: a ReplicaSet's hash and a pod's id, in its alphabet (a word like `front` is not one). */
const DEPLOYMENT = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{6,10})-([bcdfghjklmnpqrstvwxz2456789]{5})$/;
const GENERATED = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{5})$/;
const ORDINAL = /^(.+)-(\d+)$/;
/** A name cut to 63 characters ends in a run of hash and id: `…-default-http-backend-8cdc9dzfwkw`. */
const TRUNCATED = /^(.+)-([a-z0-9]*\d[a-z0-9]*)$/;

/** Every name of `snap` (and each host named in a prompt) with its replacement; `present` says if a word occurs at all. */
export function nameMap(snap: Snapshot, promptHosts: Iterable<string>, present: (word: string) => boolean, salt: string): NameMap {
  const map: NameMap = { words: new Map(), syntax: new Set(), kinds: new Map(), pods: new Map() };
  const taken = new Set<string>();
  const originals = new Set<string>();
  const set = (from: string, to: string, kind: NameMap['kinds'] extends Map<string, infer K> ? K : never): void => {
    if (!from || map.words.has(from)) return;
    map.words.set(from, to);
    map.kinds.set(from, kind);
    taken.add(to);
    if (SYNTAX_WORDS.has(from) || SYNTAX_WORDS.has(from.toLowerCase())) map.syntax.add(from);
  };
  const fresh = (make: (i: number) => string): string => {
    for (let i = 0; ; i++) { const c = make(i); if (!taken.has(c) && !originals.has(c)) return c; }
  };
  const pods = [...snap.cluster.pods.map((p) => ({ ns: p.namespace, name: p.name })),
    ...snap.hosts.flatMap((h) => h.netns.map((n) => n.pod).filter((x): x is string => !!x).map((x) => { const [ns, name] = x.split('/') as [string, string]; return { ns, name }; }))];
  const namespaces = new Set([...pods.map((p) => p.ns), ...snap.cluster.services.map((s) => s.namespace), ...snap.cluster.namespaces.map((n) => n.name),
    ...snap.cluster.policies.map((p) => p.namespace)]);
  const nodes = new Set([...snap.hosts.map((h) => h.name), ...snap.cluster.nodes.map((n) => n.name), ...snap.cluster.pods.map((p) => p.node ?? ''), ...promptHosts]);
  for (const x of [...pods.map((p) => p.name), ...namespaces, ...nodes, ...snap.cluster.services.map((s) => s.name)]) originals.add(x);

  // nodes: AKS's shape keeps its pool and instance; the cluster's number changes
  const numbers = new Map<string, string>();
  for (const node of [...nodes].filter((n) => n && present(n)).sort()) {
    const aks = /^aks-([a-z0-9]+)-(\d{6,10})-vmss([0-9a-z]{6})$/.exec(node);
    if (aks) {
      const [, pool, num, inst] = aks as unknown as [string, string, string, string];
      if (!numbers.has(num)) numbers.set(num, String(10_000_000 + numbers.size + 1).padStart(num.length, '1'));
      const safePool = /^(nodepool|agentpool|systempool|userpool|pool)\d*$/.test(pool) ? pool : fresh((i) => `pool${letters(i)}`);
      set(node, `aks-${safePool}-${numbers.get(num)}-vmss${inst}`, 'node');
      set(num, numbers.get(num) as string, 'node');
      continue;
    }
    set(node, fresh((i) => (node.startsWith('aks-') ? `aks-node-${letters(i)}` : `node-${letters(i)}`)), 'node');
  }
  for (const ns of [...namespaces].sort()) if (!SYSTEM_NAMESPACES.has(ns) && present(ns)) set(ns, fresh((i) => `ns-${letters(i)}`), 'namespace');
  const bases = new Map<string, string>();
  const baseOf = (base: string, system: boolean): string => {
    if (system) return base;
    let b = bases.get(base);
    if (!b) { b = fresh((i) => `app-${letters(i)}`); bases.set(base, b); set(base, b, 'workload'); }
    return b;
  };
  const hash = (h: string): string => {
    const to = map.words.get(h) ?? suffix(h, h.length, salt);
    // a hash is a word of its own (pod-template-hash=…) only when it cannot be mistaken for one
    if (/\d/.test(h)) set(h, to, 'workload');
    return to;
  };
  for (const { ns, name } of pods) {
    if (map.words.has(name)) { map.pods.set(name, map.words.get(name) as string); continue; }
    const system = SYSTEM_NAMESPACES.has(ns) && ns !== 'default';
    let to: string;
    const d = DEPLOYMENT.exec(name);
    const g = GENERATED.exec(name);
    const o = ORDINAL.exec(name);
    if (d) {
      const [, base, rs, id] = d as unknown as [string, string, string, string];
      const b = baseOf(base, system);
      const newRs = `${b}-${hash(rs)}`;
      set(`${base}-${rs}`, newRs, 'workload');
      to = `${newRs}-${suffix(id, id.length, salt)}`;
    } else if (o) {
      to = `${baseOf(o[1] as string, system)}-${o[2]}`;
    } else if (g) {
      to = `${baseOf(g[1] as string, system)}-${suffix(g[2] as string, 5, salt)}`;
    } else if (TRUNCATED.exec(name)) {
      const [, base, tail] = TRUNCATED.exec(name) as unknown as [string, string, string];
      to = `${baseOf(base, system)}-${suffix(tail, tail.length, salt)}`;
    } else {
      to = baseOf(name, system);
    }
    if (to !== name) set(name, to, 'pod');
    map.pods.set(name, to);
  }
  for (const s of snap.cluster.services) {
    if (map.words.has(s.name) || (SYSTEM_NAMESPACES.has(s.namespace) && s.namespace !== 'default') || s.name === 'kubernetes') continue;
    set(s.name, fresh((i) => `svc-${letters(i)}`), 'service');
  }
  return map;
}
