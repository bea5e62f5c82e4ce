/**
 * Pieces of the neutral model that one input block contributes. Converters (one per source kind) turn parser
 * records into pieces; assembly merges the pieces of all blocks into a Snapshot.
 */
import type {
  AzureEndpointModel, CniConfig, CniEvent, EndpointsModel, IpSetModel, KubeNode, Link, Namespace, Neighbour,
  NetworkPolicyModel, Pod, PolicyRule, Route, Service, SourceRef,
} from '../model/types.ts';
import type { IptablesRecord } from '../parsers/iptables-save/iptables-save.ts';
import type { IptablesListRecord } from '../parsers/iptables-list/iptables-list.ts';

/** Where a block's facts belong: a node and a netns within it (`host` unless captured inside a pod). */
export interface Place { node: string; netns: string }

export type Piece =
  | { kind: 'link'; at: Place; link: Link }
  | { kind: 'route'; at: Place; route: Route }
  | { kind: 'neighbour'; at: Place; neighbour: Neighbour }
  | { kind: 'ip-rule'; at: Place; rule: PolicyRule }
  | { kind: 'sysctl'; at: Place; key: string; value: string; source: SourceRef }
  | { kind: 'bridge'; at: Place; bridge: string; ports: string[]; source: SourceRef }
  /** A whole iptables block, merged record by record (a kube-proxy dump is 150,000 of them); `table` when its records name none. */
  | { kind: 'iptables'; node: string; table: string; block: string; input: string; records: IptablesRecords; line: (recordIndex: number) => number }
  | { kind: 'ipset'; node: string; set: IpSetModel }
  | { kind: 'cni-config'; node: string; config: CniConfig }
  | { kind: 'azure-network'; node: string; network: { id: string; mode: string; subnets: { prefix: string; gateway?: string }[]; source: SourceRef } }
  | { kind: 'azure-endpoint'; node: string; endpoint: AzureEndpointModel }
  | { kind: 'cni-event'; node: string; event: CniEvent }
  | { kind: 'netns-name'; node: string; name: string; id?: number; pids?: number[]; source: SourceRef }
  | { kind: 'container'; node: string; container: { id: string; pod?: string; namespace?: string; name?: string; pid?: number; source: SourceRef } }
  | { kind: 'pod'; pod: Pod }
  | { kind: 'kube-node'; node: KubeNode }
  | { kind: 'service'; service: Service }
  | { kind: 'namespace'; namespace: Namespace }
  | { kind: 'policy'; policy: NetworkPolicyModel }
  | { kind: 'endpoints'; endpoints: EndpointsModel }
  | { kind: 'network-profile'; profile: Record<string, unknown>; source: SourceRef };

/** What a converter knows about the block it converts. */
export type IptablesRecords = (IptablesRecord | IptablesListRecord)[];

export interface BlockContext {
  input: string;
  /** The block's id (`file#n`). */
  block: string;
  at: Place;
  /** Source line of the block's nth record's line, when the parser did not keep line numbers. */
  line: (recordIndex: number) => number;
  /** iptables table named by the command (`-t nat`). */
  table?: string;
  command?: string;
  netnsArg?: string;
  inspectContainer?: string;
}
