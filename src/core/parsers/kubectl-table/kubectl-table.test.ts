import { describe, expect, it } from 'vitest';
import { parse } from './kubectl-table.ts';

const NODE = 'aks-pool-0      Ready    agent   9m    v1.29.7   10.240.0.4    <none>        Ubuntu 22.04.4 LTS   '
  + '5.15.0-1068-azure   containerd://1.7.15-1';

describe('kubectl table: a header is read with its rows', () => {
  it('a header over no row (the rows cut off) is named with its line', () => {
    const r = parse('NAMESPACE   NAME   TYPE        CLUSTER-IP   ');
    expect(r.records).toEqual([]);
    expect(r.warnings).toMatchObject([{ line: 1, message: expect.stringMatching(/header with no row/) }]);
  });
  it('a header broken after NAME: both parts named, the rows read by their shape (not whole into NAME)', () => {
    const r = parse(['NAME  ',
      '         STATUS   ROLES   AGE   VERSION   INTERNAL-I{   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME',
      NODE].join('\n'));
    expect(r.records[0]).toMatchObject({ kind: 'Node', name: 'aks-pool-0', internalIp: '10.240.0.4' });
    expect(r.warnings).toMatchObject([{ line: 1, to: 2 }]);
  });
  it('a header the terminal wrapped (` AGE` on its own line) is read as one, and said so', () => {
    const r = parse(['NAMESPACE   NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S) ', ' AGE',
      'default     web    ClusterIP   10.0.100.10   <none>        80/TCP    5m'].join('\n'));
    expect(r.records[0]).toMatchObject({ kind: 'Service', ports: [{ port: 80, protocol: 'TCP' }], age: '5m' });
    expect(r.warnings).toMatchObject([{ line: 1, to: 2, kind: 'ignored' }]);
  });
});
