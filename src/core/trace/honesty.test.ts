/**
 * The trace stays honest where the evidence is thin (issue 16): on the kernel-captured kubenet cluster
 * (fixtures/kernel/kubenet) with one more input each.
 */
import { describe, expect, it } from 'vitest';
import { kubenetFiles } from '../../../bench/hostile-rules.ts';
import { buildModel } from '../pipeline.ts';
import type { InputFile } from '../ingest/ingest.ts';
import { trace, type TraceRequest } from './engine.ts';
import type { Trace } from './types.ts';

const run = (extra: InputFile[], req: TraceRequest): Trace => {
  const t = trace(buildModel([...kubenetFiles(), ...extra]), req);
  if ('error' in t) throw new Error(t.error);
  return t;
};
const toWeb: TraceRequest = { from: 'default/client-0', to: 'default/web-0', port: 8080 };

describe('a NetworkPolicy that did not parse', () => {
  const broken = ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: deny-web', '  namespace: default', 'spec:',
    '  podSelector:', '    matchLabels:', '      app: web', '  ingress:', '  - from:', '    - podSelector: {matchLabels: {app: other}', '      ports: ['].join('\n');
  it('makes the policy answer unknown, naming the policy and why, not "no ingress policy selects"', () => {
    const t = run([{ path: 'netpol.yaml', text: broken }], toWeb);
    expect(t.policy?.verdict).toBe('unknown');
    expect(t.policy?.ingress.reason).toMatch(/^NetworkPolicy default\/deny-web \(netpol\.yaml:2: YAML did not parse.*\) could not be read and may select default\/web-0 for ingress/);
    expect(t.policy?.ingress.reason).not.toMatch(/no ingress policy selects/);
  });
  it('leaves other namespaces alone', () => {
    const t = run([{ path: 'netpol.yaml', text: broken.replace('namespace: default', 'namespace: prod') }], toWeb);
    expect(t.policy?.verdict).toBe('allowed');
  });
});

describe('branches that end differently', () => {
  it('an assumed outcome that drops while the others deliver: the headline is unknown, says what it depends on and the split', () => {
    const rules = ['*filter', ':FORWARD ACCEPT [0:0]', '-A FORWARD -m owner --uid-owner 1000 -j DROP', 'COMMIT'].join('\n');
    const t = run([{ path: 'aks-kubenet-0/owner.txt', node: 'aks-kubenet-0', text: rules }], toWeb);
    expect(t.branches.map((b) => b.trace.verdict)).toEqual(['dropped', 'delivered']);
    expect(t.verdict).toBe('unknown');
    expect(t.droppedBy).toBeNull();
    expect(t.summary).toBe('depends on -m owner --uid-owner 1000: dropped in 1 branch, delivered in 1 branch — assumed outcomes, the inputs do not decide');
  });
  it('a statistic split keeps its worst verdict and states the split with its probabilities', () => {
    const rules = ['*filter', ':FORWARD ACCEPT [0:0]', '-A FORWARD -m statistic --mode random --probability 0.25 -j DROP', 'COMMIT'].join('\n');
    const t = run([{ path: 'aks-kubenet-0/stat.txt', node: 'aks-kubenet-0', text: rules }], toWeb);
    expect(t.verdict).toBe('dropped');
    expect(t.summary).toBe('depends on the random choice of -m statistic rules: dropped in 1 branch (p=0.25), delivered in 1 branch (p=0.75)');
  });
});

describe('source NAT', () => {
  it('after MASQUERADE the packet leaves as the masqueraded address, not the pod\'s own', () => {
    const t = run([], { from: 'default/client-0', to: '8.8.8.8', port: 443 });
    const out = t.hops.flatMap((h) => h.steps).find((s) => s.kind === 'fabric');
    expect(out?.detail).toMatch(/outside the cluster as 10\.240\.0\.4:40000$/);
    expect(out?.detail).not.toContain('10.244.0.11');
  });
});

describe('a service by name', () => {
  it.each(['default/web', 'default/web:80', 'web'])('%s is the service, though its pods web-0 and web-1 share the name', (to) => {
    const t = run([], { from: 'default/client-0', to });
    expect(t.endpoints.dst.service).toBe('default/web');
    expect(t.flow.dst).toBe('10.0.100.10');
  });
  it('a pod named exactly so still comes first', () => {
    expect(run([], { from: 'default/client-0', to: 'default/web-0' }).endpoints.dst.pod).toBe('default/web-0');
  });
});
