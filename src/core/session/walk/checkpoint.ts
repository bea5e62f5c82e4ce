/**
 * Checkpoints: "predict the next hop" before a step is revealed. The right answer is what the trace did; the
 * wrong ones are drawn from the model, so they are things the kernel could plausibly have done there: the other
 * interfaces of that namespace, the other chains that hook reaches, the other rules' actions in that chain, the
 * other verdicts, the other addresses a NAT could have written. Choices come in an order fixed by the
 * checkpoint's id (the same on every laptop), and a walk is scored by the answers given.
 */
import type { Host, IptTable, Link, Snapshot, SourceRef } from '../../model/types.ts';
import type { Trace } from '../../trace/types.ts';
import type { PacketStep } from './packet.ts';
import type { Checkpoint, PredictKind } from './types.ts';

export interface Choice { id: string; label: string }

export interface PlayCheckpoint {
  id: string;
  /** The trace step (its number in the played trace) the room predicts. */
  traceStep: number;
  predict: PredictKind | 'question';
  ask: string;
  choices: Choice[];
  /** The id of the right choice. */
  answer: string;
  /** Shown once answered, with the evidence: why that is what happens. */
  why: string;
  evidence: SourceRef[];
}

const MAX_WRONG = 3;
const LETTERS = 'abcdefghij';

/** FNV-1a: a stable order for the choices that does not put the right one first. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

function lettered(labels: string[], right: string): { choices: Choice[]; answer: string } {
  const choices = labels.map((label, i) => ({ id: LETTERS[i] ?? String(i + 1), label }));
  return { choices, answer: (choices.find((c) => c.label === right) ?? choices[0] as Choice).id };
}

/** The right answer among the wrong ones, in an order fixed by the checkpoint's id. */
function arrange(id: string, right: string, wrong: string[]): { choices: Choice[]; answer: string } {
  const labels = [right, ...wrong.filter((w, i) => w !== right && wrong.indexOf(w) === i)];
  labels.sort((a, b) => hash(`${id}|${a}`) - hash(`${id}|${b}`) || a.localeCompare(b));
  return lettered(labels, right);
}

const hostOf = (snap: Snapshot | undefined, node: string): Host | undefined => snap?.hosts.find((h) => h.name === node);
const linksOf = (snap: Snapshot | undefined, node: string, netns: string): Link[] =>
  hostOf(snap, node)?.netns.find((n) => n.id === netns)?.links.filter((l) => l.kind !== 'loopback') ?? [];

/** The other interfaces of the namespace: the same kind first (the other veths), then one of another kind. */
function otherInterfaces(links: Link[], answer: string): string[] {
  const me = links.find((l) => l.name === answer);
  const others = links.filter((l) => l.name !== answer).sort((a, b) => a.name.localeCompare(b.name));
  const same = others.filter((l) => l.kind === me?.kind).map((l) => l.name);
  // of the other kinds, an addressed one (eth0, a bridge) before a bare one (a bond's slave)
  const addressed = (l: Link): number => (l.addresses.some((a) => a.family === 'inet') ? 0 : 1);
  const apart = others.filter((l) => l.kind !== me?.kind).sort((a, b) => addressed(a) - addressed(b)).map((l) => l.name);
  const pick = [...same.slice(0, apart.length ? MAX_WRONG - 1 : MAX_WRONG), ...apart.slice(0, 1)];
  return pick.length < MAX_WRONG ? [...pick, ...[...same, ...apart].filter((n) => !pick.includes(n))].slice(0, MAX_WRONG) : pick;
}

/** Chains a table reaches from a hook's built-in chain, nearest first (breadth first over jumps and gotos). */
function reachable(table: IptTable, from: string): string[] {
  const seen = new Set<string>([from]);
  const queue = [from];
  const out: string[] = [];
  while (queue.length) {
    const chain = table.chains.get(queue.shift() as string);
    for (const rule of chain?.rules ?? []) {
      const t = rule.target?.name;
      if (!t || seen.has(t) || !table.chains.has(t)) continue;
      seen.add(t);
      out.push(t);
      queue.push(t);
    }
  }
  return out;
}

