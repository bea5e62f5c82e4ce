/**
 * Two traces of one flow side by side — as captured and under a what-if — and what differs: the verdict and where it
 * was delivered, the hops (aligned node by node, namespace by namespace), the rules that decided (accepted, dropped,
 * NATed), the NAT. What the split view highlights and the diff panel lists.
 */
import type { Hop, Trace, TraceStep } from './types.ts';

export interface DiffRow { aspect: 'verdict' | 'delivered' | 'hops' | 'rule' | 'nat'; captured: string | null; whatIf: string | null; same: boolean }
export interface HopRow { captured: string | null; whatIf: string | null; same: boolean }
export interface TraceDiff { rows: DiffRow[]; hops: HopRow[]; changed: number }

const pick = (t: Trace, branch: number): Trace => t.branches[branch]?.trace ?? t.branches[0]?.trace ?? t;

const verdictOf = (t: Trace): string =>
  t.branches.length ? `${t.verdict} (${t.branches.map((b) => `${b.trace.verdict}${b.uncertain ? ' assumed' : ` p=${b.probability}`}`).join(', ')})` : t.verdict;

const deliveredOf = (t: Trace): string => {
  const d = t.deliveredTo;
  if (!d) return t.droppedBy ? `dropped in ${t.droppedBy.table} ${t.droppedBy.chain}` : '—';
  return 'external' in d ? `${d.external} (outside the cluster)` : `${d.pod ?? d.ip} on ${d.node}`;
};

/** A hop as the diff shows it; `key` aligns hops of the two traces (interface names differ between modes). */
const hopText = (h: Hop): string => `${h.node} · ${h.netns}${h.in ? ` · in ${h.in}` : ''}${h.via?.length ? ` · via ${h.via.join(', ')}` : ''}${h.out ? ` · out ${h.out}` : ''}`;
const hopKey = (h: Hop): string => `${h.node}|${h.netns}`;

/** The steps that decided something: a verdict target, a policy, a NAT, a drop, the fabric's delivery. */
const DECIDING = /(: (ACCEPT|DROP|REJECT)\b|policy (ACCEPT|DROP)|DNAT|SNAT|MASQUERADE)/;
const decidingSteps = (t: Trace): string[] => t.hops.flatMap((h) => h.steps.filter((s: TraceStep) => s.kind === 'drop' || s.kind === 'nat' || (s.kind === 'netfilter' && DECIDING.test(s.detail)))
  .filter((s) => !s.notMatched).map((s) => `${h.node}: ${s.table && s.chain ? `${s.table} ${s.chain}${s.rule ? ` rule ${s.rule}` : ''}` : s.kind} — ${s.detail.replace(/^.*? — /, '').replace(/^(filter|nat|mangle|raw) \S+: /, '')}`));

/** Longest common subsequence of hop keys: aligned rows, each side null where the other has a hop of its own. */
function alignHops(a: Hop[], b: Hop[]): HopRow[] {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    L[i]![j] = hopKey(a[i] as Hop) === hopKey(b[j] as Hop) ? (L[i + 1]![j + 1] as number) + 1 : Math.max(L[i + 1]![j] as number, L[i]![j + 1] as number);
  }
  const rows: HopRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const ha = a[i];
    const hb = b[j];
    if (ha && hb && hopKey(ha) === hopKey(hb)) { rows.push({ captured: hopText(ha), whatIf: hopText(hb), same: hopText(ha) === hopText(hb) }); i++; j++; }
    else if (ha && (!hb || (L[i + 1]![j] as number) >= (L[i]![j + 1] as number))) { rows.push({ captured: hopText(ha), whatIf: null, same: false }); i++; }
    else if (hb) { rows.push({ captured: null, whatIf: hopText(hb), same: false }); j++; }
  }
  return rows;
}

/** Rows of `a` and `b` lists, matched where equal, the rest side by side in order. */
function listRows(aspect: DiffRow['aspect'], a: string[], b: string[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const onlyB = b.filter((x) => !a.includes(x));
  const onlyA = a.filter((x) => !b.includes(x));
  for (const x of a) if (b.includes(x)) rows.push({ aspect, captured: x, whatIf: x, same: true });
  for (let k = 0; k < Math.max(onlyA.length, onlyB.length); k++) rows.push({ aspect, captured: onlyA[k] ?? null, whatIf: onlyB[k] ?? null, same: false });
  return rows;
}

/** `captured` and `whatIf` traces of one flow; `branch` picks the branch whose hops, rules and NAT are compared. */
export function diffTraces(captured: Trace, whatIf: Trace, branch = 0): TraceDiff {
  const a = pick(captured, branch);
  const b = pick(whatIf, branch);
  const nat = (t: Trace) => t.nat.map((x) => `${x.kind} ${x.from} → ${x.to} on ${x.node}`);
  const rows: DiffRow[] = [
    { aspect: 'verdict', captured: verdictOf(captured), whatIf: verdictOf(whatIf), same: verdictOf(captured) === verdictOf(whatIf) },
    { aspect: 'delivered', captured: deliveredOf(a), whatIf: deliveredOf(b), same: deliveredOf(a) === deliveredOf(b) },
    { aspect: 'hops', captured: String(a.hops.length), whatIf: String(b.hops.length), same: a.hops.length === b.hops.length },
    ...listRows('rule', decidingSteps(a), decidingSteps(b)),
    ...listRows('nat', nat(a), nat(b)),
  ];
  const hops = alignHops(a.hops, b.hops);
  return { rows, hops, changed: rows.filter((r) => !r.same).length + hops.filter((h) => !h.same).length };
}
