/**
 * Walks one packet through a built-in chain of one table the way the kernel does: rules in order, `-j`
 * pushes a return address, `-g` does not, RETURN (or the end of a chain) pops, and the end of a built-in
 * chain applies its policy. Non-terminating targets (MARK, LOG, CT …) change the packet and go on; NAT
 * targets rewrite it and end the table. `-m statistic` and matches the evaluator does not support fork the
 * walk: every outcome is returned with its probability and the assumption it rests on.
 */
import type { IptChain, IptRule, IptTable, SourceRef } from '../model/types.ts';
import type { RuleOption, RuleTarget } from '../parsers/common/iptables-rule.ts';
import { compileMatch, type Check, type MatchContext } from './matches.ts';
import { applyMark, hex, parseMarkMask, type Packet } from './packet.ts';
import { fixedDestinations } from './prefilter.ts';

export interface NfStep {
  table: string;
  chain: string;
  /** 1-based rule number in its chain; 0 for a chain policy. */
  rule: number;
  text: string;
  /** What happened: `jump cali-FORWARD`, `MARK 0x0 → 0x10000`, `DROP`, `policy ACCEPT` … */
  action: string;
  source?: SourceRef;
  /** A check the evaluator could not decide, with the outcome this walk assumed. */
  assumed?: string;
  probability?: number;
  /** Shown only because a fork follows the outcome where this rule does not match (its counter would not move). */
  notMatched?: true;
}

