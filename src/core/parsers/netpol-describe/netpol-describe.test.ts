import { describe, expect, it } from 'vitest';
import { EMPTY_FORMS, parse } from './netpol-describe.ts';
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
    // the selector is kept unreadable, so the model refuses the policy (see below), never a peer of every pod
    expect(spec(r).egress[0]?.to).toEqual([{ namespaceSelector: { matchLabels: { unreadable: expect.anything() } } }]);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 9, 10]);
  });
  it('a port it cannot read makes the policy unreadable (its answer unknown), not a rule open on every port', () => {
    const text = [...HEAD.slice(0, 6), '    To Port: 5ꙮ/UDP', '    To:', '      PodSelector: k8s-app=kube-dns'].join('\n');
    const { snapshot } = runPipeline([{ path: 'describe.txt', text: `$ kubectl describe netpol deny-backend\n${text}` }]);
    expect(snapshot.cluster.policies).toEqual([]);
    expect(snapshot.cluster.unreadablePolicies).toEqual([expect.objectContaining({ name: 'deny-backend', namespace: 'default' })]);
  });
  it('so does a pod selector with a term that is no selector term, the policy\'s own or a peer\'s', () => {
    const cases: [string, string][] = [['PodSelector:     app=backend', 'PodSelector:   ᰳ app=backend'], ['k8s-app=kube-dns', 'k8s-app=kube-dns, ⶯ x']];
    for (const [from, to] of cases) {
      const text = [...HEAD, '      PodSelector: k8s-app=kube-dns'].join('\n').replace(from, to);
      const r = parse(text);
      expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[from.startsWith('Pod') ? 5 : 9, 'unrecognized']]);
      const { snapshot } = runPipeline([{ path: 'describe.txt', text: `$ kubectl describe netpol deny-backend\n${text}` }]);
      expect(snapshot.cluster.policies).toEqual([]);
      expect(snapshot.cluster.unreadablePolicies).toEqual([expect.objectContaining({ name: 'deny-backend' })]);
    }
  });
});

describe("netpol describe: kubectl's fixed words for an empty value", () => {
  const SPEC = ['Spec:', '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)', '  Allowing ingress traffic:',
    '    To Port: <any> (traffic allowed to all ports)', '    From: <any> (traffic not restricted by source)',
    '  Allowing egress traffic:', '    <none> (Selected pods are isolated for egress connectivity)', '  Policy Types: Ingress, Egress'];
  it('read as the empty value without a warning, and declared as such for the line accounting', () => {
    const r = parse(SPEC.join('\n'));
    expect(r.records[0]?.spec).toEqual({ podSelector: {}, ingress: [{}], egress: [], policyTypes: ['Ingress', 'Egress'] });
    expect(r.warnings).toEqual([]);
    for (const l of [1, 3, 4, 6]) expect(EMPTY_FORMS.test(SPEC[l] as string)).toBe(true);
  });
  it('a note that is not kubectl\'s, or text after it, is named on its line; the value is still read', () => {
    const merged = '    From: <any> (traffic not restricted by source)✁  Allowing egress traffic:';
    const text = [...SPEC.slice(0, 4), merged, ...SPEC.slice(5)].join('\n').replace('(traffic allowed', '(tr-ffic allowed');
    const r = parse(text);
    expect(r.records[0]?.spec).toEqual({ podSelector: {}, ingress: [{}], egress: [], policyTypes: ['Ingress', 'Egress'] });
    expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[4, 'ignored'], [5, 'ignored']]);
    expect(EMPTY_FORMS.test('    To Port: <any> (tr-ffic allowed to all ports)')).toBe(false);
  });
  it('the isolated note reads its own direction when the Allowing line before it was lost', () => {
    const r = parse(['Spec:', '  PodSelector: app=web', 'lowing egress traffic:', '<none> (Selected pods are isolated for egress connectivity)']
      .join('\n'));
    expect(r.records[0]?.spec).toEqual({ podSelector: { matchLabels: { app: 'web' } }, egress: [] });
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
  });
  it('a rule line before any Allowing section, and a second selector of one kind in a peer, are named, not read', () => {
    const r = parse(['Spec:', '    To Port: <any> (traffic allowed to all ports)', '  PodSelector: <none>', '  Allowing egress traffic:',
      '    To Port: 53/TCP', '    To:', '      PodSelector: k8s-app=kube-dns', '      PodSelector: app=backend', '    ----------', '      PodSelector: app=db'].join('\n'));
    const to = [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }];
    expect(r.records[0]?.spec).toEqual({ podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'TCP' }], to }] });
    expect(r.warnings.map((w) => w.line)).toEqual([2, 8, 10]);
  });
});
