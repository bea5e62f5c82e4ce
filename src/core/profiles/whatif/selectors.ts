/**
 * NetworkPolicy selectors resolved against the inventory: which pods (by their what-if IPs) a podSelector /
 * namespaceSelector selects, for the ipsets a policy engine fills. Where the labels a selector needs were not
 * captured, the membership is unsettled and says what would settle it — a what-if never invents members.
 */
import type { LabelSelector } from '../../parsers/common/label-selector.ts';
import type { NetworkPolicyModel, NetworkPolicyPeer, NetworkPolicyPort } from '../../model/types.ts';
import { selectorMatches } from '../../policy/evaluate.ts';
import type { NodeBuild } from './build.ts';
import { fnv32 } from './addressing.ts';

export interface Membership { ips: string[]; unsettled?: string }

const empty = (s: LabelSelector | undefined): boolean => !s || (!Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length);

/** Pods of `namespaces` (all when undefined) that `podSelector` selects. */
function podsMatching(b: NodeBuild, namespaces: Set<string> | undefined, podSelector: LabelSelector | undefined): Membership {
  const candidates = b.clusterPods.filter((p) => p.inv.namespace && (!namespaces || namespaces.has(p.inv.namespace)));
  if (empty(podSelector)) return { ips: candidates.map((p) => p.ip) };
  const unknown = candidates.filter((p) => !p.inv.labelsKnown);
  if (unknown.length) return { ips: [], unsettled: `the labels of ${unknown.length} pod(s) such as ${unknown[0]?.inv.key} (kubectl get pods -A --show-labels)` };
  return { ips: candidates.filter((p) => selectorMatches(podSelector, p.inv.labels)).map((p) => p.ip) };
}

/** The pods a policy applies to (its podSelector, in its namespace). */
export function selectedPods(b: NodeBuild, policy: NetworkPolicyModel): Membership {
  return podsMatching(b, new Set([policy.namespace]), policy.podSelector);
}

/** The pods a peer of a rule names (ipBlock peers are not pods: the caller matches their CIDR). */
export function peerPods(b: NodeBuild, policy: NetworkPolicyModel, peer: NetworkPolicyPeer): Membership {
  if (!peer.namespaceSelector) return podsMatching(b, new Set([policy.namespace]), peer.podSelector);
  if (empty(peer.namespaceSelector)) return podsMatching(b, undefined, peer.podSelector);
  const namespaces = b.inv.snap.cluster.namespaces;
  const podNamespaces = new Set(b.clusterPods.map((p) => p.inv.namespace).filter((n): n is string => !!n));
  const unknown = [...podNamespaces].filter((n) => !namespaces.find((x) => x.name === n)?.labelsKnown);
  if (unknown.length) return { ips: [], unsettled: `the labels of namespace ${unknown[0]} (kubectl get ns --show-labels)` };
  const chosen = new Set(namespaces.filter((n) => selectorMatches(peer.namespaceSelector, n.labels)).map((n) => n.name));
  return podsMatching(b, chosen, peer.podSelector);
}

/** The `-p … --dport …` of a policy port; a named port cannot be resolved without the pods' container specs. */
export function portMatch(port: NetworkPolicyPort | undefined): { text: string } | { named: string } {
  if (!port) return { text: '' };
  const proto = (port.protocol ?? 'TCP').toLowerCase();
  if (port.port === undefined) return { text: `-p ${proto}` };
  if (typeof port.port === 'string' && !/^\d+$/.test(port.port)) return { named: port.port };
  const lo = Number(port.port);
  return { text: `-p ${proto} -m ${proto} --dport ${port.endPort ? `${lo}:${port.endPort}` : lo}` };
}

/** An ipset name stable for one membership: the engine's prefix and a hash of what it stands for. */
export const setName = (prefix: string, what: string, length = 22): string => {
  const raw = `${fnv32(what)}${fnv32(what, 97)}${fnv32(what, 193)}`;
  const bytes = String.fromCharCode(...(raw.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  return `${prefix}${btoa(bytes).replace(/[+/=]/g, '_').slice(0, length)}`;
};

export const policyTypes = (p: NetworkPolicyModel): ('Ingress' | 'Egress')[] =>
  p.policyTypes.length ? p.policyTypes : p.egress.length ? ['Ingress', 'Egress'] : ['Ingress'];
