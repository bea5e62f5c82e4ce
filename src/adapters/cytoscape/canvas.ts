/**
 * Owns one Cytoscape instance: draws a placed GraphSpec (positions and sizes come from core/graph, so the
 * picture is the same on every machine), marks a path (bold, numbered badges, the rest dimmed), moves the
 * packet marker, fits readably, and reports what it drew in page pixels for tests (`layout()`).
 *
 * Every box has an explicit size. Sizing nodes by `width: label` made today's bug: until a label has been
 * drawn once it measures 0, Cytoscape caches "takes up no space" for the node, and the edges at such a node
 * got no geometry (an empty bounding box: never painted) until a drag or a click restyled it.
 *
 * Containers (a node's box, a pod's, a chain's) are drawn as plain boxes behind their children, stacked by
 * z-index, not as Cytoscape compounds: with compounds, every style property set on an element restyled its whole
 * subtree and its parents, and drawing a 250-pod node cost about a second of main-thread time (core/graph/containers.ts).
 */
import cytoscape, { type Core, type ElementDefinition, type EventObject, type NodeSingular } from 'cytoscape';
import type { GraphSpec } from '../../core/graph/graph.ts';
import { containerIds, extentOf } from '../../core/graph/containers.ts';
import { FIT_INSETS, fitArea, READABLE_ZOOM } from '../../core/graph/viewport.ts';
import { FONT_PX, headerOf } from '../../core/graph/labels.ts';
import type { ThemeName } from '../../ui/theme/tokens.ts';
import { edgeData } from './routes.ts';
import { stylesheet, Z } from './stylesheet.ts';

export type LayoutKind = 'topology' | 'chains';

export { READABLE_ZOOM };
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
  /** Every element added and restyled (a picture is drawn a few dozen elements a frame). */
  settled: boolean;
  /** The canvas's size, and where it is on the page. */
  viewport: { w: number; h: number; x: number; y: number };
  nodes: { id: string; kind: string; classes: string[]; compound: boolean; visible: boolean; box: LayoutBox; labelPx: number; label: string; labelBox: LayoutBox | null }[];
  edges: { id: string; kind: string; classes: string[]; source: string; target: string; visible: boolean; lengthPx: number }[];
}

function toElements(spec: GraphSpec): ElementDefinition[] {
  const containers = containerIds(spec.nodes);
  const parentOf = new Map(spec.nodes.map((n) => [n.id, n.parent]));
  const depth = (id: string): number => {
    let d = 0;
    for (let p = parentOf.get(id); p; p = parentOf.get(p)) d++;
    return d;
  };
  return [
    ...spec.nodes.map((n) => {
      const container = containers.has(n.id);
      return {
        group: 'nodes' as const,
        data: { id: n.id, label: n.label, kind: n.kind, z: container ? Z.container + depth(n.id) : Z.leaf, ...(n.title ? { title: n.title } : {}), ...(n.pos ? { w: n.pos.w, h: n.pos.h } : {}) },
        ...(n.pos ? { position: { x: n.pos.x, y: n.pos.y } } : {}),
        classes: container ? `${n.classes.join(' ')} container` : n.classes.join(' '),
        grabbable: false,
      };
    }),
    ...spec.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, ...(e.label ? { label: e.label } : {}), ...edgeData(spec, e) }, classes: e.classes.join(' ') })),
  ];
}

const ADORN = '.badge, .marker';
/** The widest border is drawn half outside its box. */
const BORDER = 3;

/** cytoscape-svg registers itself with Cytoscape once (a library-wide extension, not per canvas). */
let svgExtension: Promise<void> | null = null;
const registerSvg = (): Promise<void> => (svgExtension ??= import('cytoscape-svg').then(({ default: svg }) => { cytoscape.use(svg); }));

/** Above this many elements, what the fitted view shows is added first and the rest after it. */
const VIEW_FIRST = 600;
/**
 * Elements added or restyled in one task, one task per frame: Cytoscape styles each (about 0.3 ms on a laptop core)
 * and draws its texture in the next frame, so a few hundred at once held the page for over 100 ms. The first task
 * takes `first`; then as many as the frames show the machine draws in a short one (`min` to `max`): the time from
 * one task to the next (the frame between) under `fastMs` doubles it, over `slowMs` halves it.
 */
