/**
 * Calico VXLAN as the Calico CNI and felix wire a node: cali* veths with proxy ARP and a /32 route per pod, the pod's
 * /32 address with its routes via 169.254.1.1; vxlan.calico (VNI 4096, UDP 4789) with the node's tunnel address, a
 * blackhole for the node's own block and a route per other Calico node's block via its tunnel address; cali-nat-outgoing
 * MASQUERADEs pool traffic leaving the pools.
 */
import type { NodeBuild } from '../whatif/build.ts';
import { fnv32 } from '../whatif/addressing.ts';

const GATEWAY = '169.254.1.1';
const vtepMac = (node: string): string => `66:${fnv32(node).match(/../g)?.slice(0, 4).join(':')}:00`;

/** The Calico CNI's pod wiring (also kubenet's with Calico): proxy ARP on the host end, /32 everywhere. */
export function routedPods(b: NodeBuild): void {
  for (const pod of b.pods) {
    const { ns, hostEnd } = b.veth(pod, { prefix: 32, proxyArp: true });
    b.route(b.hostNs, { dst: pod.ip, dev: hostEnd.name, scope: 'link' });
    b.route(ns, { dst: GATEWAY, dev: 'eth0', scope: 'link' });
    b.route(ns, { dst: 'default', gateway: GATEWAY, dev: 'eth0' });
  }
}

export function synthesizeCalicoVxlan(b: NodeBuild): void {
  const { block, gateway: tunnel } = b.node;
  routedPods(b);
  if (block && tunnel && b.host.ip) tunnelTo(b, block, tunnel, b.host.ip);
  else b.notes.push(`${b.node.name}: ${!b.host.ip ? 'its IP is not in the inputs' : 'no block of the pool is free for it'}, so it has no vxlan.calico: traffic to other nodes' blocks is not wired`);
  const pool = b.plan.podCidr;
  if (!pool) return;
  b.ipset('cali40masq-ipam-pools', 'hash:net', [pool]);
  b.ipset('cali40all-ipam-pools', 'hash:net', [pool]);
  b.rules('nat', 'POSTROUTING', ['-A POSTROUTING -m comment --comment "cali:O3lYWMrLQYEMJtB5" -j cali-POSTROUTING'], 'first');
  b.chain('nat', 'cali-POSTROUTING', ['-A cali-POSTROUTING -m comment --comment "cali:Z-c7XtVd2Bq7s_hA" -j cali-nat-outgoing']);
  b.chain('nat', 'cali-nat-outgoing', ['-A cali-nat-outgoing -m comment --comment "cali:flqWnvo8yq4ULQLa" -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully']);
}

/** vxlan.calico with the node's tunnel address, a blackhole for its own block, a route per other Calico node's block. */
function tunnelTo(b: NodeBuild, block: string, tunnel: string, ip: string): void {
  b.link(b.hostNs, { name: 'vxlan.calico', kind: 'vxlan', mac: vtepMac(b.node.name), mtu: 1450, state: 'UNKNOWN', addresses: [b.addr(tunnel, 32)],
    vxlan: { id: 4096, local: ip, port: 4789, dev: b.nic } });
  b.route(b.hostNs, { dst: block, type: 'blackhole', protocol: '80' });
  for (const other of b.plan.nodes.values()) {
    if (other.name === b.node.name || other.mode.plugin !== 'calico-vxlan' || !other.block || !other.gateway) continue;
    b.route(b.hostNs, { dst: other.block, gateway: other.gateway, dev: 'vxlan.calico', protocol: '80', flags: ['onlink'] });
    b.hostNs.neighbours.push({ ip: other.gateway, mac: vtepMac(other.name), dev: 'vxlan.calico', state: ['PERMANENT'], source: b.src });
  }
}
