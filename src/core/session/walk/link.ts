/**
 * The walk's part of a permalink: `walk=<id>&step=<n>&present=1` among the fragment's `&`-separated pairs (the
 * share codec reserves these keys for walks). Reading is strict — an id of link-safe characters, a whole step
 * number — so a hostile link opens nothing rather than something odd.
 */
export interface WalkLink { walk: string; step: number; present: boolean }

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** The walk pairs of a fragment's parameters, or null when it names no (valid) walk. `step` is clamped later. */
export function readWalkLink(params: URLSearchParams | Record<string, string | undefined>): WalkLink | null {
  const get = (k: string): string | undefined => (params instanceof URLSearchParams ? params.get(k) ?? undefined : params[k]);
  const walk = get('walk');
  if (!walk || !ID.test(walk)) return null;
  const raw = get('step');
  const step = raw !== undefined && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
  return { walk, step, present: get('present') === '1' };
}

/** The pairs to put in the fragment for a walk at a step. */
export function walkLinkParams(link: WalkLink): Record<string, string> {
  return { walk: link.walk, step: String(Math.max(1, Math.floor(link.step))), ...(link.present ? { present: '1' } : {}) };
}

/** A step number inside the walk's range (a link to step 40 of a 30-step walk opens step 30). */
export const clampStep = (step: number, count: number): number => Math.min(Math.max(1, Math.floor(step) || 1), Math.max(1, count));