const PACE = { first: 40, min: 20, max: 320, fastMs: 40, slowMs: 80 } as const;

/** Resolves everyone waiting; the list that replaces theirs (empty). */
function release(waiting: readonly (() => void)[]): (() => void)[] {
  for (const f of waiting) f();
  return [];
}

type Rect = { x1: number; y1: number; x2: number; y2: number };
const MARK_SET = new Set(['path', 'path-end', 'delivered', 'dim', 'decided']);

export class CanvasController {
  private readonly cy: Core;
  private structure = '';
  private kind: LayoutKind = 'topology';
  private path: PathMarks | null = null;
  private pathKey = '';
  private marks: { ids: Set<string>; edges: Set<string>; around: Set<string>; decided: Set<string>; end: string | null; delivered: boolean } | null = null;
  /** From the spec: each node's container, each node's box (model pixels), which nodes are containers, the picture's extent. */
  private parents = new Map<string, string>();
  private boxes = new Map<string, { x: number; y: number; w: number; h: number }>();
  private containers = new Set<string>();
  private labels = new Map<string, string>();
  private extent: Rect | null = null;
  /** Elements not yet added (a picture is drawn `perTask` at a time, what the view shows first). */
  private pending: ElementDefinition[] = [];
  /** Elements whose classes are still to change to the path's marks: [id, classes]. */
  private restyles: [string, string][] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private frame: number | null = null;
  /** Elements a task now, and when the last task ended (0: none yet of this draw). */
  private perTask: number = PACE.first;
  private stepEnded = 0;
  /** Elements of what the fitted view shows still to be added, and who waits for them (shown()). */
  private unshown = 0;
  private whenShown: (() => void)[] = [];
  private whenDrawn: (() => void)[] = [];

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

