/** Column headers: read when route -n could have printed them, named when only like one (issue 17). */
import { describe, expect, it } from 'vitest';
import { parse } from './route-n.ts';

describe('route -n column headers', () => {
  it('route -nee puts Iface before MSS Window irtt: still the header', () => {
    const r = parse(['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt',
      '0.0.0.0         10.0.0.1        0.0.0.0         UG    100    0        0 eth0     0     0      0'].join('\n'));
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual([expect.objectContaining({ dev: 'eth0', gateway: '10.0.0.1' })]);
  });
  it('a header with a column route -n does not print is named, and the rows keep the last layout', () => {
    const r = parse(['Destination     Gateway         Genmask         Flags Metric Xef    Use Iface', '10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0'].join('\n'));
    expect(r.warnings).toEqual([expect.objectContaining({ line: 1, kind: 'unrecognized' })]);
    expect(r.records).toHaveLength(1);
  });
});
