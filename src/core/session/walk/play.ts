/**
 * A walk in play: the sequence of steps a presenter moves through — the walk's opening, then flow by flow a title
 * card, a mode flip where the flow's what-if mode differs from the one before, every trace step with the packet
 * before and after it, the notes pinned to it and a checkpoint to answer before it is shown, the verdict; talks
 * between flows; the questions at the end. Pure: the traces come in with the WalkRun.
 */
import type { SourceRef } from '../../model/types.ts';
import type { TraceRequest } from '../../trace/engine.ts';
import type { Trace, Verdict } from '../../trace/types.ts';
import { buildCheckpoint, questionCheckpoint, type PlayCheckpoint } from './checkpoint.ts';
import { findEvidence } from './evidence.ts';
import { describeMatcher, findStep, matchAll } from './match.ts';
import { headerText, packetSteps, type PacketStep } from './packet.ts';
import { pattern } from './pattern.ts';
import type { FlowRun, WalkRun } from './run.ts';
import type { EvidenceRef, Question, Walk, WalkExpect, WalkFlow, WalkMessage } from './types.ts';

export interface Fork {
  /** The outcomes of the fork the trace took (load-balanced endpoints, an assumed match), the played one marked. */
  branches: { n: number; probability: number; uncertain: boolean; verdict: Verdict; to: string | null; played: boolean }[];
}

export interface PlayNote { text: string; evidence: SourceRef[] }

interface StepBase {
  /** 1-based position in the walk: what `#walk=<id>&step=<n>` opens. */
  n: number;
  /** Index of the walk part (flow or talk) it belongs to; -1 for the opening and the questions. */
  part: number;
  /** One line for the event list. */
  label: string;
  /** The text under the canvas in presenter mode. */
  caption: string;
}

export type PlayStep = StepBase & (
  | { kind: 'intro'; title: string; summary?: string; goals: string[]; minutes?: number }
  | { kind: 'talk'; title: string; text: string; evidence: SourceRef[]; questions: Question[] }
  | { kind: 'mode'; flow: string; changes: { node: string; from: string | null; to: string | null }[]; whatIf: Record<string, string> }
  /** `branch`: the index of the fork's outcome the walk follows (-1: the trace does not fork), as the page's branch. */
  | { kind: 'flow'; flow: string; title: string; request: TraceRequest | null; whatIf: Record<string, string>; branch: number; intro?: string }
  | { kind: 'packet'; flow: string; packet: PacketStep; notes: PlayNote[]; checkpoint?: string; fork?: Fork }
  | { kind: 'verdict'; flow: string; verdict: Verdict; expected?: WalkExpect; ok: boolean; droppedBy: Trace['droppedBy']; deliveredTo: Trace['deliveredTo'];
      nat: Trace['nat']; missing: string[]; outro?: string }
  /** A flow that was not traced: `pending` (its what-if mode cannot be synthesized yet) or `error` (it cannot be traced). */
  | { kind: 'pending'; flow: string; status: 'pending' | 'error'; reason: string; whatIf: Record<string, string>; request: TraceRequest | null }
  | { kind: 'questions'; questions: Question[] }
);

export interface WalkPlay {
  id: string;
  title: string;
  steps: PlayStep[];
  /** Every scored checkpoint, in play order (walk-level questions with choices last). */
  checkpoints: PlayCheckpoint[];
  messages: WalkMessage[];
}

type Body = PlayStep extends infer S ? S extends StepBase ? Omit<S, 'n'> : never : never;

const short = (s: string, max = 110): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const sameModes = (a: Record<string, string>, b: Record<string, string>): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** The branch a flow follows: its `branch` number, the first branch holding its matcher's step, else the first. */
function pickBranch(flow: WalkFlow, t: Trace, messages: WalkMessage[]): { played: Trace; index: number } {
  if (!t.branches.length) return { played: t, index: -1 };
  const b = flow.branch;
  if (typeof b === 'number') {
    if (b <= t.branches.length) return { played: (t.branches[b - 1] as Trace['branches'][number]).trace, index: b - 1 };
    messages.push({ line: flow.line, severity: 'error', message: `flow ${flow.id}: branch ${b}, but the trace forks into ${t.branches.length}; following branch 1` });
  } else if (b) {
    const i = t.branches.findIndex((x) => matchAll(b, packetSteps(x.trace), x.trace.hops).length > 0);
    if (i >= 0) return { played: (t.branches[i] as Trace['branches'][number]).trace, index: i };
    messages.push({ line: b.line, severity: 'error', message: `flow ${flow.id}: no branch holds a step with ${describeMatcher(b)}; following branch 1` });
  }
  return { played: (t.branches[0] as Trace['branches'][number]).trace, index: 0 };
}

const targetOf = (t: Trace): string | null => (!t.deliveredTo ? null : 'external' in t.deliveredTo ? t.deliveredTo.external : t.deliveredTo.pod ?? t.deliveredTo.ip);

