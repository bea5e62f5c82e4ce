/** The top bar: scenario, the nodes' modes (what-if ones marked) with their evidence, view switch, search, Share / Save / Open, theme. */
import { useApp, setApp } from '../../state/store.ts';
import { loadScenario, openChains } from '../../state/actions.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { nodeModeLabel } from '../../core/profiles/labels.ts';
import { Share } from '../Share/Share.tsx';
import { WalksMenu } from '../Walk/WalksMenu.tsx';

export function Header({ onSearch }: { onSearch: (q: string) => void }) {
  const { scenario, summary, view, theme, status, progress, lastMs, chainsHost, whatIf } = useApp();
  const hosts = summary?.hosts ?? [];
  // per node: its what-if, else its detected mode; nodes in the same mode share one entry
  const byMode = new Map<string, string[]>();
  for (const h of hosts) {
    const m = whatIf[h.name]?.split('+') ?? [h.mode?.plugin ?? 'unknown', h.mode?.policy ?? 'unknown'];
    const label = `${nodeModeLabel(m[0] as string, m[1] as string)}${whatIf[h.name] ? ' (what-if)' : ''}`;
    byMode.set(label, [...(byMode.get(label) ?? []), h.name]);
  }
  const badge = [...byMode.entries()].map(([label, nodes]) => (byMode.size > 1 || hosts.length > 1 ? `${label} × ${nodes.length}` : label)).join(' · ');
  const evidence = hosts.map((h) => `${h.name}:\n${(h.mode?.detected ?? []).map((d) => `  ${d.mode} (${d.score}): ${d.evidence.map((e) => e.fact.replace(`${h.name}: `, '')).join('; ')}`).join('\n')}`).join('\n');
  return (
    <header className="relative flex flex-nowrap items-center gap-3 px-3 py-2 border-b border-[var(--border)] whitespace-nowrap">
      <h1 className="text-lg font-semibold shrink-0" data-testid="app.title">PacketPath</h1>
      {/* one line at 1280 px and up: the picker and the search give way; a badge longer than a fifth of the width is cut (the mode bar below names every node's mode) */}
      <select data-testid="scenario.pick" aria-label="built-in scenario" className="field min-w-[9rem] w-[15rem] min-[1400px]:w-[24rem] shrink-[4]" value={scenario ?? ''}
        onChange={(e) => { if (e.target.value) void loadScenario(e.target.value); }}>
        <option value="">your inputs</option>
        {SCENARIOS.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
      </select>
      {hosts.length > 0 && (
        <span data-testid="mode.badge" title={evidence}
          className={`rounded text-white px-2 py-0.5 text-xs cursor-help shrink-0 max-w-[22vw] truncate ${Object.keys(whatIf).length ? 'bg-[var(--whatif)]' : 'bg-indigo-700'}`}>
          {badge}
        </span>
      )}
      <nav className="flex gap-1 shrink-0" aria-label="view">
        <button type="button" data-testid="view.topology" className={`btn ${view === 'topology' ? 'border-[var(--accent)]' : ''}`} onClick={() => setApp({ view: 'topology', selected: null, details: null })}>Topology <kbd className="muted">g</kbd></button>
        <button type="button" data-testid="view.chains" className={`btn ${view === 'chains' ? 'border-[var(--accent)]' : ''}`} onClick={() => void openChains(chainsHost ?? summary?.hosts[0]?.name ?? null)}>Chains <kbd className="muted">c</kbd></button>
      </nav>
      <input data-testid="search" id="search" type="search" placeholder="Search pod, IP, interface ( / )" className="field w-56 min-w-[7rem] shrink-[2]"
        onKeyDown={(e) => { if (e.key === 'Enter') onSearch((e.target as HTMLInputElement).value); }} />
      <span data-testid="app.status" className="text-xs muted shrink-0">{status === 'parsing' && progress ? `parsing ${progress.done}/${progress.total}` : status}{status === 'ready' && lastMs !== null ? ` · ${Math.round(lastMs)} ms` : ''}</span>
      <div className="ml-auto flex items-center gap-3 shrink-0">
        <WalksMenu />
        <Share />
        <button type="button" data-testid="theme.toggle" className="btn" onClick={() => setApp({ theme: theme === 'dark' ? 'light' : 'dark' })}>{theme === 'dark' ? 'Light' : 'Dark'} theme <kbd className="muted">t</kbd></button>
      </div>
    </header>
  );
}
