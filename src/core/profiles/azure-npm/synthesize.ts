/**
 * Azure NPM (v1, iptables) as it renders the cluster's NetworkPolicies on every node: FORWARD → AZURE-NPM for new
 * connections; per policy an AZURE-NPM-INGRESS-<hash> / -EGRESS-<hash> chain entered when the pod is in the policy's
 * set; an allowed ingress peer sets 0x200 and goes on to egress, an unallowed one marks 0x400 (dropped at the end of
 * AZURE-NPM-INGRESS); egress allows through AZURE-NPM-ACCEPT or marks 0x800 (dropped). Sets azure-npm-<hash>.
 */
import type { NodeBuild } from '../whatif/build.ts';
import { fnv32 } from '../whatif/addressing.ts';
import { allowMatches, targetSet, type SetNaming } from '../whatif/policy-rules.ts';
import { policyTypes } from '../whatif/selectors.ts';

/** NPM names sets and chains by a 32-bit hash in decimal (`azure-npm-2837910840`). */
const hashName = (what: string): string => String(parseInt(fnv32(what), 16));
const naming: SetNaming = (what) => `azure-npm-${hashName(what)}`;

export function synthesizeNpm(b: NodeBuild): void {
  b.rules('filter', 'FORWARD', ['-A FORWARD -m conntrack --ctstate NEW -j AZURE-NPM'], 'after-kube');
  b.chain('filter', 'AZURE-NPM', ['-A AZURE-NPM -j AZURE-NPM-INGRESS', '-A AZURE-NPM -j AZURE-NPM-EGRESS', '-A AZURE-NPM -j AZURE-NPM-ACCEPT']);
  b.chain('filter', 'AZURE-NPM-ACCEPT', ['-A AZURE-NPM-ACCEPT -m comment --comment CLEAR-AZURE-NPM-MARKS -j MARK --set-xmark 0x0/0xffffffff', '-A AZURE-NPM-ACCEPT -j ACCEPT']);
  b.chain('filter', 'AZURE-NPM-INGRESS-ALLOW-MARK', ['-A AZURE-NPM-INGRESS-ALLOW-MARK -m comment --comment SET-INGRESS-ALLOW-MARK-0x200/0x200 -j MARK --set-xmark 0x200/0x200',
    '-A AZURE-NPM-INGRESS-ALLOW-MARK -j AZURE-NPM-EGRESS']);
  const ingress: string[] = [];
  const egress: string[] = [];
  const policies = [...b.inv.snap.cluster.policies].sort((x, y) => `${x.namespace}/${x.name}`.localeCompare(`${y.namespace}/${y.name}`));
  for (const p of policies) {
    const id = `${p.namespace}/${p.name}`;
    for (const dir of policyTypes(p)) {
      const set = targetSet(b, naming, p);
      const chain = `AZURE-NPM-${dir.toUpperCase()}-${hashName(`${dir} ${id}`)}`;
      const side = dir === 'Ingress' ? 'dst' : 'src';
      (dir === 'Ingress' ? ingress : egress).push(`-A AZURE-NPM-${dir.toUpperCase()} -m set --match-set ${set} ${side} -m comment --comment "${dir.toUpperCase()}-POLICY-${id}" -j ${chain}`);
      const allow = dir === 'Ingress' ? 'AZURE-NPM-INGRESS-ALLOW-MARK' : 'AZURE-NPM-ACCEPT';
      const lines = allowMatches(b, naming, p, dir).map((r) => `-A ${chain} ${r.match ? `${r.match} ` : ''}-m comment --comment "ALLOW-${id}" -j ${allow}`);
      lines.push(`-A ${chain} -m comment --comment "DROP-ALL-${dir.toUpperCase()}-${id}" -j MARK --set-xmark ${dir === 'Ingress' ? '0x400/0x400' : '0x800/0x800'}`);
      b.chain('filter', chain, lines);
    }
  }
  b.chain('filter', 'AZURE-NPM-INGRESS', [...ingress, '-A AZURE-NPM-INGRESS -m mark --mark 0x400/0x400 -m comment --comment DROP-ON-INGRESS-DROP-MARK-0x400/0x400 -j DROP']);
  b.chain('filter', 'AZURE-NPM-EGRESS', [...egress, '-A AZURE-NPM-EGRESS -m mark --mark 0x800/0x800 -m comment --comment DROP-ON-EGRESS-DROP-MARK-0x800/0x800 -j DROP',
    '-A AZURE-NPM-EGRESS -m mark --mark 0x200/0x200 -m comment --comment ACCEPT-ON-INGRESS-ALLOW-MARK-0x200/0x200 -j AZURE-NPM-ACCEPT']);
}