/** Whether the trace says what the walk states; the message says what differs. */
function checkExpect(flow: WalkFlow, top: Trace, played: Trace): string | null {
  const x = flow.expect;
  if (!x) return null;
  if (top.verdict !== x.verdict) return `the walk expects ${x.verdict}, the engine says ${top.verdict}`;
  if (x.by && !pattern(x.by, 'whole')(played.droppedBy?.chain)) return `the walk expects the drop in ${x.by}, the engine drops in ${played.droppedBy?.chain ?? 'no chain'}`;
  if (x.to && !pattern(x.to, 'whole')(targetOf(played)) && !pattern(x.to, 'whole')(played.deliveredTo && 'ip' in played.deliveredTo ? played.deliveredTo.ip : null)) {
    return `the walk expects delivery to ${x.to}, the engine delivers to ${targetOf(played) ?? 'nowhere'}`;
  }
  return null;
}

function verdictCaption(t: Trace): string {
  if (t.verdict === 'dropped') {
    const d = t.droppedBy;
    return `Dropped${d ? ` in ${d.table} ${d.chain}${d.policy ? ` (NetworkPolicy ${d.policy})` : ''}` : ''}.`;
  }
  if (t.verdict === 'delivered') return `Delivered to ${targetOf(t) ?? t.flow.dst}${t.nat.length ? ` after ${t.nat.map((n) => n.kind).join(' and ')}` : ''}.`;
  if (t.verdict === 'no-route') return 'No route: the kernel discards the packet.';
  return `Unknown: the inputs stop here${t.missing.length ? ` — capture ${t.missing.join('; ')}` : ''}.`;
}

function packetLabel(p: PacketStep): string {
  return short(`${p.step.kind} · ${p.decided.what === 'rule' || p.decided.what === 'policy' || p.decided.what === 'nat' ? p.decided.text : p.step.detail}`);
}

function evidenceOf(refs: EvidenceRef[], run: WalkRun, where: string, messages: WalkMessage[]): SourceRef[] {
  const out: SourceRef[] = [];
  for (const ref of refs) {
    const found = findEvidence(ref, run.files);
    if (found) out.push(found);
    else messages.push({ line: ref.line, severity: 'error', message: `${where}: no line of ${ref.input ?? 'the inputs'} holds "${short(ref.find, 60)}"` });
  }
  return out;
}

function flowSteps(flow: WalkFlow, part: number, fr: FlowRun, run: WalkRun, out: Body[], checkpoints: PlayCheckpoint[], messages: WalkMessage[]): void {
  const title = flow.title;
  const card = (branch: number): Body => ({ kind: 'flow', part, flow: flow.id, title, request: fr.request, whatIf: fr.whatIf, branch,
    ...(flow.intro ? { intro: flow.intro } : {}), label: short(`flow · ${title}`), caption: flow.intro ?? title });
  if (fr.status !== 'traced') {
    out.push(card(-1));
    const reason = fr.status === 'pending' ? fr.reason : fr.error;
    // a flow the file left broken was named by the parser, on its line; the step says why it is not traced
    if (!(fr.status === 'error' && fr.broken)) messages.push({ line: flow.line, severity: fr.status === 'pending' ? 'info' : 'error', message: `flow ${flow.id}: ${reason}` });
    out.push({ kind: 'pending', part, flow: flow.id, status: fr.status, reason, whatIf: fr.whatIf, request: fr.request, label: short(`${fr.status} · ${reason}`),
      caption: reason });
    return;
  }
  const top = fr.trace;
  const { played, index } = pickBranch(flow, top, messages);
  out.push(card(index));
  const steps = packetSteps(played);
  const notes = new Map<number, PlayNote[]>();
  for (const note of flow.notes) {
    const found = findStep(note.at, steps, played.hops);
    if (!found) {
      messages.push({ line: note.line, severity: 'error', message: `flow ${flow.id}: the note at ${describeMatcher(note.at)} finds no step — the walk has drifted from the engine` });
      continue;
    }
    if (found.by === 'index') {
      messages.push({ line: note.line, severity: 'warning', message: `flow ${flow.id}: the note at ${describeMatcher(note.at)} finds no step; placed at step ${found.step.n} by its index` });
    }
    const list = notes.get(found.step.n) ?? [];
    list.push({ text: note.text, evidence: evidenceOf(note.evidence, run, `flow ${flow.id}`, messages) });
    notes.set(found.step.n, list);
  }
  const asked = new Map<number, string>();
  for (const cp of flow.checkpoints) {
    const found = findStep(cp.at, steps, played.hops);
    if (!found) { messages.push({ line: cp.line, severity: 'error', message: `flow ${flow.id}: checkpoint ${cp.id} at ${describeMatcher(cp.at)} finds no step` }); continue; }
    if (asked.has(found.step.n)) { messages.push({ line: cp.line, severity: 'warning', message: `flow ${flow.id}: checkpoint ${cp.id} asks at the same step as ${asked.get(found.step.n)}; dropped` }); continue; }
    const built = buildCheckpoint(cp, found.step, steps[found.step.n - 2], played, fr.snapshot);
    if ('problem' in built) { messages.push({ line: cp.line, severity: 'warning', message: `flow ${flow.id}: checkpoint ${cp.id}: ${built.problem}; dropped` }); continue; }
    asked.set(found.step.n, cp.id);
    checkpoints.push(built);
  }
  const forkAt = top.branches.length ? top.hops.reduce((k, h) => k + h.steps.length, 0) + 1 : 0;
  for (const p of steps) {
    const pinned = notes.get(p.n) ?? [];
    const cp = asked.get(p.n);
    const fork: Fork | undefined = p.n === forkAt ? { branches: top.branches.map((b, i) => ({ n: i + 1, probability: b.probability, uncertain: !!b.uncertain,
      verdict: b.trace.verdict, to: targetOf(b.trace), played: i === index })) } : undefined;
    out.push({ kind: 'packet', part, flow: flow.id, packet: p, notes: pinned, ...(cp ? { checkpoint: cp } : {}), ...(fork ? { fork } : {}),
      label: packetLabel(p), caption: pinned[0]?.text ?? `${p.step.detail}${p.changed.some((c) => c === 'src' || c === 'dst' || c === 'encap') ? ` — now ${headerText(p.after)}` : ''}` });
  }
  const problem = checkExpect(flow, top, played);
  if (problem) messages.push({ line: flow.expect ? flow.line : 0, severity: 'error', message: `flow ${flow.id}: ${problem}` });
  out.push({ kind: 'verdict', part, flow: flow.id, verdict: top.verdict, ...(flow.expect ? { expected: flow.expect } : {}), ok: !problem,
    droppedBy: played.droppedBy, deliveredTo: played.deliveredTo, nat: played.nat, missing: played.missing, ...(flow.outro ? { outro: flow.outro } : {}),
    label: short(`verdict · ${top.verdict}${played.droppedBy ? ` in ${played.droppedBy.chain}` : ''}`), caption: flow.outro ?? verdictCaption(played) });
}

