/** Shows an input around one line: where a warning or a fact came from. */
import { useApp, setApp } from '../../state/store.ts';

export function LineViewer() {
  const { showLine, inputs } = useApp();
  if (!showLine) return null;
  const input = inputs.find((i) => i.file.path === showLine.input);
  const lines = input?.file.text.split('\n') ?? [];
  const from = Math.max(0, showLine.line - 6);
  const shown = lines.slice(from, showLine.line + 5);
  return (
    <div role="dialog" aria-label="source line" className="fixed inset-0 bg-black/50 flex items-center justify-center z-20" onClick={() => setApp({ showLine: null })}>
      <div className="panel p-3 max-w-4xl w-full" onClick={(e) => e.stopPropagation()} data-testid="line.viewer">
        <div className="flex justify-between text-xs mb-2"><span>{showLine.input}, line {showLine.line}</span>
          <button type="button" className="btn" onClick={() => setApp({ showLine: null })}>Close (Esc)</button></div>
        {input ? (
          <pre className="text-xs overflow-auto max-h-96">{shown.map((l, i) => {
            const n = from + i + 1;
            return <div key={n} data-testid={n === showLine.line ? 'line.current' : undefined} className={n === showLine.line ? 'bg-[var(--warn)]/30' : ''}>{String(n).padStart(5)}  {l}</div>;
          })}</pre>
        ) : <p className="text-xs muted">That input is no longer loaded.</p>}
      </div>
    </div>
  );
}
