/** The topology's layout: the same picture for the same input, each host end below its pod, no two boxes overlapping, big hosts bundled. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { buildGraph, type GraphNode } from './graph.ts';
import { shortenMiddle } from './labels.ts';
import { extentOf } from './containers.ts';
import { fitArea, READABLE_ZOOM } from './viewport.ts';
import { crossings } from './crossings.ts';

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
  it('gives every container a box around its children and their labels', () => {
    const g = buildGraph(seed('003'), { aspect: 1 });
    const byId = new Map(g.nodes.map((x) => [x.id, x]));
    for (const n of g.nodes.filter((x) => x.parent)) {
      const [c, p] = [n.pos, byId.get(n.parent as string)?.pos];
      expect(c && p && c.x - c.w / 2 >= p.x - p.w / 2 && c.x + c.w / 2 <= p.x + p.w / 2 && c.y - c.h / 2 >= p.y - p.h / 2 && c.y + c.h / 2 <= p.y + p.h / 2, `${n.id} inside ${n.parent}`).toBe(true);
    }
  });
  // the canvas as measured in the page at 1440×900 (inputs open) and 1920×1080, under the header and the mode bar —
  // which takes a row per node or two: seed 003's two nodes leave 770 px of height, seed 004's five 653 (876 at 1920)
  for (const [size, w, h, h4] of [['laptop', 784, 770, 653], ['projector', 1264, 981, 876]] as const) {
    it(`arranges the nodes to the canvas's shape: every seed fits whole at 11 px on a ${size} (${w}×${h}, seed 004 ${w}×${h4})`, () => {
      for (const n of ['000', '001', '002', '003', '004']) {
        const area = fitArea(w, n === '004' ? h4 : h);
        const e = extentOf(buildGraph(seed(n), { collapseAbove: 40, fit: area }).nodes);
        const zoom = e && Math.min(area.w / (e.x2 - e.x1 + 6), area.h / (e.y2 - e.y1 + 6));
        expect(zoom, `seed ${n}`).toBeGreaterThanOrEqual(READABLE_ZOOM);
      }
    });
  }
  it('wraps the nodes of seed 004 into rows on a squarish canvas, the NIC of a node above joined to the lane down a gutter', () => {
    const g = buildGraph(seed('004'), { aspect: 1 });
    const ys = new Set(g.nodes.filter((x) => x.kind === 'node').map((x) => Math.round((x.pos?.y ?? 0) + (x.pos?.h ?? 0) / 2)));
    expect(ys.size).toBeGreaterThan(1);
    expect(ys.size).toBeLessThan(g.nodes.filter((x) => x.kind === 'node').length);
    const lane = g.nodes.find((x) => x.kind === 'fabric')?.pos;
    expect(lane && lane.y > Math.max(...ys)).toBe(true);
    // two nodes side by side on a wide canvas: one row, the fabric edge straight down
    const wide = buildGraph(seed('003'), { aspect: 2 });
    expect(wide.edges.filter((e) => e.kind === 'fabric').map((e) => e.route?.bends.length)).toEqual([0, 0]);
    // the same two nodes on a tall canvas: one above the other, the upper NIC's edge around the lower node
    const tall = buildGraph(seed('003'), { aspect: 0.3 });
    const bends = tall.edges.filter((e) => e.kind === 'fabric').map((e) => e.route?.bends.length).sort();
    // the lower node's edge goes straight down — past the upper node's lane's end when each node has its own lane
    expect(bends).toEqual(tall.nodes.filter((x) => x.kind === 'fabric').length > 1 ? [2, 2] : [0, 2]);
    const nodes = tall.nodes.filter((x) => x.kind === 'node').map((x) => x.pos as NonNullable<GraphNode['pos']>);
    const around = tall.edges.find((e) => e.kind === 'fabric' && e.route?.bends.length)?.route?.bends[1];
    expect(nodes.every((b) => Math.abs((around?.x ?? 0) - b.x) > b.w / 2)).toBe(true);
  });
  it('draws the NIC the routes name when ip addr did not show it, dashed, with the node IP, joined to the fabric', () => {
    const g = buildGraph(seed('001'));
    const nic = g.nodes.find((x) => x.id === 'link:aks-nodepool1-26711606-0/host/eth0');
    expect(nic?.label).toBe('eth0\n10.13.76.4');
    expect(nic?.classes).toEqual(expect.arrayContaining(['nic', 'inferred']));
    expect(nic?.title).toMatch(/not in the ip addr capture, inferred from route default via 10\.13\.76\.1 dev eth0/);
    expect(g.edges.find((e) => e.kind === 'fabric')?.source).toBe(nic?.id);
    // seed 002: the default route's eth0, no node IP known
    const s2 = buildGraph(seed('002')).nodes.find((x) => x.id === 'link:aks-nodepool1-44430483-vmss000000/host/eth0');
    expect(s2?.label).toBe('eth0');
    expect(s2?.classes).toContain('inferred');
    // a captured eth0 is not inferred again
    expect(buildGraph(seed('000')).nodes.filter((x) => x.id.endsWith('/host/eth0')).map((x) => x.classes.includes('inferred'))).toEqual([false]);
  });
  it('routes every edge between the boxes it does not join: seeds, and the kernel-captured Calico VXLAN cluster', () => {
    const folder = (dir: URL) => buildModel(readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) =>
      readdirSync(new URL(`${d.name}/`, dir)).map((f) => ({ path: `${d.name}/${f}`, node: d.name, text: readFileSync(new URL(`${d.name}/${f}`, dir), 'utf8') }))));
    const kernel = [['calico-vxlan', folder(new URL('../trace/fixtures/kernel/calico-vxlan/', import.meta.url))],
      ['two-nodes', folder(new URL('../../../e2e/fixtures/two-nodes/', import.meta.url))]] as const;
    // boxes an edge may not run through: interfaces, bundles, the fabric, the stage and other pods' boxes (not the node's)
    const boxes = (kind: string) => kind === 'link' || kind === 'bundle' || kind === 'fabric' || kind === 'netns';
    for (const [name, snap] of [...['000', '001', '002', '003', '004'].map((n) => [`seed ${n}`, seed(n)] as const), ...kernel]) {
      for (const aspect of [0.5, 1, 2]) {
        const g = buildGraph(snap, { collapseAbove: 40, aspect });
        expect(crossings(g, boxes, ['veth', 'bridge-port', 'route', 'fabric', 'tunnel']).filter((h) => !h.endsWith('not routed')), `${name} at ${aspect}`).toEqual([]);
      }
    }
  });
  it('levels the NIC bands of all nodes above one fabric lane, joined to each NIC', () => {
    const g = buildGraph(seed('003'), { aspect: 2 });
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

describe('no nodes', () => {
  it('draws nothing, and does not throw, when the inputs hold no node', () => {
    expect(buildGraph(buildModel([]))).toEqual({ nodes: [], edges: [] });
  });
});
