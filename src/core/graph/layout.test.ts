/** The topology's layout: the same picture for the same input, each host end below its pod, no two boxes overlapping, big hosts bundled. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { buildGraph, type GraphNode } from './graph.ts';
import { shortenMiddle } from './labels.ts';

const seed = (n: string) => buildModel([{ path: `seed-${n}.txt`, text: readFileSync(new URL(`../../scenarios/seed-${n}.txt`, import.meta.url), 'utf8') }]);
const overlaps = (a: GraphNode, b: GraphNode) => !!a.pos && !!b.pos && Math.abs(a.pos.x - b.pos.x) * 2 < a.pos.w + b.pos.w && Math.abs(a.pos.y - b.pos.y) * 2 < a.pos.h + b.pos.h;

describe('topology layout', () => {
  for (const n of ['000', '001', '002', '003', '004']) {
    it(`seed ${n}: deterministic, every leaf placed, no two leaves overlapping, each host end under its pod's eth0`, () => {
      const snap = seed(n);
      const g = buildGraph(snap, { collapseAbove: 40 });
      expect(JSON.stringify(buildGraph(seed(n), { collapseAbove: 40 }))).toBe(JSON.stringify(g));
      const parents = new Set(g.nodes.map((x) => x.parent));
      const leaves = g.nodes.filter((x) => !parents.has(x.id));
      expect(leaves.filter((x) => !x.pos).map((x) => x.id)).toEqual([]);
      const hits: string[] = [];
      for (let i = 0; i < leaves.length; i++) for (let j = i + 1; j < leaves.length; j++) if (overlaps(leaves[i] as GraphNode, leaves[j] as GraphNode)) hits.push(`${leaves[i]?.id} × ${leaves[j]?.id}`);
      expect(hits).toEqual([]);
      const byId = new Map(g.nodes.map((x) => [x.id, x]));
      for (const e of g.edges.filter((x) => x.kind === 'veth')) {
        const [s, t] = [byId.get(e.source)?.pos, byId.get(e.target)?.pos];
        expect(s && t && Math.abs(s.x - t.x) < 0.5 && t.y > s.y, e.id).toBe(true);
      }
    });
  }
  it('levels the NIC bands of all nodes above one fabric lane, joined to each NIC', () => {
    const g = buildGraph(seed('003'));
    const nics = g.edges.filter((e) => e.kind === 'fabric').map((e) => g.nodes.find((x) => x.id === e.source)?.pos?.y);
    expect(nics).toHaveLength(2);
    expect(new Set(nics).size).toBe(1);
  });
});

describe('big hosts', () => {
  it('bundle 5,000 interfaces beyond a count (the page draws a handful), and expand them on demand', () => {
    const lines = ['1: lo: <LOOPBACK,UP> mtu 65536 state UNKNOWN', '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00', '2: eth0: <UP> mtu 1500 state UP', '    link/ether 00:0d:3a:00:00:01 brd ff:ff:ff:ff:ff:ff', '    inet 10.240.0.4/16 scope global eth0'];
    for (let i = 0; i < 5000; i++) lines.push(`${i + 3}: dummy${i}: <BROADCAST,NOARP> mtu 1500 state DOWN`, `    link/ether 0a:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')} brd ff:ff:ff:ff:ff:ff`);
    const snap = buildModel([{ path: 'n/ip-addr.txt', node: 'n', text: lines.join('\n') }]);
    const g = buildGraph(snap);
    expect(g.nodes.length).toBeLessThan(20);
    expect(g.nodes.find((x) => x.id === 'bundle:n/links')?.label).toMatch(/^4998 more interfaces/);
    expect(g.edges.find((e) => e.kind === 'fabric')?.source).toBe('link:n/host/eth0');
    expect(buildGraph(snap, { expanded: new Set(['n/links']) }).nodes.filter((x) => x.id.startsWith('link:n/host/dummy'))).toHaveLength(5000);
  });
  it('shortens a 20,000-character name in the middle, keeps it whole in the title, and drops bidirectional controls', () => {
    const long = `pod-${'x'.repeat(20_000)}-end`;
    expect(shortenMiddle(long, 20)).toMatch(/^pod-x+…x*-end$/);
    expect(shortenMiddle(long, 20)).toHaveLength(20);
    expect(shortenMiddle('evil\u202Eefil', 20)).toBe('evilefil');
    const snap = buildModel([{ path: 'n/ip-addr.txt', node: 'n', text: `2: eth0: <UP> mtu 1500 state UP\n    link/ether 00:0d:3a:00:00:01 brd ff:ff:ff:ff:ff:ff\n3: ${long}: <UP> mtu 1500 state UP\n    link/ether 00:0d:3a:00:00:02 brd ff:ff:ff:ff:ff:ff\n` }]);
    const node = buildGraph(snap).nodes.find((x) => x.title?.startsWith('pod-x'));
    expect(node?.label.length).toBeLessThan(40);
    expect(node?.title).toContain(long);
  });
});
