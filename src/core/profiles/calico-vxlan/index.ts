/**
 * Calico VXLAN (bring your own CNI): the Calico CNI wires each pod with a cali* veth (proxy ARP for 169.254.1.1)
 * and a /32 route; each node owns blocks of the IP pool (a blackhole route for its own) and reaches the others'
 * through vxlan.calico (UDP 4789, VNI 4096); felix MASQUERADEs pool traffic leaving the pools (cali-nat-outgoing).
 */
import type { PluginProfile } from '../types.ts';
import { cniPlugins, hostNsOf } from '../evidence.ts';
import { synthesizeCalicoVxlan } from './synthesize.ts';
import { PLUGIN_LABELS } from '../labels.ts';

export const calicoVxlan: PluginProfile = {
  id: 'calico-vxlan',
  label: PLUGIN_LABELS['calico-vxlan'],
  fabricLabel: 'Calico VXLAN (UDP 4789)',
  fabricDetail: (owner, dst, target) => `underlay (VNet): ${dst} is on ${target} (${owner.how})`,
  addressing: { family: 'pod-cidr', defaultPodCidr: '192.168.0.0/16', blockPrefix: 26, firstHost: 1, defaultMaxPods: 110 },
  gatewayHint: "Calico: 169.254.1.1 is answered by the pod's cali* host end (Calico sets proxy_arp on it)",
  evidence(h, add) {
    const vx = hostNsOf(h)?.links.find((l) => l.name === 'vxlan.calico');
    if (vx) add('calico-vxlan', 5, 'vxlan.calico device (Calico VXLAN, UDP 4789)', vx.sources[0]);
    for (const { file, plugin } of cniPlugins(h)) {
      const ipam = (plugin.ipam ?? {}) as Record<string, unknown>;
      if (plugin.type === 'calico' && ipam.type === 'calico-ipam') add('calico-vxlan', 2, `${file}: calico with calico-ipam (Calico's own IP pools)`);
    }
  },
  owns: {
    chain: (table, name) => table === 'nat' && name.startsWith('cali-'),
    rule: (table, _c, r) => table === 'nat' && / -j cali-/.test(r.text),
  },
  synthesize: synthesizeCalicoVxlan,
};
