/**
 * Azure CNI in transparent mode (Azure CNI today, and any Azure CNI cluster with network policy): no bridge, one
 * azv* veth per pod with a /32 route to it, the pod's default route via 169.254.1.1 (a static neighbour entry for
 * the host end's MAC); pod IPs are VNet IPs, so the VNet delivers them to the node that holds them; ip-masq-agent
 * MASQUERADEs what leaves the VNet.
 */
import type { PluginProfile } from '../types.ts';
import { cniPlugins, linksNamed, podIpsVersusSubnet, podRoutes } from '../evidence.ts';
import { ipMasqAgentChains } from '../ip-masq-agent.ts';
import { synthesizeTransparent } from './synthesize.ts';
import { PLUGIN_LABELS } from '../labels.ts';

const vnetFabricDetail = (dst: string, target: string, how: string): string => `VNet: pod IPs are VNet IPs; ${dst} is delivered to ${target} (${how})`;

/** What both flat Azure CNI modes (transparent and bridge) share: pod IPs are VNet IPs, the VNet delivers them. */
export const vnetFabric: Pick<PluginProfile, 'fabricLabel' | 'fabricDetail' | 'addressing'> = {
  fabricLabel: 'Azure VNet (pod IPs are VNet IPs)',
  fabricDetail: (owner, dst, target) => vnetFabricDetail(dst, target, owner.how),
  addressing: { family: 'vnet', defaultMaxPods: 30 },
};

export const azureCni: PluginProfile = {
  id: 'azure-cni',
  label: PLUGIN_LABELS['azure-cni'],
  ...vnetFabric,
  gatewayHint: "Azure CNI transparent mode: 169.254.1.1 is answered by the pod's host end (azure-vnet writes a static neighbour entry)",
  evidence(h, add) {
    for (const { file, plugin } of cniPlugins(h)) {
      const ipam = (plugin.ipam ?? {}) as Record<string, unknown>;
      if (plugin.type === 'azure-vnet' && plugin.mode === 'transparent' && ipam.mode !== 'v4overlay') add('azure-cni', 3, `${file}: azure-vnet mode transparent`);
    }
    const azv = linksNamed(h, /^azv/);
    const routes = podRoutes(h, /^azv/);
    const bridged = linksNamed(h, /^azure0$/).length > 0;
    // transparent and Overlay wire pods alike; where the pod IPs come from tells them apart (issue 16, class 8)
    const where = podIpsVersusSubnet(h, /^azv/);
    if (routes.length && where.outside === 0) add('azure-cni', 3, `${routes.length} /32 routes to azv* links (transparent mode: no bridge)`, routes[0]?.source);
    else if (azv.length && !bridged && !routes.length) add('azure-cni', 1, `${azv.length} azv* links and no azure0 bridge`, azv[0]?.sources[0]);
    const cali = podIpsVersusSubnet(h, /^cali/);
    for (const [what, w] of [['azv', where], ['cali', cali]] as const) {
      if (w.subnet && w.inside && !w.outside) add('azure-cni', 1, `pod IPs on ${what}* links are inside the node subnet ${w.subnet.dst} (VNet IPs)`, w.subnet.source);
    }
    for (const n of h.azureNetworks) {
      if (n.mode === 'transparent' && !n.subnets.some((s) => s.gateway === '169.254.1.1')) add('azure-cni', 2, `azure-vnet.json network ${n.id}: mode transparent`, n.source);
    }
    const addMode = h.cniEvents.find((e) => e.event === 'add' && e.mode && e.mode !== 'bridge');
    if (addMode) add('azure-cni', 1, `azure-vnet.log: ADD in mode ${String(addMode.mode)}`, addMode.source);
  },
  owns: ipMasqAgentChains,
  synthesize: synthesizeTransparent,
};
