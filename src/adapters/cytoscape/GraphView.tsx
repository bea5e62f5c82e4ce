/** The React face of the canvas: the UI passes a GraphSpec and ids; it never sees Cytoscape itself. */
import { useEffect, useRef } from 'react';
import type { GraphSpec } from '../../core/graph/graph.ts';
import type { ThemeName } from '../../ui/theme/tokens.ts';
import { CanvasController, type LayoutKind } from './canvas.ts';

export interface GraphViewProps {
  spec: GraphSpec;
  kind: LayoutKind;
  theme: ThemeName;
  highlight: readonly string[];
  endId: string | null;
  delivered: boolean;
  focusId: string | null;
  fitSignal: number;
  onSelect: (id: string | null) => void;
  testId: string;
}

export function GraphView(props: GraphViewProps) {
  const box = useRef<HTMLDivElement>(null);
  const ctl = useRef<CanvasController | null>(null);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;

  useEffect(() => {
    if (!box.current) return undefined;
    const c = new CanvasController(box.current, props.theme, (id) => onSelect.current(id));
    ctl.current = c;
    return () => { c.destroy(); ctl.current = null; };
    // the controller lives as long as the element; theme changes are patched below
  }, []);
  useEffect(() => { ctl.current?.setTheme(props.theme); }, [props.theme]);
  useEffect(() => {
    ctl.current?.setSpec(props.spec, props.kind);
    ctl.current?.highlight(props.highlight, props.endId, props.delivered);
    // mark the canvas as painted for tests and the scale benchmark (after Cytoscape rendered the frame)
    requestAnimationFrame(() => box.current?.setAttribute('data-painted', String(props.spec.nodes.length)));
  }, [props.spec, props.kind, props.highlight, props.endId, props.delivered]);
  useEffect(() => { if (props.focusId) ctl.current?.focus(props.focusId); }, [props.focusId]);
  useEffect(() => { if (props.fitSignal) ctl.current?.fit(); }, [props.fitSignal]);

  return <div ref={box} data-testid={props.testId} className="h-full w-full" />;
}
