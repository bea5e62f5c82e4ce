/**
 * The packet as it is before and after each step of a trace (Packet Tracer's "inbound / outbound PDU"), derived
 * from what the engine returns: the flow it started as, the hops (node, namespace, interfaces), the netfilter
 * actions (`MARK 0x0 → 0x10000`, `NOTRACK`), the NAT list (in the order the steps applied it) and the encap
 * step's outer header. Works for any trace, walk or not.
 *
 * Kernel facts it applies between steps: a packet that changes network namespace (a veth, the wire) loses its
 * mark (skb_scrub_packet) and meets another conntrack table (no NAT binding there yet); while a packet is VXLAN-encapsulated netfilter sees the outer header, so a MARK or a
 * NAT then applies to the outer packet, and on decapsulation the inner packet takes the outer's mark (as the
 * engine does).
 */
import type { SourceRef } from '../../model/types.ts';
import type { Hook } from '../../netfilter/hooks.ts';
import type { Hop, Trace, TraceStep } from '../../trace/types.ts';

export interface Header { src: string; sport?: number; dst: string; dport?: number; proto: string }

export interface PacketView extends Header {
  /** skb->mark of the packet (the inner one; see `encap.outer.mark` while encapsulated). */
  mark: number;
  ctstate: string;
  /** NAT conntrack holds for the connection so far (`--ctstate DNAT|SNAT`). */
  natted: ('DNAT' | 'SNAT')[];
  node: string;
  netns: string;
  /** The device it came in by (null where it started) and the one it leaves by, once a route or bridge chose it. */
  in: string | null;
  out: string | null;
  encap?: { kind: 'vxlan'; vni?: number; dev: string; outer: Header & { mark: number; ctstate: string; natted: ('DNAT' | 'SNAT')[] } };
}

export interface Decision {
  /** What decided the step: a route, an iptables rule, a chain's policy, a NAT rule, a bridge, the fabric … */
  what: 'route' | 'rule' | 'policy' | 'nat' | 'bridge' | 'fabric' | 'encap' | 'decap' | 'deliver' | 'drop';
  /** In words: the route, `filter cali-tw-… rule 7: DROP`, the bridge port. */
  text: string;
  table?: string;
  chain?: string;
  rule?: number;
  /** The rule as captured (an iptables-save line, an `iptables -L` row). */
  ruleText?: string;
  action?: string;
  /** The NetworkPolicy behind a Calico/NPM drop, when the trace names it. */
  policy?: string;
  assumed?: string;
  source: SourceRef | null;
}

export type Change = 'src' | 'dst' | 'mark' | 'ctstate' | 'netns' | 'in' | 'out' | 'encap';

export interface PacketStep {
  /** 1-based number of the step in the trace, as `packetpath trace` prints it. */
  n: number;
  hop: number;
  /** Position in its hop (0-based). */
  index: number;
  /** The netfilter hook a netfilter/nat step ran in. */
  hook?: Hook;
  step: TraceStep;
  before: PacketView;
  after: PacketView;
  changed: Change[];
  decided: Decision;
  nat?: Trace['nat'][number];
}

const HOOKS = new Set<Hook>(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);
const NAT_ACTION = /^(DNAT|SNAT|MASQUERADE|REDIRECT)\b/;

/** `10.0.0.1:8080` → address and port; anything else (`the address of eth0 (not captured)`) is an address. */
function endpointOf(text: string): { ip: string; port?: number } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(text) ?? /^\[(.+)\]:(\d+)$/.exec(text);
  return m ? { ip: m[1] as string, port: Number(m[2]) } : { ip: text };
}

/** A netfilter step's action and rule text, from the detail the engine writes (`filter X rule 3: DROP — -A X …`). */
export function ruleParts(s: TraceStep): { action?: string; ruleText?: string } {
  if (!s.table || !s.chain || s.rule === undefined) return {};
  const rulePrefix = `${s.table} ${s.chain} rule ${s.rule}: `;
  if (s.rule > 0 && s.detail.startsWith(rulePrefix)) {
    const rest = s.detail.slice(rulePrefix.length);
    const sep = rest.indexOf(' — ');
    return sep < 0 ? { action: rest } : { action: rest.slice(0, sep), ruleText: rest.slice(sep + 3) };
  }
  const policyPrefix = `${s.table} ${s.chain}: `;
  if (s.detail.startsWith(policyPrefix)) return { action: s.detail.slice(policyPrefix.length).replace(/ \([A-Z]+\)$/, '') };
  return {};
}

