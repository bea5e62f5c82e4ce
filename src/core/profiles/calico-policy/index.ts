/**
 * Calico network policy: felix's filter chains — FORWARD → cali-FORWARD → cali-from-wl-dispatch / cali-to-wl-dispatch
 * → cali-fw-<if> / cali-tw-<if> → cali-po-<policy> / cali-pi-<policy>, namespace profiles cali-pro-/cali-pri-kns.<ns>;
 * mark 0x10000 "accepted", 0x20000 "a policy passed"; ipsets cali40s:… hold the selected pods' IPs.
 */
import type { PolicyProfile } from '../types.ts';
import { chainSource, chainsWithPrefix, linksNamed, podRoutes } from '../evidence.ts';
import { calicoWiring } from './wiring.ts';
import { synthesizeCalicoPolicy } from './synthesize.ts';
import { POLICY_LABELS } from '../labels.ts';

export const calicoPolicy: PolicyProfile = {
  id: 'calico',
  label: POLICY_LABELS.calico,
  evidence(h, add) {
    const chains = chainsWithPrefix(h, ['cali-']).filter((c) => c.table !== 'nat');
    for (const c of chains) add('calico', 3, `${c.count} cali-* chains in ${c.table}`, chainSource(c.first));
    // cali* veths say Calico's CNI wired the pods; a captured filter table without felix's chains says it enforces nothing
    const enforcesNothing = !chains.length && !!h.iptables.filter?.chains.size;
    const cali = linksNamed(h, /^cali/).filter((l) => l.name !== 'vxlan.calico');
    if (cali.length && !enforcesNothing) add('calico', 2, `${cali.length} cali* veth links (Calico-managed pod interfaces)`, cali[0]?.sources[0]);
    const routes = podRoutes(h, /^cali/);
    if (routes.length && !enforcesNothing) add('calico', 2, `${routes.length} /32 routes to cali* links`, routes[0]?.source);
    // the IP pools' sets are felix's NAT (the plugin's); the selector sets are policy's
    const sets = h.ipsets.filter((s) => s.name.startsWith('cali40') && !s.name.endsWith('-ipam-pools'));
    if (sets.length) add('calico', 2, `${sets.length} cali40* ipsets`, sets[0]?.source);
    for (const c of h.cni) for (const p of c.plugins) if (p.type === 'calico') add('calico', 3, `${c.file ?? 'CNI conflist'}: calico plugin`, c.source);
  },
  wiring: calicoWiring,
  policyOfChain: (chain) => /^cali-(tw|pi)-/.test(chain),
  owns: {
    chain: (table, name) => table !== 'nat' && name.startsWith('cali-'),
    rule: (table, _c, r) => table !== 'nat' && (/ -j cali-/.test(r.text) || r.text.includes('"cali:')),
  },
  synthesize: synthesizeCalicoPolicy,
};
