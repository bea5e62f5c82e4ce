/** The chains view's graph: hooks, jump/goto edges, and generated families bundled until expanded. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { buildChainsGraph } from './chains.ts';
import { buildGraph } from './graph.ts';
import { extentOf } from './containers.ts';
import { READABLE_ZOOM } from './viewport.ts';
import { crossings } from './crossings.ts';
import { kubeProxyNat } from '../../../bench/kube-proxy-table.ts';

describe('chains graph', () => {
  const host = buildModel([{ path: 'nat.txt', text: kubeProxyNat(30, 2) }]).hosts[0];
  it('bundles KUBE-SVC-*/KUBE-SEP-* above the threshold, with the edges between bundles', () => {
    const g = buildChainsGraph(host!, {});
    expect(g.nodes.filter((n) => n.kind === 'bundle').map((n) => n.id).sort()).toEqual(['chain-bundle:nat/KUBE-SEP-', 'chain-bundle:nat/KUBE-SVC-']);
    const e = g.edges.find((x) => x.source === 'chain-bundle:nat/KUBE-SVC-' && x.target === 'chain-bundle:nat/KUBE-SEP-');
    expect(e?.label).toBe('60 rules');
    expect(g.nodes.find((n) => n.id === 'chain:nat/PREROUTING')?.classes).toContain('hook');
  });
  it('expands one family on demand', () => {
    const g = buildChainsGraph(host!, { expanded: new Set(['nat/KUBE-SEP-']) });
    expect(g.nodes.filter((n) => n.id.startsWith('chain:nat/KUBE-SEP-'))).toHaveLength(60);
  });
});

describe('topology graph', () => {
  it('collapses a node with many pods into one bundle, veth host ends included, and attaches the fabric to eth0', () => {
    const addr = ['2: eth0: <UP> mtu 1500 state UP', '    link/ether 00:0d:3a:00:00:01 brd ff:ff:ff:ff:ff:ff', '    inet 10.240.0.4/16 scope global eth0',
      '3: cbr0: <UP> mtu 1500 state UP', '    link/ether 3a:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff', '    inet 10.244.0.1/24 scope global cbr0'];
    for (let i = 0; i < 50; i++) addr.push(`${10 + i}: veth${i}@if3: <UP> mtu 1500 master cbr0 state UP`, `    link/ether 5e:00:00:00:00:${(i + 16).toString(16)} brd ff:ff:ff:ff:ff:ff link-netns cni-${i}`);
    const snap = buildModel([{ path: 'n/ip-addr.txt', node: 'n', text: addr.join('\n') }]);
    const g = buildGraph(snap, { collapseAbove: 40 });
    expect(g.nodes.filter((n) => n.classes.includes('pod-netns'))).toHaveLength(0);
    expect(g.nodes.find((n) => n.kind === 'bundle')?.label).toMatch(/^50 pods/);
    expect(g.nodes.filter((n) => n.kind === 'link').map((n) => n.id).sort()).toEqual(['link:n/host/cbr0', 'link:n/host/eth0']);
    expect(g.edges.find((e) => e.kind === 'fabric')?.source).toBe('link:n/host/eth0');
    expect(buildGraph(snap, { collapseAbove: 40, expanded: new Set(['n']) }).nodes.filter((n) => n.classes.includes('pod-netns'))).toHaveLength(50);
  });
});

describe('chains layout', () => {
  const seed = (n: string) => buildModel([{ path: `seed-${n}.txt`, text: readFileSync(new URL(`../../scenarios/seed-${n}.txt`, import.meta.url), 'utf8') }]).hosts[0];
  const kernel = buildModel(['ip-addr.txt', 'iptables-save.txt'].map((f) => ({ path: `aks-calico-0/${f}`, node: 'aks-calico-0',
    text: readFileSync(new URL(`../trace/fixtures/kernel/calico-vxlan/aks-calico-0/${f}`, import.meta.url), 'utf8') }))).hosts[0];
  for (const [name, host] of [['seed 000', seed('000')], ['seed 001', seed('001')], ['the kernel-captured Calico VXLAN node', kernel]] as const) {
    it(`${name}: each hook's chains in its band, and every jump runs between the chains, never through one`, () => {
      const g = buildChainsGraph(host!, { fit: { w: 758, h: 723 } });
      const byId = new Map(g.nodes.map((n) => [n.id, n]));
      for (const n of g.nodes.filter((x) => x.kind === 'chain' || x.kind === 'bundle')) expect(byId.get(n.parent ?? '')?.classes, n.id).toContain('hook-zone');
      // a jump may cross the rules of its own chain (it leaves from one of them), not another chain
      const hits = crossings(g, (kind) => kind === 'chain' || kind === 'bundle');
      expect(hits).toEqual([]);
    });
  }
  it('seed 001: all its chains fit a laptop canvas (1440×900, inputs open) at 11 px', () => {
    const area = { w: 758, h: 723 };
    const e = extentOf(buildChainsGraph(seed('001')!, { fit: area }).nodes);
    expect(e && Math.min(area.w / (e.x2 - e.x1 + 6), area.h / (e.y2 - e.y1 + 6))).toBeGreaterThanOrEqual(READABLE_ZOOM);
  });
});
