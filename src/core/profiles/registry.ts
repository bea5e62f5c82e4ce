/**
 * Every mode's profile, by id, and the profile a node runs: what the engine, the graph and the UI ask instead of
 * naming modes themselves.
 */
import type { Host } from '../model/types.ts';
import type { PluginId, PolicyId } from './ids.ts';
import type { PluginProfile, PolicyProfile } from './types.ts';
import { kubenet } from './kubenet/index.ts';
import { azureCniBridge } from './azure-cni-bridge/index.ts';
import { azureCni } from './azure-cni/index.ts';
import { azureCniOverlay } from './azure-cni-overlay/index.ts';
import { calicoVxlan } from './calico-vxlan/index.ts';
import { noPolicy } from './no-policy.ts';
import { azureNpm } from './azure-npm/index.ts';
import { calicoPolicy } from './calico-policy/index.ts';
import { RECOGNISED } from './recognised.ts';

export const PLUGIN_PROFILES: Record<PluginId, PluginProfile> = {
  kubenet, 'azure-cni-bridge': azureCniBridge, 'azure-cni': azureCni, 'azure-cni-overlay': azureCniOverlay, 'calico-vxlan': calicoVxlan,
};
export const POLICY_PROFILES: Record<PolicyId, PolicyProfile> = { none: noPolicy, azure: azureNpm, calico: calicoPolicy };

export const pluginProfile = (id: string | undefined): PluginProfile | undefined => (id ? PLUGIN_PROFILES[id as PluginId] : undefined);
export const policyProfile = (id: string | undefined): PolicyProfile | undefined => (id ? POLICY_PROFILES[id as PolicyId] : undefined);

export const pluginOf = (h: Host | undefined): PluginProfile | undefined => pluginProfile(h?.mode?.plugin);
export const policyOf = (h: Host | undefined): PolicyProfile | undefined => policyProfile(h?.mode?.policy);

/** Evidence ids that are not a profile's id. */
const EVIDENCE_LABELS: Record<string, string> = { 'azure-npm': 'Azure NPM', byo: 'bring your own CNI', 'cilium-policy': 'Cilium policy', unknown: 'unknown' };

/** A plugin or policy engine's name for people: the profile's label, a recognised CNI's, or the id itself. */
export function modeLabel(id: string): string {
  return pluginProfile(id)?.label ?? (id === 'none' ? 'no policy' : policyProfile(id)?.label) ?? EVIDENCE_LABELS[id] ?? RECOGNISED.find((r) => r.id === id)?.label ?? id;
}

/** `kubenet + Calico`, `Azure CNI Overlay`, `kubenet · policy unknown`, `flannel (not modelled)`. */
export function nodeModeLabel(plugin: string, policy: string): string {
  const p = modeLabel(plugin);
  const known = !!pluginProfile(plugin) || plugin === 'unknown';
  const engine = policy === 'unknown' && plugin !== 'unknown' ? ' · policy unknown' : policy && policy !== 'none' && policy !== 'unknown' ? ` + ${modeLabel(policy)}` : '';
  return `${known ? p : `${p} (not modelled)`}${engine}`;
}
