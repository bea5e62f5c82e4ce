/** Shows an input around one line: where a warning or a fact came from (a held input's lines come from the worker). */
import { useEffect, useState } from 'react';
import { useApp, setApp } from '../../state/store.ts';
import { linesOf } from '../../state/actions.ts';

export function LineViewer() {
  const { showLine } = useApp();
  const [shown, setShown] = useState<{ key: string; from: number; lines: string[] } | null | 'missing'>(null);
  const key = showLine ? `${showLine.input}:${showLine.line}` : '';
  useEffect(() => {
    if (!showLine) return;
    let live = true;
    void linesOf(showLine.input, showLine.line).then((r) => { if (live) setShown(r ? { key, ...r } : 'missing'); });
    return () => { live = false; };
  }, [key]);
  if (!showLine) return null;
  const current = shown && shown !== 'missing' && shown.key === key ? shown : null;
  return (
    <div role="dialog" aria-label="source line" className="fixed inset-0 bg-black/50 flex items-center justify-center z-20" onClick={() => setApp({ showLine: null })}>
      <div className="panel p-3 max-w-4xl w-full" onClick={(e) => e.stopPropagation()} data-testid="line.viewer">
        <div className="flex justify-between text-xs mb-2"><span>{showLine.input}, line {showLine.line}</span>
          <button type="button" className="btn" onClick={() => setApp({ showLine: null })}>Close (Esc)</button></div>
        {current ? (
          <pre className="text-xs overflow-auto max-h-96">{current.lines.map((l, i) => {
            const n = current.from + i;
            return <div key={n} data-testid={n === showLine.line ? 'line.current' : undefined} className={n === showLine.line ? 'bg-[var(--warn)]/30' : ''}>{String(n).padStart(5)}  {l}</div>;
          })}</pre>
        ) : <p className="text-xs muted">{shown === 'missing' ? 'That input is no longer loaded.' : '…'}</p>}
      </div>
    </div>
  );
}
