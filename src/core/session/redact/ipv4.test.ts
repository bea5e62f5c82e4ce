/** The IPv4 map keeps structure: containment, prefix lengths, host parts and order hold, and no original address is left. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inCidr } from '../../net/ip.ts';
import { intToIp, ipToInt, Ipv4Map, isKept } from './ipv4.ts';

const octet = fc.integer({ min: 0, max: 255 });
const address = fc.oneof(
  fc.tuple(fc.constant(10), octet, octet, octet),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
  fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
  fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, octet),
).map((o) => o.join('.'));
const network = fc.tuple(address, fc.integer({ min: 8, max: 32 })).map(([ip, len]) => ({ ip: intToIp(ipToInt(ip) - (ipToInt(ip) % 2 ** (32 - len))), len }));

describe('IPv4 redaction map', () => {
  it('keeps every containment between the addresses and networks it saw, and moves every address it saw', () => {
    fc.assert(fc.property(fc.array(address, { minLength: 1, maxLength: 40 }), fc.array(network, { maxLength: 8 }), (addrs, nets) => {
      const m = new Ipv4Map();
      for (const n of nets) m.observe(n.ip, n.len);
      for (const a of addrs) m.observe(a);
      const seen = new Set([...addrs, ...nets.map((n) => n.ip)].filter((a) => !isKept(ipToInt(a))));
      for (const a of addrs) {
        for (const n of nets) expect(inCidr(m.map(a), `${m.mapNet(n.ip, n.len)}/${n.len}`)).toBe(inCidr(a, `${n.ip}/${n.len}`));
      }
      const moved = addrs.filter((a) => !isKept(ipToInt(a)) && m.unmoved.length === 0);
      for (const a of moved) expect(seen.has(m.map(a)) && m.map(a) !== a ? `${a} → ${m.map(a)}, an original` : '').toBe('');
    }), { numRuns: 200 });
  });

  it('keeps host parts, order and the platform addresses; puts public addresses into documentation ranges', () => {
    const m = new Ipv4Map();
    for (const [ip, len] of [['10.224.0.4', 16], ['10.224.0.1', undefined], ['10.244.1.0', 24], ['10.244.0.0', 16], ['10.0.0.10', undefined], ['8.8.8.8', undefined],
      ['20.1.2.3', undefined], ['169.254.1.1', undefined], ['168.63.129.16', undefined], ['10.0.0.0', 8]] as const) m.observe(ip, len);
    expect(m.map('10.224.0.4')).toMatch(/^10\.\d+\.0\.4$/);
    expect(m.map('10.224.0.1')).toBe(m.map('10.224.0.4').replace(/\.4$/, '.1'));
    expect(m.mapNet('10.244.1.0', 24)).toMatch(/^10\.\d+\.1\.0$/);
    expect(ipToInt(m.map('10.0.0.10')) < ipToInt(m.map('10.224.0.4'))).toBe(true);
    expect(m.mapNet('10.0.0.0', 8)).toBe('10.0.0.0');
    expect([m.map('8.8.8.8'), m.map('20.1.2.3')]).toEqual(['192.0.2.8', '198.51.100.3']);
    expect([m.map('169.254.1.1'), m.map('168.63.129.16'), m.map('255.255.255.0')]).toEqual(['169.254.1.1', '168.63.129.16', '255.255.255.0']);
  });
});
