/** Dispatches a parsed block to the converter of its kind. */
import type { BlockContext, Piece } from './pieces.ts';
import { convertIpAddr, convertIpJson, convertNeigh, convertNetns, convertRoutes, convertRules, convertSysctl } from './ip.ts';
import { convertBrctl, convertBridgeLink } from './bridge.ts';
import { convertIptables } from './iptables.ts';
import { convertIpset } from './ipset.ts';
import { convertKubectlTable, convertKubeObjects } from './kube.ts';
import { convertAzureVnet, convertCniLog, convertConflist, convertNetworkProfile } from './azure.ts';
import { convertContainers } from './containers.ts';

type Converter = (records: never[], ctx: BlockContext) => Piece[];

const CONVERTERS: Record<string, Converter> = {
  'ip-addr': convertIpAddr as Converter,
  'ip-json': convertIpJson as Converter,
  'ip-route': convertRoutes as Converter,
  'route-n': convertRoutes as Converter,
  'ip-neigh': convertNeigh as Converter,
  'ip-rule': convertRules as Converter,
  'ip-netns': convertNetns as Converter,
  brctl: convertBrctl as Converter,
  bridge: convertBridgeLink as Converter,
  'iptables-save': convertIptables as Converter,
  'iptables-rules': convertIptables as Converter,
  'iptables-list': convertIptables as Converter,
  ipset: convertIpset as Converter,
  'kubectl-table': convertKubectlTable as Converter,
  'kubectl-objects': convertKubeObjects as Converter,
  'netpol-describe': convertKubeObjects as Converter,
  'azure-vnet-json': convertAzureVnet as Converter,
  'azure-cni-log': convertCniLog as Converter,
  'azure-cns-log': convertCniLog as Converter,
  'cni-conflist': convertConflist as Converter,
  'az-network-profile': convertNetworkProfile as Converter,
  containers: convertContainers as Converter,
  sysctl: convertSysctl as Converter,
};

/** Kinds whose facts are about the cluster, not one node. */
export const CLUSTER_KINDS = new Set(['kubectl-table', 'kubectl-objects', 'netpol-describe', 'az-network-profile']);

export function convert(kind: string, records: unknown[], ctx: BlockContext): Piece[] {
  const c = CONVERTERS[kind];
  return c ? c(records as never[], ctx) : [];
}
