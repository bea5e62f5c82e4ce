/**
 * What a network mode knows, in one place per mode: its label, the evidence that it runs on a node, the fabric
 * between nodes, how a pod reaches its gateway, the chains it writes, and how it would wire a node from the
 * cluster's inventory (the what-if). The trace engine, the graph and the UI ask these; none of them names a mode.
 */
import type { Host, IptRule, ModeId, SourceRef } from '../model/types.ts';
import type { WiringProvider } from '../netfilter/hooks.ts';
import type { PluginId, PolicyId } from './ids.ts';
import type { NodeBuild } from './whatif/build.ts';
import type { Owner } from './fabric.ts';

export type AddEvidence = (mode: ModeId, weight: number, fact: string, source?: SourceRef) => void;

/** The chains (and rules of built-in chains) a mode writes: a what-if removes them before it adds its own. */
export interface ChainFamily {
  chain(table: string, name: string): boolean;
  /** A rule of a built-in chain that belongs to the mode (a jump into its chains, kubenet's MASQUERADE). */
  rule(table: string, chain: string, rule: IptRule): boolean;
}

/** Where pod IPs come from: the node's VNet subnet (Azure CNI) or a pod CIDR apart from it. */
export interface Addressing {
  family: 'vnet' | 'pod-cidr';
  /** For a pod CIDR: the default when the inventory names none, each node's block prefix, the first pod's offset. */
  defaultPodCidr?: string;
  blockPrefix?: number;
  firstHost?: number;
  /** AKS's default max-pods per node for this plugin (Azure CNI pre-allocates that many VNet IPs per node). */
  defaultMaxPods: number;
}

export interface PluginProfile {
  id: PluginId;
  label: string;
  /** The network between nodes, as the canvas labels it. */
  fabricLabel: string;
  /** How that network carries a packet to the node that owns `dst`, in words (`target` names the node). */
  fabricDetail(owner: Owner, dst: string, target: string): string;
  evidence(h: Host, add: AddEvidence): void;
  addressing: Addressing;
  /** The pod's gateway, when neither a neighbour entry nor proxy_arp in the capture says who answers its ARP. */
  gatewayHint: string;
  owns: ChainFamily;
  /** Builds the node's links, pod namespaces, routes and the plugin's own rules (masquerade) into `b`. */
  synthesize(b: NodeBuild): void;
}

export interface PolicyProfile {
  id: PolicyId;
  label: string;
  evidence(h: Host, add: AddEvidence): void;
  /** Built-in chains the capture lacks but the engine's chains need (Calico's FORWARD entry). */
  wiring?: WiringProvider;
  /** The NetworkPolicy behind the chain that dropped a packet, when the chain's name tells. */
  policyOfChain?(chain: string): boolean;
  owns: ChainFamily;
  /** Renders the inventory's NetworkPolicies as this engine's chains and ipsets into `b`. */
  synthesize(b: NodeBuild): void;
}

/** A CNI or policy engine PacketPath recognises from its traces but does not model: named, never `unknown`. */
export interface RecognisedProfile { id: ModeId; label: string; kind: 'plugin' | 'policy'; evidence(h: Host, add: AddEvidence): void }
