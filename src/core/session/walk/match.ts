/**
 * Pins a note or a checkpoint to a trace step by what the step is (kind, chain, rule text, interface, node,
 * namespace), so the walk survives the engine adding a step; the step's number is only a fallback, and a
 * matcher that finds nothing says so.
 */
import { pattern } from './pattern.ts';
import { ruleParts, type PacketStep } from './packet.ts';
import type { StepMatcher } from './types.ts';

export interface Found { step: PacketStep; by: 'matcher' | 'index' }

function holds(m: StepMatcher, p: PacketStep, devices: (string | null | undefined)[]): boolean {
  const s = p.step;
  const whole = (text: string | undefined, value: string | null | undefined): boolean => text === undefined || pattern(text, 'whole')(value);
  const part = (text: string | undefined, value: string | null | undefined): boolean => text === undefined || pattern(text, 'part')(value);
  const { action, ruleText } = ruleParts(s);
  return (m.kind === undefined || m.kind === s.kind)
    && whole(m.table, s.table) && whole(m.chain, s.chain)
    && part(m.rule, ruleText ?? p.decided.ruleText) && part(m.action, action) && part(m.text, s.detail)
    && whole(m.node, p.before.node) && whole(m.netns, p.before.netns)
    && (m.interface === undefined || devices.some((d) => pattern(m.interface as string, 'whole')(d)));
}

const named = (m: StepMatcher): boolean => Object.keys(m).some((k) => !['line', 'nth', 'index'].includes(k));

/** The steps `m` names, in trace order. */
export function matchAll(m: StepMatcher, steps: PacketStep[], hops: { in: string | null; out: string | null; via?: string[] }[]): PacketStep[] {
  if (!named(m)) return [];
  return steps.filter((p) => {
    const hop = hops[p.hop];
    return holds(m, p, [hop?.in, hop?.out, ...(hop?.via ?? []), p.before.out, p.after.out]);
  });
}

/** The step `m` names (its `nth` match), else the step numbered `index`, else null. */
export function findStep(m: StepMatcher, steps: PacketStep[], hops: { in: string | null; out: string | null; via?: string[] }[]): Found | null {
  const hit = matchAll(m, steps, hops)[(m.nth ?? 1) - 1];
  if (hit) return { step: hit, by: 'matcher' };
  const byIndex = m.index !== undefined ? steps.find((p) => p.n === m.index) : undefined;
  return byIndex ? { step: byIndex, by: 'index' } : null;
}

/** The matcher in words, for messages: `kind netfilter, chain cali-tw-*`. */
export function describeMatcher(m: StepMatcher): string {
  const parts = (['kind', 'table', 'chain', 'rule', 'action', 'text', 'interface', 'node', 'netns'] as const)
    .filter((k) => m[k] !== undefined).map((k) => `${k} ${m[k]}`);
  if (m.nth !== undefined) parts.push(`match ${m.nth}`);
  return parts.join(', ') || (m.index !== undefined ? `step ${m.index}` : 'nothing');
}
