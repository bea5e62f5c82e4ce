/**
 * kubenet as it wires a node: cbr0 with the node's block (its first address), one veth per pod on the bridge, the
 * pod's default route via cbr0, bridge-netfilter on, and kubenet's MASQUERADE for destinations outside the cluster's
 * pod CIDR. With Calico as the policy engine AKS uses the Calico CNI instead: cali* veths with proxy ARP and /32 routes.
 */
import type { NodeBuild } from '../whatif/build.ts';
import { KUBENET_SNAT_COMMENT } from './index.ts';
import { routedPods } from '../calico-vxlan/synthesize.ts';

export function synthesizeKubenet(b: NodeBuild): void {
  const { block, gateway } = b.node;
  if (!block || !gateway) { b.notes.push(`${b.node.name}: no pod CIDR block for kubenet`); return; }
  const prefix = Number(block.split('/')[1]);
  if (b.node.hostEnd === 'cali') routedPods(b);
  else {
    const cbr0 = b.link(b.hostNs, { name: 'cbr0', kind: 'bridge', mtu: 1500, state: 'UP', flags: ['BROADCAST', 'MULTICAST', 'PROMISC', 'UP', 'LOWER_UP'],
      addresses: [b.addr(gateway, prefix)], ports: [] });
    b.route(b.hostNs, { dst: block, dev: 'cbr0', protocol: 'kernel', scope: 'link', prefsrc: gateway });
    if (!b.hostNs.sysctl?.['net.bridge.bridge-nf-call-iptables']) b.sysctl(b.hostNs, 'net.bridge.bridge-nf-call-iptables', '1');
    for (const pod of b.pods) {
      const { ns, hostEnd } = b.veth(pod, { prefix, master: 'cbr0' });
      cbr0.ports?.push(hostEnd.name);
      b.route(ns, { dst: 'default', gateway, dev: 'eth0' });
      b.route(ns, { dst: block, dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: pod.ip });
    }
  }
  if (b.plan.podCidr) {
    b.rules('nat', 'POSTROUTING', [`-A POSTROUTING ! -d ${b.plan.podCidr} -m comment --comment "${KUBENET_SNAT_COMMENT}" -m addrtype ! --dst-type LOCAL -j MASQUERADE`]);
  }
}
