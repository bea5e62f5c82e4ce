/**
 * A workshop walk on the page: opening one (a built-in walk, a trainer's file, a deep link), moving through its
 * steps, answering its checkpoints, presenting. The walk's flows were traced in the worker; the canvas shows each
 * flow through the page's own machinery — the walk's inputs analysed, the flow's what-if mode applied, the flow
 * traced, the packet marker set — so what the room sees is what any user of the page would see for that flow.
 */
import { ask } from './runner.ts';
import { analyse, applyWhatIf, inputEntry, runTrace } from './actions.ts';
import { setApp, useApp, type WalkOnPage } from './store.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { clampStep } from '../core/session/walk/link.ts';
import type { PlayStep } from '../core/session/walk/play.ts';
import type { TraceRequest } from '../core/trace/engine.ts';
import type { InputFile } from '../core/ingest/ingest.ts';

/** Seconds a step stays on screen while the walk plays by itself, at speed 1. */
export const PLAY_SECONDS = 4;

/** Asks the worker for the built-in walks (once): it plays each, so the list says how many steps each has. */
export function loadWalkList(): Promise<void> {
  if (useApp.getState().walkList) return Promise.resolve();
  listing ??= ask({ type: 'walks' }).then((res) => {
    if (res.type === 'walks') setApp({ walkList: res.walks });
    else if (res.type === 'error') setApp({ notice: `The built-in walks could not be loaded: ${res.error}` });
  }).finally(() => { listing = null; });
  return listing;
}
let listing: Promise<void> | null = null;

export interface OpenOptions { step?: number; present?: boolean }

/**
 * Opens a walk: the worker plays it, the page loads its inputs (its scenario's, then its own) and shows its step.
 * A walk file with errors opens with what could be read, its messages listed by line; one that gives nothing to
 * play (no walk at all) is not opened, and its messages are shown instead.
 */
export async function openWalk(source: { builtin: string } | { text: string; file: string }, options: OpenOptions = {}): Promise<boolean> {
  const res = await ask({ type: 'walk', source });
  if (res.type !== 'walk') {
    const why = res.type === 'error' ? res.error : `an unexpected answer (${res.type})`;
    setApp({ notice: `The walk could not be opened: ${why}` });
    return false;
  }
  const opened = res.walk;
  const errors = opened.messages.filter((m) => m.severity === 'error');
  if (!opened.play.steps.some((s) => s.kind !== 'intro') && errors.length) {
    setApp({ walkProblem: { file: opened.file, messages: opened.messages }, notice: `${opened.file} is not a walk PacketPath can play: ${errors.length} error${errors.length > 1 ? 's' : ''}, listed with their lines.` });
    return false;
  }
  shownFlow = null;
  const step = clampStep(options.step ?? 1, opened.play.steps.length);
  setApp({ walk: { ...opened, step, presenting: !!options.present, answers: {}, revealed: [], playing: false, speed: 1 }, walkProblem: opened.messages.length ? { file: opened.file, messages: opened.messages } : null });
  await loadInputs(opened.scenario, opened.inputs);
  await showStep();
  return true;
}

/** The walk's inputs replace the page's: its scenario's files, then its own. */
async function loadInputs(scenario: string | null, own: InputFile[]): Promise<void> {
  const s = SCENARIOS.find((x) => x.id === scenario);
  const inputs = [...(s?.files ?? []).map((f) => inputEntry(f, 'scenario')), ...own.map((f) => inputEntry(f, 'file'))];
  setApp({ scenario: own.length ? null : scenario, inputs, trace: null, traceError: null, traceNotice: null, from: '', to: '', established: false,
    expandedNodes: [], pathStep: null, playing: false, capturedTrace: null, whatIf: {}, whatIfReport: null, split: false, view: 'topology' });
  await analyse();
}

export function closeWalk(): void {
  shownFlow = null;
  setApp({ walk: null, pathStep: null, playing: false });
}

const patch = (p: Partial<WalkOnPage>): void => setApp((s) => (s.walk ? { walk: { ...s.walk, ...p } } : {}));

export function setPresenting(presenting: boolean): void { patch({ presenting }); }
export function setWalkPlaying(playing: boolean): void { patch({ playing }); }
export function setWalkSpeed(speed: number): void { patch({ speed }); }

