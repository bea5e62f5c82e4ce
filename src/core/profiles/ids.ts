/**
 * The names of the network modes PacketPath can show and toggle: a plugin (what carries pod traffic) and a policy
 * engine (what enforces NetworkPolicy), written `<plugin>+<policy>` (`azure-cni-overlay+calico`). The CLI's `--as`,
 * the store's `whatIf` and permalinks use these strings.
 */

export const PLUGINS = ['kubenet', 'azure-cni-bridge', 'azure-cni', 'azure-cni-overlay', 'calico-vxlan'] as const;
export const POLICIES = ['none', 'azure', 'calico'] as const;

export type PluginId = (typeof PLUGINS)[number];
export type PolicyId = (typeof POLICIES)[number];

export interface ModeSpec { plugin: PluginId; policy: PolicyId }

/**
 * The combinations AKS runs (and the kernel scenarios build): bridge mode has no policy engine (enabling one moves
 * Azure CNI to transparent mode), Azure NPM needs Azure CNI, BYO Calico VXLAN enforces with Calico or nothing.
 */
export const SUPPORTED: Record<PluginId, readonly PolicyId[]> = {
  kubenet: ['none', 'calico'],
  'azure-cni-bridge': ['none'],
  'azure-cni': ['none', 'azure', 'calico'],
  'azure-cni-overlay': ['none', 'azure', 'calico'],
  'calico-vxlan': ['calico', 'none'],
};

export const formatMode = (m: ModeSpec): string => `${m.plugin}+${m.policy}`;

/** Every valid `<plugin>+<policy>` string, in the order the app and the usage text list them. */
export const VALID_MODES: string[] = PLUGINS.flatMap((p) => SUPPORTED[p].map((q) => `${p}+${q}`));

export const isPlugin = (s: string): s is PluginId => (PLUGINS as readonly string[]).includes(s);
export const isPolicy = (s: string): s is PolicyId => (POLICIES as readonly string[]).includes(s);

/**
 * `kubenet`, `kubenet+calico`, `azure-cni+none` → a ModeSpec; a bare plugin keeps `fallbackPolicy` when the plugin
 * supports it (a toggle of the plugin keeps the node's policy engine), else the plugin's first. Unknown names and
 * combinations AKS does not run are errors that list the valid ones.
 */
export function parseMode(text: string, fallbackPolicy?: PolicyId): ModeSpec | { error: string } {
  const [plugin, policy, extra] = text.trim().split('+');
  const valid = `valid modes: ${VALID_MODES.join(', ')} (the policy may be left out)`;
  if (!plugin || !isPlugin(plugin) || extra !== undefined) return { error: `unknown mode "${text}"; ${valid}` };
  if (policy === undefined) {
    const keep = fallbackPolicy && SUPPORTED[plugin].includes(fallbackPolicy) ? fallbackPolicy : SUPPORTED[plugin][0] as PolicyId;
    return { plugin, policy: keep };
  }
  if (!isPolicy(policy)) return { error: `unknown policy engine "${policy}" in "${text}"; policy engines: ${POLICIES.join(', ')}; ${valid}` };
  if (!SUPPORTED[plugin].includes(policy)) return { error: `${plugin} does not run with policy engine ${policy}; ${valid}` };
  return { plugin, policy };
}
