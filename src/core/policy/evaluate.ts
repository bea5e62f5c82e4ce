/**
 * Kubernetes NetworkPolicy semantics for one connection (source pod or IP → destination pod, port,
 * protocol): a pod is isolated for a direction once any policy selecting it lists that policyType; it then
 * admits only what some rule of those policies allows (peers: podSelector, namespaceSelector, both, ipBlock
 * with except; ports: number, name, endPort). The answer is 'unknown' when the labels it needs were not
 * captured, never a guess.
 */
import { inCidr } from '../net/ip.ts';
import type { LabelSelector } from '../parsers/common/label-selector.ts';
import type { NetworkPolicyModel, NetworkPolicyPeer, NetworkPolicyPort, Pod, Snapshot } from '../model/types.ts';

export type PolicyAnswer = 'allowed' | 'denied' | 'unknown';

export interface DirectionVerdict {
  verdict: PolicyAnswer;
  /** Policies selecting the pod in this direction (`ns/name`). */
  policies: string[];
  /** The policy and rule that allowed, or why it is denied / unknown. */
  reason: string;
}

export interface PolicyVerdict {
  verdict: PolicyAnswer;
  ingress: DirectionVerdict;
  egress: DirectionVerdict;
  warnings: string[];
}

type Tri = boolean | null;

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    if (e.operator === 'In' && !(has && (e.values ?? []).includes(val as string))) return false;
    if (e.operator === 'NotIn' && has && (e.values ?? []).includes(val as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const isEmptySelector = (s: LabelSelector | undefined): boolean => !s || (!Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length);

/** Does `sel` select `pod`? null when the pod's labels were not captured and the selector needs them. */
function podSelected(sel: LabelSelector | undefined, pod: Pod): Tri {
  if (isEmptySelector(sel)) return true;
  if (!pod.labelsKnown) return null;
  return selectorMatches(sel, pod.labels);
}

interface Endpoint { ip: string; pod?: Pod }

function peerMatches(snap: Snapshot, policy: NetworkPolicyModel, peer: NetworkPolicyPeer, other: Endpoint): Tri {
  if (peer.ipBlock) {
    if (!inCidr(other.ip, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  }
  if (!other.pod) return false; // pod/namespace selectors select pods only
  let nsOk: Tri;
  if (peer.namespaceSelector) {
    const ns = snap.cluster.namespaces.find((n) => n.name === other.pod?.namespace);
    if (isEmptySelector(peer.namespaceSelector)) nsOk = true;
    else if (!ns?.labelsKnown) nsOk = null;
    else nsOk = selectorMatches(peer.namespaceSelector, ns.labels);
  } else {
    nsOk = other.pod.namespace === policy.namespace;
  }
  if (nsOk === false) return false;
  const podOk = peer.podSelector ? podSelected(peer.podSelector, other.pod) : true;
  if (podOk === false) return false;
  return nsOk === null || podOk === null ? null : true;
}

function portMatches(ports: NetworkPolicyPort[] | undefined, proto: string, port: number | undefined): Tri {
  if (!ports?.length) return true;
  let unknown = false;
  for (const p of ports) {
    if ((p.protocol ?? 'TCP').toLowerCase() !== proto) continue;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) { unknown = true; continue; } // a named port needs the container spec
    const lo = Number(p.port);
    const hi = p.endPort ?? lo;
    if (port !== undefined && port >= lo && port <= hi) return true;
  }
  return unknown ? null : false;
}

function direction(snap: Snapshot, self: Pod, other: Endpoint, dir: 'Ingress' | 'Egress', proto: string, port: number | undefined): DirectionVerdict {
  const selecting: NetworkPolicyModel[] = [];
  let selectionUnknown = false;
  for (const pol of snap.cluster.policies) {
    if (pol.namespace !== self.namespace) continue;
    const types = pol.policyTypes.length ? pol.policyTypes : (pol.egress.length ? ['Ingress', 'Egress'] : ['Ingress']);
    if (!types.includes(dir)) continue;
    const sel = podSelected(pol.podSelector, self);
    if (sel === null) selectionUnknown = true;
    if (sel !== false) selecting.push(pol);
  }
  const names = selecting.map((p) => `${p.namespace}/${p.name}`);
  // a policy the inputs hold but that could not be read may select the pod: no "allowed" or "denied" can ignore it
  const unread = (snap.cluster.unreadablePolicies ?? []).filter((u) => !u.namespace || u.namespace === self.namespace);
  const unreadable = (): DirectionVerdict => {
    const which = unread.map((u) => `${u.namespace ?? '?'}/${u.name ?? '(unnamed)'} (${u.source.input}:${u.source.line}: ${u.why})`);
    return { verdict: 'unknown', policies: [...names, ...unread.map((u) => `${u.namespace ?? '?'}/${u.name ?? '(unnamed)'}`)],
      reason: `NetworkPolicy ${which.join(', ')} could not be read and may select ${self.namespace}/${self.name} for ${dir.toLowerCase()}${names.length ? `; ${names.join(', ')} allow nothing here` : ''}` };
  };
  if (!selecting.length) {
    if (unread.length) return unreadable();
    return { verdict: 'allowed', policies: [], reason: `no ${dir.toLowerCase()} policy selects ${self.namespace}/${self.name}` };
  }
  let unknown = selectionUnknown;
  for (const pol of selecting) {
    const rules = dir === 'Ingress' ? pol.ingress.map((r) => ({ peers: r.from, ports: r.ports })) : pol.egress.map((r) => ({ peers: r.to, ports: r.ports }));
    for (const [i, r] of rules.entries()) {
      const peerOk: Tri = !r.peers?.length ? true : r.peers.reduce<Tri>((acc, p) => {
        if (acc === true) return true;
        const m = peerMatches(snap, pol, p, other);
        return m === true ? true : m === null || acc === null ? null : false;
      }, false);
      const portOk = portMatches(r.ports, proto, port);
      if (peerOk === true && portOk === true) {
        // allowed by this rule — unless we are not sure the pod is selected at all, in which case it is still allowed
        return { verdict: 'allowed', policies: names, reason: `${pol.namespace}/${pol.name} ${dir.toLowerCase()} rule ${i + 1} allows it` };
      }
      if (peerOk === null || portOk === null) unknown = true;
    }
  }
  if (unread.length) return unreadable();
  if (unknown) {
    const needs = !self.labelsKnown ? `labels of ${self.namespace}/${self.name} (kubectl get pods --show-labels)` : 'pod or namespace labels';
    return { verdict: 'unknown', policies: names, reason: `${names.join(', ')} may apply; deciding needs the ${needs}` };
  }
  return { verdict: 'denied', policies: names, reason: `${names.join(', ')} select ${self.namespace}/${self.name} for ${dir.toLowerCase()} and no rule allows this peer and port` };
}

/** Policy verdict for a connection; pods are optional (an IP outside the cluster has none). */
export function evaluatePolicy(snap: Snapshot, src: Endpoint, dst: Endpoint, proto: string, port: number | undefined): PolicyVerdict {
  const allow: DirectionVerdict = { verdict: 'allowed', policies: [], reason: 'not a pod' };
  const egress = src.pod && !src.pod.hostNetwork ? direction(snap, src.pod, dst, 'Egress', proto, port) : allow;
  const ingress = dst.pod && !dst.pod.hostNetwork ? direction(snap, dst.pod, src, 'Ingress', proto, port) : allow;
  const verdict: PolicyAnswer = egress.verdict === 'denied' || ingress.verdict === 'denied' ? 'denied'
    : egress.verdict === 'unknown' || ingress.verdict === 'unknown' ? 'unknown' : 'allowed';
  const warnings: string[] = [];
  for (const pol of snap.cluster.policies) {
    for (const r of pol.ingress) for (const p of r.from ?? []) warnNamespaceSelector(snap, pol, p, warnings);
    for (const r of pol.egress) for (const p of r.to ?? []) warnNamespaceSelector(snap, pol, p, warnings);
  }
  return { verdict, ingress, egress, warnings };
}

function warnNamespaceSelector(snap: Snapshot, pol: NetworkPolicyModel, peer: NetworkPolicyPeer, out: string[]): void {
  if (!peer.namespaceSelector || isEmptySelector(peer.namespaceSelector)) return;
  const known = snap.cluster.namespaces.filter((n) => n.labelsKnown);
  if (!known.length) return;
  if (!known.some((n) => selectorMatches(peer.namespaceSelector, n.labels))) {
    const want = Object.entries(peer.namespaceSelector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    out.push(`${pol.namespace}/${pol.name}: namespaceSelector ${want || '(expressions)'} matches no namespace — namespaces carry no such label by default`);
  }
}
