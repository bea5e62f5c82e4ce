/** The messages of a walk file, by line: what could not be read, what no longer matches the engine. */
import { useApp } from '../../state/store.ts';

export function WalkMessages() {
  const problem = useApp((s) => s.walkProblem);
  if (!problem || !problem.messages.length) return null;
  return (
    <details className="text-xs" open data-testid="walk.messages">
      <summary>{problem.file}: {problem.messages.length} message{problem.messages.length > 1 ? 's' : ''}</summary>
      <ul className="space-y-0.5 mt-1">
        {problem.messages.map((m, i) => (
          <li key={i} data-severity={m.severity} className={m.severity === 'error' ? 'text-[var(--danger)]' : m.severity === 'warning' ? 'text-[var(--warn)]' : 'muted'}>
            {m.line ? `line ${m.line}` : 'file'}: {m.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
