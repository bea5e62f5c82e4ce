/** User story: I paste a whole seed document and see its nodes, pods, veth pairs and bridges. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { App } from './app.ts';

const seed = (n: string) => readFileSync(new URL(`../src/scenarios/seed-${n}.txt`, import.meta.url), 'utf8');

// Reviewed against each seed's text: the nodes it names, one pod namespace per pod eth0 or host veth, bridges by name.
const EXPECTED: Record<string, { nodes: string[]; pods: number; veths: number; bridges: string[] }> = {
  '000': { nodes: ['aks-nodepool1-29364957-vmss000000'], pods: 4, veths: 4, bridges: [] },
  '001': { nodes: ['aks-nodepool1-26711606-0'], pods: 18, veths: 18, bridges: ['docker0'] },
  '002': { nodes: ['aks-nodepool1-44430483-vmss000000'], pods: 6, veths: 5, bridges: ['cbr0'] },
  '003': { nodes: ['node-1', 'node-2'], pods: 14, veths: 14, bridges: ['docker0', 'docker0'] },
  // aks-nodepool1-31795678-vmss000001: the node the seed runs tcpdump on (its packets are the model's since tcpdump has a converter)
  '004': { nodes: ['aks-nodepool1-30840492-vmss000000', 'aks-nodepool1-30840492-vmss000001', 'aks-nodepool1-31795678-vmss000001', 'aks-nodepool1-33042731-vmss000000', 'aks-nodepool1-59385832-vmss000000'], pods: 3, veths: 3, bridges: [] },
};

for (const [n, want] of Object.entries(EXPECTED)) {
  test(`pasting seed ${n} as a whole draws its nodes, pods, veth pairs and bridges`, async ({ page }) => {
    const app = new App(page);
    await app.open();
    await app.clearInputs();
    await app.paste(seed(n));
    const g = await app.graph();
    expect(g.nodes.filter((x) => x.kind === 'node').map((x) => x.id.replace(/^node:/, '')).sort()).toEqual([...want.nodes].sort());
    expect(g.nodes.filter((x) => x.classes.includes('pod-netns'))).toHaveLength(want.pods);
    expect(g.edges.filter((e) => e.kind === 'veth')).toHaveLength(want.veths);
    expect(g.nodes.filter((x) => x.classes.includes('bridge')).map((x) => x.id.split('/').pop()).sort()).toEqual([...want.bridges].sort());
    // every veth joins a pod's interface to a link in its node's host namespace
    for (const e of g.edges.filter((x) => x.kind === 'veth')) {
      expect(e.source).toMatch(/^link:[^/]+\/pod:/);
      expect(e.target).toMatch(/^link:[^/]+\/host\//);
    }
    const inputs = await app.hook((h) => h.inputs());
    expect(inputs.filter((i) => i.kind).length).toBeGreaterThan(2);
  });
}
