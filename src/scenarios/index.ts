/** The built-in scenarios: the seed documents' own text, parsed by the same pipeline as any paste. */
import seed000 from './seed-000.txt?raw';
import seed001 from './seed-001.txt?raw';
import seed002 from './seed-002.txt?raw';
import seed003 from './seed-003.txt?raw';
import seed004 from './seed-004.txt?raw';
import { SCENARIO_CATALOG } from './catalog.ts';

export interface Scenario { id: string; title: string; files: { path: string; text: string }[] }

const TEXTS: Record<string, string> = { 'seed-000.txt': seed000, 'seed-001.txt': seed001, 'seed-002.txt': seed002, 'seed-003.txt': seed003, 'seed-004.txt': seed004 };

export const SCENARIOS: Scenario[] = SCENARIO_CATALOG.map((s) => ({ id: s.id, title: s.title, files: s.files.map((path) => ({ path, text: TEXTS[path] as string })) }));

export const DEFAULT_SCENARIO = SCENARIOS[0] as Scenario;
