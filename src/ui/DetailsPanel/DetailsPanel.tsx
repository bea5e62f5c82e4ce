/** Facts about the clicked element, each list row linked to the input line it came from. */
import { useApp, setApp } from '../../state/store.ts';
import { runTrace } from '../../state/actions.ts';

export function DetailsPanel() {
  const { details, selected } = useApp();
  if (!selected) return <p className="text-xs muted" data-testid="details.empty">Click a node, namespace, interface, chain or the fabric to see its facts and where they came from.</p>;
  if (!details) return <p className="text-xs muted">…</p>;
  return (
    <section data-testid="details" className="text-xs space-y-2">
      <h2 className="font-semibold text-sm" data-testid="details.title">{details.title}</h2>
      {details.endpoint && (
        <div className="flex gap-2">
          <button type="button" className="btn" data-testid="details.trace-from" onClick={() => setApp({ from: details.endpoint ?? '' })}>Trace from here</button>
          <button type="button" className="btn" data-testid="details.trace-to" onClick={() => { setApp({ to: details.endpoint ?? '' }); if (useApp.getState().from) void runTrace(); }}>Trace to here</button>
        </div>
      )}
      <dl className="grid grid-cols-[auto_1fr] gap-x-2">
        {details.facts.map(([k, v]) => <div key={k} className="contents"><dt className="muted">{k}</dt><dd className="break-all">{v}</dd></div>)}
      </dl>
      {details.lists.filter((l) => l.rows.length).map((l) => (
        <div key={l.title}>
          <h3 className="font-medium">{l.title}</h3>
          <ul className="font-mono space-y-0.5">
            {l.rows.map((r, i) => (
              <li key={i} className="break-all">
                {r.text}
                {r.source && r.source.line > 0 && (
                  <button type="button" className="ml-1 muted hover:underline" onClick={() => setApp({ showLine: { input: r.source?.input ?? '', line: r.source?.line ?? 0 } })}>
                    [{r.source.input}:{r.source.line}]
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
