import { describe, expect, it } from 'vitest';
import { parse } from './containers.ts';

const ROW = 'eedee9b9618b k8s.gcr.io/pause-amd64:3.1 "/pause" 2 days ago Up 2 days k8s_POD_addon-http-application-routing-nginx-ingress-cont';
const NAME = 'k8s_POD_addon-http-application-routing-nginx-ingress-controller-8fx6v2r_kube-system_aa952aeb-5562-11e9-b161-9a6af760136f_0';

describe('docker ps: a NAMES cell hard-wrapped onto the next lines', () => {
  it('is joined to its row, and each line it continues on is named as joined', () => {
    const r = parse([ROW, 'roller-8fx6v2r_kube-system_aa952aeb', '-5562-11e9-b161-9a6af760136f_0'].join('\n'));
    const pod = 'addon-http-application-routing-nginx-ingress-controller-8fx6v2r';
    expect(r.records).toEqual([expect.objectContaining({ names: NAME, k8s: expect.objectContaining({ pod }) })]);
    expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[2, 'ignored'], [3, 'ignored']]);
  });
  it('cut short, the name stays as written (no Kubernetes name decoded) and the line is named', () => {
    const r = parse([ROW, 'roller-8fx6v2r_kube-system_aa952aeb-5562'].join('\n'));
    expect(r.records[0]).not.toHaveProperty('k8s');
    expect(r.warnings.map((w) => w.line)).toEqual([2]);
  });
});
