/** The Cytoscape stylesheet, from the same theme tokens as the Tailwind panels. Sizes of boxes come from the placed graph. */
import type { StylesheetJson } from 'cytoscape';
import { FONT_PX } from '../../core/graph/labels.ts';
import { NODE_PAD, POD_PAD, GROUP_PAD } from '../../core/graph/layout.ts';
import { TOKENS, type ThemeName } from '../../ui/theme/tokens.ts';

/** Monospace: the layout sizes boxes by characters (core/graph/labels.ts). */
const FONT = '"DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace';

export function stylesheet(theme: ThemeName): StylesheetJson {
  const t = TOKENS[theme];
  return [
    { selector: 'node', style: { label: 'data(label)', 'font-family': FONT, 'font-size': FONT_PX, 'line-height': 1.25, color: t.text, 'text-wrap': 'wrap', 'text-max-width': '4000px',
      'text-valign': 'center', 'text-halign': 'center', 'background-color': t.panel, shape: 'round-rectangle', 'border-width': 1.5, 'border-color': t.border, 'min-zoomed-font-size': 5 } },
    { selector: 'node[w]', style: { width: 'data(w)', height: 'data(h)' } },
    { selector: ':parent', style: { 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': -2, padding: `${POD_PAD}px`, 'background-opacity': 1 } },
    { selector: 'node.node', style: { 'background-color': t.hostNs, 'font-weight': 'bold', 'border-width': 2, 'border-color': t.muted, padding: `${NODE_PAD}px` } },
    { selector: 'node.pod-netns', style: { 'background-color': t.podNs, 'border-color': t.veth, 'border-width': 1.5 } },
    { selector: 'node.k8s-namespace', style: { 'background-color': t.node, 'border-style': 'dashed', padding: `${GROUP_PAD}px` } },
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
    { selector: 'node.what-if', style: { 'border-style': 'dotted', 'border-width': 3, 'border-color': t.whatIf } },
    { selector: 'edge', style: { width: 2, 'line-color': t.border, 'curve-style': 'straight', 'font-family': FONT, 'font-size': FONT_PX, color: t.muted, label: 'data(label)',
      'text-background-color': t.bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px', 'min-zoomed-font-size': 5 } },
    { selector: 'edge[se]', style: { 'source-endpoint': 'data(se)', 'target-endpoint': 'data(te)' } },
    { selector: 'edge[sw]', style: { 'curve-style': 'segments', 'segment-weights': 'data(sw)', 'segment-distances': 'data(sd)', 'edge-distances': 'endpoints' as 'intersection' } },
    { selector: 'edge.veth', style: { 'line-color': t.veth, width: 3 } },
    { selector: 'edge.bridge-port', style: { 'line-color': t.bridge, width: 2.5 } },
    { selector: 'edge.route', style: { 'line-color': t.route, width: 2 } },
    { selector: 'edge.fabric', style: { 'line-color': t.muted, width: 4 } },
    { selector: 'edge.tunnel', style: { 'line-color': t.vxlan, width: 3, 'line-style': 'dotted' } },
    { selector: 'edge.inferred', style: { 'line-style': 'dashed' } },
    { selector: 'edge.jump, edge.goto', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'target-arrow-color': t.chain, 'line-color': t.chain, 'arrow-scale': 1.2 } },
    { selector: 'edge.goto', style: { 'line-style': 'dashed' } },
    { selector: 'edge.what-if', style: { 'line-style': 'dotted', 'line-color': t.whatIf } },
    { selector: '.dim', style: { opacity: 0.45 } },
    { selector: 'node.path', style: { 'border-color': t.path, 'border-width': 4, 'z-index': 10 } },
    { selector: 'node.rule.path', style: { 'background-color': t.path, 'background-opacity': 0.18, 'border-width': 2.5 } },
    { selector: 'node.rule.decided', style: { 'border-width': 3 } },
    { selector: 'edge.path', style: { 'line-color': t.path, 'target-arrow-color': t.path, width: 6, 'line-style': 'solid', 'z-index': 10 } },
    { selector: '.path-end, node.decided', style: { 'border-color': t.drop, 'border-width': 5 } },
    { selector: '.path-end.delivered', style: { 'border-color': t.path } },
    { selector: '.hovered', style: { 'underlay-color': t.marker, 'underlay-opacity': 0.35, 'underlay-padding': 6 } },
    { selector: ':selected', style: { 'overlay-color': t.path, 'overlay-opacity': 0.2, 'overlay-padding': 4 } },
    { selector: 'node.badge', style: { 'background-color': t.path, color: '#ffffff', 'font-weight': 'bold', 'border-width': 0, shape: 'round-rectangle', 'z-index': 20, events: 'no', 'min-zoomed-font-size': 0 } },
    { selector: 'node.marker', style: { 'background-color': t.marker, shape: 'ellipse', 'border-width': 3, 'border-color': '#ffffff', 'z-index': 30, label: '', events: 'no' } },
  ];
}
