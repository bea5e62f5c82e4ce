/**
 * Differential tests against jc (Debian's `jc`, installed by scripts/provision.sh, which `npm test` runs first): on
 * the same files, our `route -n` and `iptables -L` parses must agree with jc's on the fields both read. Files jc
 * cannot read (flattened, annotated, headerless) are not compared: only the real `route -n` / `iptables -L` outputs.
 * Without jc the tests are skipped and the output says so; in CI (which provisions jc) a missing jc is an error.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAs } from '../ingest/ingest.ts';
import { maskToPrefix } from '../net/ip.ts';
import type { NetToolsRoute } from './route-n/route-n.ts';
import type { IptablesListRecord, ListedRule } from './iptables-list/iptables-list.ts';

const root = new URL('.', import.meta.url).pathname;
const jcVersion = ((): string | null => {
  try { return execFileSync('jc', ['--version'], { encoding: 'utf8' }).split('\n')[0]?.replace(/\s+/g, ' ').trim() ?? 'jc'; } catch { return null; }
})();
const MISSING = 'jc is not installed: `bash scripts/provision.sh` installs it (Debian package jc)';
if (!jcVersion && process.env.CI) throw new Error(`${MISSING}; CI provisions it, so its absence is an error here`);
if (!jcVersion) console.warn(`SKIPPED: the jc differential tests (${MISSING})`);
const against = (title: string) => (jcVersion ? `${title} (${jcVersion})` : `${title} — SKIPPED, ${MISSING}`);
const jc = (flag: string, text: string): unknown => JSON.parse(execFileSync('jc', [flag], { input: text, encoding: 'utf8' }));
const fixtures = (kind: string, pattern: RegExp): { name: string; text: string }[] =>
  readdirSync(join(root, kind, 'fixtures')).filter((f) => f.endsWith('.txt') && pattern.test(f) && !f.includes('.kernel-'))
    .sort().map((f) => ({ name: f, text: readFileSync(join(root, kind, 'fixtures', f), 'utf8') }));

describe.skipIf(!jcVersion)(against('route -n: ours equals jc --route'), () => {
  const cases = fixtures('route-n', /--(kernel|seed00[0234])/).filter((c) => /Destination\s+Gateway/.test(c.text));
  it('has cases', () => expect(cases.length).toBeGreaterThan(8));
  it.each(cases)('$name', ({ text }) => {
    // jc turns an author's `...` elision line into a route; we name it in a warning instead
    const theirs = (jc('--route', text) as Record<string, unknown>[]).filter((r) => r.destination !== '...').map((r) => ({
      dst: `${String(r.destination)}/${maskToPrefix(String(r.genmask))}`,
      gateway: r.gateway === '0.0.0.0' ? undefined : r.gateway,
      iface: r.iface === '*' ? undefined : r.iface,
      flags: r.flags,
      metric: r.metric ?? 0,
    }));
    const ours = (parseAs('route-n', text).records as NetToolsRoute[]).map((r) => ({
      dst: r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`,
      gateway: r.gateway,
      iface: r.dev,
      flags: r.nettools_flags,
      metric: r.metric ?? 0,
    }));
    expect(ours).toEqual(theirs);
  });
});

describe.skipIf(!jcVersion)(against('iptables -L: ours equals jc --iptables'), () => {
  const cases = fixtures('iptables-list', /--(kernel-node-nv|seed002)/);
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  it.each(cases)('$name', ({ text }) => {
    const theirs = (jc('--iptables', text) as { chain: string; rules: Record<string, unknown>[] }[]).flatMap((c) => c.rules.map((r) => ({
      chain: c.chain,
      target: r.target ?? undefined,
      source: r.source,
      destination: r.destination,
      packets: r.pkts ?? undefined,
    })));
    const addr = (rule: ListedRule, name: string): string => {
      const o = rule.matches.find((m) => m.module === '')?.options.find((x) => x.name === name);
      return o ? `${o.negated ? '!' : ''}${o.values[0]}` : '0.0.0.0/0';
    };
    const ours = (parseAs('iptables-list', text).records as IptablesListRecord[]).flatMap((r) => (r.type === 'rule' ? [{
      chain: r.chain,
      target: r.target?.name,
      source: addr(r, '-s'),
      destination: addr(r, '-d'),
      packets: r.counters?.packets,
    }] : []));
    expect(ours).toEqual(theirs);
  });
});
