/**
 * Calico's felix as it renders the cluster's NetworkPolicies on a node (iptables dataplane): FORWARD → cali-FORWARD
 * → the workload dispatch chains by host interface (cali*, or azv* where Azure CNI made the veths) → cali-fw-<if> /
 * cali-tw-<if>: established accepted, invalid dropped, then the policies that select the pod (cali-po-/cali-pi-<hash>,
 * which set mark 0x10000 on an allowed peer and port) or, where none does, the namespace's profile (allow). A packet
 * no selecting policy allows is dropped in the workload chain ("Drop if no policies passed packet").
 */
import type { NetworkPolicyModel } from '../../model/types.ts';
import type { NodeBuild } from '../whatif/build.ts';
import { allowMatches, type SetNaming } from '../whatif/policy-rules.ts';
import { policyTypes, selectedPods, setName } from '../whatif/selectors.ts';

const naming: SetNaming = (what) => setName('cali40s:', what);
const chainHash = (what: string): string => setName('_', what, 19);

/** The start of every workload chain (accept established, drop invalid, clear the accept mark). */
const wlStart = (chain: string): string[] => [
  `-A ${chain} -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "cali:${chain}-est" -j ACCEPT`,
  `-A ${chain} -m conntrack --ctstate INVALID -m comment --comment "cali:${chain}-inv" -j DROP`,
  `-A ${chain} -m comment --comment "cali:${chain}-clr" -j MARK --set-xmark 0x0/0x10000`,
];

function workloadChain(chain: string, policyChains: string[], profile: string): string[] {
  const lines = wlStart(chain);
  if (policyChains.length) {
    lines.push(`-A ${chain} -m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000`);
    for (const p of policyChains) lines.push(`-A ${chain} -m mark --mark 0x0/0x20000 -j ${p}`);
    lines.push(`-A ${chain} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if policy accepted" -j RETURN`,
      `-A ${chain} -m mark --mark 0x0/0x20000 -m comment --comment "Drop if no policies passed packet" -j DROP`);
  }
  lines.push(`-A ${chain} -j ${profile}`, `-A ${chain} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if profile accepted" -j RETURN`,
    `-A ${chain} -m comment --comment "Drop if no profiles matched" -j DROP`);
  return lines;
}

export function synthesizeCalicoPolicy(b: NodeBuild): void {
  const prefix = b.node.hostEnd;
  b.rules('filter', 'FORWARD', [
    '-A FORWARD -m comment --comment "cali:wUHhoiAYhphO9Mso" -j cali-FORWARD',
    '-A FORWARD -m comment --comment "cali:S93hcgKJrXEqnTfs" -m comment --comment "Policy explicitly accepted packet." -m mark --mark 0x10000/0x10000 -j ACCEPT',
    '-A FORWARD -m comment --comment "cali:mp77cMpurHhyjLrM" -j MARK --set-xmark 0x10000/0x10000',
  ], 'first');
  b.chain('filter', 'cali-FORWARD', [
    '-A cali-FORWARD -m comment --comment "cali:vjrMJCRpqwy5oRoX" -j MARK --set-xmark 0x0/0xe0000',
    `-A cali-FORWARD -i ${prefix}+ -m comment --comment "cali:8ZoYfO5HKXWbB3pk" -j cali-from-wl-dispatch`,
    `-A cali-FORWARD -o ${prefix}+ -m comment --comment "cali:jdEuaPBe14V2hutn" -j cali-to-wl-dispatch`,
  ]);
  const policies = [...b.inv.snap.cluster.policies].sort((x, y) => `${x.namespace}/${x.name}`.localeCompare(`${y.namespace}/${y.name}`));
  // per policy and direction its chain, and the pods it selects (by what-if IP)
  const rendered = new Map<string, { chain: string; selects: Set<string> | null }>();
  const chainOf = (p: NetworkPolicyModel, dir: 'Ingress' | 'Egress'): string => {
    const key = `${dir} ${p.namespace}/${p.name}`;
    const done = rendered.get(key);
    if (done) return done.chain;
    const chain = `cali-${dir === 'Ingress' ? 'pi' : 'po'}-${chainHash(`${p.namespace}/knp.default.${p.name}`)}`;
    const mark = '-j MARK --set-xmark 0x10000/0x10000';
    b.chain('filter', chain, [
      ...allowMatches(b, naming, p, dir).map((r) => `-A ${chain} ${r.match ? `${r.match} ` : ''}-m comment --comment "Policy ${p.namespace}/knp.default.${p.name} ${dir.toLowerCase()}" ${mark}`),
      `-A ${chain} -m mark --mark 0x10000/0x10000 -m comment --comment "Return if policy accepted" -j RETURN`,
    ]);
    const sel = selectedPods(b, p);
    rendered.set(key, { chain, selects: sel.unsettled ? null : new Set(sel.ips) });
    return chain;
  };
  const from: string[] = [];
  const to: string[] = [];
  const namespaces = new Set<string>();
  for (const pod of b.pods) {
    const ns = pod.inv.namespace ?? 'default';
    namespaces.add(ns);
    const applies = (dir: 'Ingress' | 'Egress') => policies.filter((p) => p.namespace === ns && policyTypes(p).includes(dir)).filter((p) => {
      chainOf(p, dir);
      const sel = rendered.get(`${dir} ${p.namespace}/${p.name}`)?.selects;
      // selection unsettled: the policy is rendered for the pod, which the trace then flags through its unsettled sets
      return sel === null || sel?.has(pod.ip);
    }).map((p) => chainOf(p, dir));
    const fw = `cali-fw-${pod.hostEnd}`;
    const tw = `cali-tw-${pod.hostEnd}`;
    from.push(`-A cali-from-wl-dispatch -i ${pod.hostEnd} -m comment --comment "cali:from-${pod.hostEnd}" -g ${fw}`);
    to.push(`-A cali-to-wl-dispatch -o ${pod.hostEnd} -m comment --comment "cali:to-${pod.hostEnd}" -g ${tw}`);
    b.chain('filter', fw, workloadChain(fw, applies('Egress'), `cali-pro-kns.${ns}`));
    b.chain('filter', tw, workloadChain(tw, applies('Ingress'), `cali-pri-kns.${ns}`));
  }
  b.chain('filter', 'cali-from-wl-dispatch', [...from, '-A cali-from-wl-dispatch -m comment --comment "Unknown interface" -j DROP']);
  b.chain('filter', 'cali-to-wl-dispatch', [...to, '-A cali-to-wl-dispatch -m comment --comment "Unknown interface" -j DROP']);
  for (const ns of namespaces) {
    for (const p of ['pro', 'pri']) {
      const c = `cali-${p}-kns.${ns}`;
      b.chain('filter', c, [`-A ${c} -j MARK --set-xmark 0x10000/0x10000`, `-A ${c} -m mark --mark 0x10000/0x10000 -j RETURN`]);
    }
  }
}
