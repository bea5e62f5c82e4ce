/**
 * A trace's answer, without what depends on where its evidence sits: the verdict, the path (node, namespace,
 * interfaces of each hop, the kind and chain of each step), where it was delivered or dropped, the NAT and the
 * branches. Two traces with the same answer say the same thing about the packet; an evidence-only link must keep it.
 * Left out: rule numbers and line numbers (dropping lines renumbers a chain's rules) and the words of assumptions.
 * Chain names go through `rename` too: Calico names a namespace's profile chain after it (`cali-pro-kns.prod`).
 */
import type { Trace } from '../trace/types.ts';

export interface AnswerSummary { verdict: string; hops: number; branches: number }

export const summaryOf = (t: Trace): AnswerSummary => ({ verdict: t.verdict, hops: t.hops.length, branches: t.branches.length });

/** A JSON-comparable projection of `t`; `rename` maps names and addresses (a redacted trace against its original). */
export function answerOf(t: Trace, rename: (s: string) => string = (s) => s): unknown {
  return {
    verdict: t.verdict,
    flow: [rename(t.flow.src), rename(t.flow.dst), t.flow.proto, t.flow.dport ?? null],
    deliveredTo: t.deliveredTo ? Object.fromEntries(Object.entries(t.deliveredTo).map(([k, v]) => [k, rename(String(v))])) : null,
    droppedBy: t.droppedBy ? [t.droppedBy.table, rename(t.droppedBy.chain), rename(t.droppedBy.rule), t.droppedBy.policy ? rename(t.droppedBy.policy) : null] : null,
    nat: t.nat.map((n) => [n.kind, rename(n.node), rename(n.from), rename(n.to)]),
    hops: t.hops.map((h) => [rename(h.node), rename(h.netns), h.in, h.out, h.via ?? [], h.steps.map((s) => [s.kind, s.table ?? '', rename(s.chain ?? '')])]),
    policy: t.policy?.verdict ?? null,
    branches: t.branches.map((b) => [b.probability, !!b.uncertain, answerOf(b.trace, rename)]),
  };
}

export const sameAnswer = (a: Trace, b: Trace, rename?: (s: string) => string): boolean =>
  JSON.stringify(answerOf(a, rename)) === JSON.stringify(answerOf(b));
