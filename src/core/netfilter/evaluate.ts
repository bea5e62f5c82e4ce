/**
 * Walks one packet through a built-in chain of one table the way the kernel does: rules in order, `-j`
 * pushes a return address, `-g` does not, RETURN (or the end of a chain) pops, and the end of a built-in
 * chain applies its policy. Non-terminating targets (MARK, LOG, CT …) change the packet and go on; NAT
 * targets rewrite it and end the table. `-m statistic` and matches the evaluator does not support fork the
 * walk: every outcome is returned with its probability and the assumption it rests on. Walks that meet again in
 * the same state (same rule, same packet) merge, and every walk is bounded (budget.ts): a loop, a deep nest or
 * too many forks end it `unknown` with the reason.
 */
import type { IptChain, IptRule, IptTable, SourceRef } from '../model/types.ts';
import type { RuleOption, RuleTarget } from '../parsers/common/iptables-rule.ts';
import { compileMatch, type Check, type MatchContext } from './matches.ts';
import { applyMark, hex, parseMarkMask, type Packet } from './packet.ts';
import { MAX_CHAIN_VISITS, MAX_DEPTH, MAX_FORKS, MAX_RULES_PER_TABLE, MAX_RULES_PER_WALK, tooDeep, tooManyRules, tooManyVisits } from './budget.ts';
import { cursorKey, mergeInto, type Mergeable } from './merge.ts';
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
  /** Why an UNKNOWN outcome could not be decided (a loop, a budget, a queue to userspace); absent: a missing chain. */
  unknown?: string;
  /** How many ways through the rules this outcome stands for (paths that met again in the same state), when more than one. */
  paths?: number;
  /** Statistic branches past the fork limit that this walk did not follow: how many, and their probability. */
  unfollowed?: { count: number; probability: number };
}

export interface EvalOptions extends MatchContext {
  /** The address MASQUERADE picks: the primary address of the outgoing interface. */
  masqueradeAddress?: (oif: string | undefined) => string | undefined;
  node: string;
  /** A chain the capture lacks, from the standard wiring of a mode (kube-proxy's KUBE-POSTROUTING …). */
  standardChain?: (table: string, chain: string) => { chain: IptChain; note: string } | null;
  /** Forks this table walk may follow (a trace whose branch budget is spent passes fewer than MAX_FORKS). */
  maxForks?: number;
}

/** Targets that are extensions, not chains; anything else a rule jumps to must be a chain of the table. */
const NON_TERMINATING = new Set(['LOG', 'NFLOG', 'ULOG', 'TRACE', 'AUDIT', 'CHECKSUM', 'TCPMSS', 'DSCP', 'TOS', 'CLASSIFY',
  'CONNSECMARK', 'SECMARK', 'TTL', 'HL', 'IDLETIMER', 'LED', 'RATEEST', 'SET', 'TEE', 'CONNMARK', 'ECN', 'HMARK']);
