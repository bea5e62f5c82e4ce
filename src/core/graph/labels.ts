/**
 * Canvas labels: the text a box shows and the size it needs. Labels are set in a monospace face so that a
 * box's size follows from its characters alone, here, in the worker, with no DOM to measure text in.
 */

/** The canvas font: size in model pixels (rendered size = FONT_PX × zoom), and one character's advance. */
export const FONT_PX = 12;
/** DejaVu Sans Mono (Debian's monospace) advances 0.602 em; a little more covers other monospace faces. */
export const CHAR_PX = 7.4;
/** Cytoscape's line-height is set to 1.25 in the stylesheet. */
export const LINE_PX = 15;
/** Inner padding of a leaf box around its label. */
export const PAD_X = 7;
export const PAD_Y = 4;

/** Bidirectional controls would reorder a name on screen ("evil" shown as "live"): they are dropped from labels. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `kube-system/addon-http-application-routing-nginx-…-8fx6v2r`: the start and the end of a long name, which tell names apart. */
export function shortenMiddle(text: string, max: number): string {
  const s = text.replace(BIDI, '');
  if (s.length <= max) return s;
  const tail = Math.floor((max - 1) * 0.4);
  return `${s.slice(0, max - 1 - tail)}…${s.slice(s.length - tail)}`;
}

/** A label of several lines, each shortened to `max` characters. */
export const labelOf = (lines: (string | undefined)[], max: number): string =>
  lines.filter((l): l is string => !!l).map((l) => shortenMiddle(l, max)).join('\n');

/** The box a leaf needs for its label, in model pixels. */
export function boxOf(label: string, minW = 0): { w: number; h: number } {
  const lines = label.split('\n');
  const chars = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return { w: Math.max(minW, Math.ceil(chars * CHAR_PX + 2 * PAD_X)), h: lines.length * LINE_PX + 2 * PAD_Y };
}

/** Height of a compound's label above its box (Cytoscape draws it outside, on top). */
export const headerOf = (label: string): number => (label ? label.split('\n').length * LINE_PX + 6 : 0);
