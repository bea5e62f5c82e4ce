/** A multipath route's hops: each read, a hop cut short named (issue 17). */
import { expect, it } from 'vitest';
import { parse } from './ip-route.ts';

it('a nexthop line cut before its gateway or device is named, the hops before it kept', () => {
  const r = parse(['198.51.100.0/24 proto static', '\tnexthop via 10.0.0.1 dev eth0 weight 1', '\tnexthop v'].join('\n'));
  expect(r.records[0]?.nexthops).toEqual([expect.objectContaining({ gateway: '10.0.0.1', dev: 'eth0' })]);
  expect(r.warnings).toEqual([expect.objectContaining({ line: 3, kind: 'unrecognized' })]);
});
