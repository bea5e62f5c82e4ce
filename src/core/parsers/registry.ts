/**
 * Every dump kind, once (see common/kind.ts): its parser, the command lines that print it, its converter. Detection
 * asks each parser; ingest, the pipeline and the CLI look kinds up here.
 */
import type { Parser } from './common/types.ts';
import type { DumpKind } from './common/kind.ts';
import { ipAddrKind } from './ip-addr/ip-addr.ts';
import { ipJsonKind } from './ip-json/ip-json.ts';
import { ipRouteKind } from './ip-route/ip-route.ts';
import { routeNKind } from './route-n/route-n.ts';
import { ipNeighKind } from './ip-neigh/ip-neigh.ts';
import { ipRuleKind } from './ip-rule/ip-rule.ts';
import { ipNetnsKind } from './ip-netns/ip-netns.ts';
import { brctlKind } from './brctl/brctl.ts';
import { bridgeKind } from './bridge/bridge.ts';
import { iptablesSaveKind } from './iptables-save/iptables-save.ts';
import { iptablesRulesKind } from './iptables-rules/iptables-rules.ts';
import { iptablesListKind } from './iptables-list/iptables-list.ts';
import { ipsetKind } from './ipset/ipset.ts';
import { kubectlTableKind } from './kubectl-table/kubectl-table.ts';
import { kubectlNncKind } from './kubectl-nnc/kubectl-nnc.ts';
import { kubectlObjectsKind } from './kubectl-objects/kubectl-objects.ts';
import { netpolDescribeKind } from './netpol-describe/netpol-describe.ts';
import { azureVnetJsonKind } from './azure-vnet-json/azure-vnet-json.ts';
import { azureIpamJsonKind } from './azure-ipam-json/azure-ipam-json.ts';
import { cniConflistKind } from './cni-conflist/cni-conflist.ts';
import { azureCniLogKind } from './azure-cni-log/azure-cni-log.ts';
import { azureCnsLogKind } from './azure-cns-log/azure-cns-log.ts';
import { azNetworkProfileKind } from './az-network-profile/az-network-profile.ts';
import { containersKind } from './containers/containers.ts';
import { tcpdumpKind } from './tcpdump/tcpdump.ts';
import { nmagentXmlKind } from './nmagent-xml/nmagent-xml.ts';
import { sysctlKind } from './sysctl/sysctl.ts';

/** In detection order: on an equal score, the kind listed first wins. */
export const KINDS: readonly DumpKind[] = [
  ipAddrKind, ipJsonKind, ipRouteKind, routeNKind, ipNeighKind, ipRuleKind, ipNetnsKind,
  brctlKind, bridgeKind, iptablesSaveKind, iptablesRulesKind, iptablesListKind, ipsetKind,
  kubectlTableKind, kubectlNncKind, kubectlObjectsKind, netpolDescribeKind, azureVnetJsonKind, azureIpamJsonKind,
  cniConflistKind, azureCniLogKind, azureCnsLogKind, azNetworkProfileKind, containersKind, tcpdumpKind, nmagentXmlKind, sysctlKind,
] as DumpKind[];

export const PARSERS: readonly Parser[] = KINDS.map((k) => k.parser);

const BY_ID = new Map(KINDS.map((k) => [k.parser.info.id, k]));
if (BY_ID.size !== KINDS.length) throw new Error('two dump kinds share an id');

export function kindById(id: string): DumpKind | undefined {
  return BY_ID.get(id);
}

export function parserById(id: string): Parser | undefined {
  return BY_ID.get(id)?.parser;
}

/** The kind whose command lines match `command` (no two kinds claim one: see registry.test.ts). */
export function kindOfCommand(command: string): DumpKind | undefined {
  for (const k of KINDS) if (k.commandLines.some((re) => re.test(command))) return k;
  return undefined;
}
