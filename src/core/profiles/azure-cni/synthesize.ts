/**
 * Azure CNI transparent mode (and Overlay, which wires pods the same way) as azure-vnet wires a node: per pod an azv*
 * veth with a /32 route to it, the pod's eth0 with its IP (the subnet's or the pod CIDR's prefix), its routes via
 * 169.254.1.1 and a permanent neighbour entry for that address; ip-masq-agent MASQUERADEs what leaves the VNet (and,
 * for Overlay, the pod CIDR).
 */
import type { NodeBuild } from '../whatif/build.ts';
import { HOST_END_MAC } from '../whatif/build.ts';
import { ipMasqAgentLines, IP_MASQ_AGENT } from '../ip-masq-agent.ts';

export const AZURE_GATEWAY = '169.254.1.1';

export function synthesizeTransparent(b: NodeBuild): void {
  for (const pod of b.pods) {
    const { ns, hostEnd } = b.veth(pod, { prefix: b.node.podPrefix });
    b.route(b.hostNs, { dst: pod.ip, dev: hostEnd.name, scope: 'link' });
    b.route(ns, { dst: AZURE_GATEWAY, dev: 'eth0', scope: 'link' });
    b.route(ns, { dst: 'default', gateway: AZURE_GATEWAY, dev: 'eth0' });
    ns.neighbours.push({ ip: AZURE_GATEWAY, mac: HOST_END_MAC.azv as string, dev: 'eth0', state: ['PERMANENT'], source: b.src });
  }
  masquerade(b);
}

/** ip-masq-agent: no MASQUERADE inside the VNet (and Overlay's pod CIDR), MASQUERADE to the node IP for the rest. */
export function masquerade(b: NodeBuild): void {
  const keep = [b.plan.vnet, b.node.mode.plugin === 'azure-cni-overlay' ? b.plan.podCidr : undefined].filter((c): c is string => !!c);
  const lines = ipMasqAgentLines(keep);
  b.rules('nat', 'POSTROUTING', [lines.postrouting]);
  b.chain('nat', IP_MASQ_AGENT, lines.chain);
}
