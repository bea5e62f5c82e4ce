/**
 * The fabric lane: what joins the nodes (the Azure route table, the VNet, an overlay, a VXLAN tunnel), one element
 * per distinct fabric, each with the nodes it joins. The one place the graph turns a network mode into words.
 */
import type { Host, Snapshot } from '../model/types.ts';

export const FABRIC_ID = 'fabric';

export interface Fabric { id: string; label: string; classes: string[]; hosts: string[] }

const FABRIC_LABEL: Record<string, string> = {
  kubenet: 'Azure route table (pod CIDR → node)',
  'azure-cni-bridge': 'Azure VNet (pod IPs are VNet IPs)',
  'azure-cni-transparent': 'Azure VNet (pod IPs are VNet IPs)',
  'azure-cni-overlay': 'Azure CNI Overlay (pod CIDR per node)',
  'calico-vxlan': 'Calico VXLAN (UDP 4789) over the VNet',
};

/** A node's fabric: the cluster's dataplane today; a node of another mode (a what-if) gets its own lane. */
function fabricKey(snap: Snapshot, _host: Host): string {
  return snap.mode.detected.some((d) => d.mode === 'calico-vxlan') ? 'calico-vxlan' : snap.mode.dataplane;
}

export function fabricsOf(snap: Snapshot): Fabric[] {
  const byKey = new Map<string, Fabric>();
  for (const h of snap.hosts) {
    const key = fabricKey(snap, h);
    let f = byKey.get(key);
    if (!f) {
      f = { id: byKey.size ? `${FABRIC_ID}:${key}` : FABRIC_ID, label: FABRIC_LABEL[key] ?? 'node network', classes: [`mode-${key}`], hosts: [] };
      byKey.set(key, f);
    }
    f.hosts.push(h.name);
  }
  return [...byKey.values()];
}
