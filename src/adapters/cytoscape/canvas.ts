/**
 * Owns one Cytoscape instance: patches it to a GraphSpec (add, remove, relabel by id, so positions survive
 * small changes), picks the layout by size and kind, highlights a path, focuses an element.
 */
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { GraphSpec } from '../../core/graph/graph.ts';
import type { ThemeName } from '../../ui/theme/tokens.ts';
import { stylesheet } from './stylesheet.ts';

cytoscape.use(fcose);

export type LayoutKind = 'topology' | 'chains';

/** Above this many elements force-directed layout costs too much on a laptop: use a grid inside each box. */
const FORCE_LIMIT = 600;

function layoutFor(kind: LayoutKind, size: number, roots: string[]): LayoutOptions {
  if (kind === 'chains') return { name: 'breadthfirst', directed: true, roots, spacingFactor: 1.1, animate: false } as LayoutOptions;
  if (size > FORCE_LIMIT) return { name: 'grid', avoidOverlap: true, condense: true, animate: false } as LayoutOptions;
  return { name: 'fcose', quality: size > 200 ? 'draft' : 'default', animate: false, randomize: true, nodeDimensionsIncludeLabels: true,
    nestingFactor: 0.2, idealEdgeLength: 60, nodeSeparation: 40, packComponents: true } as unknown as LayoutOptions;
}

function toElements(spec: GraphSpec): ElementDefinition[] {
  return [
    ...spec.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, label: n.label, kind: n.kind, ...(n.parent ? { parent: n.parent } : {}) }, classes: n.classes.join(' ') })),
    ...spec.edges.map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.label ?? '' }, classes: e.classes.join(' ') })),
  ];
}

export class CanvasController {
  private readonly cy: Core;
  private structure = '';

  constructor(container: HTMLElement, theme: ThemeName, onTap: (id: string | null) => void) {
    this.cy = cytoscape({ container, style: stylesheet(theme), minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3, boxSelectionEnabled: false });
    this.cy.on('tap', (e) => onTap(e.target === this.cy ? null : (e.target.id() as string)));
  }

  /** Replaces what changed; lays out again only when the set of elements changed. */
  setSpec(spec: GraphSpec, kind: LayoutKind): void {
    const cy = this.cy;
    const elements = toElements(spec);
    const structure = `${kind}|${elements.map((e) => `${e.data.id}>${e.data.parent ?? ''}`).join(',')}`;
    if (structure === this.structure) {
      cy.batch(() => {
        for (const e of elements) cy.getElementById(e.data.id as string).data('label', e.data.label).classes(e.classes ?? '');
      });
      return;
    }
    this.structure = structure;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    const roots = spec.nodes.filter((n) => n.classes.includes('hook')).map((n) => `#${CSS.escape(n.id)}`);
    cy.layout(layoutFor(kind, elements.length, roots)).run();
    cy.fit(undefined, 24);
  }

  highlight(ids: readonly string[], endId: string | null, delivered: boolean): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().removeClass('path path-end delivered dim');
      if (!ids.length) return;
      const on = cy.collection();
      for (const id of ids) on.merge(cy.getElementById(id));
      // the edges between consecutive path elements (veths, bridge ports, the fabric)
      on.merge(on.edgesWith(on));
      on.addClass('path');
      if (endId) cy.getElementById(endId).addClass(delivered ? 'path-end delivered' : 'path-end');
    });
  }

  focus(id: string): boolean {
    const el = this.cy.getElementById(id);
    if (el.empty()) return false;
    this.cy.elements().unselect();
    el.select();
    this.cy.animate({ center: { eles: el }, zoom: Math.max(this.cy.zoom(), 1.2) }, { duration: 200 });
    return true;
  }

  setTheme(theme: ThemeName): void {
    this.cy.style(stylesheet(theme));
  }

  fit(): void {
    this.cy.fit(undefined, 24);
  }

  destroy(): void {
    this.cy.destroy();
  }
}
