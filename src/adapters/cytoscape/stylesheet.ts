/** The Cytoscape stylesheet, from the same theme tokens as the Tailwind panels. */
import type { StylesheetJson } from 'cytoscape';
import { TOKENS, type ThemeName } from '../../ui/theme/tokens.ts';

export function stylesheet(theme: ThemeName): StylesheetJson {
  const t = TOKENS[theme];
  return [
    { selector: 'node', style: { label: 'data(label)', 'font-size': 9, color: t.text, 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
      'background-color': t.link, shape: 'round-rectangle', width: 'label', height: 'label', padding: '6px', 'border-width': 1, 'border-color': t.border } },
    { selector: ':parent', style: { 'text-valign': 'top', 'text-halign': 'center', 'background-opacity': 0.35, padding: '12px' } },
    { selector: 'node.node', style: { 'background-color': t.node, 'font-size': 12, 'font-weight': 'bold', 'border-width': 2 } },
    { selector: 'node.host-netns', style: { 'background-color': t.hostNs } },
    { selector: 'node.pod-netns', style: { 'background-color': t.podNs, 'border-style': 'solid' } },
    { selector: 'node.k8s-namespace, node.table', style: { 'background-color': t.panel, 'border-style': 'dashed' } },
    { selector: 'node.bridge', style: { 'background-color': t.bridge, shape: 'hexagon' } },
    { selector: 'node.veth', style: { 'background-color': t.veth } },
    { selector: 'node.vxlan', style: { 'background-color': t.vxlan, shape: 'diamond' } },
    { selector: 'node.inferred', style: { 'border-style': 'dashed', 'background-opacity': 0.6 } },
    { selector: 'node.fabric', style: { 'background-color': t.fabric, shape: 'barrel', 'font-size': 11, padding: '10px' } },
    { selector: 'node.bundle', style: { 'background-color': t.bundle, shape: 'round-tag' } },
    { selector: 'node.chain', style: { 'background-color': t.chain } },
    { selector: 'node.hook', style: { 'background-color': t.hook, shape: 'round-diamond' } },
    { selector: 'node.not-captured', style: { 'border-style': 'dashed', 'background-opacity': 0.4 } },
    { selector: 'node.what-if', style: { 'border-color': t.whatIf, 'border-style': 'dashed', 'border-width': 2 } },
    { selector: 'edge.what-if', style: { 'line-style': 'dashed' } },
    { selector: 'edge', style: { width: 1.5, 'line-color': t.border, 'curve-style': 'bezier', 'font-size': 8, color: t.muted, label: 'data(label)' } },
    { selector: 'edge.veth', style: { 'line-color': t.veth, width: 2.5 } },
    { selector: 'edge.bridge-port', style: { 'line-color': t.bridge, 'line-style': 'dashed' } },
    { selector: 'edge.fabric', style: { 'line-color': t.fabric, width: 3 } },
    { selector: 'edge.jump, edge.goto', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': t.chain, 'line-color': t.chain } },
    { selector: 'edge.goto', style: { 'line-style': 'dashed' } },
    { selector: '.path', style: { 'border-color': t.path, 'border-width': 4, 'line-color': t.path, 'target-arrow-color': t.path, width: 4, 'z-index': 10 } },
    { selector: '.path-end', style: { 'border-color': t.drop, 'border-width': 5 } },
    { selector: '.path-end.delivered', style: { 'border-color': t.path } },
    { selector: ':selected', style: { 'overlay-color': t.path, 'overlay-opacity': 0.25, 'overlay-padding': 4 } },
    { selector: '.dim', style: { opacity: 0.25 } },
  ];
}
