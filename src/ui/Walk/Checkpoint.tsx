/**
 * "Predict the next hop": the question and its choices before the step is shown (keys 1–9 pick one), then the
 * right answer, the room's, why, and the lines that say so.
 */
import type { PlayCheckpoint } from '../../core/session/walk/index.ts';
import type { SourceRef } from '../../core/model/types.ts';
import { answer } from '../../state/walk.ts';
import { setApp } from '../../state/store.ts';

export function Evidence({ refs, large = false }: { refs: SourceRef[]; large?: boolean }) {
  if (!refs.length) return null;
  return (
    <div className={`flex flex-wrap gap-1 ${large ? 'text-sm' : 'text-xs'}`} data-testid="walk.evidence">
      {refs.map((r, i) => (
        <button key={i} type="button" className="muted hover:underline font-mono" title="show this line of the inputs"
          onClick={() => setApp({ showLine: { input: r.input, line: r.line } })}>[{r.input}:{r.line}]</button>
      ))}
    </div>
  );
}

export function CheckpointView({ cp, chosen, revealed, large = false }: { cp: PlayCheckpoint; chosen: string | undefined; revealed: boolean; large?: boolean }) {
  const done = revealed || chosen !== undefined;
  const correct = chosen !== undefined && chosen === cp.answer;
  return (
    <div className={`rounded border-2 border-[var(--accent)] p-2 space-y-2 ${large ? 'text-lg' : 'text-sm'}`} data-testid="checkpoint" data-checkpoint={cp.id}
      data-state={!done ? 'asking' : chosen === undefined ? 'passed' : correct ? 'right' : 'wrong'}>
      <div className="font-medium">{done ? '' : 'Predict: '}{cp.ask}</div>
      <ol className="space-y-1">
        {cp.choices.map((c, i) => {
          const right = done && c.id === cp.answer;
          const wrong = done && c.id === chosen && !right;
          return (
            <li key={c.id}>
              <button type="button" disabled={done} data-testid={`checkpoint.choice.${c.id}`} data-right={done ? String(right) : undefined}
                onClick={() => void answer(cp.id, c.id)}
                className={`btn w-full text-left font-mono break-all ${right ? 'border-green-600 bg-green-700/20' : ''} ${wrong ? 'border-[var(--danger)] bg-red-700/20' : ''}`}>
                <kbd className="muted mr-2">{i + 1}</kbd>{c.label}{right ? ' ✓' : ''}{wrong ? ' ✗' : ''}
              </button>
            </li>
          );
        })}
      </ol>
      {done && (
        <div data-testid="checkpoint.result" className="space-y-1">
          <div className={`font-medium ${chosen === undefined ? '' : correct ? 'text-green-600' : 'text-[var(--danger)]'}`}>
            {chosen === undefined ? 'Not answered.' : correct ? 'Right.' : 'Not quite.'}
          </div>
          {cp.why && <p>{cp.why}</p>}
          <Evidence refs={cp.evidence} large={large} />
        </div>
      )}
      {!done && <div className="muted text-xs">Pick with 1–{cp.choices.length}; → shows the answer without one.</div>}
    </div>
  );
}