const prefixLength = (a: string, b: string): number => { let i = 0; while (i < a.length && a[i] === b[i]) i++; return i; };

/** The other chains the packet could have gone to: the parent's other targets, then the hook's, then look-alikes. */
function otherChains(snap: Snapshot | undefined, ps: PacketStep, parent: string | undefined, answer: string): string[] {
  const table = ps.step.table ? hostOf(snap, ps.before.node)?.iptables[ps.step.table] : undefined;
  if (!table) return [];
  const siblings = parent ? (table.chains.get(parent)?.rules ?? []).map((r) => r.target?.name).filter((t): t is string => !!t && table.chains.has(t)) : [];
  const fromHook = ps.hook ? reachable(table, ps.hook) : [];
  const lookAlike = [...table.chains.keys()].sort((a, b) => prefixLength(b, answer) - prefixLength(a, answer) || a.localeCompare(b));
  return [...new Set([...siblings, ...fromHook, ...lookAlike])].filter((c) => c !== answer && c !== parent).slice(0, MAX_WRONG);
}

const ACTIONS = /^(DROP|REJECT|ACCEPT|RETURN|MARK|jump|goto|DNAT|SNAT|MASQUERADE)/;

/** What the chain's other rules do (as the engine words it), then the verdicts a rule could give. */
function otherActions(snap: Snapshot | undefined, ps: PacketStep, right: string): string[] {
  const table = ps.step.table ? hostOf(snap, ps.before.node)?.iptables[ps.step.table] : undefined;
  const rules = (ps.step.chain ? table?.chains.get(ps.step.chain)?.rules : undefined) ?? [];
  const fromRules = rules.map((r) => {
    const t = r.target;
    if (!t) return null;
    if (table?.chains.has(t.name)) return `${t.goto ? 'goto' : 'jump'} ${t.name}`;
    return ['ACCEPT', 'DROP', 'REJECT', 'RETURN'].includes(t.name) ? t.name : null;
  }).filter((a): a is string => !!a);
  return [...new Set([...fromRules, 'ACCEPT', 'DROP', 'RETURN'])].filter((a) => a !== right).slice(0, MAX_WRONG);
}

/** A verdict in words; the delivered one names the flow's destination whether it is right or wrong. */
function verdictLabels(trace: Trace): Record<Trace['verdict'], string> {
  const dst = trace.endpoints.dst.pod ?? trace.endpoints.dst.service ?? `${trace.flow.dst}${trace.flow.dport !== undefined ? `:${trace.flow.dport}` : ''}`;
  return { delivered: `delivered to ${dst}`, dropped: 'dropped by a rule on the way', 'no-route': 'no route: the kernel discards it', unknown: 'cannot tell from these inputs' };
}

/**
 * The addresses a NAT could have written instead: other DNAT targets of that table; for a source NAT the node's
 * own addresses and the gateway its route named (where a learner may think the address comes from).
 */
