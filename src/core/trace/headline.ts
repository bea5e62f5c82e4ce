/**
 * The answer of a trace that forked: when its branches end differently, the headline says what it depends on
 * and how the branches split, instead of the worst branch alone (a red "dropped" while most branches deliver).
 * Branches that rest on assumed outcomes of an unsupported match make the verdict `unknown`: the inputs do not
 * decide it. Branches of a statistic split keep the worst verdict, with the split beside it.
 */
import type { Trace, Verdict } from './types.ts';

type Branch = Trace['branches'][number];

/** How a walk ended, for merging walks that ended the same way on the same assumptions (forks.ts). */
export function endKey(w: { verdict?: Verdict; deliveredTo?: Trace['deliveredTo']; droppedBy?: Trace['droppedBy']; nat: Trace['nat'];
  missing: string[]; assumptions: string[]; uncertain?: boolean; hops: Trace['hops'] }): string {
  const last = w.hops[w.hops.length - 1]?.steps.at(-1);
  return JSON.stringify([w.verdict, w.deliveredTo ?? null, w.droppedBy ? [w.droppedBy.table, w.droppedBy.chain, w.droppedBy.rule] : null,
    w.nat.map((n) => [n.kind, n.node, n.from, n.to]), [...new Set(w.missing)].sort(), [...new Set(w.assumptions)].sort(), !!w.uncertain,
    w.verdict === 'unknown' ? last?.detail ?? '' : '']);
}

const ASSUMED = /:\s*assumed (not )?to match$/;

/** The assumed outcomes some branches rest on and others not, else the kind of fork: what the answer depends on. */
function dependsOn(branches: Branch[]): string {
  const forkAssumptions = (b: Branch) => b.trace.assumptions.filter((a) => ASSUMED.test(a));
  const all = branches.map((b) => new Set(forkAssumptions(b)));
  const differing = [...new Set(branches.flatMap(forkAssumptions))].filter((a) => !all.every((s) => s.has(a)));
  const what = [...new Set(differing.map((a) => a.replace(ASSUMED, '').trim()))];
  if (what.length) return what.length <= 2 ? what.join('; ') : `${what.slice(0, 2).join('; ')} and ${what.length - 2} more`;
  const nats = new Set(branches.map((b) => JSON.stringify(b.trace.nat.filter((n) => n.kind === 'DNAT').map((n) => n.to))));
  if (nats.size > 1) return 'the endpoint the service rules pick';
  return 'the random choice of -m statistic rules';
}

const pct = (p: number): string => `p=${Number(p.toFixed(3))}`;

export function branchHeadline(branches: Branch[], worst: Verdict): { verdict: Verdict; summary?: string } {
  const order: Verdict[] = [];
  for (const b of branches) if (!order.includes(b.trace.verdict)) order.push(b.trace.verdict);
  if (order.length < 2) return { verdict: order[0] ?? worst };
  const assumed = branches.some((b) => b.uncertain);
  const parts = order.map((v) => {
    const of = branches.filter((b) => b.trace.verdict === v);
    const mass = of.filter((b) => !b.uncertain).reduce((s, b) => s + b.probability, 0);
    const count = `${of.length} branch${of.length === 1 ? '' : 'es'}`;
    return `${v} in ${count}${!of.some((b) => b.uncertain) ? ` (${pct(mass)})` : ''}`;
  });
  const summary = `depends on ${dependsOn(branches)}: ${parts.join(', ')}${assumed ? ' — assumed outcomes, the inputs do not decide' : ''}`;
  return { verdict: assumed ? 'unknown' : worst, summary };
}
