/**
 * Azure CNI Overlay: pods wired as in transparent mode (azv* veths, /32 routes, 169.254.1.1), but their IPs come
 * from a pod CIDR apart from the VNet (IPAM by azure-cns, a /24 per node, conflist 15-azure-swift-overlay.conflist
 * with ipam azure-cns mode v4overlay); Azure routes each node's /24 to it without a route table, and traffic leaving
 * the cluster is SNATed to the node IP (ip-masq-agent with the pod CIDR among its nonMasqueradeCIDRs).
 */
import type { PluginProfile } from '../types.ts';
import { cniPlugins, podIpsVersusSubnet, podRoutes } from '../evidence.ts';
import { ipMasqAgentChains } from '../ip-masq-agent.ts';
import { synthesizeTransparent } from '../azure-cni/synthesize.ts';
import { PLUGIN_LABELS } from '../labels.ts';

export const azureCniOverlay: PluginProfile = {
  id: 'azure-cni-overlay',
  label: PLUGIN_LABELS['azure-cni-overlay'],
  fabricLabel: 'Azure CNI Overlay (pod CIDR per node)',
  fabricDetail: (owner, dst, target) => `Overlay: ${dst} is in the pod CIDR of ${target} (${owner.how})`,
  addressing: { family: 'pod-cidr', defaultPodCidr: '10.244.0.0/16', blockPrefix: 24, firstHost: 2, defaultMaxPods: 250 },
  gatewayHint: "Azure CNI Overlay: 169.254.1.1 is answered by the pod's host end (a static neighbour entry, as in transparent mode)",
  evidence(h, add) {
    for (const { file, plugin } of cniPlugins(h)) {
      const ipam = (plugin.ipam ?? {}) as Record<string, unknown>;
      if (plugin.type === 'azure-vnet' && ipam.type === 'azure-cns' && ipam.mode === 'v4overlay') add('azure-cni-overlay', 5, `${file}: azure-vnet with ipam azure-cns mode v4overlay`);
    }
    // transparent-mode wiring with pod IPs outside the node's VNet subnet is Overlay (issue 16, class 8)
    const where = podIpsVersusSubnet(h, /^azv/);
    if (where.outside && where.subnet) {
      add('azure-cni-overlay', 4, `${where.outside} pod IPs on azv* links are outside the node's VNet subnet ${where.subnet.dst} (an Overlay pod CIDR)`, podRoutes(h, /^azv/)[0]?.source);
    }
    for (const n of h.azureNetworks) {
      if (n.subnets.some((s) => s.gateway === '169.254.1.1')) add('azure-cni-overlay', 2, `azure-vnet.json network ${n.id}: subnet gateway 169.254.1.1 (Overlay)`, n.source);
    }
    const cns = h.cniEvents.find((x) => x.event === 'pod-ip' || x.event === 'ip-state');
    if (cns) add('azure-cni-overlay', 1, 'azure-cns assigns pod IPs', cns.source);
  },
  owns: ipMasqAgentChains,
  synthesize: synthesizeTransparent,
};
