/**
 * Presenter mode: the canvas fills the screen with labels of 18 px or more at fit, the inputs and panels are
 * hidden, the step's note is the caption (a checkpoint's question and choices in large type), and the keyboard
 * drives it. Esc (or leaving full screen) goes back to the page.
 */
import { useEffect } from 'react';
import { useApp } from '../../state/store.ts';
import { currentStep, setPresenting } from '../../state/walk.ts';
import { headerText } from '../../core/session/walk/packet.ts';
import { TopologyPane } from '../TopologyPane/TopologyPane.tsx';
import { CheckpointView } from './Checkpoint.tsx';
import { Score, WalkControls } from './WalkControls.tsx';

/** Labels at fit in presenter mode, in page pixels: readable from the back of a room on a 1920×1080 projector. */
export const PRESENTER_LABEL_PX = 18;

export function Presenter({ fitSignal }: { fitSignal: number }) {
  const walk = useApp((s) => s.walk);
  useEffect(() => {
    const left = () => { if (!document.fullscreenElement && useApp.getState().walk?.presenting) setPresenting(false); };
    document.addEventListener('fullscreenchange', left);
    return () => {
      document.removeEventListener('fullscreenchange', left);
      if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    };
  }, []);
  if (!walk) return null;
  const { step, asking } = currentStep(walk);
  const cp = asking ? walk.play.checkpoints.find((c) => c.id === asking) : undefined;
  const answered = step.kind === 'packet' && step.checkpoint && !asking ? walk.play.checkpoints.find((c) => c.id === step.checkpoint) : undefined;
  return (
    <div className="h-full flex flex-col" data-testid="presenter">
      <section className="flex-1 min-h-0 relative" data-testid="canvas"><TopologyPane fitSignal={fitSignal} readablePx={PRESENTER_LABEL_PX} /></section>
      <footer className="border-t border-[var(--border)] px-6 py-3 space-y-2 max-h-[34vh] overflow-auto" data-testid="presenter.caption">
        <div className="flex items-center gap-4 text-base">
          <span className="font-semibold">{walk.play.title}</span>
          <span className="muted">step {walk.step} / {walk.play.steps.length}</span>
          <Score walk={walk} />
          <span className="ml-auto"><WalkControls walk={walk} large /></span>
          <button type="button" className="btn" data-testid="presenter.exit" onClick={() => setPresenting(false)}>Esc</button>
        </div>
        {cp ? <CheckpointView cp={cp} chosen={walk.answers[cp.id]} revealed={false} large />
          : <p className="text-2xl leading-snug" data-testid="presenter.text">{step.caption}</p>}
        {answered && (
          <p className="text-lg" data-testid="presenter.answer">
            {walk.answers[answered.id] === undefined ? 'Answer: ' : walk.answers[answered.id] === answered.answer ? '✓ Right: ' : '✗ The answer: '}
            {answered.choices.find((c) => c.id === answered.answer)?.label}
          </p>
        )}
        {step.kind === 'packet' && !asking && <p className="font-mono text-lg muted" data-testid="presenter.packet">{headerText(step.packet.after)} · {step.packet.after.node} · {step.packet.after.netns}{step.packet.after.out ? ` · out ${step.packet.after.out}` : ''}</p>}
      </footer>
    </div>
  );
}
