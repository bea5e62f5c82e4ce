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
