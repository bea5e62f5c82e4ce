/**
 * The walk beside the canvas: its title, the controls, the event list (every step, the current one marked, a
 * click goes there), what the step says, the score, and the walk file's messages by line.
 */
import { useEffect, useRef } from 'react';
import { useApp } from '../../state/store.ts';
import { closeWalk, goToStep, setPresenting } from '../../state/walk.ts';
import { Score, WalkControls } from './WalkControls.tsx';
import { StepBody } from './StepBody.tsx';
import { WalkMessages } from './WalkMessages.tsx';

export function WalkPanel() {
  const walk = useApp((s) => s.walk);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`[data-n="${walk?.step}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [walk?.step]);
  if (!walk) return null;
  return (
    <section className="space-y-2" data-testid="walk.panel" aria-label="workshop walk">
      <div className="flex items-start gap-2">
        <h2 className="font-semibold text-sm flex-1" data-testid="walk.title">{walk.play.title}</h2>
        <button type="button" className="btn text-xs" data-testid="walk.present" title="presenter mode: the canvas full screen, large type, keyboard driven"
          onClick={() => {
            setPresenting(true);
            // full screen needs the click's gesture; a page that cannot have it presents in the window
            document.documentElement.requestFullscreen?.().catch(() => undefined);
          }}>Present</button>
        <button type="button" className="btn text-xs" data-testid="walk.close" aria-label="close the walk" onClick={closeWalk}>✕</button>
      </div>
      <WalkControls walk={walk} />
      <div className="text-xs flex gap-3 muted"><Score walk={walk} /><span>keys: → / space next · ← back · Home restart · p play · 1–9 answer</span></div>
      <StepBody walk={walk} />
      <details className="text-xs" open={walk.play.steps.length <= 60}>
        <summary>All {walk.play.steps.length} steps</summary>
        <ol className="max-h-48 overflow-auto space-y-0.5 mt-1" ref={list} data-testid="walk.steps">
          {walk.play.steps.map((s) => (
            <li key={s.n} data-n={s.n}>
              <button type="button" onClick={() => void goToStep(s.n)} aria-current={s.n === walk.step ? 'step' : undefined}
                className={`w-full text-left font-mono break-all rounded px-1 ${s.n === walk.step ? 'bg-[var(--accent)]/20 outline outline-1 outline-[var(--accent)]' : 'hover:bg-[var(--accent)]/10'}`}>
                {s.n}. {s.kind === 'packet' && s.checkpoint ? '? ' : ''}{s.label}
              </button>
            </li>
          ))}
        </ol>
      </details>
      <WalkMessages />
    </section>
  );
}
