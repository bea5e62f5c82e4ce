/**
 * Network-mode detection per node, with evidence: which plugin carries the node's pod traffic and who enforces
 * NetworkPolicy, from what the node's own capture shows (each profile reads its own traces: conflists, devices,
 * routes, chains, ipsets, CNI logs), then the cluster's (az networkProfile, the agents' pods on the node) where the
 * node shows nothing. A bundle may hold nodes of several clusters, so every node gets its own answer.
 */
import type { Host, ModeEvidence, ModeId, ModeResult, NodeMode, Snapshot } from '../model/types.ts';
import type { AddEvidence } from './types.ts';
import { PLUGINS, POLICIES } from './ids.ts';
import { PLUGIN_PROFILES, POLICY_PROFILES } from './registry.ts';
import { RECOGNISED, RECOGNISED_PLUGINS, RECOGNISED_POLICIES } from './recognised.ts';

const POLICY_OF_EVIDENCE: Partial<Record<ModeId, string>> = { 'azure-npm': 'azure', calico: 'calico', 'cilium-policy': 'cilium' };

export function hostModeEvidence(h: Host): ModeEvidence[] {
  const ev: ModeEvidence[] = [];
  const add: AddEvidence = (mode, weight, fact, source) => { ev.push({ mode, weight, fact: `${h.name}: ${fact}`, ...(source ? { source } : {}) }); };
  for (const p of PLUGINS) PLUGIN_PROFILES[p].evidence(h, add);
  for (const p of POLICIES) POLICY_PROFILES[p].evidence(h, add);
  for (const r of RECOGNISED) r.evidence(h, add);
  return ev;
}

/** az networkProfile and the node agents' pods: evidence about a cluster, or about the node a pod runs on. */
function clusterEvidence(snap: Snapshot): { cluster: ModeEvidence[]; byNode: Map<string, ModeEvidence[]>; unplaced: ModeEvidence[] } {
  const cluster: ModeEvidence[] = [];
  const p = snap.cluster.networkProfile;
  const src = snap.inputs.find((i) => i.kind === 'az-network-profile');
  const source = src ? { input: src.name, line: src.warnings[0]?.line ?? 1 } : undefined;
  if (p) {
    const add = (m: ModeId, w: number, f: string): void => { cluster.push({ mode: m, weight: w, fact: `networkProfile: ${f}`, ...(source ? { source } : {}) }); };
    const plugin = p.networkPlugin;
    if (plugin === 'kubenet') add('kubenet', 5, 'networkPlugin kubenet');
    if (plugin === 'azure' && p.networkPluginMode === 'overlay') add('azure-cni-overlay', 5, `networkPlugin azure, networkPluginMode overlay, podCidr ${String(p.podCidr)}`);
    else if (plugin === 'azure') add('azure-cni', 2, 'networkPlugin azure (pods on the VNet subnet)');
    if (plugin === 'none') add('byo', 5, 'networkPlugin none (bring your own CNI)');
    if (p.networkPolicy === 'calico') add('calico', 3, 'networkPolicy calico');
    if (p.networkPolicy === 'azure') add('azure-npm', 3, 'networkPolicy azure');
    if (p.networkPolicy === 'cilium' || p.networkDataplane === 'cilium') add('cilium-policy', 3, 'cilium dataplane');
  }
  const byNode = new Map<string, ModeEvidence[]>();
  const agents: [RegExp, ModeId, number, string][] = [
    [/^azure-npm-/, 'azure-npm', 2, 'Azure NPM DaemonSet'], [/^calico-node-/, 'calico', 1, 'Calico'], [/^azure-cns-/, 'azure-cni-overlay', 1, 'azure-cns IPAM'],
  ];
  const unplaced: ModeEvidence[] = [];
  // a NodeNetworkConfig is what CNS was given for the node it names: an overlay NC means pods off the VNet
  for (const nnc of snap.cluster.nodeNetworkConfigs ?? []) {
    const types = [...new Set(nnc.containers.map((c) => c.type?.toLowerCase()).filter((t): t is string => !!t))];
    const cidrs = nnc.containers.map((c) => c.subnetCidr).filter(Boolean).join(', ');
    const fact = `NodeNetworkConfig ${nnc.name}: NC TYPE ${types.join(',')}${cidrs ? ` (${cidrs})` : ''}`;
    let e: ModeEvidence | undefined;
    if (types.includes('overlay')) e = { mode: 'azure-cni-overlay', weight: 4, fact: `${fact}: Azure CNI Overlay`, source: nnc.source };
    else if (types.some((t) => t === 'vnet' || t === 'vnetblock')) e = { mode: 'azure-cni', weight: 2, fact: `${fact}: pods on the VNet subnet`, source: nnc.source };
    if (e) byNode.set(nnc.name, [...(byNode.get(nnc.name) ?? []), e]);
  }
  for (const pod of snap.cluster.pods) {
    const a = agents.find(([re]) => re.test(pod.name));
    if (!a) continue;
    const e: ModeEvidence = { mode: a[1], weight: a[2], fact: `pod ${pod.namespace}/${pod.name} (${a[3]})`, source: pod.source };
    // an agent pod kubectl does not place on a node says nothing about any one node of a bundle
    if (pod.node) byNode.set(pod.node, [...(byNode.get(pod.node) ?? []), e]);
    else unplaced.push(e);
  }
  return { cluster, byNode, unplaced };
}

