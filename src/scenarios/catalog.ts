/**
 * The built-in scenarios by id, title and file name — no text, so that Node (the CLI opening a link that refers to a
 * scenario by id) can read them from this folder while the page bundles them (index.ts).
 */
export interface ScenarioEntry { id: string; title: string; files: string[] }

export const SCENARIO_CATALOG: ScenarioEntry[] = [
  { id: 'azure-cni-npm', title: 'Azure CNI + Azure NPM (seed 000)', files: ['seed-000.txt'] },
  { id: 'azure-cni-calico', title: 'Azure CNI + Calico policy (seed 001)', files: ['seed-001.txt'] },
  { id: 'kubenet-azure-cni', title: 'kubenet and Azure CNI (seed 002)', files: ['seed-002.txt'] },
  { id: 'transparent-calico', title: 'Transparent mode with Calico (seed 003)', files: ['seed-003.txt'] },
  { id: 'azure-cni-modes', title: 'Azure CNI transparent / Overlay / BYO Calico (seed 004)', files: ['seed-004.txt'] },
];
