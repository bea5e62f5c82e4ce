/**
 * A trace on the hostile rule sets of bench/hostile-rules.ts ends, bounded, and says what it did not follow;
 * forked traces whose branches end differently say what the answer depends on.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE, hostileInputs } from '../../../bench/hostile-rules.ts';
import { buildModel } from '../pipeline.ts';
import { trace } from './engine.ts';
import { MAX_BRANCHES } from './forks.ts';
import type { Trace } from './types.ts';

const run = (name: string): Trace => {
  const c = HOSTILE.find((x) => x.name === name);
  if (!c) throw new Error(name);
  const t = trace(buildModel(hostileInputs(c)), c.request);
  if ('error' in t) throw new Error(t.error);
  return t;
};
const steps = (t: Trace) => t.hops.flatMap((h) => h.steps);

describe('hostile rule sets end', () => {
  it.each(['goto-self', 'goto-pair', 'jump-loop'])('%s: unknown, in a step that names the loop', (name) => {
    const t = run(name);
    expect(t.verdict).toBe('unknown');
    expect(steps(t).at(-1)?.detail).toMatch(/^unknown: loop LOOP(-A)? → LOOP(-B)?( → LOOP-A)? in table filter: the kernel refuses to load a rule set with a loop/);
  });
  it('a 200-deep jump chain is followed to its RETURN: deep is not a loop', () => {
    expect(run('deep-200').verdict).toBe('delivered');
  });
  it('eight chained statistic forks at three hooks: at most the branch budget, the rest one branch stating its probability', () => {
    const t = run('statistic-forks-8');
    expect(t.branches.length).toBeLessThanOrEqual(MAX_BRANCHES + 1);
    const cut = t.branches.find((b) => b.trace.hops.flatMap((h) => h.steps).some((s) => /not followed: a trace follows at most/.test(s.detail)));
    expect(cut?.trace.verdict).toBe('unknown');
    const followed = t.branches.filter((b) => b !== cut).reduce((s, b) => s + b.probability, 0);
    expect(followed + (cut?.probability ?? 0)).toBeCloseTo(1, 5);
    expect(steps(cut?.trace as Trace).at(-1)?.detail).toMatch(new RegExp(`together p=${cut?.probability}`));
    expect(t.summary).toMatch(/^depends on .*: delivered in \d+ branch(es)? \(p=[\d.]+\), unknown in 1 branch/);
  });
  it('eight chained unsupported-match forks: bounded too; past the budget each fork is assumed not to match, and says so', () => {
    const t = run('unsupported-forks-8');
    expect(t.branches.length).toBeLessThanOrEqual(MAX_BRANCHES + 1);
    expect(t.branches.every((b) => b.uncertain)).toBe(true);
    // the rules only set marks: every assumption delivers
    expect(t.verdict).toBe('delivered');
    expect(t.assumptions.join('\n')).toMatch(/-m owner --uid-owner 10\d\d: the trace has followed as many branches as it follows, assumed not to match/);
  });
  it('sixteen statistic LOG rules: one answer, delivered', () => {
    const t = run('statistic-log-16');
    expect(t.verdict).toBe('delivered');
    expect(t.branches).toHaveLength(0);
  });
  it('a million-member ipset is matched, and __proto__ names trace like any other', () => {
    expect(run('ipset-1m').verdict).toBe('delivered');
    expect(run('proto-names').verdict).toBe('delivered');
  });
});
