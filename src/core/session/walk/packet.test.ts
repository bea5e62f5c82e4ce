/**
 * The packet before and after each step, on the kernel-captured clusters (src/core/trace/fixtures/kernel): a
 * NodePort reached from the internet (DNAT to a service endpoint, then MASQUERADE), a ClusterIP, and a pod to pod
 * flow over Calico VXLAN. The kernel's probes are the expected values: the address the server was reached at and
 * the client address it saw, and the interfaces whose counters moved.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../pipeline.ts';
import { trace } from '../../trace/engine.ts';
import type { Trace } from '../../trace/types.ts';
import type { InputFile } from '../../ingest/ingest.ts';
import { headerText, packetSteps, type PacketStep } from './packet.ts';
import { buildCheckpoint } from './checkpoint.ts';

const KERNEL = new URL('../../trace/fixtures/kernel/', import.meta.url).pathname;

/** A scenario folder as the CLI reads it: a sub-folder per node. */
function folder(name: string): InputFile[] {
  const root = join(KERNEL, name);
  const files: InputFile[] = [];
  const walkDir = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) { walkDir(p); continue; }
      const rel = relative(root, p);
      const node = rel.includes('/') ? rel.split('/')[0] : undefined;
      files.push({ path: rel, text: readFileSync(p, 'utf8'), ...(node ? { node } : {}) });
    }
  };
  walkDir(root);
  return files;
}

interface Outcome { delivered: boolean; server?: { peer: string; local: string; at: string }; interfaces: [string, string, string][] }
const probe = (scenario: string, name: string): Outcome[] =>
  (JSON.parse(readFileSync(join(KERNEL, `${scenario}.kernel.json`), 'utf8')) as { probes: { name: string; outcomes: Outcome[] }[] }).probes
    .find((p) => p.name === name)?.outcomes ?? [];

const traced = (files: InputFile[], from: string, to: string): Trace => {
  const t = trace(buildModel(files), { from, to });
  if ('error' in t) throw new Error(t.error);
  return t;
};
const outcomes = (t: Trace): Trace[] => (t.branches.length ? t.branches.map((b) => b.trace) : [t]);
const last = (steps: PacketStep[]): PacketStep => steps[steps.length - 1] as PacketStep;
const endpoint = (ip: string, port?: number): string => `${ip}${port === undefined ? '' : `:${port}`}`;

/** The devices the packet was in or out of, per node and namespace, as the kernel lists moved counters. */
function crossed(steps: PacketStep[]): Set<string> {
  const out = new Set<string>();
  for (const p of steps) for (const v of [p.before, p.after]) for (const dev of [v.in, v.out]) if (dev && v.node !== 'external') out.add(`${v.node}|${v.netns}|${dev}`);
  return out;
}

/** The kernel's outcome for an engine branch: the same endpoint reached. */
const kernelFor = (os: Outcome[], steps: PacketStep[]): Outcome | undefined => {
  const end = last(steps).after;
  return os.find((o) => o.server?.local === endpoint(end.dst, end.dport));
};

function agreesWithKernel(t: Trace, os: Outcome[]): void {
  expect(outcomes(t)).toHaveLength(os.length);
  for (const b of outcomes(t)) {
    const steps = packetSteps(b);
    const o = kernelFor(os, steps);
    expect(o, `a kernel outcome reached ${headerText(last(steps).after)}`).toBeDefined();
    const end = last(steps).after;
    // what the server saw: reached at the DNAT target, from the SNAT address
    expect(end.src).toBe(o?.server?.peer);
    const kernel = new Set((o?.interfaces ?? []).filter(([node]) => node !== 'external').map((i) => i.join('|')));
    const via = b.hops.flatMap((h) => (h.via ?? []).map((d) => `${h.node}|${h.netns}|${d}`));
    // every device the card says the packet used had its counter move, and every moved counter is on the path
    for (const dev of crossed(steps)) expect(kernel, dev).toContain(dev);
    for (const dev of kernel) expect([...crossed(steps), ...via], dev).toContain(dev);
  }
}