/** The step on screen and whether its checkpoint (if any) still waits for the room's answer. */
export function currentStep(w: WalkOnPage): { step: PlayStep; asking: string | null } {
  const step = w.play.steps[w.step - 1] as PlayStep;
  const cp = step.kind === 'packet' ? step.checkpoint : undefined;
  return { step, asking: cp && !w.revealed.includes(cp) ? cp : null };
}

export async function goToStep(n: number): Promise<void> {
  const w = useApp.getState().walk;
  if (!w) return;
  patch({ step: clampStep(n, w.play.steps.length) });
  await showStep();
}

/** → / space: a waiting checkpoint is revealed first (unanswered), then the walk moves on. */
export async function nextStep(): Promise<void> {
  const w = useApp.getState().walk;
  if (!w) return;
  const { asking } = currentStep(w);
  if (asking) { patch({ revealed: [...w.revealed, asking] }); await showStep(); return; }
  if (w.step >= w.play.steps.length) { patch({ playing: false }); return; }
  await goToStep(w.step + 1);
}

export async function prevStep(): Promise<void> {
  const w = useApp.getState().walk;
  if (w && w.step > 1) await goToStep(w.step - 1);
}

/** Back to the first step, the answers cleared (a new group in the room). */
export async function restartWalk(): Promise<void> {
  patch({ answers: {}, revealed: [], playing: false });
  await goToStep(1);
}

/** The room's answer to a checkpoint (or a scored question): kept for the score, and the step revealed. */
export async function answer(checkpoint: string, choice: string): Promise<void> {
  const w = useApp.getState().walk;
  if (!w || Object.hasOwn(w.answers, checkpoint)) return;
  patch({ answers: { ...w.answers, [checkpoint]: choice }, revealed: w.revealed.includes(checkpoint) ? w.revealed : [...w.revealed, checkpoint] });
  await showStep();
}

/** `to` as the trace form takes it: a port or protocol the walk gives apart is written onto it. */
function toSpec(r: TraceRequest): string {
  const hasPort = /:\d+(\/\w+)?$/.test(r.to);
  const hasProto = /\/(tcp|udp|icmp|sctp)$/.test(r.to);
  return `${r.to}${r.port !== undefined && !hasPort ? `:${r.port}` : ''}${r.proto && !hasProto ? `/${r.proto}` : ''}`;
}

const sameModes = (a: Record<string, string>, b: Record<string, string>): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** The flow the canvas shows now (traced in the page's own analysis). */
let shownFlow: string | null = null;
let showing: Promise<void> = Promise.resolve();

/** Brings the canvas to the walk's step; calls made while one runs wait, and each shows the step current then. */
function showStep(): Promise<void> {
  showing = showing.then(showCurrent, showCurrent);
  return showing;
}

async function showCurrent(): Promise<void> {
  const w = useApp.getState().walk;
  if (!w) return;
  const { step, asking } = currentStep(w);
  if (!('flow' in step)) { setApp({ pathStep: null, playing: false }); return; }
  const card = w.play.steps.find((s): s is Extract<PlayStep, { kind: 'flow' }> => s.kind === 'flow' && s.flow === step.flow);
  if (card?.request && shownFlow !== step.flow) {
    const r = card.request;
    setApp({ from: r.from, to: toSpec(r), established: r.ctstate === 'ESTABLISHED' });
    if (!sameModes(useApp.getState().whatIf, card.whatIf)) {
      setApp({ whatIf: card.whatIf });
      await applyWhatIf(false);
    }
    await runTrace();
    shownFlow = step.flow;
  }
  if (useApp.getState().walk?.step !== w.step) return;
  const branch = Math.max(0, card?.branch ?? 0);
  if (step.kind === 'packet') setApp({ branch, pathStep: asking ? (step.packet.n > 1 ? step.packet.n - 1 : null) : step.packet.n, playing: false });
  else if (step.kind === 'verdict') {
    const t = useApp.getState().trace;
    const played = t?.branches[branch]?.trace ?? t;
    setApp({ branch, pathStep: played ? played.hops.reduce((k, h) => k + h.steps.length, 0) || null : null, playing: false });
  } else setApp({ branch, pathStep: null, playing: false });
}
