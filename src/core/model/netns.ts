/** Small questions about the model asked by several stages: a namespace's addresses, which devices lead to pods, a table's rule count. */
import type { IptTable, Netns, RuleJump, RuleTarget } from './types.ts';

/** Veth names of the CNIs the seeds use: host ends of pod veths. */
export const POD_VETH = /^(azv|cali|veth|lxc|vethwe-|enc|gke)/;

/** Bridges CNIs put pods on (kubenet cbr0, Azure CNI bridge mode azure0, the bridge plugin's cni0). */
const POD_BRIDGE = /^(cbr0|azure0|cni0)$/;

/** A host device a route to a pod points at: a pod veth's host end or a pod bridge. */
export const isPodDevice = (name: string): boolean => POD_VETH.test(name) || POD_BRIDGE.test(name);

/** Every IPv4 address configured in the namespace (loopback included: it is local too). */
export const ipv4Addresses = (ns: Netns): string[] =>
  ns.links.flatMap((l) => l.addresses.filter((a) => a.family === 'inet').map((a) => a.ip));

/** The namespace's first IPv4 address that is not loopback: a pod's IP. */
export const primaryIpv4 = (ns: Netns): string | undefined => ipv4Addresses(ns).find((ip) => !ip.startsWith('127.'));

/** How many rules a table holds (the inputs summary, a node's details, the benches). */
export function ruleCount(table: IptTable): number {
  let n = 0;
  for (const c of table.chains.values()) n += c.rules.length;
  return n;
}

/** A rule's jump or goto without reading its options: the scanned `jump` of a lazily read rule, else its target. */
export function ruleJump(rule: { readonly jump?: RuleJump | undefined; target?: RuleTarget | undefined }): RuleJump | undefined {
  return 'jump' in rule ? rule.jump : rule.target;
}
