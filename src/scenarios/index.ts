/** The built-in scenarios: the seed documents' own text, parsed by the same pipeline as any paste. */
import seed000 from './seed-000.txt?raw';
import seed001 from './seed-001.txt?raw';
import seed002 from './seed-002.txt?raw';
import seed003 from './seed-003.txt?raw';
import seed004 from './seed-004.txt?raw';

/** The flow a scenario opens on, so that a first visit shows a path: the one its seed post is about. */
export interface TraceRequestText { from: string; to: string; established?: boolean }
export interface Scenario { id: string; title: string; files: { path: string; text: string }[]; defaultTrace: TraceRequestText }

export const SCENARIOS: Scenario[] = [
  // coredns to a pod behind AZURE-NPM rules whose ipsets the post did not capture: both outcomes, one branch each
  { id: 'azure-cni-npm', title: 'Azure CNI + Azure NPM (seed 000)', files: [{ path: 'seed-000.txt', text: seed000 }],
    defaultTrace: { from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443' } },
  // the post's question: why kuard in default cannot reach the ingress pod (the drop-inter-namespace policy)
  { id: 'azure-cni-calico', title: 'Azure CNI + Calico policy (seed 001)', files: [{ path: 'seed-001.txt', text: seed001 }],
    defaultTrace: { from: 'default/kuard-vnode', to: '10.13.76.19:8080' } },
  // a kubenet pod going out to the internet: MASQUERADE in nat POSTROUTING
  { id: 'kubenet-azure-cni', title: 'kubenet and Azure CNI (seed 002)', files: [{ path: 'seed-002.txt', text: seed002 }],
    defaultTrace: { from: '10.100.1.18', to: '8.8.8.8:443' } },
  // pod to pod on the Calico node: the post has no iptables-save, so the answer names what to capture
  { id: 'transparent-calico', title: 'Transparent mode with Calico (seed 003)', files: [{ path: 'seed-003.txt', text: seed003 }],
    defaultTrace: { from: '10.244.0.10', to: '10.244.0.2:80' } },
  // nginx to its neighbour on the transparent-mode node: proxy ARP answers the gateway; no iptables captured
  { id: 'azure-cni-modes', title: 'Azure CNI transparent / Overlay / BYO Calico (seed 004)', files: [{ path: 'seed-004.txt', text: seed004 }],
    defaultTrace: { from: 'default/nginx', to: '10.224.0.11:80' } },
];

/** The app opens on seed 001's drop in cali-tw-…: the product's question answered on the first screen. */
export const DEFAULT_SCENARIO = SCENARIOS[1] as Scenario;

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
