/**
 * The evaluator ends on every rule set: loops (which the kernel refuses to load, but a paste can hold), deep nests,
 * forks that multiply; targets that are not chains (NFQUEUE, TPROXY, SYNPROXY); ipsets looked up, not scanned.
 * The hostile shapes are those of bench/hostile-rules.ts (issue 17).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../pipeline.ts';
import type { Host } from '../model/types.ts';
import { runChain, type EvalOptions } from './evaluate.ts';
import { runHook } from './hooks.ts';
import { IpSetIndex } from './ipsets.ts';
import { cycleThrough, MAX_DEPTH } from './budget.ts';
import type { Packet } from './packet.ts';

const hostFrom = (text: string): Host => buildModel([{ path: 'rules.txt', text }]).hosts[0] as Host;
const pkt = (over: Partial<Packet> = {}): Packet => ({ src: '10.244.1.5', dst: '10.244.2.7', proto: 'tcp', sport: 40000, dport: 8080, mark: 0, ctstate: 'NEW', ...over });
const opts = (h: Host, over: Partial<EvalOptions> = {}): EvalOptions => ({ node: h.name, ipsets: new IpSetIndex(h.ipsets), isLocal: () => false, missingSets: new Set(), ...over });
const declare = (c: string) => (/^(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)$/.test(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`);
const save = (table: string, chains: string[], ...rules: string[]) => [`*${table}`, ...chains.map(declare), ...rules, 'COMMIT'].join('\n');
const filterOf = (h: Host) => h.iptables.filter as NonNullable<Host['iptables'][string]>;

describe('loops and depth', () => {
  it('a chain that -g goes to itself ends unknown, naming the loop', () => {
    const h = hostFrom(save('filter', ['FORWARD', 'LOOP'], '-A FORWARD -j LOOP', '-A LOOP -g LOOP'));
    const out = runChain(filterOf(h), 'FORWARD', pkt(), opts(h));
    expect(out).toHaveLength(1);
    expect(out[0]?.verdict).toBe('UNKNOWN');
    expect(out[0]?.unknown).toMatch(/^loop LOOP → LOOP in table filter: the kernel refuses to load a rule set with a loop/);
    expect(out[0]?.steps.length).toBeLessThan(100);
  });
  it('two chains that -g go to each other, and two that -j jump to each other, name both', () => {
    for (const j of ['-g', '-j']) {
      const h = hostFrom(save('filter', ['FORWARD', 'A', 'B'], '-A FORWARD -j A', `-A A ${j} B`, `-A B ${j} A`));
      expect(runChain(filterOf(h), 'FORWARD', pkt(), opts(h))[0]?.unknown).toMatch(/^loop [AB] → [AB] → [AB] in table filter/);
    }
  });
  it('a loop the packet leaves (a mark ends it) is followed to its end', () => {
    const h = hostFrom(save('filter', ['FORWARD', 'A'], '-A FORWARD -j A', '-A A -m mark --mark 0x1/0x1 -j ACCEPT', '-A A -j MARK --set-xmark 0x1/0x1', '-A A -g A'));
    const [o] = runChain(filterOf(h), 'FORWARD', pkt(), opts(h));
    expect(o?.verdict).toBe('ACCEPT');
    expect(o?.steps.map((s) => s.action)).toEqual(['jump A', 'MARK 0x0 → 0x1', 'goto A', 'ACCEPT']);
  });
  it('a deep chain that is not a loop is followed, and beyond the bound it says "deep", not "a loop"', () => {
    const chain = (n: number) => {
      const names = Array.from({ length: n }, (_, i) => `D${i + 1}`);
      return hostFrom(save('filter', ['FORWARD', ...names], '-A FORWARD -j D1', ...names.slice(0, -1).map((c, i) => `-A ${c} -j D${i + 2}`), `-A D${n} -j DROP`));
    };
    const h200 = chain(200);
    expect(runChain(filterOf(h200), 'FORWARD', pkt(), opts(h200))[0]?.verdict).toBe('DROP');
    const deep = chain(MAX_DEPTH + 10);
    const [o] = runChain(filterOf(deep), 'FORWARD', pkt(), opts(deep));
    expect(o?.verdict).toBe('UNKNOWN');
    expect(o?.unknown).toMatch(new RegExp(`more than ${MAX_DEPTH} nested chains in table filter — deep, not a loop`));
    expect(o?.unknown).not.toMatch(/a loop\?/);
  });
  it('finds the shortest cycle through a chain, or none', () => {
    const h = hostFrom(save('filter', ['FORWARD', 'A', 'B', 'C'], '-A FORWARD -j A', '-A A -j B', '-A B -j C', '-A C -g A', '-A B -j A'));
    expect(cycleThrough(filterOf(h), 'A')).toEqual(['A', 'B', 'A']);
    expect(cycleThrough(filterOf(h), 'FORWARD')).toBeNull();
  });
});

describe('forks', () => {
  it('sixteen statistic LOG rules are one walk standing for 2^16 paths: the paths meet again after each fork', () => {
    const rules = Array.from({ length: 16 }, (_, i) => `-A FORWARD -m statistic --mode random --probability 0.5 -j LOG --log-prefix s${i}`);
    const h = hostFrom(save('filter', ['FORWARD'], ...rules));
    const out = runChain(filterOf(h), 'FORWARD', pkt(), opts(h));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ verdict: 'ACCEPT', probability: 1, paths: 65536, uncertain: false });
    expect(out[0]?.steps.at(-1)?.action).toMatch(/65536 ways through the rules lead to this same packet and verdict: merged \(together p=1\)/);
  });
  it('eight statistic forks setting mark bits at three hooks stay bounded, with probabilities that add up', () => {
    const rules = Array.from({ length: 8 }, (_, i) => `-A FORKS -m statistic --mode random --probability 0.5 -j MARK --or-mark 0x${(1 << i).toString(16)}`);
    const h = hostFrom(save('mangle', ['PREROUTING', 'FORKS'], '-A PREROUTING -j FORKS', ...rules));
    const out = runHook(h, 'PREROUTING', pkt(), opts(h));
    expect(out).toHaveLength(256);
    expect(out.reduce((s, o) => s + o.probability, 0)).toBeCloseTo(1, 9);
  });
  it('assumed outcomes of an unsupported match stay apart: each shows what its assumption does', () => {
    const h = hostFrom(save('filter', ['FORWARD'], '-A FORWARD -m owner --uid-owner 1000 -j LOG', '-A FORWARD -j ACCEPT'));
    const out = runChain(filterOf(h), 'FORWARD', pkt(), opts(h));
    expect(out.map((o) => o.steps[0]?.assumed)).toEqual([expect.stringMatching(/assumed to match$/), expect.stringMatching(/assumed not to match$/)]);
  });
});

describe('targets that are not chains', () => {
  const h = hostFrom([save('mangle', ['PREROUTING'], '-A PREROUTING -p tcp --dport 8080 -j TPROXY --on-port 15001 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1'),
    save('filter', ['FORWARD', 'INPUT'], '-A FORWARD -p tcp --dport 9000 -j NFQUEUE --queue-num 3', '-A FORWARD -p tcp --dport 9001 -j NFQUEUE --queue-num 4 --queue-bypass',
      '-A FORWARD -p tcp --dport 22 -m conntrack --ctstate NEW -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460', '-A FORWARD -j DROP')].join('\n'));
  it('NFQUEUE hands the packet to userspace: unknown, naming the queue, not a missing chain', () => {
    const [o] = runChain(filterOf(h), 'FORWARD', pkt({ dport: 9000 }), opts(h));
    expect(o?.verdict).toBe('UNKNOWN');
    expect(o?.unknown).toMatch(/queued to userspace \(NFQUEUE 3\).*with no program listening the kernel drops it/);
    expect(o?.missing.join()).toMatch(/which program reads NFQUEUE 3/);
    expect(o?.missing.join()).not.toMatch(/chain NFQUEUE/);
    expect(runChain(filterOf(h), 'FORWARD', pkt({ dport: 9001 }), opts(h))[0]?.unknown).toMatch(/--queue-bypass it goes on as ACCEPT/);
  });
  it('TPROXY gives the connection to a local transparent proxy and sets its mark', () => {
    const [o] = runChain(h.iptables.mangle as NonNullable<Host['iptables'][string]>, 'PREROUTING', pkt(), opts(h));
    expect(o?.verdict).toBe('UNKNOWN');
    expect(o?.packet.mark).toBe(1);
    expect(o?.steps[0]?.action).toMatch(/^TPROXY to 127\.0\.0\.1 port 15001 \(mark 0x1\)/);
    expect(o?.missing.join()).toMatch(/proxy listening on 127\.0\.0\.1 port 15001/);
  });
  it('SYNPROXY answers the SYN on the node and lets the connection on, as an assumption', () => {
    const [o] = runChain(filterOf(h), 'FORWARD', pkt({ dport: 22 }), opts(h));
    expect(o?.verdict).toBe('ACCEPT');
    expect(o?.uncertain).toBe(true);
    expect(o?.steps[0]?.assumed).toMatch(/client completes the handshake/);
  });
});

describe('ipsets as lookups', () => {
  const h = hostFrom(['Name: nets', 'Type: hash:net', 'Members:', '10.244.0.0/16', '10.244.1.0/24 nomatch', '10.244.1.5', '',
    'Name: ports', 'Type: hash:net,port', 'Members:', '10.0.0.0/8,tcp:80', '10.1.0.0/16,udp:53', '',
    'Name: six', 'Type: hash:ip', 'Members:', 'fd00::1', '',
    'Name: all', 'Type: list:set', 'Members:', 'six', 'ports', ''].join('\n'));
  const idx = new IpSetIndex(h.ipsets);
  it('the most specific entry decides: a nomatch network excludes what it covers, a host inside it is back in', () => {
    expect(idx.contains('nets', ['src'], pkt({ src: '10.244.2.9' }))).toBe(true);
    expect(idx.contains('nets', ['src'], pkt({ src: '10.244.1.9' }))).toBe(false);
    expect(idx.contains('nets', ['src'], pkt({ src: '10.244.1.5' }))).toBe(true);
    expect(idx.contains('nets', ['src'], pkt({ src: '10.245.0.1' }))).toBe(false);
  });
  it('matches net,port by protocol and port, IPv6 members, and list:set members', () => {
    expect(idx.contains('ports', ['dst', 'dst'], pkt({ dst: '10.9.9.9', dport: 80 }))).toBe(true);
    expect(idx.contains('ports', ['dst', 'dst'], pkt({ dst: '10.9.9.9', dport: 53 }))).toBe(false);
    expect(idx.contains('ports', ['dst', 'dst'], pkt({ dst: '10.1.2.3', dport: 53, proto: 'udp' }))).toBe(true);
    expect(idx.contains('six', ['src'], pkt({ src: 'fd00::1' }))).toBe(true);
    expect(idx.contains('all', ['dst', 'dst'], pkt({ dst: '10.9.9.9', dport: 80 }))).toBe(true);
    expect(idx.contains('all', ['src'], pkt({ src: 'fd00::2' }))).toBe(false);
  });
});

describe('names are data', () => {
  it('a table named __proto__ and chains named __proto__, constructor, prototype work like any other names', () => {
    const h = hostFrom([save('__proto__', ['PREROUTING'], '-A PREROUTING -j ACCEPT'),
      save('filter', ['FORWARD', '__proto__', 'constructor', 'prototype'], '-A FORWARD -j __proto__', '-A __proto__ -j constructor', '-A constructor -j prototype', '-A prototype -j DROP')].join('\n'));
    expect(Object.keys(h.iptables).sort()).toEqual(['__proto__', 'filter']);
    expect(h.iptables['__proto__']?.chains.get('PREROUTING')?.rules).toHaveLength(1);
    const [o] = runChain(filterOf(h), 'FORWARD', pkt(), opts(h));
    expect(o?.steps.map((s) => s.action)).toEqual(['jump __proto__', 'jump constructor', 'jump prototype', 'DROP']);
  });
});

describe('what the kernel says (scripts/capture-netfilter-limits.sh)', () => {
  const kernel = readFileSync(new URL('./fixtures/kernel-limits.txt', import.meta.url), 'utf8');
  it('refuses every loop with both backends, so a loop in a dump means the text was edited', () => {
    for (const b of ['legacy', 'nft']) for (const c of ['goto-self', 'goto-pair', 'jump-loop']) expect(kernel).toMatch(new RegExp(`^${b} ${c}: refused`, 'm'));
  });
  it('takes any depth with iptables-legacy and at most 15 nested chains with iptables-nft: depth alone is not a loop', () => {
    expect(kernel).toMatch(/^legacy deep-300: loaded/m);
    expect(kernel).toMatch(/^nft deep-15: loaded/m);
    expect(kernel).toMatch(/^nft deep-16: refused/m);
  });
  it('reads the three targets as the kernel prints them back', () => {
    const printed = kernel.split('\n').filter((l) => /^(\*|-A)/.test(l));
    const h = hostFrom(printed.flatMap((l) => (l.startsWith('*') ? ['COMMIT', l, ':PREROUTING ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]'] : [l])).slice(1).concat('COMMIT').join('\n'));
    expect(runChain(filterOf(h), 'FORWARD', pkt({ dport: 9000 }), opts(h))[0]?.unknown).toMatch(/NFQUEUE 3/);
    expect(runChain(filterOf(h), 'FORWARD', pkt({ dport: 22, ctstate: 'INVALID' }), opts(h))[0]?.steps[0]?.action).toMatch(/^SYNPROXY/);
    expect(runChain(h.iptables.mangle as NonNullable<Host['iptables'][string]>, 'PREROUTING', pkt(), opts(h))[0]?.steps[0]?.action).toMatch(/^TPROXY to 127\.0\.0\.1 port 15001/);
  });
});
