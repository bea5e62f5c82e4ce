/**
 * Owns one Cytoscape instance: draws a placed GraphSpec (positions and sizes come from core/graph, so the
 * picture is the same on every machine), marks a path (bold, numbered badges, the rest dimmed), moves the
 * packet marker, fits readably, and reports what it drew in page pixels for tests (`layout()`).
 *
 * Every box has an explicit size. Sizing nodes by `width: label` made today's bug: until a label has been
 * drawn once it measures 0, Cytoscape caches "takes up no space" for the node, and the edges at such a node
 * got no geometry (an empty bounding box: never painted) until a drag or a click restyled it.
 */
import cytoscape, { type Core, type ElementDefinition, type EventObject, type NodeSingular } from 'cytoscape';
import type { GraphSpec } from '../../core/graph/graph.ts';
import { FONT_PX } from '../../core/graph/labels.ts';
import type { ThemeName } from '../../ui/theme/tokens.ts';
import { edgeData } from './routes.ts';
import { stylesheet } from './stylesheet.ts';

export type LayoutKind = 'topology' | 'chains';

/** The smallest zoom at which labels render at 11 px or more: `fit` does not go below it. */
export const READABLE_ZOOM = 11 / FONT_PX;
const FIT_PADDING = 12;
/** The toolbar over the canvas's top and the marker's controls over its bottom. */
const INSET_TOP = 40;
const INSET_BOTTOM = 44;
/** A small graph is not blown up past this. */
const MAX_FIT_ZOOM = 1.4;

export interface PathMarks {
  ids: readonly string[];
  edges: readonly string[];
  end: string | null;
  delivered: boolean;
  /** Rules (chains view) or elements that decided the verdict. */
  decided: readonly string[];
  badges: readonly { element: string; text: string }[];
}

export interface LayoutBox { x1: number; y1: number; x2: number; y2: number }
export interface LayoutSnapshot {
  view: LayoutKind;
  /** The canvas's size, and where it is on the page. */
  viewport: { w: number; h: number; x: number; y: number };
  nodes: { id: string; kind: string; classes: string[]; compound: boolean; visible: boolean; box: LayoutBox; labelPx: number; label: string; labelBox: LayoutBox | null }[];
  edges: { id: string; kind: string; classes: string[]; source: string; target: string; visible: boolean; lengthPx: number }[];
}

function toElements(spec: GraphSpec): ElementDefinition[] {
  return [
    ...spec.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, label: n.label, kind: n.kind, ...(n.parent ? { parent: n.parent } : {}), ...(n.title ? { title: n.title } : {}), ...(n.pos ? { w: n.pos.w, h: n.pos.h } : {}) },
      ...(n.pos ? { position: { x: n.pos.x, y: n.pos.y } } : {}),
      classes: n.classes.join(' '),
      grabbable: false,
    })),
    ...spec.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label ?? '', ...edgeData(spec, e) }, classes: e.classes.join(' ') })),
  ];
}

const ADORN = '.badge, .marker';

/** cytoscape-svg registers itself with Cytoscape once (a library-wide extension, not per canvas). */
let svgExtension: Promise<void> | null = null;
const registerSvg = (): Promise<void> => (svgExtension ??= import('cytoscape-svg').then(({ default: svg }) => { cytoscape.use(svg); }));

export class CanvasController {
  private readonly cy: Core;
  private structure = '';
  private kind: LayoutKind = 'topology';
  private path: PathMarks | null = null;

  constructor(private readonly container: HTMLElement, theme: ThemeName, onTap: (id: string | null) => void, onHover: (id: string | null, title: string | null, at: { x: number; y: number } | null) => void) {
    this.cy = cytoscape({ container, style: stylesheet(theme), minZoom: 0.05, maxZoom: 3, boxSelectionEnabled: false, autoungrabify: true });
    this.cy.on('tap', (e: EventObject) => onTap(e.target === this.cy || e.target.is?.(ADORN) ? null : (e.target.id() as string)));
    this.cy.on('mouseover', 'node', (e: EventObject) => {
      const n = e.target as NodeSingular;
      if (n.is(ADORN)) return;
      const p = n.renderedBoundingBox({ includeLabels: false });
      onHover(n.id(), (n.data('title') as string | undefined) ?? null, { x: (p.x1 + p.x2) / 2, y: p.y1 });
    });
    this.cy.on('mouseout', 'node', () => onHover(null, null, null));
  }