/** Target extensions whose effect the evaluator does not model: the walk stops `unknown` there, naming the target. */
const UNMODELLED = new Set(['NETMAP', 'CLUSTERIP', 'JOURNAL']);

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
interface Cursor extends Mergeable {
  frames: Frame[]; steps: NfStep[]; missing: string[];
  /** Entries into each chain so far, and rules looked at: the walk's budget (budget.ts). */
  visits: Map<string, number>; rules: number;
  unfollowed?: { count: number; probability: number };
}

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
  const work: Cursor[] = [{ frames: [{ chain: start, pos: 0 }], packet, probability: 1, steps: [], uncertain: false, missing: [], visits: new Map([[start.name, 1]]), rules: 0, paths: 1 }];
  /** Walks waiting on the stack, by where they stand (depth, chain, rule): a running walk that reaches the same
   *  place in the same state joins the waiting one instead of walking the rest again (16 statistic LOG rules are
   *  16 forks, not 65,536 walks). */
  const waiting = new Map<string, Cursor[]>();
  const placeOf = (c: Cursor): string => { const f = c.frames[c.frames.length - 1]; return f ? `${c.frames.length}|${f.chain.name}|${f.pos}` : ''; };
  const wait = (c: Cursor): void => { work.push(c); const k = placeOf(c); waiting.set(k, [...(waiting.get(k) ?? []), c]); };
  const unwait = (c: Cursor): void => {
    const k = placeOf(c);
    const list = waiting.get(k)?.filter((x) => x !== c) ?? [];
    if (list.length) waiting.set(k, list); else waiting.delete(k);
  };
  let forks = 0;
  const maxForks = Math.min(MAX_FORKS, options.maxForks ?? MAX_FORKS);
  let tableRules = 0;
  while (work.length) {
    const cur = work.pop() as Cursor;
    unwait(cur);
    const done = (o: Omit<NfOutcome, 'probability' | 'steps' | 'missing' | 'uncertain' | 'packet'> & { packet?: Packet }) => {
      if ((cur.paths ?? 1) > 1) {
        cur.steps.push({ table: table.name, chain: start.name, rule: 0, text: '', action: `${cur.paths} ways through the rules lead to this same packet and verdict: merged (together p=${Number(cur.probability.toFixed(6))})` });
      }
      outcomes.push({ packet: cur.packet, probability: cur.probability, steps: cur.steps, missing: cur.missing, uncertain: cur.uncertain,
        ...((cur.paths ?? 1) > 1 ? { paths: cur.paths } : {}), ...(cur.unfollowed ? { unfollowed: cur.unfollowed } : {}), ...o });
    };
    const stop = (why: { unknown: string; missing: string }) => { cur.missing.push(why.missing); done({ verdict: 'UNKNOWN', unknown: why.unknown }); };
    for (;;) {
      const frame = cur.frames[cur.frames.length - 1];
      if (!frame) break;
      if (waiting.size) {
        const same = waiting.get(placeOf(cur))?.find((w) => cursorKey(w) === cursorKey(cur));
        if (same) { mergeInto(same, cur); break; }
      }
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
      if (++cur.rules > MAX_RULES_PER_WALK) { stop(tooManyRules(table, MAX_RULES_PER_WALK, 'one walk')); break; }
      if (++tableRules > MAX_RULES_PER_TABLE) { stop(tooManyRules(table, MAX_RULES_PER_TABLE, `all the walks of ${start.name}`)); break; }
      const index = frame.pos++;
      // a rule for another destination cannot match: skipped before its options are parsed (see prefilter.ts)
      if (frame.fixed === undefined) frame.fixed = fixedDestinations(chain);
      const fixed = frame.fixed?.[index];
      if (fixed && fixed !== cur.packet.dst) continue;
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
        if (forks >= maxForks) {
          if (!undecided.length) {
            // a statistic branch past the limit: not followed, and its probability said so (the walk goes on without it)
            const lost = cur.probability * probability;
            cur.unfollowed = { count: (cur.unfollowed?.count ?? 0) + 1, probability: (cur.unfollowed?.probability ?? 0) + lost };
            cur.probability -= lost;
            const why = maxForks < MAX_FORKS ? 'the trace has followed as many branches as it follows' : `past ${MAX_FORKS} forks in table ${table.name}`;
            cur.steps.push({ ...stepOf(table.name, chain, index, rule, `no match: the branch where it matches (p=${Number(probability.toFixed(6))}) is not followed, ${why}`), notMatched: true });
            continue;
          }
          cur.uncertain = true;
          const why = maxForks < MAX_FORKS ? 'the trace has followed as many branches as it follows' : `more than ${MAX_FORKS} forks in table ${table.name}`;
          cur.steps.push({ ...stepOf(table.name, chain, index, rule, 'no match'), assumed: `${undecided.join('; ')}: ${why}, assumed not to match` });
          continue;
        }
        forks++;
        fork = undecided.length ? { why: undecided.join('; ') } : { probability, why: 'statistic' };
        const p = fork.probability;
        // the other outcome: the rule does not match, so that walk goes on with the next rule
        wait({ ...cur, frames: cur.frames.map((f) => ({ ...f })), steps: [...cur.steps, { ...stepOf(table.name, chain, index, rule, 'no match'), notMatched: true,
          ...(p === undefined ? { assumed: `${fork.why}: assumed not to match` } : { probability: 1 - p }) }],
          probability: cur.probability * (p === undefined ? 1 : 1 - p), uncertain: cur.uncertain || p === undefined, missing: [...cur.missing], visits: new Map(cur.visits) });
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
      const special = specialTarget(name, target, cur.packet, options.node);
      if (special) {
        push(special.action);
        if (special.packet) cur.packet = special.packet;
        if (special.assumed) { const last = cur.steps[cur.steps.length - 1] as NfStep; last.assumed = special.assumed; cur.uncertain = true; }
        if (special.missing) cur.missing.push(special.missing);
        done({ verdict: special.verdict, ...(special.unknown ? { unknown: special.unknown } : {}), ...(special.verdict !== 'UNKNOWN' ? { decidedBy: decided } : {}) });
        break;
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
      const depth = cur.frames.length + (target.goto ? 0 : 1);
      const visits = (cur.visits.get(name) ?? 0) + 1;
      if (visits > MAX_CHAIN_VISITS || depth > MAX_DEPTH) {
        push(`${target.goto ? 'goto' : 'jump'} ${name}`);
        stop(visits > MAX_CHAIN_VISITS ? tooManyVisits(table, name) : tooDeep(table, cur.frames.map((f) => f.chain.name), name));
        break;
      }
      cur.visits.set(name, visits);
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

interface Special { verdict: NfOutcome['verdict']; action: string; packet?: Packet; unknown?: string; missing?: string; assumed?: string }

/**
 * Targets that end the walk with their own meaning, not chains: a queue to a userspace program, a transparent
 * proxy on the node, the SYN proxy. What the program or proxy then does is not in the inputs.
 */
function specialTarget(name: string, target: RuleTarget, pkt: Packet, node: string): Special | null {
  if (name === 'NFQUEUE' || name === 'QUEUE') {
    const num = opt(target, '--queue-num')?.values[0] ?? opt(target, '--queue-balance')?.values[0] ?? '0';
    const bypass = opt(target, '--queue-bypass') ? '; with --queue-bypass it goes on as ACCEPT when none listens' : '; with no program listening the kernel drops it';
    return { verdict: 'UNKNOWN', action: `NFQUEUE ${num}: handed to a userspace program`,
      unknown: `the packet is queued to userspace (NFQUEUE ${num}) on ${node}: the program reading the queue gives the verdict${bypass}`,
      missing: `which program reads NFQUEUE ${num} on node ${node}, and what it decides` };
  }
  if (name === 'TPROXY') {
    const port = opt(target, '--on-port')?.values[0] ?? '?';
    const ip = opt(target, '--on-ip')?.values[0];
    const mark = parseMarkMask(opt(target, '--tproxy-mark')?.values[0]);
    const next = mark ? { ...pkt, mark: applyMark(pkt.mark, mark[0], mark[1] === 0xffffffff ? 0xffffffff : mark[1]) } : pkt;
    const where = `${ip ?? 'a local address'} port ${port}`;
    return { verdict: 'UNKNOWN', action: `TPROXY to ${where}${mark ? ` (mark ${hex(next.mark)})` : ''}: a transparent proxy on ${node} takes the connection`, packet: next,
      unknown: `a transparent proxy on ${node} (${where}) takes the connection; where it sends it is not in the inputs`,
      missing: `the proxy listening on ${where} of node ${node} (ss -ltnp) and where it forwards` };
  }
  if (name === 'SYNPROXY') {
    return { verdict: 'ACCEPT', action: 'SYNPROXY: the node answers the SYN itself (SYN cookie) and opens the connection onward once the client completes the handshake',
      assumed: 'SYNPROXY: the client completes the handshake with the node, which then opens this connection' };
  }
  if (UNMODELLED.has(name)) {
    return { verdict: 'UNKNOWN', action: `${name}: not modelled`, unknown: `target ${name} is not modelled by the trace`, missing: `a trace that models ${name}` };
  }
  return null;
}
