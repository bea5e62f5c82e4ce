import { describe, expect, it } from 'vitest';
import { parse } from './netpol-describe.ts';
import { runPipeline } from '../../pipeline.ts';

const HEAD = ['Name:         deny-backend', 'Namespace:    default', 'Labels:       <none>', 'Spec:', '  PodSelector:     app=backend',
  '  Allowing egress traffic:', '    To Port: 53/UDP', '    To:'];
const spec = (r: ReturnType<typeof parse>) => r.records[0]?.spec as { egress: { ports?: unknown[]; to?: Record<string, unknown>[] }[] };

describe('netpol describe: values it cannot read are named, not kept garbled', () => {
  it('the well-formed policy reads without a warning', () => {
    const r = parse([...HEAD, '      NamespaceSelector: <none>', '      PodSelector: k8s-app=kube-dns'].join('\n'));
    expect(spec(r).egress[0]?.to).toEqual([{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }]);
    expect(r.warnings).toEqual([]);
  });
  it('a garbled namespace, labels, port and selector are each named with their line', () => {
    const text = [...HEAD, '      NamespaceSelector: <none>      NamespaceSelector: <none>', '    To Port: <'].join('\n')
      .replace('Namespace:    default', 'Namespace: ೣ  default').replace('Labels:       <none>', 'Labels:    ,н <none>');
    const r = parse(text);
    expect(r.records[0]?.metadata.namespace).toBeUndefined();
    expect(spec(r).egress[0]?.to).toEqual([{}]);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 9, 10]);
  });
  it('a port it cannot read makes the policy unreadable (its answer unknown), not a rule open on every port', () => {
    const text = [...HEAD.slice(0, 6), '    To Port: 5ꙮ/UDP', '    To:', '      PodSelector: k8s-app=kube-dns'].join('\n');
    const { snapshot } = runPipeline([{ path: 'describe.txt', text: `$ kubectl describe netpol deny-backend\n${text}` }]);
    expect(snapshot.cluster.policies).toEqual([]);
    expect(snapshot.cluster.unreadablePolicies).toEqual([expect.objectContaining({ name: 'deny-backend', namespace: 'default' })]);
  });
});
