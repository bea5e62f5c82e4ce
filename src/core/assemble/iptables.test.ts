/** How iptables blocks merge into a host's chains: order, numbering, lines, jumped-to chains, the same chain twice. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import type { IptChain } from '../model/types.ts';

const natOf = (text: string) => {
  const s = buildModel([{ path: 'node.txt', node: 'n1', text }]);
  const nat = s.hosts.find((h) => h.name === 'n1')?.iptables.nat;
  if (!nat) throw new Error('no nat table');
  return nat;
};
const rulesOf = (c: IptChain | undefined) => (c?.rules ?? []).map((r) => ({ index: r.index, text: r.text, line: r.source.line }));

const SAVE = [
  '$ iptables-save -t nat',
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':KUBE-SERVICES - [0:0]',
  ':KUBE-SVC-A - [0:0]',
  '-A PREROUTING -j KUBE-SERVICES',
  '-A KUBE-SERVICES -d 10.0.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-A',
  '-A KUBE-SVC-A -j KUBE-SEP-1',
  '-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A',
  'COMMIT',
];

describe('iptables merge', () => {
  it('numbers a chain\'s rules in order across its runs and keeps each rule\'s line', () => {
    const nat = natOf(SAVE.join('\n'));
    expect(rulesOf(nat.chains.get('KUBE-SERVICES'))).toEqual([
      { index: 1, text: '-A KUBE-SERVICES -d 10.0.0.10/32 -p tcp -m tcp --dport 53 -j KUBE-SVC-A', line: 7 },
      { index: 2, text: '-A KUBE-SERVICES -d 10.0.0.11/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A', line: 9 },
    ]);
    expect(nat.chains.get('KUBE-SERVICES')?.source?.line).toBe(4);
  });

  it('declares a chain only jumped to, and marks it so; a declared chain with no rules is not marked', () => {
    const nat = natOf(SAVE.join('\n'));
    expect(nat.chains.get('KUBE-SEP-1')).toMatchObject({ referencedOnly: true, rules: [] });
    expect(nat.chains.get('KUBE-SVC-A')?.referencedOnly).toBeFalsy();
    expect(nat.chains.get('PREROUTING')?.referencedOnly).toBeFalsy();
  });

  it('a chain jumped to first and shown later is not marked', () => {
    const nat = natOf([...SAVE, '$ iptables -t nat -S KUBE-SEP-1', '-N KUBE-SEP-1', '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.244.0.5:53'].join('\n'));
    expect(nat.chains.get('KUBE-SEP-1')?.referencedOnly).toBeFalsy();
    expect(rulesOf(nat.chains.get('KUBE-SEP-1'))).toEqual([{ index: 1, text: '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.244.0.5:53', line: 13 }]);
  });

  it('a grep of a chain, then its full listing: the listing\'s rules in the listing\'s order, each once', () => {
    // the grep shows the chain's second rule: kept first, it would run before the rule the listing puts before it
    const grep = ['$ iptables-save -t nat | grep KUBE-SEP-2', '-A KUBE-SVC-A -j KUBE-SEP-2'];
    const nat = natOf([...grep, ...SAVE.slice(0, 7), '-A KUBE-SVC-A  -j KUBE-SEP-1', '-A KUBE-SVC-A -j KUBE-SEP-2', 'COMMIT'].join('\n'));
    expect(rulesOf(nat.chains.get('KUBE-SVC-A'))).toEqual([
      { index: 1, text: '-A KUBE-SVC-A  -j KUBE-SEP-1', line: 10 },
      { index: 2, text: '-A KUBE-SVC-A -j KUBE-SEP-2', line: 11 },
    ]);
  });

  it('a full listing, then a grep of it in another syntax (iptables -L): nothing doubled', () => {
    const nat = natOf([...SAVE, '$ iptables -t nat -L KUBE-SERVICES -n | grep 10.0.0.11',
      'KUBE-SVC-A  tcp  --  0.0.0.0/0            10.0.0.11            tcp dpt:80'].join('\n'));
    expect(rulesOf(nat.chains.get('KUBE-SERVICES')).map((r) => r.line)).toEqual([7, 9]);
  });

  it('two full listings of a chain that differ: the later is the chain, the earlier an earlier snapshot', () => {
    const s = buildModel([{ path: 'node.txt', node: 'n1', text: [...SAVE, '$ iptables-save -t nat', '*nat', ':KUBE-SVC-A - [0:0]', '-A KUBE-SVC-A -j KUBE-SEP-3', 'COMMIT'].join('\n') }]);
    const h = s.hosts.find((x) => x.name === 'n1');
    expect(rulesOf(h?.iptables.nat?.chains.get('KUBE-SVC-A')).map((r) => r.text)).toEqual(['-A KUBE-SVC-A -j KUBE-SEP-3']);
    expect(h?.earlier?.map((e) => [e.what, e.chain, e.count, e.source.line, e.supersededBy.line])).toEqual([['chain', 'KUBE-SVC-A', 1, 8, 14]]);
    expect(s.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('chain nat/KUBE-SVC-A shown twice (lines 8 and 14) and its rules differ'));
  });

  it('a block that shows a chain in two runs keeps both runs whole, even a rule written twice', () => {
    const nat = natOf([...SAVE.slice(0, 9), '-A KUBE-SVC-A -j KUBE-SEP-1', 'COMMIT'].join('\n'));
    expect(rulesOf(nat.chains.get('KUBE-SVC-A')).map((r) => [r.index, r.line])).toEqual([[1, 8], [2, 10]]);
  });

  it('reads an iptables -L listing the same way: rows numbered per chain, jumped-to chains declared', () => {
    const nat = natOf([
      '$ iptables -t nat -L -n -v',
      'Chain KUBE-SERVICES (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-SVC-A  tcp  --  *      *       0.0.0.0/0            10.0.0.10            /* kube-system/kube-dns:dns-tcp */ tcp dpt:53',
      '    7   420 KUBE-SVC-B  tcp  --  *      *       0.0.0.0/0            10.0.0.11            tcp dpt:80',
      '',
      'Chain KUBE-SVC-A (1 references)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '    0     0 KUBE-SEP-1  all  --  *      *       0.0.0.0/0            0.0.0.0/0',
    ].join('\n'));
    expect(rulesOf(nat.chains.get('KUBE-SERVICES')).map((r) => [r.index, r.line])).toEqual([[1, 4], [2, 5]]);
    expect(nat.chains.get('KUBE-SERVICES')?.rules[1]?.counters).toEqual({ packets: 7, bytes: 420 });
    expect(nat.chains.get('KUBE-SVC-A')?.referencedOnly).toBeFalsy();
    expect(nat.chains.get('KUBE-SVC-B')?.referencedOnly).toBe(true);
    expect(nat.chains.get('KUBE-SEP-1')?.referencedOnly).toBe(true);
  });
});