  /** Replaces what changed; draws anew only when the set of elements changed. */
  setSpec(spec: GraphSpec, kind: LayoutKind): boolean {
    const cy = this.cy;
    const elements = toElements(spec);
    const structure = `${kind}|${elements.map((e) => `${e.data.id}>${e.data.parent ?? ''}@${e.position ? `${e.position.x},${e.position.y}` : ''}`).join(',')}`;
    if (structure === this.structure) {
      cy.batch(() => {
        for (const e of elements) cy.getElementById(e.data.id as string).data('label', e.data.label).classes(e.classes ?? '');
      });
      return false;
    }
    this.structure = structure;
    this.kind = kind;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    this.fit();
    return true;
  }

  highlight(path: PathMarks | null): void {
    const cy = this.cy;
    this.path = path;
    cy.batch(() => {
      cy.elements().removeClass('path path-end delivered dim decided');
      cy.remove(cy.nodes('.badge'));
      if (!path || !path.ids.length) return;
      const on = cy.collection();
      for (const id of [...path.ids, ...path.edges]) on.merge(cy.getElementById(id));
      // chains view: the rules' edges between visited elements
      if (!path.edges.length) on.merge(on.edgesWith(on));
      on.addClass('path');
      cy.elements().not(on).not(on.ancestors()).not(':parent').addClass('dim');
      cy.nodes(':parent').not(on).not(on.ancestors()).filter((n) => n.data('kind') === 'netns' || n.data('kind') === 'chain').addClass('dim');
      for (const id of path.decided) cy.getElementById(id).addClass('decided');
      if (path.end) cy.getElementById(path.end).addClass(path.delivered ? 'path-end delivered' : 'path-end');
      for (const b of path.badges) {
        const el = cy.getElementById(b.element);
        if (el.empty()) continue;
        const bb = el.boundingBox({ includeLabels: false, includeOverlays: false });
        const w = Math.max(22, b.text.length * 7.4 + 10);
        cy.add({ group: 'nodes', data: { id: `badge:${b.element}`, label: b.text, w, h: 20 }, position: { x: bb.x2 - w / 2 + 6, y: bb.y1 - 4 }, classes: 'badge', grabbable: false, selectable: false });
      }
    });
  }

  /** The packet marker at an element (null: none), passing the elements between for the animation. */
  marker(at: string | null, via: readonly string[]): void {
    const cy = this.cy;
    const target = at ? cy.getElementById(at) : cy.collection();
    let m = cy.getElementById('packet-marker');
    if (!at || target.empty()) { m.remove(); return; }
    const centre = (id: string) => {
      const bb = cy.getElementById(id).boundingBox({ includeLabels: false, includeOverlays: false });
      return { x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 };
    };
    const goal = centre(at);
    if (m.empty()) {
      m = cy.add({ group: 'nodes', data: { id: 'packet-marker', label: '', w: 18, h: 18 }, position: goal, classes: 'marker', grabbable: false, selectable: false });
      return;
    }
    const points = [...via.filter((id) => !cy.getElementById(id).empty()).map(centre), goal];
    m.stop(true, false);
    const step = (i: number) => {
      const p = points[i];
      if (!p) return;
      m.animate({ position: p }, { duration: 160, complete: () => step(i + 1) });
    };
    step(0);
  }

  /** Rings one element (the trace step under the pointer). */
  hover(id: string | null): void {
    this.cy.elements('.hovered').removeClass('hovered');
    if (id) this.cy.getElementById(id).addClass('hovered');
  }

  focus(id: string): boolean {
    const el = this.cy.getElementById(id);
    if (el.empty()) return false;
    this.cy.elements().unselect();
    el.select();
    this.cy.animate({ center: { eles: el }, zoom: Math.max(this.cy.zoom(), 1.1) }, { duration: 200 });
    return true;
  }

  setTheme(theme: ThemeName): void {
    this.cy.style(stylesheet(theme));
  }

