/**
 * Rules are read lazily (`scanRule` checks a line's shape, options are parsed on first use). Whatever the line,
 * the result must be the one an eager parse gives: same record as JSON, same problems.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyRule, parseRuleLine, parseRuleTokens, scanPlainRule, scanRule, tokenize, type IptablesRule } from './iptables-rule.ts';

/** The eager reference: tokenize the whole line and parse every option now. */
function eager(line: string): { rule: IptablesRule; problems: string[] } | null {
  let text = line.trim();
  let counters: { packets: number; bytes: number } | undefined;
  const m = /^\[(\d+):(\d+)\]\s+/.exec(text);
  if (m) { counters = { packets: Number(m[1]), bytes: Number(m[2]) }; text = text.slice(m[0].length); }
  if (!(text.startsWith('-A ') || text.startsWith('-I ') || text.startsWith('--append '))) return null;
  const toks = tokenize(text);
  if (!toks[1]) return null;
  const rule: IptablesRule = { type: 'rule', chain: toks[1], matches: [], text };
  const start = toks[0] === '-I' && /^\d+$/.test(toks[2] ?? '') ? 3 : 2;
  const problems = parseRuleTokens(toks, start, rule);
  const withCounters = { ...rule, ...(rule.counters || counters ? { counters: rule.counters ?? counters } : {}) };
  return { rule: withCounters, problems };
}

const json = (x: unknown): unknown => JSON.parse(JSON.stringify(x));
const same = (line: string): void => {
  const got = parseRuleLine(line);
  const want = eager(line);
  expect(got === null).toBe(want === null);
  if (!got || !want) return;
  expect(got.problems).toEqual(want.problems);
  expect(json(got.rule)).toEqual(json(want.rule));
  // the jump the scan found (what assembly and the chains graph use before any option is parsed)
  if (got.rule instanceof LazyRule) expect(got.rule.jump).toEqual(want.rule.target ? { name: want.rule.target.name, goto: want.rule.target.goto } : undefined);
};

const TOKENS = ['"-s"', '"!"', '""', '"DNAT"', '"5"', '"\\-x"', '"a\\"b"', "'--dport'", 'x"y z"', '-A', 'KUBE-SVC-X', '-I', '1', '!', '-s', '-d', '10.0.0.0/8', '-p', 'tcp', '-m', 'comment', '--comment', '"a b"', "'x'",
  '"', '-j', '-g', 'DNAT', 'KUBE-MARK-MASQ', '--to-destination', '10.1.0.1:80', '-c', '5', '7', '--random-fully', '-f', '--fragment',
  '--dport', '8080', '--set-xmark', '0x4000/0x4000', 'multiport', '--dports', '80,443', '-1', '--match', '--jump', '--goto',
  '--source', 'stray', '--mode', 'random', '--probability', '0.5', '1e3', '', ' '];

describe('lazily read iptables rules', () => {
  it('give the eager parse for kube-proxy, Calico and odd lines', () => {
    for (const line of [
      '-A KUBE-SERVICES -d 10.0.48.181/32 -p tcp -m comment --comment "default/nginx cluster IP" -m tcp --dport 8080 -j KUBE-SVC-NGINX',
      '-A KUBE-SVC-NGINX -m comment --comment "default/nginx -> 10.244.0.10:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A',
      '[12:720] -A cali-tw-x -m mark --mark 0x0/0x20000 -j DROP',
      '-A KUBE-MARK-MASQ -c 3 180 -j MARK --set-xmark 0x4000/0x4000',
      '-I FORWARD 1 -s ! 10.0.0.0/8 -j ACCEPT',
      '-A X -j',
      '-A X -m',
      '-A X stray -j ACCEPT',
      '-A X --random-fully stray',
      '-A X -c 1e3 5 -j ACCEPT',
      '-A X -p tcp ! --dport 80 -g Y',
      '--append X --source 10.0.0.1 --jump ACCEPT',
    ]) same(line);
  });
  it('give the eager parse for any sequence of rule tokens', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), fc.constantFrom('-A', '-I', '[1:2] -A'), (toks, head) => {
      same(`${head} ${toks.join(' ')}`);
    }), { numRuns: 20000 });
  });
  it('read the common rule in one match, and only where scanRule reads it the same way', () => {
    for (const line of [
      '-A KUBE-SVC-0Q9F ! -s 10.244.0.0/16 -d 10.96.0.0/32 -p tcp -m comment --comment "ns0/svc-0:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-0Q9F -m comment --comment "ns0/svc-0:http -> 10.244.0.0:8080" -m statistic --mode random --probability 0.33333333333 -j KUBE-SEP-111X',
      '-A KUBE-SEP-111X -p tcp -m comment --comment "ns0/svc-0:http" -m tcp -j DNAT --to-destination 10.244.0.0:8080',
      '-A KUBE-POSTROUTING -j MASQUERADE --random-fully',
      '-A cali-fw-cali1 -m comment --comment "cali:abc" -g cali-pro-kns.default',
    ]) {
      const c1 = line.indexOf(' ', 3);
      expect(scanPlainRule(line, c1)).toEqual(scanRule(line, 2));
    }
    const QUOTED = ['"a b"', '"-x"', '"!"', '""', '"a\\"b"', '"a', 'x"y"', "'x'", '"\\-x"', '"ns/svc -> 1.2.3.4:80"', '"a"b'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS, ...QUOTED), { maxLength: 14 }), fc.constantFrom(' ', '  ', '\t'), (toks, sep) => {
      const line = `-A X${sep}${toks.join(sep)}`;
      const fast = scanPlainRule(line, 4);
      if (fast) expect(fast).toEqual(scanRule(line, 2));
    }), { numRuns: 30000 });
  });

  // each `OPTION !` could be read two ways if a `!` before no value were allowed: 2^26 tries before the bad `-m`
  // (a catastrophic match would blow this test's timeout; nothing here is timed)
  it('read a rule of many negated options before a bad token without backtracking', { timeout: 10_000 }, () => {
    const line = `-A X${' -s ! -d'.repeat(26)} ! -m`;
    expect(scanPlainRule(line, 4)).toBeNull();
    same(line);
  });

  it('read a well-formed rule without parsing its options until they are asked for', () => {
    const r = parseRuleLine('-A KUBE-SERVICES -p tcp -m tcp --dport 80 -j KUBE-SVC-X')?.rule;
    expect(r).toBeInstanceOf(LazyRule);
    expect((r as LazyRule).jump).toEqual({ name: 'KUBE-SVC-X', goto: false });
    expect(r?.matches.map((m) => m.module)).toEqual(['', 'tcp']);
  });
});
