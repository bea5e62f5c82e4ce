import { describe, expect, it } from 'vitest';
import { parse } from './kubectl-objects.ts';

describe('kubectl YAML: a key written twice in one mapping', () => {
  it('the one overwritten is named on every line it spans; the last one is read', () => {
    const yaml = ['kind: NetworkPolicy', 'apiVersion: networking.k8s.io/v1', 'metadata:', '  name: web', 'spec:', '  podSelector: {}', '  ingress:',
      '    - from:', '      - namespaceSelector:', '          matchLabels:', '            team: operations', '          matchLabels:',
      '            type: monitoring'].join('\n');
    const r = parse(yaml);
    const ingress = [{ from: [{ namespaceSelector: { matchLabels: { type: 'monitoring' } } }] }];
    expect((r.records[0]?.spec as { ingress: unknown[] }).ingress).toEqual(ingress);
    expect(r.warnings).toEqual([{ line: 10, to: 11, kind: 'unrecognized', message: expect.stringMatching(/^matchLabels: written again later/) }]);
  });
  it('a mapping without a repeated key has no such warning', () => {
    expect(parse(['kind: Namespace', 'apiVersion: v1', 'metadata:', '  name: web'].join('\n')).warnings).toEqual([]);
  });
});