  /**
   * Draws a spec with its path marks. A new set of elements is drawn anew and fitted, a few dozen a frame (a
   * big one what the fitted view shows first), so that no task is long and the view is painted early. The same
   * elements get their labels and classes updated (those still to be added, when they are); a new path is marked
   * (and, when it is another path, fitted). Resolves once every element is on the canvas; shown() once what the
   * fitted view shows is.
   */
  draw(spec: GraphSpec, kind: LayoutKind, path: PathMarks | null): Promise<void> {
    const structure = `${kind}|${spec.nodes.map((n) => `${n.id}>${n.parent ?? ''}@${n.pos ? `${n.pos.x},${n.pos.y},${n.pos.w},${n.pos.h}` : ''}`).join(',')}`;
    const pathKey = path ? `${path.ids.join(',')}|${path.edges.join(',')}` : '';
    const fresh = structure !== this.structure;
    const refit = fresh || (pathKey !== this.pathKey && pathKey !== '');
    this.pathKey = pathKey;
    this.path = path;
    if (!fresh) {
      this.marks = this.marksOf(path);
      const cy = this.cy;
      const restyles: [string, string][] = [];
      cy.batch(() => {
        for (const n of spec.nodes) {
          const el = cy.getElementById(n.id);
          if (el.empty()) continue;
          if (el.data('label') !== n.label) el.data('label', n.label);
          restyles.push([n.id, this.classesOf(n.id, n.kind, n.classes, this.containers.has(n.id))]);
        }
        for (const e of spec.edges) if (cy.getElementById(e.id).nonempty()) restyles.push([e.id, this.classesOf(e.id, e.kind, e.classes, false, e.source, e.target)]);
        // only what changes is restyled: a new path re-marks most of the picture, a label update nothing else
        this.restyles = restyles.filter(([id, classes]) => cy.getElementById(id).classes().filter((c) => c !== 'hovered').join(' ') !== classes);
        this.restyle();
        this.badges();
      });
      // elements still to be added are added as this spec has them
      if (this.pending.length) {
        const now = new Map(toElements(spec).map((e) => [e.data.id as string, e]));
        this.pending = this.pending.map((e) => now.get(e.data.id as string) ?? e);
      }
      this.scheduleRest();
      if (refit) this.fit();
      return this.drawn();
    }
    this.structure = structure;
    this.kind = kind;
    this.parents = new Map(spec.nodes.filter((n) => n.parent).map((n) => [n.id, n.parent as string]));
    this.boxes = new Map(spec.nodes.filter((n) => n.pos).map((n) => [n.id, n.pos as { x: number; y: number; w: number; h: number }]));
    this.containers = containerIds(spec.nodes);
    this.labels = new Map(spec.nodes.map((n) => [n.id, n.label]));
    this.extent = extentOf(spec.nodes);
    this.marks = this.marksOf(path);
    const elements = toElements(spec);
    this.cancelRest();
    const view = this.fitView();
    let ordered = elements;
    let firstCount = elements.length;
    if (elements.length > VIEW_FIRST && view) {
      const seen = this.modelRect(view, 0.1);
      const inView = (id: string) => {
        const b = this.boxes.get(id);
        return !!b && b.x + b.w / 2 > seen.x1 && b.x - b.w / 2 < seen.x2 && b.y + b.h / 2 > seen.y1 && b.y - b.h / 2 < seen.y2;
      };
      const now = new Set(spec.nodes.filter((n) => inView(n.id)).map((n) => n.id));
      // an edge whose line crosses the view comes with both its ends (one may be off screen)
      for (const e of spec.edges) {
        const line = this.lineOf(e);
        if (line && line.x2 > seen.x1 && line.x1 < seen.x2 && line.y2 > seen.y1 && line.y1 < seen.y2) { now.add(e.source); now.add(e.target); }
      }
      const shown = (e: ElementDefinition) => (e.group === 'nodes' ? now.has(e.data.id as string) : now.has(e.data.source as string) && now.has(e.data.target as string));
      const first = elements.filter(shown);
      firstCount = first.length;
      const rest = elements.filter((e) => !shown(e));
      // nodes before the edges that join them
      ordered = [...first, ...rest.filter((e) => e.group === 'nodes'), ...rest.filter((e) => e.group === 'edges')];
    }
    this.pending = ordered;
    this.unshown = firstCount;
    this.perTask = PACE.first;
    this.stepEnded = 0;
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().remove();
      this.addSome();
      this.badges();
    });
    if (view) cy.viewport(view);
    this.scheduleRest();
    return this.drawn();
  }

  /** Adds the next `perTask` pending elements, with the classes of the path marked now (an edge after its ends). */
  private addSome(): void {
    const cy = this.cy;
    const taken = this.pending.splice(0, this.perTask);
    const nodes = new Set(taken.filter((e) => e.group === 'nodes').map((e) => e.data.id as string));
    const has = (id: string) => nodes.has(id) || cy.getElementById(id).nonempty();
    const chunk = taken.filter((e) => e.group === 'nodes' || (has(e.data.source as string) && has(e.data.target as string)));
    for (const e of chunk) {
      e.classes = this.classesOf(e.data.id as string, e.data.kind as string, (e.classes as string).split(' '), this.containers.has(e.data.id as string),
        e.data.source as string | undefined, e.data.target as string | undefined);
    }
    cy.add(chunk);
    this.unshown -= taken.length;
    if (this.unshown <= 0) this.settleShown();
  }

  private settleShown(): void {
    this.whenShown = release(this.whenShown);
  }

  /** Resolves once what the fitted view shows is on the canvas (the rest may still be coming). */
  shown(): Promise<void> {
    return this.unshown > 0 ? new Promise((resolve) => this.whenShown.push(resolve)) : Promise.resolve();
  }

  /** The next `perTask` elements to re-mark (the ring of the step under the pointer stays). */
  private restyle(): void {
    for (const [id, classes] of this.restyles.splice(0, this.perTask)) {
      const el = this.cy.getElementById(id);
      el.classes(el.hasClass('hovered') ? `${classes} hovered` : classes);
    }
  }

  /**
   * The rest of the work, `perTask` elements a task, each after the frame that drew the one before (Cytoscape
   * draws new and restyled elements in its next frame), or after 100 ms where frames stop (a hidden tab).
   */
  private scheduleRest(): void {
    if (this.timer || this.frame !== null) return;
    if (!this.pending.length && !this.restyles.length) { this.finish(); this.stepEnded = 0; return; }
    if (!this.stepEnded) { this.perTask = PACE.first; this.stepEnded = performance.now(); }
    const step = () => {
      this.stopTimers();
      const cycle = performance.now() - this.stepEnded;
      if (cycle < PACE.fastMs) this.perTask = Math.min(PACE.max, this.perTask * 2);
      else if (cycle > PACE.slowMs) this.perTask = Math.max(PACE.min, Math.floor(this.perTask / 2));
      const adding = this.pending.length > 0;
      this.cy.batch(() => {
        if (adding) this.addSome();
        else this.restyle();
        if (adding && !this.pending.length) this.badges();
      });
      this.stepEnded = performance.now();
      this.scheduleRest();
    };
    this.frame = requestAnimationFrame(() => { this.frame = null; if (this.timer) clearTimeout(this.timer); this.timer = setTimeout(step, 0); });
    this.timer = setTimeout(step, 100);
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.timer = null;
    this.frame = null;
  }

  private cancelRest(): void {
    this.stopTimers();
    this.pending = [];
    this.restyles = [];
  }

  /** Elements still to be added or re-marked, or a task waiting to run. */
  private get busy(): boolean {
    return this.pending.length > 0 || this.restyles.length > 0 || this.timer !== null || this.frame !== null;
  }

  private finish(): void {
    this.whenDrawn = release(this.whenDrawn);
  }

  private drawn(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.whenDrawn.push(resolve)) : Promise.resolve();
  }

  /** An element's classes with the path's marks: on the path, where it ended, what decided, or dimmed. */
  private classesOf(id: string, kind: string, own: readonly string[], container: boolean, source?: string, target?: string): string {
    const base = own.filter((c) => c && !MARK_SET.has(c));
    if (container) base.push('container');
    const m = this.marks;
    if (!m) return base.join(' ');
    // chains view: the rules' edges between visited elements
    const on = source !== undefined ? m.edges.has(id) || (!m.edges.size && m.ids.has(source) && m.ids.has(target as string)) : m.ids.has(id);
    if (on) base.push('path');
    // headings (a hook's name, the routing decision) and the outer boxes stay as they are
    else if (!m.around.has(id) && kind !== 'hook' && (!container || kind === 'netns' || kind === 'chain')) base.push('dim');
    if (m.decided.has(id)) base.push('decided');
    if (m.end === id) base.push(m.delivered ? 'path-end delivered' : 'path-end');
    return base.join(' ');
  }

  /** The path as sets, and the containers around its elements (not dimmed). */
  private marksOf(path: PathMarks | null): typeof this.marks {
    if (!path || !path.ids.length) return null;
    const around = new Set<string>();
    for (const id of path.ids) for (let p = this.parents.get(id); p; p = this.parents.get(p)) around.add(p);
    return { ids: new Set(path.ids), edges: new Set(path.edges), around, decided: new Set(path.decided), end: path.end, delivered: path.delivered };
  }

  /** The extent of an edge's line as the layout routed it (or centre to centre), in model pixels. */
  private lineOf(e: GraphSpec['edges'][number]): Rect | null {
    const s = this.boxes.get(e.source);
    const t = this.boxes.get(e.target);
    if (!s || !t) return null;
    const pts = e.route ? [{ x: s.x + e.route.from.x, y: s.y + e.route.from.y }, ...e.route.bends, { x: t.x + e.route.to.x, y: t.y + e.route.to.y }] : [s, t];
    return { x1: Math.min(...pts.map((p) => p.x)), y1: Math.min(...pts.map((p) => p.y)), x2: Math.max(...pts.map((p) => p.x)), y2: Math.max(...pts.map((p) => p.y)) };
  }

  /** The numbered badges at the top right of their elements' boxes. */
  private badges(): void {
    const cy = this.cy;
    cy.remove(cy.nodes('.badge'));
    for (const b of this.path?.badges ?? []) {
      const bb = this.boxes.get(b.element);
      if (!bb || cy.getElementById(b.element).empty()) continue;
      const w = Math.max(22, b.text.length * 7.4 + 10);
      cy.add({ group: 'nodes', data: { id: `badge:${b.element}`, label: b.text, w, h: 20, z: Z.badge }, position: { x: bb.x + bb.w / 2 - w / 2 + 6, y: bb.y - bb.h / 2 - 4 }, classes: 'badge', grabbable: false, selectable: false });
    }
  }

  /** The zoom fit must keep (labels at `px` page pixels or more): 11 px normally, larger for presenting to a room. */
  private readableZoom = READABLE_ZOOM;

  setReadable(px: number): void {
    const zoom = px / FONT_PX;
    if (zoom === this.readableZoom) return;
    this.readableZoom = zoom;
    this.fit();
  }

  /** When the fitted view cannot show the whole picture, the view follows the marker, centring a step off screen. */
  private follow(goal: { x: number; y: number }): void {
    const cy = this.cy;
    const zoom = cy.zoom();
    const pan = cy.pan();
    const x = goal.x * zoom + pan.x;
    const y = goal.y * zoom + pan.y;
    const margin = 60;
    const { h: availH } = fitArea(cy.width(), cy.height());
    if (x > margin && x < cy.width() - margin && y > FIT_INSETS.top + margin && y < FIT_INSETS.top + availH - margin) return;
    // centred, but never past the picture's edge when the picture is bigger than the view
    const { w: availW } = fitArea(cy.width(), cy.height());
    // an axis the whole picture fits in keeps its fitted pan
    const clamp = (want: number, now: number, lo: number, hi: number, inset: number, avail: number) =>
      (hi - lo) * zoom <= avail ? now : Math.min(inset - lo * zoom + BORDER * zoom, Math.max(inset + avail - hi * zoom - BORDER * zoom, want));
    const e = this.extent;
    const px = cy.width() / 2 - goal.x * zoom;
    const py = FIT_INSETS.top + availH / 2 - goal.y * zoom;
    const target = e ? { x: clamp(px, pan.x, e.x1, e.x2, FIT_INSETS.side, availW), y: clamp(py, pan.y, e.y1, e.y2, FIT_INSETS.top, availH) } : { x: px, y: py };
    cy.animate({ pan: target }, { duration: 250 });
  }

  /** Where the packet marker is (a fit that cannot show the whole path keeps it in view). */
  private markerGoal: { x: number; y: number } | null = null;

  /** The packet marker at an element (null: none), passing the elements between for the animation. */
  marker(at: string | null, via: readonly string[]): void {
    const cy = this.cy;
    let m = cy.getElementById('packet-marker');
    // on the element's left edge, where it covers the border and not the label
    const edge = (b: { x: number; y: number; w: number }) => ({ x: b.x - b.w / 2, y: b.y });
    const box = at ? this.boxes.get(at) : undefined;
    const goal = box ? edge(box) : undefined;
    this.markerGoal = goal ?? null;
    if (!goal) { m.remove(); return; }
    this.follow(goal);
    if (m.empty()) {
      m = cy.add({ group: 'nodes', data: { id: 'packet-marker', label: '', w: 18, h: 18, z: Z.marker }, position: { x: goal.x, y: goal.y }, classes: 'marker', grabbable: false, selectable: false });
      return;
    }
    const points = [...via.map((id) => this.boxes.get(id)).filter((b) => !!b).map(edge), goal];
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
    const b = this.boxes.get(id);
    if (!b) return false;
    const cy = this.cy;
    cy.elements().unselect();
    cy.getElementById(id).select();
    const zoom = Math.max(cy.zoom(), 1.1);
    cy.animate({ zoom, pan: { x: cy.width() / 2 - b.x * zoom, y: cy.height() / 2 - b.y * zoom } }, { duration: 200 });
    return true;
  }

  setTheme(theme: ThemeName): void {
    this.cy.style(stylesheet(theme));
  }

  /**
   * The whole picture when it reads at 11 px or more; else, at that zoom, the path (centred where it fits, from its
   * start where it does not), or the top left. The strips the page lays over the canvas (the toolbar on top, the
   * marker's controls below) are kept clear. Computed from the spec's boxes, not Cytoscape's bounding boxes, which
   * measure every label first (a long task on a big node) and cover only what has been added yet.
   */
  private fitView(): { zoom: number; pan: { x: number; y: number } } | null {
    const e = this.extent;
    if (!e) return null;
    const cy = this.cy;
    const { side, top } = FIT_INSETS;
    const { w: availW, h: availH } = fitArea(cy.width(), cy.height());
    const grow = (r: Rect) => ({ x1: r.x1 - BORDER, y1: r.y1 - BORDER, w: r.x2 - r.x1 + 2 * BORDER, h: r.y2 - r.y1 + 2 * BORDER });
    const all = grow(e);
    const fits = Math.min(availW / all.w, availH / all.h, Math.max(MAX_FIT_ZOOM, this.readableZoom));
    const place = (r: { x1: number; y1: number; w: number; h: number }, zoom: number) => ({
      zoom,
      pan: {
        x: side + (r.w * zoom <= availW ? (availW - r.w * zoom) / 2 : 0) - r.x1 * zoom,
        y: top + (r.h * zoom <= availH ? (availH - r.h * zoom) / 2 : 0) - r.y1 * zoom,
      },
    });
    const readable = this.readableZoom;
    if (fits >= readable) return place(all, fits);
    const on = this.pathExtent();
    if (!on) return { zoom: readable, pan: { x: side - all.x1 * readable, y: top - all.y1 * readable } };
    const p = grow(on);
    return place(p, readable);
  }

  /** The path's nodes' boxes (a container's label included). */
  private pathExtent(): Rect | null {
    let r: Rect | null = null;
    for (const id of this.path?.ids ?? []) {
      const b = this.boxes.get(id);
      if (!b) continue;
      const head = this.containers.has(id) ? headerOf(this.labels.get(id) ?? '') : 0;
      const x1 = b.x - b.w / 2, x2 = b.x + b.w / 2, y1 = b.y - b.h / 2 - head, y2 = b.y + b.h / 2;
      r = r ? { x1: Math.min(r.x1, x1), y1: Math.min(r.y1, y1), x2: Math.max(r.x2, x2), y2: Math.max(r.y2, y2) } : { x1, y1, x2, y2 };
    }
    return r;
  }

  /** The part of the model a view shows, grown by a share of its size on each side. */
  private modelRect(view: { zoom: number; pan: { x: number; y: number } }, grow: number): Rect {
    const w = this.cy.width() / view.zoom;
    const h = this.cy.height() / view.zoom;
    const x1 = -view.pan.x / view.zoom;
    const y1 = -view.pan.y / view.zoom;
    return { x1: x1 - grow * w, y1: y1 - grow * h, x2: x1 + w + grow * w, y2: y1 + h + grow * h };
  }

  fit(): void {
    const view = this.fitView();
    if (!view) return;
    this.cy.viewport(view);
    if (this.markerGoal) this.follow(this.markerGoal);
  }

  /** The container changed size (the window, the inputs folded away): Cytoscape measures it anew, and the picture is fitted to it. */
  resize(): void {
    this.cy.resize();
    this.fit();
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
      settled: !this.busy,
      viewport: { w: vw, h: vh, x: ox, y: oy },
      nodes: cy.nodes().not(ADORN).map((n: NodeSingular) => {
        const bb = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        const label = String(n.data('label') ?? '');
        const font = Number.parseFloat(String(n.style('font-size'))) * zoom;
        const shown = label !== '' && font >= minZoomed(n) && n.style('text-opacity') !== '0';
        const lb = shown ? n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false }) : null;
        return {
          id: n.id(), kind: String(n.data('kind')), classes: n.classes().filter((c) => c !== 'container'), compound: n.hasClass('container'), visible: n.visible() && inView(bb),
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
    this.cancelRest();
    this.unshown = 0;
    this.settleShown();
    this.finish();
    this.cy.destroy();
  }
}
