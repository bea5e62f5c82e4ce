import { describe, expect, it } from 'vitest';
import { parse } from './brctl.ts';

describe('brctl: a table header is read with its rows', () => {
  it('a header with rows under it needs no warning', () => {
    const r = parse(['bridge name\tbridge id\t\tSTP enabled\tinterfaces', 'cbr0\t\t8000.868db3156cb8\tno\t\tveth5c3e7a01'].join('\n'));
    expect(r.records).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });
  it('a header over no readable row is named with its line number', () => {
    const r = parse(['bridge name\tbridge id\t\tSTP enabled\tinterfaces', 'azure0\t\t80', '', 'port no\tmac addr\t\tis local?\tageing timer',
      '  2\ta6:92:e2:fd:6c:9c\tyes\t\t0.00'].join('\n'));
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2]);
    expect(r.warnings[0]?.message).toMatch(/header with no row/);
  });
});
