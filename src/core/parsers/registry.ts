/** Every parser, by id. Detection asks each one; ingest and the CLI look parsers up here. */
import type { Parser } from './common/types.ts';
import { ipAddrParser } from './ip-addr/ip-addr.ts';
import { ipJsonParser } from './ip-json/ip-json.ts';
import { ipRouteParser } from './ip-route/ip-route.ts';
import { routeNParser } from './route-n/route-n.ts';
import { ipNeighParser } from './ip-neigh/ip-neigh.ts';
import { ipRuleParser } from './ip-rule/ip-rule.ts';
import { ipNetnsParser } from './ip-netns/ip-netns.ts';
import { brctlParser } from './brctl/brctl.ts';
import { bridgeParser } from './bridge/bridge.ts';
import { iptablesSaveParser } from './iptables-save/iptables-save.ts';
import { iptablesRulesParser } from './iptables-rules/iptables-rules.ts';
import { iptablesListParser } from './iptables-list/iptables-list.ts';
import { ipsetParser } from './ipset/ipset.ts';
import { kubectlTableParser } from './kubectl-table/kubectl-table.ts';
import { kubectlObjectsParser } from './kubectl-objects/kubectl-objects.ts';
import { netpolDescribeParser } from './netpol-describe/netpol-describe.ts';
import { azureVnetJsonParser } from './azure-vnet-json/azure-vnet-json.ts';
import { azureIpamJsonParser } from './azure-ipam-json/azure-ipam-json.ts';
import { cniConflistParser } from './cni-conflist/cni-conflist.ts';
import { azureCniLogParser } from './azure-cni-log/azure-cni-log.ts';
import { azureCnsLogParser } from './azure-cns-log/azure-cns-log.ts';
import { azNetworkProfileParser } from './az-network-profile/az-network-profile.ts';
import { containersParser } from './containers/containers.ts';
import { tcpdumpParser } from './tcpdump/tcpdump.ts';
import { nmagentXmlParser } from './nmagent-xml/nmagent-xml.ts';
import { sysctlParser } from './sysctl/sysctl.ts';

export const PARSERS: readonly Parser[] = [
  ipAddrParser, ipJsonParser, ipRouteParser, routeNParser, ipNeighParser, ipRuleParser, ipNetnsParser,
  brctlParser, bridgeParser, iptablesSaveParser, iptablesRulesParser, iptablesListParser, ipsetParser,
  kubectlTableParser, kubectlObjectsParser, netpolDescribeParser, azureVnetJsonParser, azureIpamJsonParser,
  cniConflistParser, azureCniLogParser, azureCnsLogParser, azNetworkProfileParser, containersParser, tcpdumpParser, nmagentXmlParser, sysctlParser,
] as Parser[];

const BY_ID = new Map(PARSERS.map((p) => [p.info.id, p]));

export function parserById(id: string): Parser | undefined {
  return BY_ID.get(id);
}

export type ParserId = (typeof PARSERS)[number]['info']['id'];
