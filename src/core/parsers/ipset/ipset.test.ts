import { describe, expect, it } from 'vitest';
import { parse } from './ipset.ts';

const SET = ['Name: KUBE-CLUSTER-IP', 'Type: hash:ip,port', 'Revision: 7', 'Header: family inet hashsize 1024 maxelem 65536',
  'Size in memory: 504'];

describe('ipset: header fields it cannot read are named', () => {
  it('two fields run together: the count is not read as NaN, the line is named', () => {
    const r = parse([...SET, 'References: 1?Number of entries: 1', 'Members:', '10.0.0.10,udp:53'].join('\n'));
    expect(r.records[0]?.references).toBeUndefined();
    expect(r.records[0]?.members).toEqual([{ elem: '10.0.0.10,udp:53' }]);
    expect(r.warnings.map((w) => w.line)).toEqual([6]);
  });
  it('an empty count is not read as 0', () => {
    const r = parse([...SET, 'References:'].join('\n'));
    expect(r.records[0]?.references).toBeUndefined();
    expect(r.warnings.map((w) => w.line)).toEqual([6]);
  });
  it('a field repeated under one Name: (the next Name: lost) is named and the first kept', () => {
    const r = parse([...SET, 'Type: hash:net', 'Size in memory: 552'].join('\n'));
    expect(r.records[0]).toMatchObject({ type: 'hash:ip,port', sizeInMemory: 504 });
    expect(r.warnings.map((w) => w.line)).toEqual([6, 7]);
  });
  it('a garbled Members: line is named; the members under it are read', () => {
    const r = parse([...SET, 'Members:Members:Members:', '10.244.0.3'].join('\n'));
    expect(r.records[0]?.members).toEqual([{ elem: '10.244.0.3' }]);
    expect(r.warnings.map((w) => w.line)).toEqual([6]);
  });
});
