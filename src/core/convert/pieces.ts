/**
 * Pieces of the neutral model that one input block contributes. Converters (one per source kind) turn parser
 * records into pieces; assembly merges the pieces of all blocks into a Snapshot.
 */
import type {
  AzureEndpointModel, AzureIpamAddress, AzureIpamPool, AzureNic, CniConfig, CniEvent, EndpointsModel, FdbEntryModel, IpSetModel,
  IptStatement, KubeNode, Link, Namespace, Neighbour, NetworkPolicyModel, NodeNetworkConfig, ObservedPacket, Pod, PolicyRule, Route,
  Service, SourceRef,
} from '../model/types.ts';

/** Where a block's facts belong: a node and a netns within it (`host` unless captured inside a pod). */
export interface Place {
  node: string;
  netns: string;
  /** The view the facts came from: its block, and whether the command showed only part of it (`| grep`). */
  view?: View;
}

/** One capture of a view (`route -n` once): two of the same view are merged, or kept apart as snapshots (assemble/views). */
export interface View { block: string; partial: boolean; line: number }

export type Piece =
  | { kind: 'link'; at: Place; link: Link }
  | { kind: 'route'; at: Place; route: Route }
  | { kind: 'neighbour'; at: Place; neighbour: Neighbour }
  | { kind: 'ip-rule'; at: Place; rule: PolicyRule }
  | { kind: 'sysctl'; at: Place; key: string; value: string; source: SourceRef }
  | { kind: 'bridge'; at: Place; bridge: string; ports: string[]; source: SourceRef }
  | { kind: 'fdb'; at: Place; entry: FdbEntryModel }
  | { kind: 'packet'; at: Place; packet: ObservedPacket }
  /** A whole packet-filter block, merged statement by statement (a kube-proxy dump is 150,000 of them); `table` when a statement names none. */
  | { kind: 'iptables'; node: string; table: string; block: string; input: string; records: IptStatement[]; line: (recordIndex: number) => number;
      /** The inferred table of each statement that names none (see convert/iptables-tables). */
      tables?: (string | undefined)[];
      view?: View }
  | { kind: 'ipset'; node: string; set: IpSetModel }
  | { kind: 'cni-config'; node: string; config: CniConfig }
  | { kind: 'azure-network'; node: string; network: { id: string; mode: string; subnets: { prefix: string; gateway?: string }[]; source: SourceRef } }
  | { kind: 'azure-endpoint'; node: string; endpoint: AzureEndpointModel }
  | { kind: 'cni-event'; node: string; event: CniEvent }
  | { kind: 'ipam-pool'; node: string; pool: AzureIpamPool }
  | { kind: 'ipam-address'; node: string; address: AzureIpamAddress }
  | { kind: 'nic'; node: string; nic: AzureNic }
  | { kind: 'netns-name'; node: string; name: string; id?: number; pids?: number[]; source: SourceRef }
  | { kind: 'container'; node: string; container: { id: string; pod?: string; namespace?: string; name?: string; pid?: number; source: SourceRef } }
  | { kind: 'pod'; pod: Pod }
  | { kind: 'kube-node'; node: KubeNode }
  | { kind: 'service'; service: Service }
  | { kind: 'namespace'; namespace: Namespace }
  | { kind: 'policy'; policy: NetworkPolicyModel }
  | { kind: 'endpoints'; endpoints: EndpointsModel }
  | { kind: 'node-network-config'; config: NodeNetworkConfig }
  | { kind: 'network-profile'; profile: Record<string, unknown>; source: SourceRef };

/** What a converter knows about the block it converts. */
export interface BlockContext {
  input: string;
  /** The block's dump kind (`iptables-save` …). */
  kind?: string;
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

/** A note a converter makes about a record it read (a table it inferred, a record it could not place). */
export interface ConvertNote { recordIndex: number; kind: 'inferred' | 'ignored' | 'unsupported'; message: string }

/** What a converter gives: the model's pieces, and notes that go beside the block's parse warnings. */
export interface Converted { pieces: Piece[]; notes: ConvertNote[] }
