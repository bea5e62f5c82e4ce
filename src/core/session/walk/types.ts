/**
 * A workshop walk as a trainer writes it (README "Walks"): its inputs, the flows to trace (each optionally under a
 * what-if mode per node), talks between them, notes pinned to trace steps by a matcher, checkpoints and questions.
 * Every piece keeps the line of the walk file it came from, so a message can point at it.
 */
import type { StepKind, Verdict } from '../../trace/types.ts';

/** The walk format this build reads (`walk: 1`). */
export const WALK_FORMAT = 1;

/** The network plugins and policy engines a what-if mode names (issue #13's profiles): `<plugin>[+<policy>]`. */
export const PLUGINS = ['kubenet', 'azure-cni-bridge', 'azure-cni', 'azure-cni-overlay', 'calico-vxlan'] as const;
export const POLICIES = ['none', 'azure', 'calico'] as const;

export const VERDICTS: readonly Verdict[] = ['delivered', 'dropped', 'no-route', 'unknown'];

export interface WalkMessage {
  /** 1-based line of the walk file (0: the file as a whole). */
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/**
 * Finds one step of a trace by what it is, not where it is: every field given must hold. Strings are exact, a
 * glob (`cali-tw-*`) or, between slashes, a regular expression (`/Drop if no (policies|profiles)/`); `rule`,
 * `text` and `action` match a part of the rule's text, the step's detail and the netfilter action. `index` (the
 * step's number in the trace, as the CLI prints it) is only a fallback for when the rest finds nothing.
 */
export interface StepMatcher {
  kind?: StepKind;
  table?: string;
  chain?: string;
  rule?: string;
  action?: string;
  text?: string;
  /** The hop's `in`, `out` or `via` device, or the `dev` a route step names. */
  interface?: string;
  node?: string;
  netns?: string;
  /** Which of several matching steps (1-based, default 1). */
  nth?: number;
  index?: number;
  line: number;
}

/** A line of the walk's inputs the note points at: the first line holding `find` (in `input`, if named). */
export interface EvidenceRef { find: string; input?: string; line: number }

export interface Note { at: StepMatcher; text: string; evidence: EvidenceRef[]; line: number }

export type PredictKind = 'interface' | 'chain' | 'action' | 'verdict' | 'nat';

/**
 * "Predict the next hop", asked before the step `at` is shown. Without `choices` the choices are drawn from the
 * model (the other interfaces of that namespace, the other chains of that hook, the other verdicts); with them,
 * the trainer's own, `answer` naming the right one.
 */
export interface Checkpoint {
  id: string;
  at: StepMatcher;
  predict?: PredictKind;
  ask?: string;
  choices?: string[];
  answer?: string;
  why?: string;
  line: number;
}

/** A question for the room: with `choices` and `answer` it is scored, without them it is for discussion. */
export interface Question { id: string; ask: string; choices?: string[]; answer?: string; why?: string; line: number }

export interface WalkExpect {
  verdict: Verdict;
  /** A dropped flow: the chain (glob) whose rule dropped it. */
  by?: string;
  /** A delivered flow: the pod (`ns/name`, glob) or the external address it reached. */
  to?: string;
}

export interface WalkFlow {
  type: 'flow';
  id: string;
  title: string;
  from: string;
  to: string;
  port?: number;
  proto?: 'tcp' | 'udp' | 'icmp' | 'sctp';
  established?: boolean;
  /** What-if mode per node (`*`: every node), as `<plugin>[+<policy>]`; absent: the captured mode. */
  as?: Record<string, string>;
  /** The text of the mode-flip step shown before this flow when its mode differs from the previous flow's. */
  flip?: string;
  /** Which outcome of a fork to follow: a 1-based branch number, or the first branch holding a matching step. */
  branch?: number | StepMatcher;
  expect?: WalkExpect;
  intro?: string;
  outro?: string;
  notes: Note[];
  checkpoints: Checkpoint[];
  /** Why the flow cannot be traced as written (a missing `from`); it is kept so nothing read is lost. */
  broken?: string;
  line: number;
}

/** A part with no trace: a point the evidence makes (seed 004's subnet sizing), with its lines and questions. */
export interface WalkTalk {
  type: 'talk';
  id: string;
  title: string;
  text: string;
  evidence: EvidenceRef[];
  questions: Question[];
  line: number;
}

export type WalkPart = WalkFlow | WalkTalk;

export interface WalkInput { path: string; node?: string; text: string; line: number }

export interface Walk {
  format: number;
  id: string;
  title: string;
  summary?: string;
  /** What the learner will understand. */
  goals: string[];
  minutes?: number;
  /** A built-in scenario's id (src/scenarios/index.ts) whose inputs the walk uses. */
  scenario?: string;
  /** Inputs the walk carries itself (after the scenario's, if both are given). */
  inputs: WalkInput[];
  parts: WalkPart[];
  questions: Question[];
  /** The file it was read from. */
  file: string;
}
