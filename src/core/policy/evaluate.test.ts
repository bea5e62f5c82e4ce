/** Kubernetes NetworkPolicy semantics, on policies written as users write them. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import { evaluatePolicy } from './evaluate.ts';
import type { Pod, Snapshot } from '../model/types.ts';

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-ingress
  namespace: prod
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: web
      podSelector:
        matchLabels:
          role: frontend
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.9.0.0/16]
    ports:
    - protocol: TCP
      port: 8000
      endPort: 8080
`;
const snap: Snapshot = buildModel([{ path: 'np.yaml', text: POLICIES }]);
snap.cluster.namespaces.push({ name: 'web', labels: { team: 'web' }, labelsKnown: true, source: { input: 't', line: 1 } }, { name: 'prod', labels: {}, labelsKnown: true, source: { input: 't', line: 1 } });
const pod = (ns: string, name: string, labels: Record<string, string> | null, ip: string): Pod =>
  ({ namespace: ns, name, ip, labels: labels ?? {}, labelsKnown: labels !== null, source: { input: 't', line: 1 } });
const api = pod('prod', 'api-1', { app: 'api' }, '10.244.1.5');

describe('NetworkPolicy', () => {
  it('allows a frontend pod of a team=web namespace within the port range (namespaceSelector AND podSelector in one peer)', () => {
    const v = evaluatePolicy(snap, { ip: '10.244.2.2', pod: pod('web', 'fe', { role: 'frontend' }, '10.244.2.2') }, { ip: api.ip as string, pod: api }, 'tcp', 8080);
    expect(v.verdict).toBe('allowed');
    expect(v.ingress.reason).toMatch(/prod\/api-ingress ingress rule 1/);
  });
  it('denies the same pod outside endPort, and a non-frontend pod of that namespace', () => {
    expect(evaluatePolicy(snap, { ip: '10.244.2.2', pod: pod('web', 'fe', { role: 'frontend' }, '10.244.2.2') }, { ip: '10.244.1.5', pod: api }, 'tcp', 8081).verdict).toBe('denied');
    expect(evaluatePolicy(snap, { ip: '172.16.2.3', pod: pod('web', 'x', { role: 'batch' }, '172.16.2.3') }, { ip: '10.244.1.5', pod: api }, 'tcp', 8000).verdict).toBe('denied');
  });
  it('applies ipBlock with except to addresses outside the cluster', () => {
    expect(evaluatePolicy(snap, { ip: '10.1.2.3' }, { ip: '10.244.1.5', pod: api }, 'tcp', 8000).verdict).toBe('allowed');
    expect(evaluatePolicy(snap, { ip: '10.9.2.3' }, { ip: '10.244.1.5', pod: api }, 'tcp', 8000).verdict).toBe('denied');
  });
  it('does not isolate a pod no policy selects, and says unknown when the labels it needs were not captured', () => {
    expect(evaluatePolicy(snap, { ip: '10.9.2.3' }, { ip: '10.244.1.9', pod: pod('prod', 'db', { app: 'db' }, '10.244.1.9') }, 'tcp', 5432).verdict).toBe('allowed');
    const v = evaluatePolicy(snap, { ip: '10.9.2.3' }, { ip: '10.244.1.9', pod: pod('prod', 'unknown', null, '10.244.1.9') }, 'tcp', 8000);
    expect(v.verdict).toBe('unknown');
    expect(v.ingress.reason).toMatch(/--show-labels/);
  });
  it('warns about a namespaceSelector that matches no namespace (seed 001 before `kubectl label ns`)', () => {
    const s = buildModel([{ path: 'np.yaml', text: POLICIES }]);
    s.cluster.namespaces.push({ name: 'web', labels: {}, labelsKnown: true, source: { input: 't', line: 1 } });
    expect(evaluatePolicy(s, { ip: '1.1.1.1' }, { ip: '10.244.1.5', pod: api }, 'tcp', 8000).warnings[0]).toMatch(/namespaceSelector team=web matches no namespace/);
  });
});
