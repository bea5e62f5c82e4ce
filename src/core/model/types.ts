/**
 * The neutral model: what the inputs mean, independent of which command printed them (the Batfish rule:
 * the trace engine sees only this). Every fact keeps the source line it came from.
 */

export interface SourceRef { input: string; line: number }

/** One option of a rule as written: `-s`, `--dport`, `--match-set` … (short options are kept short). */
export interface RuleOption {
  name: string;
  negated: boolean;
  values: string[];
}

/** A rule's match: the `-m` module (`tcp`, `conntrack`, `set` …), `''` for the base options `-s -d -p -i -o -f`. */
export interface RuleMatch {
  module: string;
  options: RuleOption[];
}

/** Where a rule jumps (`-j`) or goes (`-g`: no return to the calling chain). */
export interface RuleJump { readonly name: string; readonly goto: boolean }

export interface RuleTarget extends RuleJump {
  options: RuleOption[];
}

export interface Counters { packets: number; bytes: number }

export interface Address { family: 'inet' | 'inet6'; ip: string; prefixlen: number; scope?: string; peer?: string }

export type LinkKind = 'veth' | 'bridge' | 'vxlan' | 'ether' | 'loopback' | 'dummy' | 'tunnel' | 'wireguard' | 'bond' | 'other';

export interface Link {
  name: string;
  ifindex?: number;
  kind: LinkKind;
  mac?: string;
  mtu?: number;
  state?: string;
  flags?: string[];
  /** The bridge (or bond) this link is a port of. */
  master?: string;
  addresses: Address[];
  /** `@ifN`: the peer's ifindex, in `peerNetns` (a name or netnsid) or this netns. */
  peerIndex?: number;
  peerName?: string;
  peerNetnsRef?: string;
  /** Resolved during assembly: the netns id and link name at the other end of the veth. */
  peer?: { netns: string; link: string };
  /** For bridges: their ports (brctl show, `master` of other links). */
  ports?: string[];
  /** For bridges: true when the bridge's own `nf_call_iptables 1` (`ip -d link`) turns bridge-netfilter on; else the netns sysctl decides. */
  bridgeNetfilter?: true;
  vxlan?: { id?: number; local?: string; port?: number; dev?: string };
  /** Does the kernel answer ARP for other addresses on this link (a Calico or Azure CNI host veth), and the line that says so. */
  proxyArp?: { on: boolean; source: SourceRef };
  /** Present only in another source (a route, azure-vnet.json, a log), not in an `ip addr` dump. */
  inferred?: boolean;
  sources: SourceRef[];
}

export interface Route {
  dst: string;
  type?: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  table: string;
  flags?: string[];
  multipath?: { gateway?: string; dev?: string; weight?: number }[];
  source: SourceRef;
}

export interface Neighbour { ip: string; mac?: string; dev?: string; state: string[]; source: SourceRef }

/** A forwarding entry of a bridge or VXLAN device (`brctl showmacs`, `bridge fdb`): where frames to `mac` go. */
export interface FdbEntryModel { mac: string; dev?: string; port?: number; bridge?: string; dst?: string; local?: boolean; state?: string; source: SourceRef }

/** A packet a capture saw (`tcpdump`, a Wireshark list): evidence of traffic, not of topology. */
export interface ObservedPacket {
  time: string; src: string; sport?: number; dst: string; dport?: number; proto: string; flags?: string; length?: number;
  /** What tcpdump printed after the addresses (an ARP question or answer, a VXLAN inner packet …). */
  info?: string;
  /** `-e`: the frame's MAC addresses. */
  srcMac?: string; dstMac?: string;
  /** The interface the capture listened on (its banner), when shown. */
  interface?: string;
  source: SourceRef;
}

export interface PolicyRule {
  priority: number;
  src: string;
  dst?: string;
  fwmark?: string;
  fwmask?: string;
  iif?: string;
  oif?: string;
  not?: boolean;
  table?: string;
  action?: string;
  source: SourceRef;
}

