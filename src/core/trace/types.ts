/** The trace contract of DESIGN.md: what `packetpath trace --json` prints and `__packetpath.trace()` returns. */
import type { SourceRef } from '../model/types.ts';
import type { Proto } from '../netfilter/packet.ts';
import type { PolicyVerdict } from '../policy/evaluate.ts';

export interface Flow {
  src: string; dst: string; proto: Proto; sport?: number; dport?: number;
  /** Present when the packet belongs to an existing connection (a reply); absent: the first packet, NEW. */
  ctstate?: 'ESTABLISHED' | 'RELATED';
}

export type StepKind = 'route' | 'bridge' | 'netfilter' | 'nat' | 'fabric' | 'encap' | 'decap' | 'deliver' | 'drop';

export interface TraceStep {
  kind: StepKind;
  detail: string;
  source: SourceRef | null;
  /** netfilter steps: where in the rule set (for the chains view). */
  table?: string;
  chain?: string;
  rule?: number;
  /** An assumption this step rests on (an unsupported match, a chain not in the capture, a pod route inferred). */
  assumed?: string;
  probability?: number;
  /** The walk follows the outcome where this rule does not match (the other side of a statistic or assumed fork). */
  notMatched?: true;
  /** encap steps: the outer header the packet travels in (what netfilter sees) until a decap step unwraps it. */
  encap?: { kind: 'vxlan'; vni?: number; dev: string; underlay: string; outer: { src: string; dst: string; proto: 'udp'; sport: number; dport: number } };
}

export interface Hop {
  node: string;
  netns: string;
  in: string | null;
  out: string | null;
  /** Devices of this namespace the packet passes between `in` and `out`: a bridge it is routed through, the
   *  underlay NIC that carries (or brought) its VXLAN encapsulation. */
  via?: string[];
  steps: TraceStep[];
}

export type Verdict = 'delivered' | 'dropped' | 'no-route' | 'unknown';

export interface Trace {
  flow: Flow;
  verdict: Verdict;
  deliveredTo: { node: string; pod?: string; ip: string } | { external: string } | null;
  hops: Hop[];
  droppedBy: { table: string; chain: string; rule: string; policy?: string; source?: SourceRef } | null;
  nat: { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'; node: string; from: string; to: string; rule: string }[];
  /** One entry per outcome of a fork; `uncertain` when it follows an assumed outcome of an unsupported match. */
  branches: { probability: number; uncertain?: boolean; trace: Trace }[];
  missing: string[];
  /** The NetworkPolicy answer beside the dataplane's. */
  policy?: PolicyVerdict;
  /** Disagreements and selector problems ("policy allows, node drops at …"). */
  warnings: string[];
  /** Assumptions the verdict rests on, in words. */
  assumptions: string[];
  /** The flow's endpoints as resolved (pod names, service). */
  endpoints: { src: { ip: string; pod?: string; node?: string }; dst: { ip: string; pod?: string; service?: string; node?: string } };
}
