/** The legend: one entry for each kind of thing the canvas shows now, drawn the way the canvas draws it. */
import type { GraphSpec } from '../../core/graph/graph.ts';
import { useApp } from '../../state/store.ts';
import { TOKENS, type LegendEntry } from '../theme/tokens.ts';

const TOPOLOGY: (LegendEntry & { has: (s: GraphSpec) => boolean })[] = [
  { key: 'node', text: 'node (its host namespace)', swatch: 'muted', box: true, has: (s) => s.nodes.some((n) => n.kind === 'node') },
  { key: 'pod', text: 'pod namespace with its eth0', swatch: 'veth', box: true, has: (s) => s.nodes.some((n) => n.classes.includes('pod-netns')) },
  { key: 'stage', text: 'routing · netfilter of the host', swatch: 'chain', box: true, has: (s) => s.nodes.some((n) => n.classes.includes('stage')) },
  { key: 'veth', text: 'veth pair (pod eth0 ↔ host end)', swatch: 'veth', line: 'solid', has: (s) => s.edges.some((e) => e.kind === 'veth') },
  { key: 'bridge-port', text: 'bridge port (host end → bridge)', swatch: 'bridge', line: 'solid', has: (s) => s.edges.some((e) => e.kind === 'bridge-port') },
  { key: 'route', text: 'route through the host (/32 to a pod, a subnet, out a NIC)', swatch: 'route', line: 'solid', has: (s) => s.edges.some((e) => e.kind === 'route') },
  { key: 'fabric', text: 'to the fabric between nodes', swatch: 'muted', line: 'solid', has: (s) => s.edges.some((e) => e.kind === 'fabric') },
  { key: 'tunnel', text: 'tunnel (VXLAN, IPIP, WireGuard)', swatch: 'vxlan', line: 'dotted', has: (s) => s.edges.some((e) => e.kind === 'tunnel') },
  { key: 'inferred', text: 'inferred, not captured (seen from one side, no route)', swatch: 'inferred', line: 'dashed',
    has: (s) => s.edges.some((e) => e.classes.includes('inferred')) || s.nodes.some((n) => n.classes.includes('inferred')) },
  { key: 'bundle', text: 'bundle: click to expand', swatch: 'bundle', box: true, has: (s) => s.nodes.some((n) => n.kind === 'bundle') },
  { key: 'what-if', text: 'what-if: made by the mode you switched to, not captured', swatch: 'whatIf', line: 'dotted', has: (s) => s.nodes.some((n) => n.classes.includes('what-if')) || s.edges.some((e) => e.classes.includes('what-if')) },
];

const CHAINS: (LegendEntry & { has: (s: GraphSpec) => boolean })[] = [
  { key: 'hook', text: 'built-in chain: a hook of the kernel', swatch: 'hook', box: true, has: (s) => s.nodes.some((n) => n.classes.includes('hook')) },
  { key: 'chain', text: 'user chain, its first rules', swatch: 'chain', box: true, has: (s) => s.nodes.some((n) => n.kind === 'chain' && !n.classes.includes('hook')) },
  { key: 'jump', text: '-j: jump, returns to the rule after', swatch: 'chain', line: 'solid', has: (s) => s.edges.some((e) => e.kind === 'jump') },
  { key: 'goto', text: '-g: goto, does not return', swatch: 'chain', line: 'dashed', has: (s) => s.edges.some((e) => e.kind === 'goto') },
  { key: 'bundle', text: 'family of generated chains: click to expand', swatch: 'bundle', box: true, has: (s) => s.nodes.some((n) => n.kind === 'bundle') },
  { key: 'not-captured', text: 'jumped to, its rules not captured', swatch: 'inferred', line: 'dashed', has: (s) => s.nodes.some((n) => n.classes.includes('not-captured')) },
];

export function Legend({ spec, view, path }: { spec: GraphSpec; view: 'topology' | 'chains'; path: boolean }) {
  const theme = useApp((s) => s.theme);
  const t = TOKENS[theme];
  const entries = (view === 'chains' ? CHAINS : TOPOLOGY).filter((e) => e.has(spec));
  const all: LegendEntry[] = [...entries, ...(path ? [{ key: 'path', text: view === 'chains' ? 'rules the trace visited; red: the rule that decided' : 'the traced path, numbered by step', swatch: 'path' as const, line: 'solid' as const }] : [])];
  return (
    <ul className="absolute z-10 bottom-12 left-2 panel p-2 text-xs space-y-0.5 opacity-95" data-testid="legend">
      {all.map((e) => (
        <li key={e.key} data-testid={`legend.${e.key}`} className="flex items-center gap-2">
          <svg width="28" height="12" aria-hidden="true">
            {e.box ? <rect x="2" y="1" width="24" height="10" rx="3" fill="none" stroke={t[e.swatch]} strokeWidth="2" />
              : <line x1="1" y1="6" x2="27" y2="6" stroke={t[e.swatch]} strokeWidth={e.key === 'path' ? 4 : 3}
                strokeDasharray={e.line === 'dashed' ? '5 3' : e.line === 'dotted' ? '2 3' : undefined} />}
          </svg>
          {e.text}
        </li>
      ))}
    </ul>
  );
}
