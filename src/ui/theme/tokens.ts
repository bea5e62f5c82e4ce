/** Colour tokens shared by Tailwind classes (via CSS variables in index.css) and the Cytoscape stylesheet. */
export type ThemeName = 'dark' | 'light';

export interface Tokens {
  bg: string; panel: string; text: string; muted: string; border: string;
  node: string; hostNs: string; podNs: string; link: string; bridge: string; veth: string; vxlan: string;
  fabric: string; path: string; drop: string; bundle: string; hook: string; chain: string; inferred: string;
  /** What a what-if synthesised (the mode bar, the canvas's `.what-if`). */
  whatIf: string;
}

export const TOKENS: Record<ThemeName, Tokens> = {
  dark: {
    bg: '#0b1120', panel: '#111827', text: '#e5e7eb', muted: '#94a3b8', border: '#334155',
    node: '#1e293b', hostNs: '#172554', podNs: '#1f2937', link: '#38bdf8', bridge: '#f59e0b', veth: '#a78bfa', vxlan: '#34d399',
    fabric: '#475569', path: '#22c55e', drop: '#ef4444', bundle: '#64748b', hook: '#f472b6', chain: '#60a5fa', inferred: '#94a3b8', whatIf: '#c084fc',
  },
  light: {
    bg: '#f8fafc', panel: '#ffffff', text: '#0f172a', muted: '#475569', border: '#cbd5e1',
    node: '#e2e8f0', hostNs: '#dbeafe', podNs: '#f1f5f9', link: '#0284c7', bridge: '#b45309', veth: '#7c3aed', vxlan: '#059669',
    fabric: '#94a3b8', path: '#16a34a', drop: '#dc2626', bundle: '#64748b', hook: '#db2777', chain: '#2563eb', inferred: '#64748b', whatIf: '#9333ea',
  },
};