describe('packetSteps: NAT', () => {
  const files = folder('kubenet');

  it('a NodePort from the internet: DNAT to the endpoint in PREROUTING, the KUBE-MARK-MASQ mark, MASQUERADE in POSTROUTING', () => {
    const t = traced(files, '203.0.113.10', '10.240.0.4:30080');
    agreesWithKernel(t, probe('kubenet', 'internet-to-nodeport'));
    // the branch to the endpoint on the other node, step by step
    const steps = packetSteps(outcomes(t).find((b) => b.deliveredTo && 'pod' in b.deliveredTo && b.deliveredTo.pod === 'default/web-1') as Trace);
    const dnat = steps.find((p) => p.nat?.kind === 'DNAT') as PacketStep;
    expect(dnat).toMatchObject({ hook: 'PREROUTING', changed: expect.arrayContaining(['dst', 'ctstate']) });
    expect(dnat.before).toMatchObject({ src: '203.0.113.10', sport: 40000, dst: '10.240.0.4', dport: 30080, mark: 0x4000, ctstate: 'NEW', natted: [],
      node: 'aks-kubenet-0', netns: 'host', in: 'eth0', out: null });
    expect(dnat.after).toMatchObject({ dst: '10.244.1.10', dport: 8080, natted: ['DNAT'] });
    expect(dnat.decided).toMatchObject({ what: 'nat', table: 'nat', chain: 'KUBE-SEP-WEB1', rule: 2, ruleText: expect.stringContaining('--to-destination 10.244.1.10:8080') });
    expect(dnat.decided.source?.line).toBeGreaterThan(0);
    const mark = steps.find((p) => p.step.chain === 'KUBE-MARK-MASQ') as PacketStep;
    expect([mark.before.mark, mark.after.mark, mark.changed]).toEqual([0, 0x4000, ['mark']]);
    const route = steps.find((p) => p.step.kind === 'route' && p.hop === dnat.hop) as PacketStep;
    expect([route.before.out, route.after.out]).toEqual([null, 'eth0']);
    const masq = steps.find((p) => p.nat?.kind === 'MASQUERADE') as PacketStep;
    expect(masq).toMatchObject({ hook: 'POSTROUTING', before: { src: '203.0.113.10', mark: 0 }, after: { src: '10.240.0.4', sport: 40000, natted: ['DNAT', 'SNAT'] } });
    // on the next node the packet is new to conntrack there, and carries no mark
    const arrived = steps.find((p) => p.before.node === 'aks-kubenet-1') as PacketStep;
    expect(arrived.before).toMatchObject({ src: '10.240.0.4', dst: '10.244.1.10', dport: 8080, mark: 0, ctstate: 'NEW', natted: [], in: 'eth0' });
    expect(last(steps).after).toMatchObject({ node: 'aks-kubenet-1', netns: 'pod:default/web-1', in: 'eth0' });
  });

  it('a ClusterIP from a pod: DNAT to one of the two endpoints, no SNAT', () => {
    const t = traced(files, 'default/client-0', '10.0.100.10:80');
    agreesWithKernel(t, probe('kubenet', 'pod-to-clusterip'));
    for (const b of outcomes(t)) expect(packetSteps(b).filter((p) => p.nat).map((p) => p.nat?.kind)).toEqual(['DNAT']);
  });

  it('seed 002: MASQUERADE to the address of eth0, which the seed does not show, is named rather than invented', () => {
    const t = traced([{ path: 'seed-002.txt', text: readFileSync(new URL('../../../scenarios/seed-002.txt', import.meta.url), 'utf8') }], '10.100.1.18', '8.8.8.8:443');
    const masq = packetSteps(t).find((p) => p.nat) as PacketStep;
    expect(masq.before).toMatchObject({ src: '10.100.1.18', sport: 40000 });
    expect(masq.after).toMatchObject({ src: 'the address of eth0 (not captured)', sport: 40000, natted: ['SNAT'], out: 'eth0' });
  });
});