  /**
   * The whole picture when it reads at 11 px or more; else, at that zoom, the path (or the top left). The
   * strips the page lays over the canvas (the toolbar on top, the marker's controls below) are kept clear.
   */
  fit(): void {
    const cy = this.cy;
    const all = cy.elements().not(ADORN);
    if (all.empty()) return;
    const bb = all.boundingBox({});
    const availW = cy.width() - 2 * FIT_PADDING;
    const availH = cy.height() - INSET_TOP - INSET_BOTTOM;
    const fits = Math.min(availW / bb.w, availH / bb.h, MAX_FIT_ZOOM);
    const zoom = Math.max(fits, READABLE_ZOOM);
    const on = this.path?.ids.length ? cy.elements('.path').not(ADORN) : cy.collection();
    const focus = fits >= READABLE_ZOOM || on.empty() ? bb : on.boundingBox({});
    cy.zoom(zoom);
    const x = fits >= READABLE_ZOOM || !on.empty() ? FIT_PADDING + (availW - focus.w * zoom) / 2 - focus.x1 * zoom : FIT_PADDING - bb.x1 * zoom;
    const y = fits >= READABLE_ZOOM || !on.empty() ? INSET_TOP + Math.max(0, (availH - focus.h * zoom) / 2) - focus.y1 * zoom : INSET_TOP - bb.y1 * zoom;
    cy.pan({ x, y });
  }

  /** What is drawn now, in page pixels (the test hook `layout()`). */
  snapshot(): LayoutSnapshot {
    const cy = this.cy;
    const rect = this.container.getBoundingClientRect();
    const ox = rect.left + window.scrollX;
    const oy = rect.top + window.scrollY;
    const vw = cy.width();
    const vh = cy.height();
    const zoom = cy.zoom();
    const page = (b: { x1: number; y1: number; x2: number; y2: number }): LayoutBox => ({ x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy });
    const inView = (b: { x1: number; y1: number; x2: number; y2: number; w: number; h: number }) => (b.w > 0 || b.h > 0) && b.x2 > 0 && b.y2 > 0 && b.x1 < vw && b.y1 < vh;
    const minZoomed = (n: NodeSingular) => Number.parseFloat(String(n.style('min-zoomed-font-size'))) || 0;
    return {
      view: this.kind,
      viewport: { w: vw, h: vh, x: ox, y: oy },
      nodes: cy.nodes().not(ADORN).map((n: NodeSingular) => {
        const bb = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        const label = String(n.data('label') ?? '');
        const font = Number.parseFloat(String(n.style('font-size'))) * zoom;
        const shown = label !== '' && font >= minZoomed(n) && n.style('text-opacity') !== '0';
        const lb = shown ? n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false }) : null;
        return {
          id: n.id(), kind: String(n.data('kind')), classes: n.classes(), compound: n.isParent(), visible: n.visible() && inView(bb),
          box: page(bb), labelPx: shown ? Math.round(font * 10) / 10 : 0, label, labelBox: lb && lb.w > 0 ? page(lb) : null,
        };
      }),
      edges: cy.edges().map((e) => {
        const bb = e.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        const pts = [e.renderedSourceEndpoint(), ...(e.style('curve-style') === 'segments' ? e.renderedSegmentPoints() ?? [] : []), e.renderedTargetEndpoint()];
        let length = 0;
        for (let i = 1; i < pts.length; i++) length += Math.hypot((pts[i]?.x ?? 0) - (pts[i - 1]?.x ?? 0), (pts[i]?.y ?? 0) - (pts[i - 1]?.y ?? 0));
        return { id: e.id(), kind: String(e.data('kind')), classes: e.classes(), source: e.source().id(), target: e.target().id(), visible: e.visible() && inView(bb), lengthPx: Math.round(length * 10) / 10 };
      }),
    };
  }

  /** The picture as an image: PNG from Cytoscape, SVG through cytoscape-svg (loaded on first use). */
  async image(kind: 'png' | 'svg', background: string): Promise<Blob> {
    if (kind === 'png') return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: background });
    await registerSvg();
    const text = (this.cy as unknown as { svg(o: object): string }).svg({ full: true, bg: background, scale: 1 });
    return new Blob([text], { type: 'image/svg+xml' });
  }

  destroy(): void {
    this.cy.destroy();
  }
}
