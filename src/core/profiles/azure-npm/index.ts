/**
 * Azure Network Policy Manager (NPM v1, iptables): FORWARD → AZURE-NPM on ctstate NEW → AZURE-NPM-INGRESS /
 * -EGRESS → a chain per policy; marks 0x200 ingress allowed, 0x400 ingress drop, 0x800 egress drop; ipsets
 * azure-npm-<hash> hold the selected pods' IPs on every node (the rules are the same on all of them).
 */
import type { PolicyProfile } from '../types.ts';
import { chainSource, chainsWithPrefix } from '../evidence.ts';
import { synthesizeNpm } from './synthesize.ts';
import { POLICY_LABELS } from '../labels.ts';

export const azureNpm: PolicyProfile = {
  id: 'azure',
  label: POLICY_LABELS.azure,
  evidence(h, add) {
    for (const c of chainsWithPrefix(h, ['AZURE-NPM'])) add('azure-npm', 4, `${c.count} AZURE-NPM* chains in ${c.table}`, chainSource(c.first));
    const sets = h.ipsets.filter((s) => s.name.startsWith('azure-npm-'));
    if (sets.length) add('azure-npm', 2, `${sets.length} azure-npm-* ipsets`, sets[0]?.source);
  },
  policyOfChain: (chain) => chain.startsWith('AZURE-NPM-INGRESS') || chain.startsWith('AZURE-NPM-EGRESS'),
  owns: {
    chain: (_t, name) => name.startsWith('AZURE-NPM'),
    rule: (_t, _c, r) => / -j AZURE-NPM/.test(r.text),
  },
  synthesize: synthesizeNpm,
};