describe('packetSteps: VXLAN', () => {
  const files = folder('calico-vxlan');

  it('wraps the pod packet in UDP 4789 node to node, netfilter sees the outer packet, the other node unwraps it', () => {
    const t = traced(files, 'prod/frontend-0', 'prod/api-0:8080');
    agreesWithKernel(t, probe('calico-vxlan', 'vxlan-policy-allows'));
    const steps = packetSteps(t);
    const inner = { proto: 'tcp', src: '192.168.10.5', sport: 40000, dst: '192.168.20.5', dport: 8080 };
    const encap = steps.find((p) => p.step.kind === 'encap') as PacketStep;
    expect(encap.before).toMatchObject({ ...inner, mark: 0x10000, node: 'aks-calico-0', in: 'cali1f3a9c2e7b4', out: 'vxlan.calico' });
    expect(encap.before.encap).toBeUndefined();
    expect(encap.after).toMatchObject({ ...inner, out: 'eth0', in: 'vxlan.calico',
      encap: { kind: 'vxlan', vni: 4096, dev: 'vxlan.calico', outer: { proto: 'udp', src: '10.240.0.4', sport: 40001, dst: '10.240.0.5', dport: 4789, ctstate: 'NEW', mark: 0x10000 } } });
    expect(encap.changed).toEqual(expect.arrayContaining(['encap', 'src', 'dst', 'out']));
    expect(headerText(encap.after)).toBe('udp 10.240.0.4:40001 → 10.240.0.5:4789 [VXLAN VNI 4096] carrying tcp 192.168.10.5:40000 → 192.168.20.5:8080');
    // the node's own OUTPUT and POSTROUTING run on the outer packet
    const between = steps.slice(steps.indexOf(encap) + 1, steps.findIndex((p) => p.step.kind === 'decap'));
    expect(between.filter((p) => p.hook).map((p) => p.hook)).toEqual(expect.arrayContaining(['OUTPUT', 'POSTROUTING', 'PREROUTING', 'INPUT']));
    expect(between.every((p) => p.before.encap?.outer.dport === 4789)).toBe(true);
    // the mark stays behind on the first node: the outer packet arrives with none
    const arrived = between.find((p) => p.before.node === 'aks-calico-1') as PacketStep;
    expect(arrived.before).toMatchObject({ in: 'eth0', netns: 'host', encap: { outer: { mark: 0, src: '10.240.0.4' } } });
    const decap = steps.find((p) => p.step.kind === 'decap') as PacketStep;
    expect(decap.after).toMatchObject({ ...inner, mark: 0, node: 'aks-calico-1' });
    expect(decap.after.encap).toBeUndefined();
    expect(decap.changed).toContain('encap');
    // after decapsulation Calico's policy marks the inner packet on the destination node
    const accepted = steps.find((p) => p.before.node === 'aks-calico-1' && p.step.chain?.startsWith('cali-pi-') && p.after.mark === 0x10000) as PacketStep;
    expect(accepted.before.mark).toBe(0);
  });

  it('leaving the cluster, Calico masquerades to the node address', () => {
    const t = traced(files, 'default/tester-0', '203.0.113.10:443');
    agreesWithKernel(t, probe('calico-vxlan', 'pod-to-internet'));
  });
});

describe('checkpoints on the kernel captures', () => {
  it('a DNAT offers the service\'s other endpoint and the untouched address; a MASQUERADE the node\'s other addresses', () => {
    const files = folder('kubenet');
    const snap = buildModel(files);
    const t = trace(snap, { from: '203.0.113.10', to: '10.240.0.4:30080' });
    if ('error' in t) throw new Error(t.error);
    const b = (t.branches[0] as Trace['branches'][number]).trace;
    const steps = packetSteps(b);
    const at = (p: PacketStep) => buildCheckpoint({ id: `cp-${p.n}`, at: { line: 1 }, line: 1 }, p, steps[p.n - 2], b, snap);
    const dnat = at(steps.find((p) => p.nat?.kind === 'DNAT') as PacketStep);
    if ('problem' in dnat) throw new Error(dnat.problem);
    expect(dnat.predict).toBe('nat');
    expect(dnat.choices.find((c) => c.id === dnat.answer)?.label).toBe('10.244.0.10:8080');
    expect(dnat.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['10.244.1.10:8080', 'unchanged: 10.240.0.4:30080']));
    const masq = at(steps.find((p) => p.nat?.kind === 'MASQUERADE') as PacketStep);
    if ('problem' in masq) throw new Error(masq.problem);
    expect(masq.choices.find((c) => c.id === masq.answer)?.label).toBe('10.244.0.1:40000');
    expect(masq.choices.map((c) => c.label)).toEqual(expect.arrayContaining(['10.240.0.4:40000', 'unchanged: 203.0.113.10:40000']));
  });
});
