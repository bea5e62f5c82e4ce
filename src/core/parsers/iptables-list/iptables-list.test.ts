/**
 * Rows whose trailing text is "plain" (isPlainExtras) are translated lazily, without looking for text the
 * translation would not understand. That is only right if the check is sound: whatever it accepts, the
 * translation reads completely. And a lazily read row must give the record the eager read gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyRule } from '../common/iptables-rule.ts';
import { isPlainExtras, parse, parseRow, translateExtras, type ListedRule } from './iptables-list.ts';

const TOKENS = ['/* ns/svc:http cluster IP */', '/* a */b', '/*', '*/', '/* x', 'tcp', 'udp', 'icmp', 'sctp', 'dpt:80', 'spt:1000', 'dpts:80:90',
  'dpt:', 'dpt:!', 'flags:0x17/0x02', 'type', 'icmptype', '8', 'statistic', 'mode', 'random', 'probability', '0.33333333349', 'every', 'packet',
  'to:10.244.0.5:8080', 'to:', 'MARK', 'or', 'set', 'xset', '0x4000/0x4000', 'mark', 'match', '!', 'ctstate', 'state', 'RELATED,ESTABLISHED',
  'match-set', 'cali40s:abc', 'src', 'dst', 'ADDRTYPE', 'src-type', 'dst-type', 'LOCAL', '!LOCAL', 'multiport', 'dports', 'ports', '80,443',
  'reject-with', 'icmp-port-unreachable', 'masq', 'ports:', '1024-65535', 'redir', 'random-fully', 'persistent', '[goto]', 'PHYSDEV', 'stray'];
/** Whole constructs as iptables prints them, so that generated text often is plain, with stray tokens around. */
const ITEMS = ['tcp dpt:80', 'tcp spt:1000 dpt:80', 'udp dpts:53:54', 'tcp flags:0x17/0x02', 'icmp type 8', 'icmp icmptype 8', 'icmptype 0',
  'statistic mode random probability 0.5', 'statistic mode nth every 3 packet 0', 'to:10.244.0.5:8080', 'MARK or 0x4000', 'MARK xset 0x4000/0x0',
  'mark match 0x4000/0x4000', 'mark match ! 0x4000/0x4000', 'ctstate NEW', '! ctstate RELATED,ESTABLISHED', 'state INVALID', 'match-set cali40s:a src',
  '! match-set azure-npm-1 dst', 'ADDRTYPE match dst-type !LOCAL', 'ADDRTYPE match src-type LOCAL dst-type LOCAL', 'multiport dports 80,443',
  'multiport sports ! 22', 'reject-with icmp-port-unreachable', 'masq ports: 1024-65535', 'redir ports 15001', 'random-fully', 'random', 'persistent',
  '/* ns/svc:http cluster IP */', '/**/', '/* a * b */'];
const SEPARATORS = [' ', '  ', '\t', ''];