function scored(q: Question): PlayCheckpoint | null {
  return q.choices && q.answer ? questionCheckpoint({ id: q.id, ask: q.ask, choices: q.choices, answer: q.answer, ...(q.why ? { why: q.why } : {}) }) : null;
}

export function playWalk(walk: Walk, run: WalkRun): WalkPlay {
  const messages: WalkMessage[] = [...run.messages];
  const body: Body[] = [];
  const checkpoints: PlayCheckpoint[] = [];
  body.push({ kind: 'intro', part: -1, title: walk.title, ...(walk.summary ? { summary: walk.summary } : {}), goals: walk.goals,
    ...(walk.minutes ? { minutes: walk.minutes } : {}), label: short(`walk · ${walk.title}`), caption: walk.summary ?? walk.title });
  let modes: Record<string, string> = {};
  walk.parts.forEach((part, i) => {
    if (part.type === 'talk') {
      body.push({ kind: 'talk', part: i, title: part.title, text: part.text, evidence: evidenceOf(part.evidence, run, `talk ${part.id}`, messages),
        questions: part.questions, label: short(`talk · ${part.title}`), caption: part.text || part.title });
      for (const q of part.questions) { const cp = scored(q); if (cp) checkpoints.push(cp); }
      return;
    }
    const fr = run.flows[part.id] ?? { status: 'error' as const, request: null, whatIf: {}, error: `flow ${part.id} was not run` };
    if (!sameModes(modes, fr.whatIf)) {
      const nodes = [...new Set([...Object.keys(modes), ...Object.keys(fr.whatIf)])].sort();
      const changes = nodes.filter((n) => modes[n] !== fr.whatIf[n]).map((node) => ({ node, from: modes[node] ?? null, to: fr.whatIf[node] ?? null }));
      const words = changes.map((c) => `${c.node}: ${c.from ?? 'as captured'} → ${c.to ?? 'as captured'}`).join('; ');
      body.push({ kind: 'mode', part: i, flow: part.id, changes, whatIf: fr.whatIf, label: short(`mode · ${words}`), caption: part.flip ?? `Mode: ${words}` });
      modes = fr.whatIf;
    }
    flowSteps(part, i, fr, run, body, checkpoints, messages);
  });
  if (walk.questions.length) {
    body.push({ kind: 'questions', part: -1, questions: walk.questions, label: `questions · ${walk.questions.length}`, caption: walk.questions[0]?.ask ?? '' });
    for (const q of walk.questions) { const cp = scored(q); if (cp) checkpoints.push(cp); }
  }
  const steps = body.map((s, i) => ({ ...s, n: i + 1 }) as PlayStep);
  return { id: walk.id, title: walk.title, steps, checkpoints, messages };
}