export interface NatChange { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'; from: string; to: string; rule: string; source?: SourceRef }

export interface NfOutcome {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT' | 'UNKNOWN';
  packet: Packet;
  probability: number;
  steps: NfStep[];
  /** The rule (or chain policy) that gave the verdict. */
  decidedBy?: { table: string; chain: string; rule: string; index: number; source?: SourceRef };
  nat?: NatChange;
  /** Things the inputs lack to decide this walk (a chain, an ipset). */
  missing: string[];
  /** This outcome rests on an assumption about an unsupported match. */
  uncertain: boolean;
}

export interface EvalOptions extends MatchContext {
  /** The address MASQUERADE picks: the primary address of the outgoing interface. */
  masqueradeAddress?: (oif: string | undefined) => string | undefined;
  node: string;
  /** A chain the capture lacks, from the standard wiring of a mode (kube-proxy's KUBE-POSTROUTING …). */
  standardChain?: (table: string, chain: string) => { chain: IptChain; note: string } | null;
}

/** Targets that are extensions, not chains; anything else a rule jumps to must be a chain of the table. */
const NON_TERMINATING = new Set(['LOG', 'NFLOG', 'ULOG', 'TRACE', 'AUDIT', 'CHECKSUM', 'TCPMSS', 'DSCP', 'TOS', 'CLASSIFY',
  'CONNSECMARK', 'SECMARK', 'TTL', 'HL', 'IDLETIMER', 'LED', 'RATEEST', 'SET', 'TEE', 'CONNMARK']);

const MAX_FORKS = 256;
const MAX_DEPTH = 64;

const compiled = new WeakMap<IptRule, Check[]>();
function checksOf(rule: IptRule): Check[] {
  let c = compiled.get(rule);
  if (!c) {
    c = rule.matches.flatMap(compileMatch);
    if (rule.unparsed) {
      const what = rule.unparsed;
      c.push(() => ({ unsupported: `"${what}" (not understood in the -L output)` }));
    }
    compiled.set(rule, c);
  }
  return c;
}

/** A chain being walked; `fixed` is its rules' fixed destinations (prefilter.ts), read once per frame. */
interface Frame { chain: IptChain; pos: number; fixed?: (string | null)[] | null }
interface Cursor { frames: Frame[]; packet: Packet; probability: number; steps: NfStep[]; uncertain: boolean; missing: string[] }

const opt = (t: RuleTarget, ...names: string[]): RuleOption | undefined => t.options.find((o) => names.includes(o.name));

function stepOf(table: string, chain: IptChain, index: number, rule: IptRule, action: string): NfStep {
  return { table, chain: chain.name, rule: index + 1, text: rule.text, action, source: rule.source };
}

/** `10.0.0.5:8080`, `10.0.0.5`, `10.0.0.5-10.0.0.9:80-90` (first address and port of a range). */
function natAddress(text: string): { ip?: string; port?: number } {
  const m = /^\[?([0-9a-fA-F.:]*?)\]?(?:-[0-9a-fA-F.:]+)?(?::(\d+)(?:-\d+)?)?$/.exec(text);
  if (!m) return {};
  return { ...(m[1] ? { ip: m[1] } : {}), ...(m[2] ? { port: Number(m[2]) } : {}) };
}

const endpoint = (ip: string, port?: number): string => (port === undefined ? ip : `${ip}:${port}`);

/** Runs `table`'s built-in `chain` on `packet`; returns every outcome (one unless something forked). */
export function runChain(table: IptTable, chainName: string, packet: Packet, options: EvalOptions): NfOutcome[] {
  const start = table.chains.get(chainName);
  const outcomes: NfOutcome[] = [];
  if (!start) return [{ verdict: 'ACCEPT', packet, probability: 1, steps: [], missing: [], uncertain: false }];
  const work: Cursor[] = [{ frames: [{ chain: start, pos: 0 }], packet, probability: 1, steps: [], uncertain: false, missing: [] }];
  let forks = 0;
  while (work.length) {
    const cur = work.pop() as Cursor;
    const done = (o: Omit<NfOutcome, 'probability' | 'steps' | 'missing' | 'uncertain' | 'packet'> & { packet?: Packet }) =>
      outcomes.push({ packet: cur.packet, probability: cur.probability, steps: cur.steps, missing: cur.missing, uncertain: cur.uncertain, ...o });
    for (;;) {
      const frame = cur.frames[cur.frames.length - 1];
      if (!frame) break;
      const { chain } = frame;
      const rule = chain.rules[frame.pos];
      if (!rule) {
        // end of chain: return to the caller, or apply the built-in chain's policy
        cur.frames.pop();
        if (cur.frames.length) continue;
        const policy = (start.policy ?? 'ACCEPT').toUpperCase();
        const source = start.source ? { source: start.source } : {};
        cur.steps.push({ table: table.name, chain: start.name, rule: 0, text: `:${start.name} ${policy}`, action: `policy ${policy}`, ...source });
        done({ verdict: policy === 'DROP' ? 'DROP' : policy === 'REJECT' ? 'REJECT' : 'ACCEPT', decidedBy: { table: table.name, chain: start.name, rule: `policy ${policy}`, index: 0, ...source } });
        break;
      }
      const index = frame.pos++;
      // a rule for another destination cannot match: skipped before its options are parsed (see prefilter.ts)
      if (frame.fixed === undefined) frame.fixed = fixedDestinations(chain);
      const fixed = frame.fixed?.[index];
      if (fixed && fixed !== cur.packet.dst) continue;
      // evaluate the rule's checks; a probability or an unsupported check forks the walk
      const checks = checksOf(rule);
      // every check must hold; statistic and unsupported checks are collected and fork the walk once
      let matched = true;
      let probability = 1;
      const undecided: string[] = [];
      for (const check of checks) {
        const r = check(cur.packet, options);
        if (r === true) continue;
        if (r === false) { matched = false; break; }
        if ('probability' in r) probability *= r.probability;
        else undecided.push(r.unsupported);
      }
      let fork: { probability?: number; why: string } | null = null;
      if (matched && (probability < 1 || undecided.length)) {
        if (forks >= MAX_FORKS) {
          cur.uncertain = true;
          cur.steps.push({ ...stepOf(table.name, chain, index, rule, 'no match'), assumed: `more than ${MAX_FORKS} forks: assumed not to match` });
          continue;
        }
        forks++;
        fork = undecided.length ? { why: undecided.join('; ') } : { probability, why: 'statistic' };
        const p = fork.probability;
        // the other outcome: the rule does not match, so that walk goes on with the next rule
        work.push({ ...cur, frames: cur.frames.map((f) => ({ ...f })), steps: [...cur.steps, { ...stepOf(table.name, chain, index, rule, 'no match'), notMatched: true,
          ...(p === undefined ? { assumed: `${fork.why}: assumed not to match` } : { probability: 1 - p }) }],
          probability: cur.probability * (p === undefined ? 1 : 1 - p), uncertain: cur.uncertain || p === undefined, missing: [...cur.missing] });
        if (p !== undefined) cur.probability *= p;
        else cur.uncertain = true;
      }
      if (!matched) continue;
      const forkNote = fork ? (fork.probability === undefined ? { assumed: `${fork.why}: assumed to match` } : { probability: fork.probability }) : {};
      const target = rule.target;
      if (!target) continue; // a counting rule
      const name = target.name;
      const push = (action: string) => cur.steps.push({ ...stepOf(table.name, chain, index, rule, action), ...forkNote });
      const decided = { table: table.name, chain: chain.name, rule: rule.text, index: index + 1, source: rule.source };
      if (name === 'ACCEPT' || name === 'DROP' || name === 'REJECT') {
        push(name);
        done({ verdict: name, decidedBy: decided });
        break;
      }
      if (name === 'RETURN') {
        push('RETURN');
        cur.frames.pop();
        // RETURN in the built-in chain (or in a chain it reached by goto) applies the built-in's policy
        if (!cur.frames.length) cur.frames.push({ chain: start, pos: start.rules.length });
        continue;
      }
      if (name === 'MARK') {
        const before = cur.packet.mark;
        let after = before;
        const o = opt(target, '--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark');
        const vm = parseMarkMask(o?.values[0]);
        if (o && vm) {
          if (o.name === '--set-xmark') after = applyMark(before, vm[0], vm[1]);
          else if (o.name === '--set-mark') after = (((before & ~vm[1]) | vm[0]) >>> 0);
          else if (o.name === '--and-mark') after = (before & vm[0]) >>> 0;
          else if (o.name === '--or-mark') after = (before | vm[0]) >>> 0;
          else after = (before ^ vm[0]) >>> 0;
        }
        cur.packet = { ...cur.packet, mark: after };
        push(`MARK ${hex(before)} → ${hex(after)}`);
        continue;
      }
      if (name === 'DNAT' || name === 'SNAT' || name === 'MASQUERADE' || name === 'REDIRECT') {
        const p = cur.packet;
        let next: Packet;
        let change: NatChange;
        if (name === 'DNAT') {
          const to = natAddress(opt(target, '--to-destination', '--to')?.values[0] ?? '');
          next = { ...p, dst: to.ip ?? p.dst, dport: to.port ?? p.dport, natted: { ...p.natted, dnat: true } };
          change = { kind: 'DNAT', from: endpoint(p.dst, p.dport), to: endpoint(next.dst, next.dport), rule: rule.text, source: rule.source };
        } else if (name === 'REDIRECT') {
          const port = Number(opt(target, '--to-ports')?.values[0]);
          next = { ...p, dport: Number.isFinite(port) ? port : p.dport, natted: { ...p.natted, dnat: true } };
          change = { kind: 'REDIRECT', from: endpoint(p.dst, p.dport), to: endpoint(p.dst, next.dport), rule: rule.text, source: rule.source };
        } else {
          const to = name === 'SNAT' ? natAddress(opt(target, '--to-source', '--to')?.values[0] ?? '').ip : options.masqueradeAddress?.(p.oif);
          if (!to) cur.missing.push(`the address of ${p.oif ?? 'the outgoing interface'} on node ${options.node} (ip addr)`);
          next = { ...p, src: to ?? p.src, natted: { ...p.natted, snat: true } };
          change = { kind: name, from: endpoint(p.src, p.sport), to: to ? endpoint(next.src, next.sport) : `the address of ${p.oif ?? 'the outgoing interface'} (not captured)`, rule: rule.text, source: rule.source };
        }
        cur.packet = next;
        push(`${name} ${change.from} → ${change.to}`);
        done({ verdict: 'ACCEPT', decidedBy: decided, nat: change, packet: next });
        break;
      }
      if (name === 'NOTRACK' || (name === 'CT' && opt(target, '--notrack'))) {
        cur.packet = { ...cur.packet, ctstate: 'UNTRACKED' };
        push('NOTRACK: the flow is not tracked (no NAT)');
        continue;
      }
      if (NON_TERMINATING.has(name) || name === 'CT') {
        push(name === 'CONNMARK' ? 'CONNMARK (connection mark not modelled; packet mark unchanged)' : name);
        continue;
      }
      let next = table.chains.get(name);
      let assumedChain: string | undefined;
      if (!next || next.referencedOnly) {
        const std = options.standardChain?.(table.name, name);
        if (std) { next = std.chain; assumedChain = std.note; }
      }
      if (!next || next.referencedOnly) {
        push(`${target.goto ? 'goto' : 'jump'} ${name}`);
        cur.missing.push(`chain ${name} of table ${table.name} on node ${options.node} (iptables-save -t ${table.name})`);
        done({ verdict: 'UNKNOWN' });
        break;
      }
      if (cur.frames.length >= MAX_DEPTH) {
        push(`${name}: deeper than ${MAX_DEPTH} chains (a loop?)`);
        done({ verdict: 'UNKNOWN' });
        break;
      }
      push(`${target.goto ? 'goto' : 'jump'} ${name}`);
      if (assumedChain) (cur.steps[cur.steps.length - 1] as NfStep).assumed = assumedChain;
      // goto: the chain replaces the current one, so its end returns to our caller (or the policy)
      if (target.goto) cur.frames.pop();
      cur.frames.push({ chain: next, pos: 0 });
    }
  }
  // the matched side of a fork runs first, so outcomes come in rule order
  return outcomes;
}
