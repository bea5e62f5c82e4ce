/**
 * The fabric lane: what joins the nodes (the Azure route table, the VNet, an overlay, a VXLAN tunnel), one element
 * per distinct fabric, each with the nodes it joins, named by the nodes' plugin profiles.
 */
import type { Host, Snapshot } from '../model/types.ts';
import { pluginOf } from '../profiles/registry.ts';

export const FABRIC_ID = 'fabric';

export interface Fabric { id: string; label: string; classes: string[]; hosts: string[] }

/** A node's fabric, in its plugin profile's words: nodes of different modes (a bundle of clusters, a what-if) get a lane each. */
function fabricKey(h: Host): { key: string; label: string } {
  const profile = pluginOf(h);
  return profile ? { key: profile.id, label: profile.fabricLabel } : { key: h.mode?.plugin ?? 'unknown', label: 'node network' };
}

export function fabricsOf(snap: Snapshot): Fabric[] {
  const byKey = new Map<string, Fabric>();
  for (const h of snap.hosts) {
    const { key, label } = fabricKey(h);
    let f = byKey.get(key);
    if (!f) {
      f = { id: byKey.size ? `${FABRIC_ID}:${key}` : FABRIC_ID, label, classes: [`mode-${key}`], hosts: [] };
      byKey.set(key, f);
    }
    f.hosts.push(h.name);
  }
  return [...byKey.values()];
}
