/**
 * Where each pod's IP comes from under the chosen modes. A node that stays in its addressing family (VNet IPs, or a
 * pod CIDR) keeps its pods' IPs; one that changes family gets new ones, the same way every time: nodes in name order,
 * pods in `ns/name` order — a pod CIDR's next free block per node (its first address the bridge's or tunnel's, pods
 * from `firstHost`), or the subnet's next free run of max-pods addresses per node (what Azure CNI pre-allocates). The
 * old → new map is shown and applied to every rule, set and record that names a pod IP. Azure's subnet limit is
 * checked the way AKS counts it.
 */
import { cidrContains, inCidr, networkOf, parseCidr, parseIp } from '../../net/ip.ts';
import type { ModeSpec, PluginId } from '../ids.ts';
import { PLUGIN_PROFILES, pluginProfile } from '../registry.ts';
import type { Inventory, InvNode, InvPod } from './inventory.ts';
import { networkOfCidr } from './inventory.ts';

export type HostEndStyle = 'veth' | 'azv' | 'cali';

export interface PlannedNode {
  name: string;
  inv: InvNode;
  mode: ModeSpec;
  /** A what-if rewires it (else it is as captured). */
  switched: boolean;
  /** Same plugin, same pod wiring as captured: its links, routes and pods stay as captured; only policy is rendered. */
  keepDataplane: boolean;
  /** Same policy engine, nothing renamed or re-addressed: its policy chains stay as captured. */
  keepPolicy: boolean;
  /** Its pods change addressing family (VNet IPs ↔ a pod CIDR). */
  readdressed: boolean;
  /** A pod CIDR family's range for this node, and its first address (cbr0's, or Calico's tunnel address). */
  block?: string;
  gateway?: string;
  /** The VNet subnet's gateway (its .1). */
  vnetGateway?: string;
  /** The prefix on a pod's eth0. */
  podPrefix: number;
  hostEnd: HostEndStyle;
}

export interface PlannedPod { inv: InvPod; ip: string | null; hostEnd: string; changed: boolean }

export interface LimitCheck { subnet: string; nodes: number; maxPods: number; maxPodsAssumed: boolean; preallocated: number; available: number; ok: boolean; text: string }

export interface AddressPlan {
  nodes: Map<string, PlannedNode>;
  pods: Map<string, PlannedPod>;
  /** Old IP → new IP, for each re-addressed pod. */
  remap: Map<string, string>;
  /** The cluster range as kube-proxy and masquerade rules name it: old → new when the family changes. */
  cidrRemap: Map<string, string>;
  /** The what-if cluster's pod range per family: the pod CIDR, or the VNet. */
  podCidr?: string;
  vnet?: string;
  mapping: { pod: string; node: string; from: string; to: string }[];
  warnings: string[];
  limits: LimitCheck[];
}

export const hostEndStyle = (m: ModeSpec): HostEndStyle =>
  m.plugin === 'kubenet' ? (m.policy === 'calico' ? 'cali' : 'veth') : m.plugin === 'calico-vxlan' ? 'cali' : 'azv';

const family = (plugin: string | undefined) => pluginProfile(plugin)?.addressing.family;

/** FNV-1a, 32 bits, as hex: stable interface names for synthesised veths. */
export function fnv32(text: string, seed = 2166136261): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A veth host end named as the mode's CNI would (length and prefix); an existing one of that style keeps its name. */
function hostEndName(style: HostEndStyle, pod: InvPod): string {
  if (pod.hostEnd?.name.startsWith(style)) return pod.hostEnd.name;
  const hex = `${fnv32(pod.key)}${fnv32(pod.key, 0x811c9dc5 ^ 0x5bd1e995)}`;
  return style === 'veth' ? `veth${hex.slice(0, 8)}` : `${style}${hex.slice(0, 11)}`;
}

const ipToInt = (ip: string): number => ip.split('.').reduce((a, o) => ((a << 8) + Number(o)) >>> 0, 0);
const intToIp = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
const cidrRange = (cidr: string): [number, number] | null => {
  const c = parseCidr(cidr);
  if (!c || c.addr.kind() !== 'ipv4') return null;
  const base = ipToInt(networkOf(c).split('/')[0] as string);
  return [base, base + 2 ** (32 - c.prefix) - 1];
};
const overlaps = (a: string, b: string): boolean => {
  const x = cidrRange(a);
  const y = cidrRange(b);
  return !!x && !!y && x[0] <= y[1] && y[0] <= x[1];
};