const row = (extras: string): string => `    0     0 KUBE-SVC-X  tcp  --  *      *       0.0.0.0/0            10.0.0.1             ${extras}`;
const COLS = { num: false, counters: true, inOut: true };
const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('iptables -L rows read lazily', () => {
  it('isPlainExtras accepts only text the translation reads completely (and no [goto])', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...ITEMS), fc.constantFrom(...TOKENS)), fc.constantFrom(...SEPARATORS)), { maxLength: 10 }), (parts) => {
      const extras = parts.map(([t, sep]) => t + sep).join('');
      if (!isPlainExtras(extras)) return;
      const ex = translateExtras(extras, 'DNAT');
      expect(ex.unparsed).toBe('');
      expect(ex.targetOptions.some((o) => o.name === '[goto]')).toBe(false);
    }), { numRuns: 30000 });
  });

  it('give the eager record and the same warnings, for any trailing text', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...ITEMS), fc.constantFrom(...TOKENS)), { maxLength: 8 }), (toks) => {
      const line = row(toks.join(' '));
      const res = parse(`Chain KUBE-SERVICES (2 references)\n pkts bytes target     prot opt in     out     source               destination\n${line}\n`);
      const want = parseRow(line, 'KUBE-SERVICES', COLS) as ListedRule;
      expect(json(res.records[1])).toEqual(json(want));
      expect(res.warnings.length).toBe(want.unparsed ? 1 : 0);
    }), { numRuns: 5000 });
  });

  it('give the eager record in every layout, for any columns, whether the plain-row match or the reader reads them', () => {
    const field = (xs: string[]) => fc.constantFrom(...xs);
    const columns = fc.record({
      num: field(['1', '12', '007', 'x', '1.5']),
      packets: field(['0', '17', '1.2K', '3M', '123456789012345', '1234567890123456', 'n']),
      bytes: field(['0', '2048', '10G', '0']),
      target: field(['KUBE-SVC-X', 'ACCEPT', 'DNAT', '', 'KUBE—X']),
      prot: field(['all', 'tcp', '0', '6', '!udp', '--']),
      opt: field(['--', '-f', '!f', '-', '!-', '—', '*', '---']),
      inIf: field(['*', 'eth0', '!cbr0']),
      outIf: field(['*', 'any', 'azv1']),
      src: field(['0.0.0.0/0', 'anywhere', '10.244.0.5', '!10.0.0.0/8']),
      dst: field(['0.0.0.0/0', '10.0.0.1', '']),
      gap: field([' ', '  ', '\t', ' \t ']),
      lead: field(['', '    ', '\t']),
      // typeset dashes (turned back to `--` before the row is read) in a comment and a value too
      extras: fc.array(fc.oneof(fc.constantFrom(...ITEMS), fc.constantFrom(...TOKENS, '/* a — b */', 'to:10.0.0.1:80–81')), { maxLength: 5 }),
    });
    fc.assert(fc.property(columns, fc.integer({ min: 0, max: 7 }), (c, k) => {
      const cols = { num: !!(k & 1), counters: !!(k & 2), inOut: !!(k & 4) };
      const fields = [...(cols.num ? [c.num] : []), ...(cols.counters ? [c.packets, c.bytes] : []), c.target, c.prot, c.opt,
        ...(cols.inOut ? [c.inIf, c.outIf] : []), c.src, c.dst, ...c.extras];
      const line = c.lead + fields.join(c.gap);
      const header = `${cols.num ? 'num ' : ''}${cols.counters ? 'pkts bytes ' : ''}target prot opt ${cols.inOut ? 'in out ' : ''}source destination`;
      const res = parse(`Chain KUBE-SERVICES (2 references)\n${header}\n${line}\n`);
      const want = parseRow(line.replace(/[—–]/g, '--'), 'KUBE-SERVICES', cols);
      if (!want) { expect(res.records).toHaveLength(1); return; }
      expect(json(res.records[1])).toEqual(json(want));
      expect(res.warnings.length).toBe(want.unparsed ? 1 : 0);
    }), { numRuns: 20000 });
  });

  it('kube-proxy rows are read lazily, with their jump known before their options are parsed', () => {
    const lines = [
      '/* default/nginx cluster IP */ tcp dpt:80',
      '/* default/nginx -> 10.244.0.10:80 */ statistic mode random probability 0.50000000000',
      '/* default/nginx */ tcp to:10.244.0.10:80',
      'MARK or 0x4000',
      '/* kubernetes service traffic requiring SNAT */ random-fully',
      'mark match ! 0x4000/0x4000',
      '/* kubenet: SNAT for outbound traffic from cluster */ ADDRTYPE match dst-type !LOCAL',
    ];
    for (const extras of lines) {
      const [, r] = parse(`Chain X (1 references)\n pkts bytes target     prot opt in     out     source               destination\n${row(extras)}`).records;
      expect(r).toBeInstanceOf(LazyRule);
      expect((r as LazyRule).jump).toEqual({ name: 'KUBE-SVC-X', goto: false });
    }
    const goto = parse(`Chain X (1 references)\n pkts bytes target     prot opt in     out     source               destination\n${row('[goto]')}`).records[1] as ListedRule;
    expect(goto).not.toBeInstanceOf(LazyRule);
    expect(goto.target?.goto).toBe(true);
  });
});
