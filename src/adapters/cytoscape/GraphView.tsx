/**
 * The React face of the canvas: the UI passes a placed GraphSpec, the path's marks and ids; it never sees
 * Cytoscape. Everything lives per instance, so two GraphViews can stand side by side on one page.
 */
import { useEffect, useRef, useState } from 'react';
import type { GraphSpec } from '../../core/graph/graph.ts';
import type { ThemeName } from '../../ui/theme/tokens.ts';
import { TOKENS } from '../../ui/theme/tokens.ts';
import { READABLE_PX } from '../../core/graph/viewport.ts';
import { CanvasController, type LayoutKind, type LayoutSnapshot, type PathMarks } from './canvas.ts';

export type { LayoutSnapshot, PathMarks };

/** What the UI may ask of a drawn canvas: what it shows (tests) and an image of it (export). */
export interface CanvasHandle {
  layout(): LayoutSnapshot;
  image(kind: 'png' | 'svg'): Promise<Blob>;
}

export interface GraphViewProps {
  spec: GraphSpec;
  kind: LayoutKind;
  theme: ThemeName;
  path: PathMarks | null;
  /** The packet marker: the element it stands at and the ones it passes on the way there. */
  marker: { at: string; via: readonly string[] } | null;
  /** An element to ring (a trace step the pointer is on). */
  hovered: string | null;
  focusId: string | null;
  fitSignal: number;
  /** The smallest label fit may show, in page pixels (default 11; presenting to a room, 18). */
  readablePx?: number;
  onSelect: (id: string | null) => void;
  onHover?: (id: string | null) => void;
  onReady?: (handle: CanvasHandle | null) => void;
  /** The canvas settled at a new size (page pixels). */
  onResize?: (w: number, h: number) => void;
  testId: string;
}

export function GraphView(props: GraphViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const ctl = useRef<CanvasController | null>(null);
  const cb = useRef(props);
  cb.current = props;
  const [tip, setTip] = useState<{ text: string; x: number; y: number } | null>(null);

  useEffect(() => {
    if (!box.current) return undefined;
    const c = new CanvasController(box.current, cb.current.theme, (id) => cb.current.onSelect(id), (id, title, at) => {
      cb.current.onHover?.(id);
      setTip(id && title && at ? { text: title, x: at.x, y: at.y } : null);
    });
    ctl.current = c;
    cb.current.onReady?.({ layout: () => c.snapshot(), image: (k) => c.image(k, TOKENS[cb.current.theme].bg) });
    return () => { cb.current.onReady?.(null); c.destroy(); ctl.current = null; };
    // the controller lives as long as the element; everything else is patched below
  }, []);
  useEffect(() => { ctl.current?.setTheme(props.theme); }, [props.theme]);
  useEffect(() => {
    const c = ctl.current;
    if (!c) return;
    const el = box.current;
    el?.removeAttribute('data-painted');
    let live = true;
    void c.draw(props.spec, props.kind, props.path).then(() => {
      // marks the canvas painted for tests and the benchmarks: every element added, and Cytoscape drew the frame
      requestAnimationFrame(() => { if (live) el?.setAttribute('data-painted', String(props.spec.nodes.length)); });
    });
    // what the fitted view shows is drawn first (the rest follow, a few dozen elements a frame)
    void c.shown().then(() => requestAnimationFrame(() => { if (live) el?.setAttribute('data-shown', String(props.spec.nodes.length)); }));
    return () => { live = false; };
  }, [props.spec, props.kind, props.path]);
  useEffect(() => { ctl.current?.marker(props.marker?.at ?? null, props.marker?.via ?? []); }, [props.marker, props.spec]);
  useEffect(() => { ctl.current?.hover(props.hovered); }, [props.hovered, props.spec]);
  useEffect(() => { if (props.focusId) ctl.current?.focus(props.focusId); }, [props.focusId]);
  useEffect(() => { if (props.fitSignal) ctl.current?.fit(); }, [props.fitSignal]);
  useEffect(() => { ctl.current?.setReadable(props.readablePx ?? READABLE_PX); }, [props.readablePx]);
  // a new size is fitted (once it settles), and the UI told, which may have the picture laid out for the new shape
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return undefined;
    let last = `${el.clientWidth}x${el.clientHeight}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ro = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = `${el.clientWidth}x${el.clientHeight}`;
        if (now === last) return;
        last = now;
        ctl.current?.resize();
        cb.current.onResize?.(el.clientWidth, el.clientHeight);
      }, 120);
    });
    ro.observe(el);
    return () => { clearTimeout(timer); ro.disconnect(); };
  }, []);

  return (
    <div className="relative h-full w-full">
      <div ref={box} data-testid={props.testId} className="h-full w-full" />
      {tip && (
        <div role="tooltip" data-testid="canvas.tooltip" className="absolute z-20 panel px-2 py-1 text-xs font-mono max-w-[32rem] break-all pointer-events-none"
          style={{ left: Math.max(4, tip.x - 120), top: Math.max(4, tip.y - 40) }}>{tip.text.length > 600 ? `${tip.text.slice(0, 600)}… (${tip.text.length.toLocaleString('en')} characters)` : tip.text}</div>
      )}
    </div>
  );
}