function scores(ev: ModeEvidence[]): NodeMode['detected'] {
  const byMode = new Map<ModeId, ModeEvidence[]>();
  for (const e of ev) byMode.set(e.mode, [...(byMode.get(e.mode) ?? []), e]);
  return [...byMode.entries()].map(([mode, evidence]) => ({ mode, score: evidence.reduce((s, e) => s + e.weight, 0), evidence }))
    .sort((a, b) => b.score - a.score);
}

const DATAPLANES: ModeId[] = [...PLUGINS, ...RECOGNISED_PLUGINS, 'byo'];

/**
 * One node's plugin and policy engine from its evidence; the cluster's counts only where the node has none of its
 * own. "No policy engine" needs the node's filter table: without it the engine is not known.
 */
export function decideNodeMode(own: ModeEvidence[], cluster: ModeEvidence[], filterCaptured = true): NodeMode {
  const ownPlugin = own.some((e) => DATAPLANES.includes(e.mode));
  const detected = scores([...own, ...(ownPlugin ? cluster.filter((e) => !DATAPLANES.includes(e.mode)) : cluster)]);
  const score = (m: ModeId): number => detected.find((d) => d.mode === m)?.score ?? 0;
  let plugin = 'unknown';
  let best = 0;
  for (const m of DATAPLANES) if (score(m) > best) { best = score(m); plugin = m; }
  // Overlay runs azure-vnet in transparent mode: its own evidence decides between the two
  if (plugin === 'azure-cni' && score('azure-cni-overlay') >= 4) plugin = 'azure-cni-overlay';
  if (plugin === 'byo' && score('calico-vxlan') > 0) plugin = 'calico-vxlan';
  let policy = plugin === 'unknown' ? 'unknown' : 'none';
  let pbest = 0;
  for (const [m, p] of Object.entries(POLICY_OF_EVIDENCE)) if (score(m as ModeId) > pbest) { pbest = score(m as ModeId); policy = p as string; }
  for (const m of RECOGNISED_POLICIES) if (score(m) > pbest) { pbest = score(m); policy = m; }
  const notes: string[] = [];
  if (policy === 'none' && !filterCaptured) {
    policy = 'unknown';
    notes.push('no iptables filter table, policy ipsets or policy agents in the inputs: the policy engine is not known (iptables-save of the node would tell)');
  }
  if (plugin === 'unknown') notes.push('nothing in the inputs shows which CNI wires the pods (ip addr, ip route and the CNI conflist of the node would tell)');
  const modelled = (PLUGINS as readonly string[]).includes(plugin) && (POLICIES as readonly string[]).includes(policy);
  return { plugin, policy, modelled, detected, ...(notes.length ? { notes } : {}) };
}

/** Each host's mode (set on it), and the cluster's summary: the most common plugin and policy across nodes. */
export function detectModes(snap: Snapshot): ModeResult {
  const { cluster, byNode, unplaced } = clusterEvidence(snap);
  for (const h of snap.hosts) h.mode = decideNodeMode([...h.modes, ...(byNode.get(h.name) ?? [])], cluster, !!h.iptables.filter?.chains.size);
  const all = scores([...snap.hosts.flatMap((h) => [...h.modes, ...(byNode.get(h.name) ?? [])]), ...cluster, ...unplaced]);
  // without hosts (a cluster-only paste) the cluster's evidence is all there is
  if (!snap.hosts.length) {
    const m = decideNodeMode([], [...cluster, ...unplaced]);
    return { dataplane: m.plugin, policy: m.policy, detected: all };
  }
  return summarizeModes({ ...snap, mode: { ...snap.mode, detected: all } });
}

/** The cluster's plugin and policy: the most common among its nodes' (a what-if recomputes it from its nodes). */
export function summarizeModes(snap: Snapshot): ModeResult {
  const common = (pick: (m: NodeMode) => string): string => {
    const counts = new Map<string, number>();
    for (const h of snap.hosts) if (h.mode && pick(h.mode) !== 'unknown') counts.set(pick(h.mode), (counts.get(pick(h.mode)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'unknown';
  };
  return { dataplane: common((m) => m.plugin), policy: common((m) => m.policy), detected: snap.mode.detected };
}
