/** Colour tokens shared by Tailwind classes (via CSS variables in index.css) and the Cytoscape stylesheet. */
export type ThemeName = 'dark' | 'light';

export interface Tokens {
  bg: string; panel: string; text: string; muted: string; border: string;
  node: string; hostNs: string; podNs: string; stage: string; link: string; bridge: string; veth: string; vxlan: string; route: string;
  fabric: string; path: string; drop: string; bundle: string; hook: string; chain: string; rule: string; inferred: string; whatIf: string; marker: string;
}

export const TOKENS: Record<ThemeName, Tokens> = {
  dark: {
    bg: '#0b1120', panel: '#111827', text: '#e5e7eb', muted: '#94a3b8', border: '#334155',
    node: '#1e293b', hostNs: '#13233f', podNs: '#1f2937', stage: '#1e3a8a', link: '#38bdf8', bridge: '#f59e0b', veth: '#a78bfa', vxlan: '#34d399', route: '#7dd3fc',
    fabric: '#334155', path: '#22c55e', drop: '#ef4444', bundle: '#64748b', hook: '#f472b6', chain: '#60a5fa', rule: '#0f172a', inferred: '#94a3b8', whatIf: '#e879f9', marker: '#fb923c',
  },
  light: {
    bg: '#f8fafc', panel: '#ffffff', text: '#0f172a', muted: '#475569', border: '#94a3b8',
    node: '#e2e8f0', hostNs: '#eff6ff', podNs: '#f8fafc', stage: '#dbeafe', link: '#0284c7', bridge: '#b45309', veth: '#7c3aed', vxlan: '#059669', route: '#0369a1',
    fabric: '#e2e8f0', path: '#16a34a', drop: '#dc2626', bundle: '#64748b', hook: '#db2777', chain: '#2563eb', rule: '#ffffff', inferred: '#64748b', whatIf: '#a21caf', marker: '#ea580c',
  },
};

/** The legend: one entry per thing the canvas draws, with the token its swatch takes and how it is drawn. */
export interface LegendEntry { key: string; text: string; swatch: keyof Tokens; line?: 'solid' | 'dashed' | 'dotted'; box?: boolean }
