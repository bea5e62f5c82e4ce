/** A trace's prose made safe to show (display.ts): step details, assumptions, warnings, what is missing, the policy's reasons. Names kept as data (pods, IPs) are left as they are. */
import { safeText } from '../display.ts';
import type { Trace } from './types.ts';

export function safeTrace(t: Trace): Trace {
  const hops = t.hops.map((h) => ({ ...h, steps: h.steps.map((s) => ({ ...s, detail: safeText(s.detail), ...(s.assumed ? { assumed: safeText(s.assumed) } : {}) })) }));
  const policy = t.policy ? {
    ...t.policy, warnings: t.policy.warnings.map(safeText),
    ingress: { ...t.policy.ingress, reason: safeText(t.policy.ingress.reason) }, egress: { ...t.policy.egress, reason: safeText(t.policy.egress.reason) },
  } : undefined;
  return {
    ...t, hops, warnings: t.warnings.map(safeText), assumptions: t.assumptions.map(safeText), missing: t.missing.map(safeText),
    ...(t.summary ? { summary: safeText(t.summary) } : {}),
    ...(policy ? { policy } : {}),
    droppedBy: t.droppedBy ? { ...t.droppedBy, rule: safeText(t.droppedBy.rule), ...(t.droppedBy.policy ? { policy: safeText(t.droppedBy.policy) } : {}) } : null,
    nat: t.nat.map((n) => ({ ...n, rule: safeText(n.rule) })),
    branches: t.branches.map((b) => ({ ...b, trace: safeTrace(b.trace) })),
  };
}
