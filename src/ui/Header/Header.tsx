/** The top bar: scenario, mode badge with its evidence, view switch, search, Share / Save / Open, theme. */
import { useApp, setApp } from '../../state/store.ts';
import { loadScenario, openChains } from '../../state/actions.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { Share } from '../Share/Share.tsx';

const MODE_NAMES: Record<string, string> = {
  kubenet: 'kubenet', 'azure-cni-bridge': 'Azure CNI (bridge)', 'azure-cni-transparent': 'Azure CNI (transparent)',
  'azure-cni-overlay': 'Azure CNI Overlay', 'calico-vxlan': 'Calico VXLAN', unknown: 'mode unknown',
};

export function Header({ onSearch }: { onSearch: (q: string) => void }) {
  const { scenario, summary, view, theme, status, progress, lastMs, chainsHost } = useApp();
  const mode = summary?.mode;
  const evidence = mode?.detected.map((d) => `${d.mode} (${d.score}): ${d.evidence.map((e) => e.fact).join('; ')}`).join('\n') ?? '';
  return (
    <header className="relative flex flex-wrap items-center gap-3 px-3 py-2 border-b border-[var(--border)]">
      <h1 className="text-lg font-semibold" data-testid="app.title">PacketPath</h1>
      <select data-testid="scenario.pick" aria-label="built-in scenario" className="field" value={scenario ?? ''}
        onChange={(e) => { if (e.target.value) void loadScenario(e.target.value); }}>
        <option value="">your inputs</option>
        {SCENARIOS.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
      </select>
      {mode && (
        <span data-testid="mode.badge" title={evidence} className="rounded bg-indigo-700 text-white px-2 py-0.5 text-xs cursor-help">
          {MODE_NAMES[mode.dataplane] ?? mode.dataplane} · policy {mode.policy}
        </span>
      )}
      <nav className="flex gap-1" aria-label="view">
        <button type="button" data-testid="view.topology" className={`btn ${view === 'topology' ? 'border-[var(--accent)]' : ''}`} onClick={() => setApp({ view: 'topology', selected: null, details: null })}>Topology <kbd className="muted">g</kbd></button>
        <button type="button" data-testid="view.chains" className={`btn ${view === 'chains' ? 'border-[var(--accent)]' : ''}`} onClick={() => void openChains(chainsHost ?? summary?.hosts[0]?.name ?? null)}>Chains <kbd className="muted">c</kbd></button>
      </nav>
      <input data-testid="search" id="search" type="search" placeholder="Search pod, IP, interface ( / )" className="field w-56"
        onKeyDown={(e) => { if (e.key === 'Enter') onSearch((e.target as HTMLInputElement).value); }} />
      <span data-testid="app.status" className="text-xs muted">{status === 'parsing' && progress ? `parsing ${progress.done}/${progress.total}` : status}{status === 'ready' && lastMs !== null ? ` · ${Math.round(lastMs)} ms` : ''}</span>
      <div className="ml-auto flex items-center gap-3">
        <Share />
        <button type="button" data-testid="theme.toggle" className="btn" onClick={() => setApp({ theme: theme === 'dark' ? 'light' : 'dark' })}>{theme === 'dark' ? 'Light' : 'Dark'} theme <kbd className="muted">t</kbd></button>
      </div>
    </header>
  );
}