/**
 * Azure CNI pre-allocates max-pods IPs per node from the subnet, which loses 5 addresses to Azure: AKS refuses a
 * node pool when nodes × max-pods − nodes (its own count: seed 004's "Pre-allocated IPs 498" for 2 × 250) exceeds
 * what is left.
 */
export function azureSubnetCheck(subnet: string, nodes: number, maxPods: number, maxPodsAssumed: boolean): LimitCheck {
  const c = parseCidr(subnet);
  const size = c ? 2 ** (32 - c.prefix) : 0;
  const available = Math.max(0, size - 5);
  const preallocated = nodes * maxPods - nodes;
  const ok = preallocated <= available;
  const maxText = `${maxPods} max-pods${maxPodsAssumed ? " (AKS's default, assumed)" : ''}`;
  const text = ok
    ? `Azure CNI pre-allocates ${nodes} × ${maxText} − ${nodes} = ${preallocated} IPs; ${subnet} has ${available} (${size} − 5 Azure reserves)`
    : `Azure limit: Azure CNI pre-allocates ${nodes} × ${maxText} − ${nodes} = ${preallocated} IPs, more than the ${available} available in ${subnet} (${size} − 5 Azure reserves): AKS refuses this node pool (InsufficientSubnetSize)`;
  return { subnet, nodes, maxPods, maxPodsAssumed, preallocated, available, ok, text };
}

function blockPrefixOf(plugin: PluginId): number {
  return PLUGIN_PROFILES[plugin].addressing.blockPrefix ?? 24;
}