export interface Netns {
  /** `host`, or `pod:<key>` (pod name, netns name, or nsenter pid). */
  id: string;
  kind: 'host' | 'pod';
  /** `cni-…` name from `ip netns` / `link-netns`. */
  name?: string;
  /** nsenter target. */
  pid?: number;
  /** `ns/name` once matched to a Kubernetes pod. */
  pod?: string;
  links: Link[];
  routes: Route[];
  neighbours: Neighbour[];
  rules: PolicyRule[];
  /** Kernel settings captured with `sysctl` in this netns, by key (`net.ipv4.ip_forward`). */
  sysctl?: Record<string, { value: string; source: SourceRef }>;
  /** Bridge and VXLAN forwarding entries. */
  fdb?: FdbEntryModel[];
  /** Packets captured in this netns. */
  packets?: ObservedPacket[];
  /** Built from the host side only (no capture from inside the pod). */
  inferred?: boolean;
  /** Its routes hold only what a what-if added: the node's own (default, subnet) were not captured. */
  routesNotCaptured?: true;
  sources: SourceRef[];
}

export interface IptRule {
  index: number;
  matches: RuleMatch[];
  target?: RuleTarget;
  counters?: Counters;
  /** Trailing text of an `iptables -L` row that was not understood. */
  unparsed?: string;
  text: string;
  source: SourceRef;
  /**
   * Where the rule jumps, known without reading its options (a dump read lazily scans only the jump); when the
   * rule has no such field, its target says.
   */
  readonly jump?: RuleJump | undefined;
}

/**
 * What a converter hands assembly for a packet-filter capture, whatever its dialect (iptables-save, -S, -L, or
 * the next one): statements in the order the capture shows them. A rule statement becomes the chain's IptRule
 * as it is (a 110,000-rule dump is not copied); `place` gives it its place when it keeps `source` and `index`
 * itself, else assembly sets the fields.
 */
export type IptStatement = IptTableStatement | IptChainStatement | IptRuleStatement;
export interface IptTableStatement { type: 'table'; name: string; savedBy?: string; savedOn?: string; completedOn?: string }
export interface IptChainStatement {
  type: 'chain';
  table?: string | undefined;
  name: string;
  /** `ACCEPT`/`DROP` for built-in chains, `-` for user chains. */
  policy?: string;
  counters?: Counters | undefined;
}
export interface IptRuleStatement {
  type: 'rule';
  table?: string | undefined;
  chain: string;
  matches: RuleMatch[];
  target?: RuleTarget | undefined;
  counters?: Counters | undefined;
  unparsed?: string;
  text: string;
  readonly jump?: RuleJump | undefined;
  place?(input: string, line: number, index: number): void;
}

export interface IptChain {
  name: string;
  builtin: boolean;
  policy?: string;
  counters?: { packets: number; bytes: number };
  rules: IptRule[];
  /** Only seen as a jump target: the capture (a grep, one chain's listing) does not show its rules. */
  referencedOnly?: boolean;
  source?: SourceRef;
}

/**
 * A table's chains by name. A Map rather than an object: a kube-proxy table has 40,000 chains, and making each
 * fresh name a property key costs more than the rest of merging them (the CLI prints it as an object).
 */
export interface IptTable { name: string; chains: Map<string, IptChain> }

export interface IpSetModel { name: string; type?: string; members: string[]; source: SourceRef }

export interface CniConfig { file?: string; name?: string; plugins: { type: string; mode?: string; ipam?: Record<string, unknown>; [k: string]: unknown }[]; source: SourceRef }

export interface AzureEndpointModel {
  id: string;
  hostIfName?: string;
  ipAddresses: string[];
  podName?: string;
  podNamespace?: string;
  netns?: string;
  mac?: string;
  routes: { dst: string; gateway?: string }[];
  source: SourceRef;
}

export interface CniEvent { event: string; source: SourceRef; [k: string]: unknown }

