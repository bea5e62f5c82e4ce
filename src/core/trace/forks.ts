/**
 * Bounds on a trace's branches. Every fork (a service's endpoints, a statistic rule, an assumed outcome of an
 * unsupported match) multiplies the walks, and eight chained forks at three hooks are 2^24 walks: a trace
 * follows at most MAX_BRANCHES, the most probable first, and says what it did not follow and how much
 * probability that is. Walks that end the same way on the same assumptions are one branch.
 */

export const MAX_BRANCHES = 64;

/** Shared by every hook of one trace: how many more walks forks may start. */
export interface ForkBudget { left: number }

export const newForkBudget = (): ForkBudget => ({ left: MAX_BRANCHES - 1 });

export interface Cut { count: number; probability: number; uncertain: boolean }

interface Weighted { probability: number; uncertain: boolean }

/** The outcomes a trace follows (the most probable, in their order) and what it leaves. */
export function boundOutcomes<T extends Weighted>(budget: ForkBudget, outcomes: T[]): { kept: T[]; cut: Cut | null } {
  if (outcomes.length <= 1 + budget.left) {
    budget.left -= Math.max(0, outcomes.length - 1);
    return { kept: outcomes, cut: null };
  }
  const room = 1 + budget.left;
  const ranked = outcomes.map((o, i) => ({ o, i })).sort((a, b) => b.o.probability - a.o.probability || a.i - b.i);
  const keep = new Set(ranked.slice(0, room).map((r) => r.i));
  const left = ranked.slice(room).map((r) => r.o);
  budget.left = 0;
  const certain = left.filter((o) => !o.uncertain);
  return {
    kept: outcomes.filter((_, i) => keep.has(i)),
    cut: { count: left.length, probability: certain.reduce((s, o) => s + o.probability, 0), uncertain: certain.length < left.length },
  };
}

/** Adds the statistic branches the netfilter walk itself did not follow (past its fork limit) to what was cut. */
export function withUnfollowed<T extends Weighted & { unfollowed?: { count: number; probability: number } }>(b: { kept: T[]; cut: Cut | null }): { kept: T[]; cut: Cut | null } {
  let count = b.cut?.count ?? 0;
  let probability = b.cut?.probability ?? 0;
  for (const o of b.kept) if (o.unfollowed) { count += o.unfollowed.count; probability += o.unfollowed.probability; }
  return count ? { kept: b.kept, cut: { count, probability, uncertain: b.cut?.uncertain ?? false } } : b;
}

/** The step that ends the walk standing for what was cut. */
export function cutDetail(cut: Cut, where: string): string {
  const mass = cut.probability > 0 ? ` (together p=${Number(cut.probability.toFixed(6))}${cut.uncertain ? ', besides assumed outcomes' : ''})` : cut.uncertain ? ' (assumed outcomes)' : '';
  return `unknown: ${cut.count} more branch${cut.count === 1 ? '' : 'es'} at ${where}${mass} not followed: a trace follows at most ${MAX_BRANCHES}`;
}

export interface CutWalk {
  probability: number; uncertain?: boolean;
  cut?: Cut & { where: string };
  hops: { steps: { detail: string }[] }[];
}

/** The walks that stand for cut branches (one per capped fork) become one, whose step counts them all. */
export function joinCuts<T extends CutWalk>(walks: T[]): T[] {
  const cuts = walks.filter((w) => w.cut);
  if (cuts.length < 2) return walks;
  const keep = cuts.reduce((a, b) => (b.probability > a.probability ? b : a));
  const where = [...new Set(cuts.map((w) => w.cut?.where as string))];
  const total: Cut = { count: cuts.reduce((s, w) => s + (w.cut?.count ?? 0), 0), probability: cuts.filter((w) => !w.uncertain).reduce((s, w) => s + w.probability, 0),
    uncertain: cuts.some((w) => w.uncertain) };
  keep.probability = Math.min(1, total.probability);
  if (total.uncertain) keep.uncertain = true;
  const last = keep.hops[keep.hops.length - 1]?.steps.at(-1);
  if (last) last.detail = cutDetail(total, where.length <= 3 ? where.join(', ') : `${where.slice(0, 3).join(', ')} and ${where.length - 3} more places`);
  return walks.filter((w) => !w.cut || w === keep);
}

export interface Mergeable { probability: number; uncertain?: boolean; paths?: number }

/**
 * Walks with the same `key` (how they end: verdict, where, the deciding rule, NAT, what is missing, the
 * assumptions) become one: the most probable stands for them; probabilities add up for statistic shares, and the
 * larger one stands for alternative assumptions.
 */
export function mergeEnds<T extends Mergeable>(walks: T[], key: (w: T) => string): T[] {
  if (walks.length < 2) return walks;
  const groups = new Map<string, T[]>();
  for (const w of walks) {
    const k = key(w);
    const g = groups.get(k);
    if (g) g.push(w); else groups.set(k, [w]);
  }
  if (groups.size === walks.length) return walks;
  const out: T[] = [];
  for (const g of groups.values()) {
    const best = g.reduce((a, b) => (b.probability > a.probability ? b : a));
    if (g.length > 1) {
      const uncertain = g.some((w) => w.uncertain);
      best.probability = uncertain ? Math.max(...g.map((w) => w.probability)) : Math.min(1, g.reduce((s, w) => s + w.probability, 0));
      best.paths = g.reduce((s, w) => s + (w.paths ?? 1), 0);
    }
    out.push(best);
  }
  // a Map keeps its groups in the order of their first walk: rule order
  return out;
}