export function planAddresses(inv: Inventory, targets: Map<string, ModeSpec>): AddressPlan {
  const plan: AddressPlan = { nodes: new Map(), pods: new Map(), remap: new Map(), cidrRemap: new Map(), mapping: [], warnings: [], limits: [],
    ...(inv.vnet ? { vnet: inv.vnet.cidr } : {}) };
  const podsOf = (node: string) => inv.pods.filter((p) => p.node === node);
  const capturedFamily = (n: InvNode): 'vnet' | 'pod-cidr' | undefined => {
    const f = family(n.mode?.plugin);
    if (f) return f;
    const pods = podsOf(n.name);
    if (!pods.length || !n.subnet) return undefined;
    return pods.every((p) => inCidr(p.ip, (n.subnet as { cidr: string }).cidr)) ? 'vnet' : 'pod-cidr';
  };
  // the pod CIDR the what-if draws from: the evidence's, unless it is the VNet; else the first target plugin's default
  const firstPodCidrTarget = [...targets.values()].find((m) => family(m.plugin) === 'pod-cidr');
  const evidencePodCidr = inv.podCidr && !(inv.vnet && overlaps(inv.podCidr.cidr, inv.vnet.cidr)) ? inv.podCidr.cidr : undefined;
  const pool = evidencePodCidr ?? (firstPodCidrTarget ? PLUGIN_PROFILES[firstPodCidrTarget.plugin].addressing.defaultPodCidr : undefined);
  if (pool) plan.podCidr = networkOfCidr(pool);
  if (!evidencePodCidr && pool && firstPodCidrTarget) plan.warnings.push(`the inputs name no pod CIDR: the what-if uses ${PLUGIN_PROFILES[firstPodCidrTarget.plugin].label}'s default ${pool} (assumed)`);

  // ranges that stay as they are: blocks and pods of nodes that keep their addresses
  const readdressed = new Set<string>();
  for (const n of inv.nodes) {
    const m = targets.get(n.name);
    const captured = capturedFamily(n);
    if (m && n.host && family(m.plugin) !== captured) readdressed.add(n.name);
  }
  const usedRanges: string[] = [];
  for (const n of inv.nodes) if (!readdressed.has(n.name) && n.block) usedRanges.push(n.block.cidr);
  const fixedIps = new Set(inv.pods.filter((p) => !readdressed.has(p.node)).map((p) => p.ip));
  for (const n of inv.nodes) if (n.ip) fixedIps.add(n.ip);

  // fresh pod-CIDR blocks, in node order
  let nextBlock = pool ? cidrRange(pool)?.[0] ?? 0 : 0;
  const freshBlock = (prefix: number): string | undefined => {
    const range = pool ? cidrRange(pool) : null;
    if (!range) return undefined;
    const size = 2 ** (32 - prefix);
    nextBlock = Math.ceil(nextBlock / size) * size;
    for (; nextBlock + size - 1 <= range[1]; nextBlock += size) {
      const cidr = `${intToIp(nextBlock)}/${prefix}`;
      if (usedRanges.some((u) => overlaps(u, cidr)) || [...fixedIps].some((ip) => inCidr(ip, cidr)) || (inv.vnet && overlaps(inv.vnet.cidr, cidr))) continue;
      usedRanges.push(cidr);
      nextBlock += size;
      return cidr;
    }
    return undefined;
  };
  // the next free VNet addresses, per subnet, skipping Azure's 5 and every address in use
  const vnetCursor = new Map<string, number>();
  const freshVnetRun = (subnet: string, count: number): string[] => {
    const range = cidrRange(subnet);
    if (!range) return [];
    const out: string[] = [];
    let at = vnetCursor.get(subnet) ?? range[0] + 4;
    for (; at < range[1] && out.length < count; at++) if (!fixedIps.has(intToIp(at))) out.push(intToIp(at));
    vnetCursor.set(subnet, at);
    return out;
  };

  for (const n of inv.nodes) {
    const target = targets.get(n.name);
    // a node whose policy engine is not known compares as unknown: any target policy is a change
    const detected: ModeSpec | undefined = pluginProfile(n.mode?.plugin) ? { plugin: n.mode?.plugin as PluginId, policy: n.mode?.policy as ModeSpec['policy'] } : undefined;
    const mode = target ?? detected;
    const pods = podsOf(n.name);
    if (!mode) {
      for (const p of pods) plan.pods.set(p.key, { inv: p, ip: p.ip, hostEnd: p.hostEnd?.name ?? '', changed: false });
      continue;
    }
    const switched = !!target && !!n.host && !(detected && detected.plugin === target.plugin && detected.policy === target.policy);
    const style = hostEndStyle(mode);
    const keepDataplane = !switched || (!!detected && detected.plugin === mode.plugin && hostEndStyle(detected) === style);
    const profile = PLUGIN_PROFILES[mode.plugin];
    const subnet = n.subnet ? networkOfCidr(n.subnet.cidr) : undefined;
    const vnetGateway = subnet ? intToIp((cidrRange(subnet)?.[0] ?? 0) + 1) : undefined;
    const re = readdressed.has(n.name);
    const planned: PlannedNode = { name: n.name, inv: n, mode, switched, keepDataplane, keepPolicy: true, readdressed: re,
      podPrefix: 32, hostEnd: style, ...(vnetGateway ? { vnetGateway } : {}) };
    const ips: (string | null)[] = pods.map((p) => p.ip);
    if (profile.addressing.family === 'pod-cidr') {
      const prefix = blockPrefixOf(mode.plugin);
      const known = !re && n.block ? n.block.cidr : undefined;
      // a node keeping its pod IPs but with no stated range: the /24 its pods share
      const shared = !re && !known && pods.length && pods.every((p) => inCidr(p.ip, `${pods[0]?.ip}/24`)) ? networkOfCidr(`${pods[0]?.ip}/24`) : undefined;
      const block = known ?? shared ?? freshBlock(prefix);
      if (block) {
        planned.block = networkOfCidr(block);
        const range = cidrRange(planned.block) as [number, number];
        const first = profile.addressing.firstHost ?? 2;
        if (re) {
          for (let i = 0; i < pods.length; i++) ips[i] = range[0] + first + i < range[1] ? intToIp(range[0] + first + i) : null;
        }
        const taken = new Set(ips.filter((x): x is string => !!x));
        // the bridge's (kubenet) or tunnel's (Calico) address: the block's first, unless a pod holds it
        for (let a = range[0] + (mode.plugin === 'calico-vxlan' ? 0 : 1); a < range[1]; a++) if (!taken.has(intToIp(a))) { planned.gateway = intToIp(a); break; }
      } else {
        plan.warnings.push(`${n.name}: no free block of ${pool ?? 'a pod CIDR'} for its pods`);
        if (re) ips.fill(null);
      }
      planned.podPrefix = mode.plugin === 'kubenet' && style === 'veth' ? prefix : mode.plugin === 'azure-cni-overlay' ? Number(plan.podCidr?.split('/')[1] ?? 16) : 32;
    } else {
      planned.podPrefix = Number(subnet?.split('/')[1] ?? 32);
      if (re) {
        if (!subnet) {
          plan.warnings.push(`${n.name}: its subnet is not in the inputs (ip addr or ip route of the node): its pods get no VNet IPs`);
          ips.fill(null);
        } else {
          const run = freshVnetRun(subnet, Math.max(profile.addressing.defaultMaxPods, pods.length));
          for (let i = 0; i < pods.length; i++) ips[i] = run[i] ?? null;
        }
      }
    }
    plan.nodes.set(n.name, planned);
    pods.forEach((p, i) => {
      const ip = ips[i] ?? null;
      const changed = ip !== p.ip;
      plan.pods.set(p.key, { inv: p, ip, hostEnd: switched && !keepDataplane ? hostEndName(style, p) : p.hostEnd?.name ?? hostEndName(style, p), changed });
      if (changed && ip) { plan.remap.set(p.ip, ip); plan.mapping.push({ pod: p.ref ?? p.key, node: n.name, from: p.ip, to: ip }); }
      if (!ip) plan.warnings.push(`${p.ref ?? p.key} on ${n.name} gets no IP under ${profile.label}: the what-if cannot place it`);
    });
    planned.keepPolicy = !switched || (!!detected && detected.policy === mode.policy && !re && keepDataplane);
  }
  for (const p of inv.pods) if (!plan.pods.has(p.key)) plan.pods.set(p.key, { inv: p, ip: p.ip, hostEnd: p.hostEnd?.name ?? '', changed: false });

  // kube-proxy's --cluster-cidr and the masquerade exceptions name the cluster's range: it moves with the family
  const families = new Set([...readdressed].map((n) => family(targets.get(n)?.plugin)));
  if (families.has('vnet') && inv.podCidr && inv.vnet) plan.cidrRemap.set(networkOfCidr(inv.podCidr.cidr), inv.vnet.cidr);
  if (families.has('pod-cidr') && inv.vnet && plan.podCidr) plan.cidrRemap.set(inv.vnet.cidr, plan.podCidr);

  // Azure CNI's pre-allocation, per subnet, over the nodes that would run it there
  const vnetNodes = new Map<string, InvNode[]>();
  for (const n of inv.nodes) {
    // a node kubectl lists but the inputs did not capture is in the node pool too: it pre-allocates as the others do
    const m = targets.get(n.name) ?? (n.mode ? { plugin: n.mode.plugin } : undefined);
    if (!n.ip || (n.host && family(m?.plugin) !== 'vnet')) continue;
    const subnet = (n.subnet ? networkOfCidr(n.subnet.cidr) : undefined) ?? inv.nodes.map((x) => x.subnet?.cidr).find((c) => c && inCidr(n.ip as string, c));
    if (subnet) vnetNodes.set(networkOfCidr(subnet), [...(vnetNodes.get(networkOfCidr(subnet)) ?? []), n]);
  }
  for (const [subnet, nodes] of vnetNodes) {
    if (!nodes.some((n) => plan.nodes.get(n.name)?.switched)) continue;
    plan.limits.push(azureSubnetCheck(subnet, nodes.length, PLUGIN_PROFILES['azure-cni'].addressing.defaultMaxPods, true));
  }
  return plan;
}

/** Is `ip` inside `cidr` (both strings)? The parsed form, for callers that test many addresses against one range. */
export function containsIp(cidr: string): (ip: string) => boolean {
  const c = parseCidr(cidr);
  return (ip) => { const a = parseIp(ip); return !!c && !!a && cidrContains(c, a); };
}
