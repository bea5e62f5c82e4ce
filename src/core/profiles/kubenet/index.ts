/**
 * kubenet: pods on the bridge cbr0 with a /24 of the cluster's pod CIDR per node (host-local IPAM), nodes reached
 * through the Azure route table (pod CIDR → node IP), MASQUERADE for everything outside the cluster's pod CIDR.
 * With Calico for policy, AKS swaps the bridge for the Calico CNI: cali* veths and a /32 route per pod.
 */
import type { PluginProfile } from '../types.ts';
import { builtinRule, cniPlugins, hostNsOf, podIpsVersusSubnet } from '../evidence.ts';
import { synthesizeKubenet } from './synthesize.ts';
import { PLUGIN_LABELS } from '../labels.ts';

export const KUBENET_SNAT_COMMENT = 'kubenet: SNAT for outbound traffic from cluster';

export const kubenet: PluginProfile = {
  id: 'kubenet',
  label: PLUGIN_LABELS.kubenet,
  fabricLabel: 'Azure route table (pod CIDR → node)',
  fabricDetail: (owner, dst, target) => `Azure route table: ${owner.prefix ?? dst} → ${target} (${owner.how})`,
  addressing: { family: 'pod-cidr', defaultPodCidr: '10.244.0.0/16', blockPrefix: 24, firstHost: 2, defaultMaxPods: 110 },
  gatewayHint: "kubenet: the pod's gateway is cbr0's own address",
  evidence(h, add) {
    for (const { file, plugin } of cniPlugins(h)) {
      const ipam = (plugin.ipam ?? {}) as Record<string, unknown>;
      if (plugin.type === 'bridge' && (plugin.bridge === 'cbr0' || ipam.type === 'host-local')) add('kubenet', 3, `${file}: bridge ${String(plugin.bridge ?? '')} with host-local IPAM`);
      if (plugin.type === 'calico' && ipam.type === 'host-local' && JSON.stringify(ipam).includes('usePodCidr')) {
        add('kubenet', 2, `${file}: calico with host-local IPAM on the node's pod CIDR (kubenet addressing)`);
      }
    }
    const ns = hostNsOf(h);
    const cbr0 = ns?.links.find((l) => l.name === 'cbr0');
    if (cbr0) add('kubenet', 3, `bridge cbr0 (kubenet's bridge)${cbr0.ports?.length ? ` with ${cbr0.ports.length} ports` : ''}`, cbr0.sources[0]);
    const cbr0Route = ns?.routes.find((r) => r.dev === 'cbr0');
    if (cbr0Route) add('kubenet', 1, `route ${cbr0Route.dst} to cbr0`, cbr0Route.source);
    // Calico CNI on kubenet addressing (seed 003): /32 routes to cali* outside the node's subnet
    const cali = podIpsVersusSubnet(h, /^cali/);
    const vxlan = ns?.links.some((l) => l.kind === 'vxlan');
    if (cali.outside && !cali.inside && cali.subnet && !vxlan) add('kubenet', 2, `pod IPs are outside the node subnet ${cali.subnet.dst} (a separate pod CIDR)`, cali.subnet.source);
    const snat = builtinRule(h, KUBENET_SNAT_COMMENT);
    if (snat) add('kubenet', 3, `${snat.table} ${snat.chain}: "${KUBENET_SNAT_COMMENT}"`, snat.source);
  },
  owns: {
    chain: () => false,
    rule: (_t, _c, r) => r.text.includes(KUBENET_SNAT_COMMENT),
  },
  synthesize: synthesizeKubenet,
};