/** What an earlier capture of one view said, before a later capture of the same view replaced it. */
export interface EarlierSnapshot {
  what: 'routes' | 'links' | 'neighbours' | 'ip-rules' | 'chain';
  /** The netns id (for an iptables chain: `host`). */
  netns: string;
  /** The routing table (`main` …) or iptables table. */
  table?: string;
  chain?: string;
  /** How many entries the earlier view held. */
  count: number;
  /** The earlier view's first line, and the later one's that replaced it. */
  source: SourceRef;
  supersededBy: SourceRef;
  routes?: Route[];
  links?: Link[];
  neighbours?: Neighbour[];
  ipRules?: PolicyRule[];
  rules?: IptRule[];
}

export interface AzureIpamPool { subnet: string; ifName?: string; priority?: number; source: SourceRef }
export interface AzureIpamAddress { ip: string; inUse: boolean; id?: string; pool?: string; source: SourceRef }
export interface AzureNic { mac: string; isPrimary: boolean; subnet?: string; addresses: { ip: string; isPrimary: boolean }[]; source: SourceRef }

/**
 * A NodeNetworkConfig (`kubectl get nnc`): what Azure CNS was given for one node: its network containers' type
 * (`vnet`, `vnetblock`, `overlay`), assignment mode, subnet, and IP counts.
 */
export interface NodeNetworkConfig {
  name: string;
  namespace?: string;
  requestedIps?: number;
  allocatedIps?: number;
  status?: string;
  availabilityZone?: string;
  /** One per network container (kubectl joins several with commas). */
  containers: { id?: string; type?: string; mode?: string; subnet?: string; subnetCidr?: string; version?: number }[];
  source: SourceRef;
}

export interface Host {
  name: string;
  /** The node's primary IP (eth0's IPv4), when known. */
  ip?: string;
  netns: Netns[];
  iptables: Record<string, IptTable>;
  ipsets: IpSetModel[];
  cni: CniConfig[];
  azureNetworks: { id: string; mode: string; subnets: { prefix: string; gateway?: string }[]; source: SourceRef }[];
  azureEndpoints: AzureEndpointModel[];
  cniEvents: CniEvent[];
  /** `ip netns` names with ids, and `ip netns pids` → pid lists. */
  netnsNames: { name: string; id?: number; pids?: number[]; source: SourceRef }[];
  containers: { id: string; pod?: string; namespace?: string; name?: string; pid?: number; source: SourceRef }[];
  /** azure-vnet-ipam.json: the address pools of the node's NIC and the addresses handed out from them. */
  azureIpam?: { pools: AzureIpamPool[]; addresses: AzureIpamAddress[] };
  /** NMAgent's interface list: the NICs Azure gave the VM and the IPs on each (Azure CNI pre-allocates pod IPs there). */
  nics?: AzureNic[];
  /** Views the capture shows twice that differ (two `route -n` runs, two `iptables-save -c`): the model holds the later. */
  earlier?: EarlierSnapshot[];
  modes: ModeEvidence[];
  /** The node's detected mode (src/core/profiles/detect.ts). */
  mode?: NodeMode;
  /** Set on a node synthesised by a what-if (src/core/profiles/whatif): everything in it is what-if, not evidence. */
  whatIf?: {
    mode: string;
    captured: NodeMode | null;
    /** Sets a what-if names but cannot fill (labels not captured): the capture that would settle each. */
    unsettled?: Record<string, string>;
  };
  sources: SourceRef[];
}

export interface Pod {
  namespace: string;
  name: string;
  ip?: string;
  node?: string;
  status?: string;
  labels: Record<string, string>;
  /** The capture showed the pod's labels (`--show-labels`, YAML/JSON); otherwise `labels` is empty for lack of evidence. */
  labelsKnown?: boolean;
  /** Shares the node's network namespace (its IP is the node's). */
  hostNetwork?: boolean;
  source: SourceRef;
}

export interface KubeNode { name: string; internalIp?: string; externalIp?: string; status?: string; version?: string; podCidr?: string; labels: Record<string, string>; source: SourceRef }

export interface Service {
  namespace: string;
  name: string;
  type: string;
  clusterIp?: string;
  externalIps: string[];
  ports: { port: number; nodePort?: number; protocol: string; targetPort?: string | number; name?: string }[];
  selector?: Record<string, string>;
  source: SourceRef;
}

