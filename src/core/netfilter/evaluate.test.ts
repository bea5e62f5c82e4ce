/** Netfilter semantics the evaluator must share with the kernel, on rule sets written as iptables-save prints them. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import type { Host } from '../model/types.ts';
import { runChain, type EvalOptions } from './evaluate.ts';
import { runHook } from './hooks.ts';
import { IpSetIndex } from './ipsets.ts';
import type { Packet } from './packet.ts';

function hostFrom(text: string): Host {
  const s = buildModel([{ path: 'rules.txt', text }]);
  return s.hosts[0] as Host;
}
const pkt = (over: Partial<Packet> = {}): Packet => ({ src: '10.244.1.5', dst: '10.244.2.7', proto: 'tcp', sport: 40000, dport: 8080, mark: 0, ctstate: 'NEW', ...over });
const opts = (h: Host, over: Partial<EvalOptions> = {}): EvalOptions => ({ node: h.name, ipsets: new IpSetIndex(h.ipsets), isLocal: (ip) => ip === '10.0.0.4', missingSets: new Set(), ...over });

const save = (table: string, ...lines: string[]) => [`*${table}`, ...lines, 'COMMIT'].join('\n');

describe('jumps, gotos, returns and policies', () => {
  const h = hostFrom(save('filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':A - [0:0]', ':B - [0:0]', ':C - [0:0]',
    '-A FORWARD -j A', '-A FORWARD -p tcp --dport 8080 -j ACCEPT',
    '-A A -g B', '-A A -j DROP',
    '-A B -s 10.244.1.0/24 -j RETURN', '-A B -j C',
    '-A C -i eth+ -j DROP'));
  const t = h.iptables.filter!;
  it('a RETURN in a chain reached by goto returns to the caller of the goto-ing chain (not to A)', () => {
    const [o] = runChain(t, 'FORWARD', pkt(), opts(h));
    expect(o?.verdict).toBe('ACCEPT');
    expect(o?.decidedBy).toMatchObject({ chain: 'FORWARD', index: 2 });
    expect(o?.steps.map((s) => s.action)).toEqual(['jump A', 'goto B', 'RETURN', 'ACCEPT']);
  });
  it('the end of a built-in chain applies its policy', () => {
    const [o] = runChain(t, 'FORWARD', pkt({ src: '10.9.9.9', dport: 22 }), opts(h));
    expect(o?.verdict).toBe('DROP');
    expect(o?.decidedBy?.rule).toBe('policy DROP');
  });
  it('-i eth+ matches eth0 and not cali1', () => {
    expect(runChain(t, 'FORWARD', pkt({ src: '10.9.9.9', iif: 'eth0' }), opts(h))[0]?.decidedBy?.chain).toBe('C');
    expect(runChain(t, 'FORWARD', pkt({ src: '10.9.9.9', iif: 'cali1' }), opts(h))[0]?.decidedBy?.chain).toBe('FORWARD');
  });
});

describe('marks', () => {
  const h = hostFrom(save('mangle', ':PREROUTING ACCEPT [0:0]', ':M - [0:0]',
    '-A PREROUTING -j MARK --set-xmark 0x10000/0x10000', '-A PREROUTING -j MARK --or-mark 0x4000', '-A PREROUTING -j MARK --set-xmark 0x0/0x10000',
    '-A PREROUTING -m mark --mark 0x4000/0x4000 -j M', '-A M -m mark ! --mark 0x10000/0x10000 -j DROP'));
  it('applies set-xmark, or-mark and masked clears like the kernel, and matches masked marks with negation', () => {
    const [o] = runChain(h.iptables.mangle!, 'PREROUTING', pkt(), opts(h));
    expect(o?.steps.map((s) => s.action)).toEqual(['MARK 0x0 → 0x10000', 'MARK 0x10000 → 0x14000', 'MARK 0x14000 → 0x4000', 'jump M', 'DROP']);
    expect(o?.packet.mark).toBe(0x4000);
  });
});

describe('kube-proxy services', () => {
  const h = hostFrom(save('nat', ':PREROUTING ACCEPT [0:0]', ':KUBE-SERVICES - [0:0]', ':KUBE-SVC-X - [0:0]', ':KUBE-SEP-1 - [0:0]', ':KUBE-SEP-2 - [0:0]', ':KUBE-SEP-3 - [0:0]', ':KUBE-MARK-MASQ - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A KUBE-SERVICES -d 10.0.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-X',
    '-A KUBE-SVC-X -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-1',
    '-A KUBE-SVC-X -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-2',
    '-A KUBE-SVC-X -j KUBE-SEP-3',
    '-A KUBE-SEP-1 -s 10.244.1.10/32 -j KUBE-MARK-MASQ', '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.244.1.10:8080',
    '-A KUBE-SEP-2 -p tcp -m tcp -j DNAT --to-destination 10.244.2.10:8080',
    '-A KUBE-SEP-3 -p tcp -m tcp -j DNAT --to-destination 10.244.3.10:8080',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000'));
  it('splits a ClusterIP into one branch per endpoint with the probabilities the statistic rules give', () => {
    const out = runHook(h, 'PREROUTING', pkt({ dst: '10.0.0.10', dport: 80 }), opts(h));
    expect(out.map((o) => [o.packet.dst, o.packet.dport, Number(o.probability.toFixed(3))])).toEqual([
      ['10.244.1.10', 8080, 0.333], ['10.244.2.10', 8080, 0.333], ['10.244.3.10', 8080, 0.333]]);
    expect(out.every((o) => o.nat[0]?.kind === 'DNAT' && o.packet.natted?.dnat)).toBe(true);
  });
  it('an endpoint talking to its own service is marked for masquerade (hairpin)', () => {
    const out = runHook(h, 'PREROUTING', pkt({ src: '10.244.1.10', dst: '10.0.0.10', dport: 80 }), opts(h));
    expect(out[0]?.packet.mark).toBe(0x4000);
    expect(out[1]?.packet.mark).toBe(0);
  });
  it('leaves a packet to another port alone', () => {
    const out = runHook(h, 'PREROUTING', pkt({ dst: '10.0.0.10', dport: 443 }), opts(h));
    expect(out).toHaveLength(1);
    expect(out[0]?.packet.dst).toBe('10.0.0.10');
  });
});

describe('what the evaluator cannot decide', () => {
  const h = hostFrom(save('filter', ':FORWARD ACCEPT [0:0]', ':X - [0:0]',
    '-A FORWARD -m owner --uid-owner 1000 -j DROP', '-A FORWARD -m set --match-set missing-set src -j DROP', '-A FORWARD -j NOT-CAPTURED'));
  it('follows both outcomes of an unsupported match and of an ipset that is not in the inputs, and says so', () => {
    const ctx = opts(h);
    const out = runChain(h.iptables.filter!, 'FORWARD', pkt(), ctx);
    expect(out.map((o) => o.verdict)).toEqual(['DROP', 'DROP', 'UNKNOWN']);
    expect(out.every((o) => o.uncertain)).toBe(true);
    expect(out[0]?.steps[0]?.assumed).toMatch(/-m owner.*assumed to match/);
    expect([...ctx.missingSets]).toEqual(['missing-set']);
    expect(out[2]?.missing[0]).toMatch(/chain NOT-CAPTURED of table filter/);
  });
});

describe('ipsets', () => {
  const h = hostFrom(['Name: pods', 'Type: hash:net', 'Members:', '10.244.1.0/24', '', 'Name: svc', 'Type: hash:ip,port,ip', 'Members:', '10.0.0.10,tcp:80,10.244.1.5'].join('\n'));
  const idx = new IpSetIndex(h.ipsets);
  it('matches hash:net by prefix and hash:ip,port,ip along each dimension', () => {
    expect(idx.contains('pods', ['src'], pkt())).toBe(true);
    expect(idx.contains('pods', ['dst'], pkt())).toBe(false);
    expect(idx.contains('svc', ['dst', 'dst', 'src'], pkt({ dst: '10.0.0.10', dport: 80 }))).toBe(true);
    expect(idx.contains('svc', ['dst', 'dst', 'src'], pkt({ dst: '10.0.0.10', dport: 81 }))).toBe(false);
  });
});
