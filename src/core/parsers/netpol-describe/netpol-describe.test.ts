import { describe, expect, it } from 'vitest';
import { parse } from './netpol-describe.ts';

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
});
