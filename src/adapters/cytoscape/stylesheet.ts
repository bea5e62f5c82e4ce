/** The Cytoscape stylesheet, from the same theme tokens as the Tailwind panels. Sizes of boxes come from the placed graph. */
import type { StylesheetJson } from 'cytoscape';
import { FONT_PX } from '../../core/graph/labels.ts';
import { TOKENS, type ThemeName } from '../../ui/theme/tokens.ts';

/**
 * Stacking, compared across nodes and edges ('z-index-compare: manual'): containers at the bottom (deeper ones
 * higher), then edges, then the boxes they join; the path over the rest, its badges and the packet marker on top.
 */
export const Z = { container: 0, edge: 5, pathEdge: 7, leaf: 8, pathLeaf: 10, badge: 20, marker: 30 } as const;

/** Monospace: the layout sizes boxes by characters (core/graph/labels.ts). */
const FONT = '"DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace';

export function stylesheet(theme: ThemeName): StylesheetJson {
  const t = TOKENS[theme];
  return [
    { selector: 'node', style: { label: 'data(label)', 'font-family': FONT, 'font-size': FONT_PX, 'line-height': 1.25, color: t.text, 'text-wrap': 'wrap', 'text-max-width': '4000px',
      'text-valign': 'center', 'text-halign': 'center', 'background-color': t.panel, shape: 'round-rectangle', 'border-width': 1.5, 'border-color': t.border, 'min-zoomed-font-size': 5,
      'z-index-compare': 'manual', 'z-index': 'data(z)' as unknown as number } },
    { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
    { selector: 'node.container', style: { 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -2, 'background-opacity': 1 } },
    { selector: 'node.node', style: { 'background-color': t.hostNs, 'font-weight': 'bold', 'border-width': 2, 'border-color': t.muted } },
    { selector: 'node.pod-netns', style: { 'background-color': t.podNs, 'border-color': t.veth, 'border-width': 1.5 } },
    { selector: 'node.k8s-namespace', style: { 'background-color': t.node, 'border-style': 'dashed' } },
    { selector: 'node.stage', style: { 'background-color': t.stage, 'border-color': t.chain, 'border-width': 2 } },
    { selector: 'node.link', style: { 'border-color': t.link } },
    { selector: 'node.veth, node.pod-eth0', style: { 'border-color': t.veth, 'border-width': 2 } },
    { selector: 'node.ether, node.bond', style: { 'border-color': t.link, 'border-width': 2.5 } },
    { selector: 'node.bridge', style: { 'border-color': t.bridge, 'border-width': 2.5 } },
    { selector: 'node.vxlan, node.tunnel, node.wireguard', style: { 'border-color': t.vxlan, 'border-width': 2.5 } },
    { selector: 'node.fabric', style: { 'background-color': t.fabric, 'border-color': t.muted, 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'node.bundle', style: { 'background-color': t.node, 'border-color': t.bundle, 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.inferred, node.not-captured', style: { 'border-style': 'dashed' } },
    { selector: 'node.chain', style: { 'background-color': t.node, 'border-color': t.chain, 'border-width': 2 } },
    { selector: 'node.chain.hook', style: { 'border-color': t.hook } },
    { selector: 'node.chain.bundle', style: { 'background-color': t.node, 'border-style': 'double', 'border-width': 4 } },
    { selector: 'node.rule', style: { 'background-color': t.rule, 'border-width': 1, 'border-color': t.border, shape: 'rectangle' } },
    { selector: 'node.rule.more', style: { color: t.muted, 'border-style': 'dashed' } },
    { selector: 'node.hook-band', style: { 'background-color': t.hook, 'background-opacity': 0.18, 'border-color': t.hook, 'border-width': 2, 'font-weight': 'bold' } },
    // a hook's band behind its chains; the chains no hook reaches in a plain one, apart
    { selector: 'node.hook-zone', style: { 'background-color': t.hook, 'background-opacity': 0.05, 'border-color': t.hook, 'border-width': 1.5, shape: 'rectangle' } },
    { selector: 'node.hook-zone.other', style: { 'background-color': t.muted, 'border-color': t.muted, 'border-style': 'dashed' } },
    { selector: 'node.hook-band.other', style: { 'background-color': t.muted, 'border-color': t.muted, 'font-weight': 'normal' } },
    { selector: 'node.what-if', style: { 'border-style': 'dotted', 'border-width': 3, 'border-color': t.whatIf } },
    { selector: 'edge', style: { width: 2, 'line-color': t.border, 'curve-style': 'straight', 'z-index-compare': 'manual', 'z-index': Z.edge } },
    // only the edges that carry a label (a chains-view jump from several rules) are styled for one
    { selector: 'edge[label]', style: { 'font-family': FONT, 'font-size': FONT_PX, color: t.muted, label: 'data(label)',
      'text-background-color': t.bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'min-zoomed-font-size': 5 } },
    { selector: 'edge.veth', style: { 'line-color': t.veth, width: 3 } },
    { selector: 'edge.bridge-port', style: { 'line-color': t.bridge, width: 2.5 } },
    { selector: 'edge.route', style: { 'line-color': t.route, width: 2 } },
    { selector: 'edge.fabric', style: { 'line-color': t.muted, width: 4 } },
    { selector: 'edge.tunnel', style: { 'line-color': t.vxlan, width: 3, 'line-style': 'dotted' } },
    { selector: 'edge.inferred', style: { 'line-style': 'dashed' } },
    { selector: 'edge.jump, edge.goto', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': t.chain, 'line-color': t.chain, 'arrow-scale': 1.2 } },
    { selector: 'edge.goto', style: { 'line-style': 'dashed' } },
    // a routed edge (the layout's endpoints and bends) keeps its route, a jump's included
    { selector: 'edge[se]', style: { 'source-endpoint': 'data(se)', 'target-endpoint': 'data(te)' } },
    { selector: 'edge[sw]', style: { 'curve-style': 'segments', 'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)', 'edge-distances': 'endpoints' as 'intersection' } },
    { selector: 'edge.what-if', style: { 'line-style': 'dotted', 'line-color': t.whatIf } },
    { selector: '.dim', style: { opacity: 0.45 } },
    { selector: 'node.path', style: { 'border-color': t.path, 'border-width': 4, 'z-index': Z.pathLeaf } },
    { selector: 'node.path.container', style: { 'z-index': 'data(z)' as unknown as number } },
    { selector: 'node.rule.path', style: { 'background-color': t.path, 'background-opacity': 0.18, 'border-width': 2.5 } },
    { selector: 'node.rule.decided', style: { 'border-width': 3 } },
    { selector: 'edge.path', style: { 'line-color': t.path, 'target-arrow-color': t.path, width: 6, 'line-style': 'solid', 'z-index': Z.pathEdge } },
    { selector: '.path-end, node.decided', style: { 'border-color': t.drop, 'border-width': 5 } },
    { selector: '.path-end.delivered', style: { 'border-color': t.path } },
    { selector: '.hovered', style: { 'underlay-color': t.marker, 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
    { selector: ':selected', style: { 'overlay-color': t.path, 'overlay-opacity': 0.2, 'overlay-padding': 4 } },
    { selector: 'node.badge', style: { 'background-color': t.path, color: '#ffffff', 'font-weight': 'bold', 'border-width': 0, shape: 'round-rectangle', 'z-index': Z.badge, events: 'no', 'min-zoomed-font-size': 0 } },
    { selector: 'node.marker', style: { 'background-color': t.marker, shape: 'ellipse', 'border-width': 3, 'border-color': '#ffffff', 'z-index': Z.marker, label: '', events: 'no' } },
  ];
}