function decisionOf(s: TraceStep, trace: Trace, nat: Trace['nat'][number] | undefined): Decision {
  const base = { text: s.detail, source: s.source, ...(s.assumed ? { assumed: s.assumed } : {}) };
  const where = s.table && s.chain ? { table: s.table, chain: s.chain, ...(s.rule ? { rule: s.rule } : {}) } : {};
  switch (s.kind) {
    case 'netfilter':
    case 'nat': {
      const { action, ruleText } = ruleParts(s);
      const what = nat ? 'nat' : s.rule === 0 ? 'policy' : 'rule';
      const text = s.rule === 0 ? `${s.table} ${s.chain} policy ${(action ?? '').replace(/^policy /, '')}` : `${s.table} ${s.chain} rule ${s.rule}: ${action ?? s.detail}`;
      const captured = ruleText ?? nat?.rule;
      return { ...base, what, text, ...where, ...(action ? { action } : {}), ...(captured ? { ruleText: captured } : {}) };
    }
    case 'drop': {
      const d = trace.droppedBy;
      if (d && s.chain === d.chain) return { ...base, what: 'drop', ...where, ruleText: d.rule, ...(d.policy ? { policy: d.policy } : {}) };
      return { ...base, what: 'drop', ...where };
    }
    default:
      return { ...base, what: s.kind };
  }
}

const copy = (p: PacketView): PacketView => ({ ...p, natted: [...p.natted], ...(p.encap ? { encap: { ...p.encap, outer: { ...p.encap.outer, natted: [...p.encap.outer.natted] } } } : {}) });

function changes(a: PacketView, b: PacketView): Change[] {
  const out: Change[] = [];
  if (a.src !== b.src || a.sport !== b.sport || a.encap?.outer.src !== b.encap?.outer.src || a.encap?.outer.sport !== b.encap?.outer.sport) out.push('src');
  if (a.dst !== b.dst || a.dport !== b.dport || a.encap?.outer.dst !== b.encap?.outer.dst || a.encap?.outer.dport !== b.encap?.outer.dport) out.push('dst');
  if (a.mark !== b.mark || a.encap?.outer.mark !== b.encap?.outer.mark) out.push('mark');
  if (a.ctstate !== b.ctstate || a.natted.join() !== b.natted.join()) out.push('ctstate');
  if (a.node !== b.node || a.netns !== b.netns) out.push('netns');
  if (a.in !== b.in) out.push('in');
  if (a.out !== b.out) out.push('out');
  if (!!a.encap !== !!b.encap) out.push('encap');
  return out;
}

/** The NAT entries in the order the steps applied them: the next unused one of the step's kind. */
function natFor(trace: Trace, used: Set<number>, kind: string): Trace['nat'][number] | undefined {
  const i = trace.nat.findIndex((n, k) => !used.has(k) && n.kind === kind);
  if (i < 0) return undefined;
  used.add(i);
  return trace.nat[i];
}

function applyNat(p: PacketView, nat: Trace['nat'][number]): void {
  const to = endpointOf(nat.to);
  const target = p.encap ? p.encap.outer : p;
  const side = nat.kind === 'DNAT' || nat.kind === 'REDIRECT' ? 'DNAT' : 'SNAT';
  if (side === 'DNAT') { target.dst = to.ip; if (to.port !== undefined) target.dport = to.port; } else { target.src = to.ip; if (to.port !== undefined) target.sport = to.port; }
  if (!target.natted.includes(side)) target.natted.push(side);
}

/** Where a step sends the packet next within its namespace: a route's device, a bridge's port, VXLAN's underlay. */
function outOf(s: TraceStep): string | null {
  if (s.kind === 'route') return /(?:^| )dev ([^\s;,]+)/.exec(s.detail)?.[1] ?? null;
  if (s.kind === 'bridge') return /forwards to port (\S+)/.exec(s.detail)?.[1] ?? null;
  if (s.kind === 'encap') return s.encap?.underlay ?? null;
  return null;
}

