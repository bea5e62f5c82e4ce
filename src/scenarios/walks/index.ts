/**
 * The built-in walks, read by the parser a trainer's file goes through, each with the files of the scenario it
 * names. A walk in play needs its traces: `runAndPlay` runs them (in the worker, or in a test) and plays it.
 */
import { playWalk, parseWalk, runWalk, walkInputs, type RunOptions, type Walk, type WalkMessage, type WalkPlay } from '../../core/session/walk/index.ts';
import type { InputFile } from '../../core/ingest/ingest.ts';
import { profilesWhatIf } from '../../core/session/walk/whatif.ts';
import { loadWalkFiles, SCENARIOS } from '../index.ts';

export interface BuiltinWalk { file: string; walk: Walk; messages: WalkMessage[] }

const SCENARIO_IDS = SCENARIOS.map((s) => s.id);

/** Every built-in walk, parsed (each with its messages: a built-in walk has none, and a test holds it to that). */
export async function loadBuiltinWalks(): Promise<BuiltinWalk[]> {
  return (await loadWalkFiles()).map((f) => ({ file: f.path, ...parseWalk(f.text, { file: f.path, scenarios: SCENARIO_IDS }) }));
}

/** The files a walk (built in or a trainer's) runs on: its scenario's, then its own inputs. */
export const filesOfWalk = (walk: Walk): { files: InputFile[]; messages: WalkMessage[] } => walkInputs(walk, SCENARIOS);

export { profilesWhatIf };

/** Parses nothing: traces the walk's flows on its files (what-if ones through the profiles) and returns it in play. */
export function runAndPlay(walk: Walk, opts: RunOptions = {}): WalkPlay {
  const { files, messages } = filesOfWalk(walk);
  const play = playWalk(walk, runWalk(walk, files, { whatIf: profilesWhatIf, ...opts }));
  return { ...play, messages: [...messages, ...play.messages] };
}
