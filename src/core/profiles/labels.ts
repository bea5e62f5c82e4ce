/**
 * The modes' names for people. Kept apart from the profiles (whose synthesis and detection run in the worker) so the
 * page can name a mode without loading them; each profile takes its label from here.
 */
import type { PluginId, PolicyId } from './ids.ts';
import { RECOGNISED } from './recognised.ts';

export const PLUGIN_LABELS: Record<PluginId, string> = {
  kubenet: 'kubenet', 'azure-cni-bridge': 'Azure CNI (bridge)', 'azure-cni': 'Azure CNI (transparent)',
  'azure-cni-overlay': 'Azure CNI Overlay', 'calico-vxlan': 'Calico VXLAN',
};
export const POLICY_LABELS: Record<PolicyId, string> = { none: 'no policy engine', azure: 'Azure NPM', calico: 'Calico' };

/** Evidence ids that are not a profile's id. */
const EVIDENCE_LABELS: Record<string, string> = { 'azure-npm': 'Azure NPM', byo: 'bring your own CNI', 'cilium-policy': 'Cilium policy', unknown: 'unknown' };

const isPlugin = (id: string): id is PluginId => Object.hasOwn(PLUGIN_LABELS, id);
const isPolicy = (id: string): id is PolicyId => Object.hasOwn(POLICY_LABELS, id);

/** A plugin or policy engine's name for people: the profile's label, a recognised CNI's, or the id itself. */
export function modeLabel(id: string): string {
  if (isPlugin(id)) return PLUGIN_LABELS[id];
  if (id === 'none') return 'no policy';
  if (isPolicy(id)) return POLICY_LABELS[id];
  return EVIDENCE_LABELS[id] ?? RECOGNISED.find((r) => r.id === id)?.label ?? id;
}

/** `kubenet + Calico`, `Azure CNI Overlay`, `kubenet · policy unknown`, `flannel (not modelled)`. */
export function nodeModeLabel(plugin: string, policy: string): string {
  const p = modeLabel(plugin);
  const known = isPlugin(plugin) || plugin === 'unknown';
  const engine = policy === 'unknown' && plugin !== 'unknown' ? ' · policy unknown' : policy && policy !== 'none' && policy !== 'unknown' ? ` + ${modeLabel(policy)}` : '';
  return `${known ? p : `${p} (not modelled)`}${engine}`;
}
