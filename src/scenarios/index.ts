/** The built-in scenarios: the seed documents' own text, parsed by the same pipeline as any paste. */
import seed000 from './seed-000.txt?raw';
import seed001 from './seed-001.txt?raw';
import seed002 from './seed-002.txt?raw';
import seed003 from './seed-003.txt?raw';
import seed004 from './seed-004.txt?raw';

export interface Scenario { id: string; title: string; files: { path: string; text: string }[] }

export const SCENARIOS: Scenario[] = [
  { id: 'azure-cni-npm', title: 'Azure CNI + Azure NPM (seed 000)', files: [{ path: 'seed-000.txt', text: seed000 }] },
  { id: 'azure-cni-calico', title: 'Azure CNI + Calico policy (seed 001)', files: [{ path: 'seed-001.txt', text: seed001 }] },
  { id: 'kubenet-azure-cni', title: 'kubenet and Azure CNI (seed 002)', files: [{ path: 'seed-002.txt', text: seed002 }] },
  { id: 'transparent-calico', title: 'Transparent mode with Calico (seed 003)', files: [{ path: 'seed-003.txt', text: seed003 }] },
  { id: 'azure-cni-modes', title: 'Azure CNI transparent / Overlay / BYO Calico (seed 004)', files: [{ path: 'seed-004.txt', text: seed004 }] },
];

export const DEFAULT_SCENARIO = SCENARIOS[0] as Scenario;

/**
 * The built-in workshop walks: plain walk files (src/scenarios/walks/*.walk.yaml) that the same parser reads as a
 * trainer's own (src/core/session/walk); src/scenarios/walks/index.ts parses them against SCENARIOS. Loaded when
 * asked for, so they stay out of the initial bundle.
 */
const walkTexts = import.meta.glob<string>('./walks/*.walk.yaml', { query: '?raw', import: 'default' });
export async function loadWalkFiles(): Promise<{ path: string; text: string }[]> {
  const files = await Promise.all(Object.entries(walkTexts).map(async ([path, load]) => ({ path: path.replace(/^\.\/walks\//, ''), text: await load() })));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
