/** The built-in scenarios: the seed documents' own text, parsed by the same pipeline as any paste. */
import seed000 from './seed-000.txt?raw';
import seed001 from './seed-001.txt?raw';
import seed002 from './seed-002.txt?raw';
import seed003 from './seed-003.txt?raw';
import seed004 from './seed-004.txt?raw';
import { SCENARIO_CATALOG, type TraceRequestText } from './catalog.ts';

export type { TraceRequestText };
export interface Scenario { id: string; title: string; files: { path: string; text: string }[]; defaultTrace: TraceRequestText }

const TEXTS: Record<string, string> = { 'seed-000.txt': seed000, 'seed-001.txt': seed001, 'seed-002.txt': seed002, 'seed-003.txt': seed003, 'seed-004.txt': seed004 };

export const SCENARIOS: Scenario[] = SCENARIO_CATALOG.map((s) => ({ ...s, files: s.files.map((path) => ({ path, text: TEXTS[path] as string })) }));

/** The app opens on seed 001's drop in cali-tw-…: the product's question answered on the first screen. */
export const DEFAULT_SCENARIO = SCENARIOS[1] as Scenario;

/**
 * The built-in workshop walks: plain walk files (src/scenarios/walks/*.walk.yaml) that the same parser reads as a
 * trainer's own (src/core/session/walk); src/scenarios/walks/index.ts parses them against SCENARIOS. Loaded when
 * asked for. (The build is one classic script, so that the app opens from file://: the texts are in it, and only
 * their parsing waits until asked.)
 */
const walkTexts = import.meta.glob<string>('./walks/*.walk.yaml', { query: '?raw', import: 'default' });
export async function loadWalkFiles(): Promise<{ path: string; text: string }[]> {
  const files = await Promise.all(Object.entries(walkTexts).map(async ([path, load]) => ({ path: path.replace(/^\.\/walks\//, ''), text: await load() })));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