export interface Namespace { name: string; labels: Record<string, string>; labelsKnown: boolean; source: SourceRef }

export interface LabelSelectorRequirement { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

export interface NetworkPolicyPeer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } }
export interface NetworkPolicyPort { protocol?: string; port?: number | string; endPort?: number }
export interface NetworkPolicyModel {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  policyTypes: ('Ingress' | 'Egress')[];
  ingress: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  egress: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  source: SourceRef;
}

export interface UnreadablePolicy { namespace?: string; name?: string; why: string; source: SourceRef }

export interface EndpointsModel { namespace: string; name: string; addresses: string[]; source: SourceRef }

/**
 * What a piece of mode evidence speaks for: a plugin or policy engine PacketPath models (src/core/profiles), a CNI it
 * recognises but does not model (flannel, Cilium, OpenShift SDN, OVN-Kubernetes, Weave, Calico before 2.0), or
 * kube-proxy's mode.
 */
export type ModeId =
  | 'kubenet' | 'azure-cni-bridge' | 'azure-cni' | 'azure-cni-overlay' | 'calico-vxlan' | 'byo'
  | 'calico' | 'azure-npm' | 'cilium-policy'
  | 'flannel' | 'cilium' | 'openshift-sdn' | 'ovn-kubernetes' | 'weave' | 'calico-felix-legacy'
  | 'kube-proxy-iptables' | 'kube-proxy-ipvs';

export interface ModeEvidence { mode: ModeId; fact: string; source?: SourceRef; weight: number }

/** One node's network mode as detected from its own evidence (and the cluster's where the node shows none). */
export interface NodeMode {
  /** A plugin of src/core/profiles (`kubenet` …), a recognised CNI it does not model (`flannel` …), or `unknown`. */
  plugin: string;
  /** `none`, `azure`, `calico`, a recognised engine it does not model (`cilium`, `calico-felix-legacy`), or `unknown`. */
  policy: string;
  /** PacketPath has profiles for both: traces explain it and what-if toggles start from it. */
  modelled: boolean;
  /** The evidence, strongest mode first, with each fact's source line. */
  detected: { mode: ModeId; score: number; evidence: ModeEvidence[] }[];
  /** What the evidence cannot tell, and the capture that would (no filter table: the policy engine is not known). */
  notes?: string[];
}

export interface ModeResult {
  /** The dataplane that carries pod traffic (the nodes' most common plugin). */
  dataplane: string;
  /** Who enforces NetworkPolicy. */
  policy: string;
  /** Every mode the evidence supports, strongest first. */
  detected: { mode: ModeId; score: number; evidence: ModeEvidence[] }[];
}

export interface ModelWarning { severity: 'info' | 'warning'; message: string; node?: string; source?: SourceRef }

export interface InputSummary {
  name: string;
  block: number;
  kind: string | null;
  confidence: number;
  command?: string;
  node?: string;
  netns?: string;
  records: number;
  warnings: { line: number; to?: number; kind: string; message: string }[];
  /** How many warnings the block has, when the page got only the first of them (workers/protocol.ts pageWarnings). */
  warningsTotal?: number;
}

export interface Snapshot {
  hosts: Host[];
  cluster: {
    pods: Pod[];
    nodes: KubeNode[];
    services: Service[];
    namespaces: Namespace[];
    policies: NetworkPolicyModel[];
    endpoints: EndpointsModel[];
    /** Azure CNS's NodeNetworkConfigs, one per node (`kubectl get nnc -A -o wide`). */
    nodeNetworkConfigs?: NodeNetworkConfig[];
    networkProfile?: Record<string, unknown>;
    /** NetworkPolicies the inputs hold but that could not be read (YAML that does not parse …): a policy answer cannot ignore them. */
    unreadablePolicies?: UnreadablePolicy[];
  };
  mode: ModeResult;
  inputs: InputSummary[];
  warnings: ModelWarning[];
}
