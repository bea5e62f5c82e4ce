/**
 * The worker's side of workshop walks: the built-in walks, parsed once and played once (their traces run here, on
 * their own model, not the page's analysis), and a trainer's walk file read and played the same way. A broken file
 * still plays what it can; every message keeps its line.
 */
import { parseWalk, type WalkMessage, type WalkPlay } from '../core/session/walk/index.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { filesOfWalk, loadBuiltinWalks, runAndPlay, type BuiltinWalk } from '../scenarios/walks/index.ts';
import type { WalkListing, WalkOpened } from './protocol.ts';

let builtins: Promise<BuiltinWalk[]> | null = null;
const played = new Map<string, WalkPlay>();

const builtinWalks = (): Promise<BuiltinWalk[]> => (builtins ??= loadBuiltinWalks());

function playOf(b: BuiltinWalk): WalkPlay {
  let p = played.get(b.walk.id);
  if (!p) { p = runAndPlay(b.walk); played.set(b.walk.id, p); }
  return p;
}

/** Every built-in walk with its number of steps (which needs its traces: run once, then kept). */
export async function listWalks(): Promise<WalkListing[]> {
  return (await builtinWalks()).map((b) => ({ id: b.walk.id, title: b.walk.title, ...(b.walk.summary ? { summary: b.walk.summary } : {}),
    ...(b.walk.minutes ? { minutes: b.walk.minutes } : {}), goals: b.walk.goals, steps: playOf(b).steps.length, file: b.file }));
}

const byLine = (a: WalkMessage, b: WalkMessage): number => a.line - b.line;

/** A built-in walk by id, or a walk file's text: the walk in play, what the page loads as inputs, and every message. */
export async function openWalk(source: { builtin: string } | { text: string; file: string }): Promise<WalkOpened | { error: string }> {
  if ('builtin' in source) {
    const b = (await builtinWalks()).find((x) => x.walk.id === source.builtin);
    if (!b) return { error: `There is no built-in walk "${source.builtin}" (the built-in walks: ${(await builtinWalks()).map((x) => x.walk.id).join(', ')}).` };
    return { play: playOf(b), file: b.file, builtin: true, scenario: b.walk.scenario ?? null, inputs: [], messages: b.messages };
  }
  const parsed = parseWalk(source.text, { file: source.file, scenarios: SCENARIOS.map((s) => s.id) });
  const play = runAndPlay(parsed.walk);
  const { messages: inputMessages } = filesOfWalk(parsed.walk);
  const seen = new Set<string>();
  // runAndPlay repeats the inputs' messages; each is said once
  const messages = [...parsed.messages, ...inputMessages, ...play.messages].filter((m) => {
    const k = `${m.line}|${m.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort(byLine);
  const known = SCENARIOS.some((s) => s.id === parsed.walk.scenario);
  return { play: { ...play, messages }, file: source.file, builtin: false, scenario: known ? parsed.walk.scenario ?? null : null,
    inputs: parsed.walk.inputs.map((i) => ({ path: i.path, text: i.text, ...(i.node ? { node: i.node } : {}) })), messages };
}