function otherAddresses(snap: Snapshot | undefined, ps: PacketStep, trace: Trace, right: string, unchanged: string): string[] {
  const host = hostOf(snap, ps.before.node);
  if (!ps.nat || !host) return [unchanged];
  if (ps.nat.kind === 'DNAT') {
    const targets: string[] = [];
    for (const chain of host.iptables.nat?.chains.values() ?? []) {
      for (const r of chain.rules) {
        const to = r.target?.name === 'DNAT' ? r.target.options.find((o) => o.name === '--to-destination' || o.name === '--to')?.values[0] : undefined;
        if (to && !targets.includes(to)) targets.push(to);
      }
    }
    return [...targets.filter((t) => t !== right).slice(0, MAX_WRONG - 1), unchanged];
  }
  const ns = host.netns.find((n) => n.kind === 'host');
  const own = (ns?.links ?? []).flatMap((l) => l.addresses.filter((a) => a.family === 'inet' && !a.ip.startsWith('127.')).map((a) => a.ip));
  const gateways = (trace.hops[ps.hop]?.steps ?? []).filter((s) => s.kind === 'route').map((s) => / via (\d{1,3}(?:\.\d{1,3}){3})/.exec(s.detail)?.[1])
    .filter((g): g is string => !!g);
  const fallback = ns?.routes.find((r) => r.dst === 'default' && r.gateway)?.gateway;
  if (fallback) gateways.push(fallback);
  const port = ps.after.sport !== undefined ? `:${ps.after.sport}` : '';
  return [...[...new Set([...own, ...(host.ip ? [host.ip] : []), ...gateways])].map((ip) => `${ip}${port}`).filter((a) => a !== right).slice(0, MAX_WRONG - 1), unchanged];
}

/** The kind of question a step asks when the walk does not say. */
export function inferPredict(ps: PacketStep, prev: PacketStep | undefined): PredictKind {
  if (ps.step.kind === 'drop' || ps.step.kind === 'deliver') return 'verdict';
  if (ps.hop > 0 && ps.index === 0) return 'interface';
  if (ps.nat) return 'nat';
  if (ps.step.kind === 'netfilter') {
    if (/^(?:jump|goto) /.test(ps.decided.action ?? '')) return 'chain';
    return prev?.hop === ps.hop && prev.step.chain === ps.step.chain ? 'action' : 'chain';
  }
  return 'interface';
}

const endpoint = (ip: string, port?: number): string => `${ip}${port !== undefined ? `:${port}` : ''}`;

/**
 * The checkpoint's question and choices at its step, or why none can be drawn (a namespace the inputs do not
 * show, no other chain to offer).
 */
