/** A walk's flow under a what-if mode, traced as the mode toggle and `packetpath trace --as` trace it (the profiles). */
import { synthesizeWhatIf } from '../../profiles/whatif/synthesize.ts';
import { traceWhatIf } from '../../profiles/whatif/trace.ts';
import type { WhatIf } from './run.ts';

export const profilesWhatIf: WhatIf = (snapshot, modes) => {
  const w = synthesizeWhatIf(snapshot, modes);
  return 'error' in w ? w : { snapshot: w.snapshot, trace: (req) => traceWhatIf(w, req) };
};
