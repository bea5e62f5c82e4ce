/**
 * The built-in scenarios by id, title, file names and the flow each opens on — no text, so that Node (the CLI opening
 * a link that refers to a scenario by id) can read the files from this folder while the page bundles them (index.ts).
 */
/** The flow a scenario opens on, so that a first visit shows a path: the one its seed post is about. */
export interface TraceRequestText { from: string; to: string; established?: boolean }
export interface ScenarioEntry { id: string; title: string; files: string[]; defaultTrace: TraceRequestText }

export const SCENARIO_CATALOG: ScenarioEntry[] = [
  // coredns to a pod behind AZURE-NPM rules whose ipsets the post did not capture: both outcomes, one branch each
  { id: 'azure-cni-npm', title: 'Azure CNI + Azure NPM (seed 000)', files: ['seed-000.txt'],
    defaultTrace: { from: 'kube-system/coredns-76b9877f49-sh2lz', to: '192.168.1.44:443' } },
  // the post's question: why kuard in default cannot reach the ingress pod (the drop-inter-namespace policy)
  { id: 'azure-cni-calico', title: 'Azure CNI + Calico policy (seed 001)', files: ['seed-001.txt'],
    defaultTrace: { from: 'default/kuard-vnode', to: '10.13.76.19:8080' } },
  // a kubenet pod going out to the internet: MASQUERADE in nat POSTROUTING
  { id: 'kubenet-azure-cni', title: 'kubenet and Azure CNI (seed 002)', files: ['seed-002.txt'],
    defaultTrace: { from: '10.100.1.18', to: '8.8.8.8:443' } },
  // pod to pod on the Calico node: the post has no iptables-save, so the answer names what to capture
  { id: 'transparent-calico', title: 'Transparent mode with Calico (seed 003)', files: ['seed-003.txt'],
    defaultTrace: { from: '10.244.0.10', to: '10.244.0.2:80' } },
  // nginx to its neighbour on the transparent-mode node: proxy ARP answers the gateway; no iptables captured
  { id: 'azure-cni-modes', title: 'Azure CNI transparent / Overlay / BYO Calico (seed 004)', files: ['seed-004.txt'],
    defaultTrace: { from: 'default/nginx', to: '10.224.0.11:80' } },
];