export function buildCheckpoint(cp: Checkpoint, ps: PacketStep, prev: PacketStep | undefined, trace: Trace, snap: Snapshot | undefined): PlayCheckpoint | { problem: string } {
  const evidence = [ps.step.source, ...(ps.decided.source && ps.decided.source !== ps.step.source ? [ps.decided.source] : [])].filter((s): s is SourceRef => !!s && s.line > 0);
  const why = cp.why ?? `${ps.decided.text}${ps.decided.ruleText && !ps.decided.text.includes(ps.decided.ruleText) ? ` — ${ps.decided.ruleText}` : ''}`;
  const base = { id: cp.id, traceStep: ps.n, why, evidence };
  // the trainer's own choices, in the trainer's order
  if (cp.choices && cp.answer) return { ...base, predict: 'question', ask: cp.ask ?? 'What happens next?', ...lettered(cp.choices, cp.answer) };
  const kind = cp.predict ?? inferPredict(ps, prev);
  let ask: string;
  let right: string;
  let wrong: string[];
  switch (kind) {
    case 'interface': {
      const hop = trace.hops[ps.hop];
      const prevHop = ps.hop > 0 ? trace.hops[ps.hop - 1] : undefined;
      if (ps.index === 0 && prevHop && hop) {
        // ask about the host's side of the crossing: that is where the choices are
        const arriving = hop.netns === 'host' || !prevHop.netns.startsWith('host');
        const node = arriving ? hop.node : prevHop.node;
        const netns = arriving ? hop.netns : prevHop.netns;
        right = (arriving ? hop.in : prevHop.out) ?? '';
        ask = arriving ? `Which interface of ${node} (${netns}) does the packet arrive on?` : `Which interface does the packet leave ${node} (${netns}) by?`;
        wrong = otherInterfaces(linksOf(snap, node, netns), right);
      } else {
        right = ps.after.out ?? '';
        ask = `Which interface does ${ps.before.node} (${ps.before.netns}) send the packet out of?`;
        wrong = otherInterfaces(linksOf(snap, ps.before.node, ps.before.netns), right);
      }
      if (!right) return { problem: 'the trace does not name an interface at this step' };
      break;
    }
    case 'chain': {
      if (!ps.step.chain) return { problem: 'this step is not in a chain' };
      // a jump or goto: where to (its own chain is the parent); any other step: which chain it is in
      const target = /^(?:jump|goto) (\S+)$/.exec(ps.decided.action ?? '')?.[1];
      const parent = target ? ps.step.chain : prev && prev.hop === ps.hop && prev.step.table === ps.step.table ? prev.step.chain : undefined;
      right = target ?? ps.step.chain;
      ask = `${ps.hook ? `In ${ps.hook}, ` : ''}${ps.step.table} ${parent ?? ps.hook ?? ''} passes the packet on. To which chain?`.replace(/^./, (c) => c.toUpperCase());
      wrong = otherChains(snap, ps, parent, right);
      break;
    }
    case 'action': {
      const action = ps.decided.action;
      if (!action || !ACTIONS.test(action)) return { problem: 'this step has no rule action to predict' };
      right = /^MARK/.test(action) ? action.replace(/^MARK .* → /, 'MARK to ') : action;
      ask = `The next rule that matches in ${ps.step.table} ${ps.step.chain}: what does it do?`;
      wrong = otherActions(snap, ps, right);
      break;
    }
    case 'verdict': {
      const labels = verdictLabels(trace);
      right = labels[trace.verdict];
      ask = 'What happens to the packet?';
      wrong = (Object.keys(labels) as Trace['verdict'][]).filter((v) => v !== trace.verdict).map((v) => labels[v]);
      break;
    }
    case 'nat': {
      if (!ps.nat) return { problem: 'this step applies no NAT' };
      const dnat = ps.nat.kind === 'DNAT' || ps.nat.kind === 'REDIRECT';
      right = ps.nat.to.replace(/ \(not captured\)$/, '');
      ask = `${ps.nat.kind}: what does the packet's ${dnat ? 'destination' : 'source'} become?`;
      wrong = otherAddresses(snap, ps, trace, right, `unchanged: ${dnat ? endpoint(ps.before.dst, ps.before.dport) : endpoint(ps.before.src, ps.before.sport)}`);
      break;
    }
  }
  if (!wrong.length) return { problem: `the model offers no other ${kind === 'interface' ? 'interface' : kind === 'chain' ? 'chain' : 'choice'} to choose from here` };
  return { ...base, predict: kind, ask: cp.ask ?? ask, ...arrange(cp.id, right, wrong) };
}

/** A scored question of the walk (not at a step): the trainer's choices in the trainer's order. */
export function questionCheckpoint(q: { id: string; ask: string; choices: string[]; answer: string; why?: string }): PlayCheckpoint {
  return { id: q.id, traceStep: 0, predict: 'question', ask: q.ask, ...lettered(q.choices, q.answer), why: q.why ?? '', evidence: [] };
}

export interface Answered { correct: boolean; right: Choice; chosen: Choice | null; why: string; evidence: SourceRef[] }

export function answerCheckpoint(cp: PlayCheckpoint, choiceId: string): Answered {
  const right = cp.choices.find((c) => c.id === cp.answer) as Choice;
  const chosen = cp.choices.find((c) => c.id === choiceId) ?? null;
  return { correct: chosen?.id === right.id, right, chosen, why: cp.why, evidence: cp.evidence };
}

export interface Score { total: number; answered: number; correct: number; results: { id: string; correct: boolean | null }[] }

/** The walk's score from the answers given (checkpoint id → choice id); an unanswered checkpoint is null. */
export function scoreWalk(checkpoints: PlayCheckpoint[], answers: Record<string, string>): Score {
  const results = checkpoints.map((cp) => ({ id: cp.id, correct: Object.hasOwn(answers, cp.id) ? answers[cp.id] === cp.answer : null }));
  return { total: results.length, answered: results.filter((r) => r.correct !== null).length, correct: results.filter((r) => r.correct).length, results };
}
