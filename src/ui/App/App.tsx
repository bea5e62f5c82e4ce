import { useEffect } from 'react';
import { useAnalysis } from '../../state/store.ts';
import { analyse } from '../../state/runner.ts';
import { DEFAULT_SCENARIO, SCENARIOS } from '../../scenarios/index.ts';

/** A first page: pick a built-in scenario and see what the pipeline made of it. The full app is its own issue. */
export function App() {
  const { status, snapshot, scenario, error } = useAnalysis();
  useEffect(() => {
    if (useAnalysis.getState().status === 'idle') analyse(DEFAULT_SCENARIO.files, DEFAULT_SCENARIO.id);
  }, []);
  const pods = snapshot?.hosts.flatMap((h) => h.netns.filter((n) => n.kind === 'pod')) ?? [];
  return (
    <main className="min-h-screen bg-slate-950 text-slate-100 p-6 space-y-4">
      <header className="flex items-center gap-4">
        <h1 className="text-xl font-semibold" data-testid="app.title">PacketPath</h1>
        <select data-testid="scenario.pick" className="bg-slate-800 rounded px-2 py-1" value={scenario ?? ''}
          onChange={(e) => { const s = SCENARIOS.find((x) => x.id === e.target.value); if (s) analyse(s.files, s.id); }}>
          {SCENARIOS.map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
        </select>
        <span data-testid="app.status" className="text-sm text-slate-400">{status}</span>
      </header>
      {error && <p data-testid="app.error" className="text-red-400">{error}</p>}
      {snapshot && (
        <section data-testid="model.summary" className="space-y-2">
          <p data-testid="mode.badge" className="inline-block rounded bg-indigo-700 px-2 py-0.5 text-sm"
            title={snapshot.mode.detected.flatMap((d) => d.evidence.map((e) => e.fact)).join('\n')}>
            {snapshot.mode.dataplane} · policy {snapshot.mode.policy}
          </p>
          <ul className="text-sm">
            {snapshot.hosts.map((h) => (
              <li key={h.name} data-testid="model.node">{h.name} {h.ip ? `(${h.ip})` : ''}: {h.netns.filter((n) => n.kind === 'pod').length} pod netns, {h.netns[0]?.links.length ?? 0} host links, {h.netns[0]?.routes.length ?? 0} routes</li>
            ))}
          </ul>
          <p className="text-sm text-slate-400">{pods.length} pod namespaces · {snapshot.cluster.pods.length} pods from kubectl · {snapshot.inputs.filter((i) => i.kind).length} command outputs read</p>
        </section>
      )}
    </main>
  );
}
