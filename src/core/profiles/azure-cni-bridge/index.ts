/**
 * Azure CNI in bridge mode (the legacy default without network policy): the bridge azure0 takes over eth0 and the
 * node IP, pods' azv* veths are its ports and their default route is the VNet gateway, so a pod's frames are
 * bridged onto the VNet (br_netfilter still hands them to iptables, where ip-masq-agent MASQUERADEs).
 */
import type { PluginProfile } from '../types.ts';
import { cniPlugins, hostNsOf } from '../evidence.ts';
import { ipMasqAgentChains } from '../ip-masq-agent.ts';
import { vnetFabric } from '../azure-cni/index.ts';
import { synthesizeBridge } from './synthesize.ts';
import { PLUGIN_LABELS } from '../labels.ts';

export const azureCniBridge: PluginProfile = {
  id: 'azure-cni-bridge',
  label: PLUGIN_LABELS['azure-cni-bridge'],
  ...vnetFabric,
  gatewayHint: "Azure CNI bridge mode: the pod's gateway is the VNet's, reached across azure0 and eth0 (no proxy ARP on the host end)",
  evidence(h, add) {
    for (const { file, plugin } of cniPlugins(h)) {
      if (plugin.type === 'azure-vnet' && (plugin.mode === 'bridge' || plugin.bridge)) {
        add('azure-cni-bridge', 3, `${file}: azure-vnet mode bridge${plugin.bridge ? ` (bridge ${String(plugin.bridge)})` : ''}`);
      }
    }
    const azure0 = hostNsOf(h)?.links.find((l) => l.name === 'azure0');
    if (azure0) add('azure-cni-bridge', 4, 'bridge azure0 (Azure CNI bridge mode)', azure0.sources[0]);
    for (const n of h.azureNetworks) if (n.mode === 'bridge') add('azure-cni-bridge', 2, `azure-vnet.json network ${n.id}: mode bridge`, n.source);
    const addMode = h.cniEvents.find((e) => e.event === 'add' && e.mode === 'bridge');
    if (addMode) add('azure-cni-bridge', 1, 'azure-vnet.log: ADD in mode bridge', addMode.source);
  },
  owns: ipMasqAgentChains,
  synthesize: synthesizeBridge,
};
