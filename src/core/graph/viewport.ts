/**
 * The canvas's fit, shared by the adapter (which fits) and the layouts (which aim at the shape it fits into): the
 * strips `fit` keeps clear (the toolbar over the canvas's top, the marker's controls over its bottom, a margin at
 * the sides) and the smallest zoom at which labels still render at 11 px.
 */
import { FONT_PX } from './labels.ts';

export const READABLE_PX = 11;
export const READABLE_ZOOM = READABLE_PX / FONT_PX;
export const FIT_INSETS = { side: 12, top: 36, bottom: 40 } as const;

/** The part of a canvas of w × h page pixels that `fit` fills. */
export const fitArea = (w: number, h: number): { w: number; h: number } =>
  ({ w: Math.max(1, w - 2 * FIT_INSETS.side), h: Math.max(1, h - FIT_INSETS.top - FIT_INSETS.bottom) });

/** Fit leaves this much room around the picture's extent (the widest border is drawn half outside its box). */
export const FIT_MARGIN = 3;

/**
 * Of the ways to draw a picture (each with its size in model pixels), the one `fit` shows best in an area of
 * `area` page pixels: the largest zoom, where some way shows the whole at 11 px or more; else, as the canvas then
 * shows a part at 11 px, the shortest of those as narrow as the area at that zoom (the view scrolls one way only,
 * and a path across it fits), or the narrowest. Without an area, the one closest to the proportions `aspect`.
 */
export function bestFit<T extends { w: number; h: number }>(ways: T[], area: { w: number; h: number } | undefined, aspect = 1): T | undefined {
  const pad = 2 * FIT_MARGIN;
  let best: T | undefined;
  let score = Infinity;
  const better = (way: T, s: number) => { if (s < score - 1e-6) { best = way; score = s; } };
  if (!area) {
    for (const way of ways) better(way, Math.max(way.w / aspect, way.h));
    return best;
  }
  const zoomOf = (way: T) => Math.min(area.w / (way.w + pad), area.h / (way.h + pad));
  if (ways.some((way) => zoomOf(way) >= READABLE_ZOOM)) {
    for (const way of ways) better(way, -zoomOf(way));
    return best;
  }
  const width = area.w / READABLE_ZOOM;
  const narrow = ways.filter((way) => way.w + pad <= width);
  if (narrow.length) for (const way of narrow) better(way, way.h + way.w / 1e6);
  else for (const way of ways) better(way, way.w + way.h / 1e6);
  return best;
}
