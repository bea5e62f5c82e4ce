/**
 * Azure CNI bridge mode as azure-vnet wires a node: azure0 takes eth0 as a port and the node IP with it (the routes
 * follow), each pod's azv* veth is a port too, the pod's eth0 has its VNet IP with the subnet's prefix and its
 * default route via the VNet gateway; bridge-netfilter on, ip-masq-agent for what leaves the VNet.
 */
import type { Link } from '../../model/types.ts';
import type { NodeBuild } from '../whatif/build.ts';
import { masquerade } from '../azure-cni/synthesize.ts';

export function synthesizeBridge(b: NodeBuild): void {
  const nicName = b.nic;
  const nic = b.hostNs.links.find((l) => l.name === nicName);
  if (!nic || !b.node.vnetGateway) { b.notes.push(`${b.node.name}: its NIC or subnet is not in the inputs, so azure0 cannot take it over`); return; }
  // the captured NIC is not changed in place: the port is a copy without the address, which azure0 now holds
  const port: Link = { ...nic, addresses: [], master: 'azure0', sources: [...nic.sources, b.src] };
  b.hostNs.links = b.hostNs.links.map((l) => (l === nic ? port : l));
  const azure0 = b.link(b.hostNs, { name: 'azure0', kind: 'bridge', ...(nic.mac ? { mac: nic.mac } : {}), mtu: nic.mtu ?? 1500, state: 'UP',
    addresses: nic.addresses.map((a) => ({ ...a })), ports: [port.name] });
  b.hostNs.routes = b.hostNs.routes.map((r) => (r.dev === nic.name ? { ...r, dev: 'azure0', source: b.src } : r));
  if (!b.hostNs.sysctl?.['net.bridge.bridge-nf-call-iptables']) b.sysctl(b.hostNs, 'net.bridge.bridge-nf-call-iptables', '1');
  const subnet = b.plan.vnet ?? b.node.inv.subnet?.cidr;
  for (const pod of b.pods) {
    const { ns, hostEnd } = b.veth(pod, { prefix: b.node.podPrefix, master: 'azure0' });
    azure0.ports?.push(hostEnd.name);
    b.route(ns, { dst: 'default', gateway: b.node.vnetGateway, dev: 'eth0' });
    if (subnet) b.route(ns, { dst: subnet, dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: pod.ip });
  }
  masquerade(b);
}