/** Every step of a trace (one outcome: a branch's trace, or a trace without forks) with the packet around it. */
export function packetSteps(trace: Trace): PacketStep[] {
  const f = trace.flow;
  const first: Hop | undefined = trace.hops[0];
  let cur: PacketView = {
    src: f.src, ...(f.sport !== undefined ? { sport: f.sport } : {}), dst: f.dst, ...(f.dport !== undefined ? { dport: f.dport } : {}), proto: f.proto,
    mark: 0, ctstate: f.ctstate ?? 'NEW', natted: [], node: first?.node ?? '?', netns: first?.netns ?? '?', in: first?.in ?? null, out: null,
  };
  const used = new Set<number>();
  const out: PacketStep[] = [];
  let n = 0;
  trace.hops.forEach((hop, h) => {
    if (h > 0) {
      const moved = hop.node !== cur.node || hop.netns !== cur.netns;
      cur = copy(cur);
      // a packet that leaves its namespace (a veth, the wire) is scrubbed of its mark, and the namespace it enters
      // keeps its own conntrack table: no NAT binding yet
      if (moved) {
        const layer = cur.encap ? cur.encap.outer : cur;
        Object.assign(layer, { mark: 0, natted: [], ctstate: cur.encap ? 'NEW' : f.ctstate ?? 'NEW' });
      }
      Object.assign(cur, { node: hop.node, netns: hop.netns, in: hop.in, out: null });
    }
    let hook: Hook | undefined;
    hop.steps.forEach((s, index) => {
      const before = cur;
      const after = copy(cur);
      let nat: Trace['nat'][number] | undefined;
      if (s.kind === 'netfilter' || s.kind === 'nat') {
        if (s.chain && HOOKS.has(s.chain as Hook)) hook = s.chain as Hook;
        const { action = '' } = ruleParts(s);
        const mark = /^MARK (0x[0-9a-f]+) → (0x[0-9a-f]+)/.exec(action);
        if (mark && !s.notMatched) { if (after.encap) after.encap.outer.mark = Number(mark[2]); else after.mark = Number(mark[2]); }
        if (/^NOTRACK/.test(action) && !s.notMatched) after.ctstate = 'UNTRACKED';
        const natKind = s.notMatched ? undefined : NAT_ACTION.exec(action)?.[1];
        if (natKind) { nat = natFor(trace, used, natKind); if (nat) applyNat(after, nat); }
      }
      if (s.kind === 'encap' && s.encap) {
        after.encap = { kind: s.encap.kind, ...(s.encap.vni !== undefined ? { vni: s.encap.vni } : {}), dev: s.encap.dev,
          outer: { ...s.encap.outer, mark: after.mark, ctstate: 'NEW', natted: [] } };
        // the outer packet is the node's own, sent by the VXLAN device
        after.in = s.encap.dev;
      }
      if (s.kind === 'decap' && after.encap) {
        after.mark = after.encap.outer.mark;
        delete after.encap;
      }
      const next = outOf(s);
      if (next) after.out = next;
      if (index === hop.steps.length - 1 && !after.out && hop.out) after.out = hop.out;
      if (s.kind === 'decap') after.out = null;
      out.push({ n: ++n, hop: h, index, ...(hook && (s.kind === 'netfilter' || s.kind === 'nat') ? { hook } : {}), step: s, before, after,
        changed: changes(before, after), decided: decisionOf(s, trace, nat), ...(nat ? { nat } : {}) });
      cur = after;
    });
  });
  return out;
}

const port = (n?: number): string => (n === undefined ? '' : `:${n}`);

/** `tcp 10.0.0.1:40000 → 10.0.0.2:8080` (and the outer header while encapsulated). */
export function headerText(p: PacketView): string {
  const inner = `${p.proto} ${p.src}${port(p.sport)} → ${p.dst}${port(p.dport)}`;
  if (!p.encap) return inner;
  const o = p.encap.outer;
  return `${o.proto} ${o.src}${port(o.sport)} → ${o.dst}${port(o.dport)} [VXLAN${p.encap.vni !== undefined ? ` VNI ${p.encap.vni}` : ''}] carrying ${inner}`;
}

/** Step-through of any trace, outside a walk: its steps (the given branch's, else the first's) with the packet. */
export function playTrace(t: Trace, branch = 1): PacketStep[] {
  const played = t.branches.length ? (t.branches[Math.min(Math.max(branch, 1), t.branches.length) - 1] as Trace['branches'][number]).trace : t;
  return packetSteps(played);
}
