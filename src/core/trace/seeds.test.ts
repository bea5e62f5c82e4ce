/** Trace scenarios from the seed documents: the verdict, the path and the rule that decided. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { trace } from './engine.ts';
import { formatTrace } from './format.ts';
import type { Trace } from './types.ts';
import type { Snapshot } from '../model/types.ts';

const seed = (n: string): Snapshot => buildModel([{ path: `seed-${n}.txt`, text: readFileSync(new URL(`../../scenarios/seed-${n}.txt`, import.meta.url), 'utf8') }]);
const run = (s: Snapshot, from: string, to: string): Trace => {
  const t = trace(s, { from, to });
  if ('error' in t) throw new Error(t.error);
  return t;
};
const steps = (t: Trace) => t.hops.flatMap((h) => h.steps);

describe('seed 001: Calico policy on Azure CNI', () => {
  const s = seed('001');
  it('drops default/kuard-vnode → ingress/kuard-vnode-ingress on 8080 in cali-tw-calid3b581beed8 once the policy applies', () => {
    const t = run(s, 'default/kuard-vnode', 'ingress/kuard-vnode-ingress-7b6868dd49-drldk:8080');
    expect(t.flow).toEqual({ src: '10.13.76.26', dst: '10.13.76.19', proto: 'tcp', sport: 40000, dport: 8080 });
    expect(t.verdict).toBe('dropped');
    expect(t.droppedBy?.chain).toBe('cali-tw-calid3b581beed8');
    expect(t.droppedBy?.rule).toContain('Drop if no policies passed packet');
    expect(t.droppedBy?.policy).toBe('ingress/drop-inter-namespace');
    // the path: the pod's eth0, the host end of its veth, the policy chain that did not accept
    expect(t.hops.map((h) => [h.netns, h.in])).toEqual([['pod:default/kuard-vnode-bd88cbf77-rmr66', null], ['host', 'cali17b90f98476']]);
    expect(steps(t).some((x) => x.chain === 'cali-pi-_FSXf14qKl1ZqjRcvUXU')).toBe(false); // jumped into, nothing matched
    expect(steps(t).find((x) => x.kind === 'drop')?.source?.line).toBeGreaterThan(0);
    expect(t.assumptions.join('\n')).toMatch(/FORWARD .* not in the capture/);
  });
  it('lets a kube-system pod through cali-pi-_FSXf14qKl1ZqjRcvUXU and delivers it', () => {
    const t = run(s, 'kube-system/coredns-754f947b4-tcct9', '10.13.76.19:8080');
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toEqual({ node: 'aks-nodepool1-26711606-0', pod: 'ingress/kuard-vnode-ingress-7b6868dd49-drldk', ip: '10.13.76.19' });
    const accept = steps(t).find((x) => x.chain === 'cali-pi-_FSXf14qKl1ZqjRcvUXU' && /MARK .*0x10000/.test(x.detail));
    expect(accept?.rule).toBe(1);
    expect(t.hops.at(-1)).toMatchObject({ netns: 'pod:ingress/kuard-vnode-ingress-7b6868dd49-drldk', in: 'eth0' });
    expect(t.policy?.verdict).toBe('allowed');
  });
  it('the same kube-system pod on another port is dropped: the policy rule is for 8080 only', () => {
    expect(run(s, 'kube-system/coredns-754f947b4-tcct9', '10.13.76.19:9090').verdict).toBe('dropped');
  });
});

describe('seed 000: Azure CNI with Azure NPM', () => {
  const s = seed('000');
  it('walks FORWARD → AZURE-NPM and follows both outcomes of a rule whose ipsets were not captured', () => {
    const t = run(s, 'kube-system/coredns-76b9877f49-sh2lz', '192.168.1.44:443');
    expect(t.verdict).toBe('delivered');
    expect(steps(t).map((x) => x.chain)).toEqual(expect.arrayContaining(['FORWARD', 'AZURE-NPM']));
    expect(t.branches).toHaveLength(2);
    expect(t.branches.every((b) => b.uncertain && b.trace.verdict === 'delivered')).toBe(true);
    expect(t.branches.map((b) => b.trace.hops.flatMap((h) => h.steps).find((x) => x.chain === 'AZURE-NPM-EGRESS')?.assumed)).toEqual([
      expect.stringContaining('assumed to match'), expect.stringContaining('assumed not to match')]);
    expect(t.missing).toEqual(expect.arrayContaining([expect.stringContaining('ipset list azure-npm-4272224941')]));
  });
  it('crosses the azv veth: /32 route on the host to the destination pod', () => {
    const t = run(s, 'kube-system/coredns-76b9877f49-sh2lz', '192.168.1.44:443');
    const b = t.branches[0]?.trace as Trace;
    expect(b.hops.map((h) => [h.netns, h.in, h.out])).toEqual([
      ['pod:kube-system/coredns-76b9877f49-sh2lz', null, 'eth0'],
      ['host', 'azv431b324e9b7', 'azveeef4bfc05d'],
      ['pod:kube-system/metrics-server-555d76c778-66s8q', 'eth0', null],
    ]);
  });
  it('is unknown, naming the node to capture, when the destination pod runs on a node not in the inputs', () => {
    const t = run(s, 'kube-system/coredns-76b9877f49-sh2lz', 'kube-system/coredns-76b9877f49-lvq2h:53/udp');
    expect(t.verdict).toBe('unknown');
    expect(t.missing.join()).toContain('aks-nodepool1-29364957-vmss000001');
  });
});

describe('seed 002: kubenet', () => {
  const s = seed('002');
  it('MASQUERADEs a pod going outside the cluster (nat POSTROUTING rule 3, ! -d 10.100.0.0/16)', () => {
    const t = run(s, '10.100.1.18', '8.8.8.8:443');
    expect(t.verdict).toBe('delivered');
    expect(t.deliveredTo).toEqual({ external: '8.8.8.8' });
    expect(t.nat.map((n) => n.kind)).toEqual(['MASQUERADE']);
    expect(steps(t).find((x) => x.kind === 'nat')?.rule).toBe(3);
    expect(steps(t).find((x) => x.kind === 'route' && x.detail.startsWith('default via 10.220.1.1'))).toBeTruthy();
    // the seed lists POSTROUTING only: KUBE-POSTROUTING's rules are kube-proxy's standard ones, and the trace says it assumed them
    expect(t.assumptions.join('\n')).toMatch(/KUBE-POSTROUTING is not in the capture: assumed kube-proxy's standard rules/);
    // eth0's address is not in the seed: the new source is named, not invented
    expect(t.nat[0]?.to).toBe('the address of eth0 (not captured)');
  });
  it('keeps the pod IP for a pod in the cluster CIDR, and is unknown about the owner: the route table is only a screenshot in the seed', () => {
    const t = run(s, '10.100.1.18', '10.100.0.5:80');
    expect(t.nat).toEqual([]);
    expect(t.verdict).toBe('unknown');
    expect(t.missing.join()).toMatch(/who owns 10\.100\.0\.5/);
  });
});

describe('the readable form', () => {
  it('numbers the steps and ends with the verdict and the deciding rule', () => {
    const text = formatTrace(run(seed('001'), 'default/kuard-vnode', '10.13.76.19:8080'));
    expect(text).toMatch(/^\s+1\. route/m);
    expect(text).toMatch(/verdict: dropped/);
    expect(text).toMatch(/dropped by: filter cali-tw-calid3b581beed8/);
  });
});
