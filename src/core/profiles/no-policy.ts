/** No policy engine: NetworkPolicies are not enforced; nothing is written. */
import type { PolicyProfile } from './types.ts';
import { POLICY_LABELS } from './labels.ts';

export const noPolicy: PolicyProfile = {
  id: 'none',
  label: POLICY_LABELS.none,
  evidence() { /* the absence of every engine's traces is the evidence (detect.ts says so) */ },
  owns: { chain: () => false, rule: () => false },
  synthesize() { /* nothing to render */ },
};
