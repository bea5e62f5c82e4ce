import { describe, expect, it } from 'vitest';
import { parse } from './kubectl-nnc.ts';

const HEADER = 'NAME                                ALLOCATED IPS   SUBNET   SUBNET CIDR     NC ID';
const ROW = 'aks-swiftpool-27719446-vmss000000   16              podnet   10.241.0.0/16   1b7e0c2d-4a9f';

describe('kubectl get nnc: a header no row was read under', () => {
  it('a table with rows reads without a warning', () => {
    const r = parse([HEADER, ROW].join('\n'));
    expect(r.records).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });
  it('a header alone (its rows cut off) is named at its line', () => {
    const r = parse(HEADER.slice(0, HEADER.indexOf('   SUBNET CIDR')));
    expect(r.records).toEqual([]);
    expect(r.warnings).toEqual([{ line: 1, kind: 'ignored', message: expect.stringMatching(/header with no row read under it/) }]);
  });
  it('a header cut in two lines is named, as are the lines under it that fit no column', () => {
    const r = parse([HEADER.replace('   SUBNET   ', '\n SUBNET   '), ROW].join('\n'));
    expect(r.records).toEqual([]);
    expect(r.warnings.map((w) => [w.line, w.kind])).toEqual([[1, 'ignored'], [2, 'unrecognized'], [3, 'unrecognized']]);
  });
});
