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

export const PLUGIN_PROFILES: Record<PluginId, PluginProfile> = {
  kubenet, 'azure-cni-bridge': azureCniBridge, 'azure-cni': azureCni, 'azure-cni-overlay': azureCniOverlay, 'calico-vxlan': calicoVxlan,
};
export const POLICY_PROFILES: Record<PolicyId, PolicyProfile> = { none: noPolicy, azure: azureNpm, calico: calicoPolicy };

export const pluginProfile = (id: string | undefined): PluginProfile | undefined => (id ? PLUGIN_PROFILES[id as PluginId] : undefined);
export const policyProfile = (id: string | undefined): PolicyProfile | undefined => (id ? POLICY_PROFILES[id as PolicyId] : undefined);

export const pluginOf = (h: Host | undefined): PluginProfile | undefined => pluginProfile(h?.mode?.plugin);
export const policyOf = (h: Host | undefined): PolicyProfile | undefined => policyProfile(h?.mode?.policy);

export { modeLabel, nodeModeLabel } from './labels.ts';
