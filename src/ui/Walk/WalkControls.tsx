/**
 * A walk's controls, as in Packet Tracer's simulation mode: restart, back, play/pause, forward, speed, the step
 * number. Playing moves on by itself and stops at a checkpoint (the room answers first) and at the end.
 */
import { useEffect } from 'react';
import { scoreWalk } from '../../core/session/walk/checkpoint.ts';
import type { WalkOnPage } from '../../state/store.ts';
import { currentStep, nextStep, PLAY_SECONDS, prevStep, restartWalk, setWalkPlaying, setWalkSpeed } from '../../state/walk.ts';

export function useAutoPlay(walk: WalkOnPage | null): void {
  const playing = walk?.playing ?? false;
  const step = walk?.step ?? 0;
  const asking = walk ? currentStep(walk).asking : null;
  const last = walk ? walk.step >= walk.play.steps.length : true;
  const speed = walk?.speed ?? 1;
  useEffect(() => {
    if (!playing) return undefined;
    if (asking || last) { setWalkPlaying(false); return undefined; }
    const timer = setTimeout(() => void nextStep(), (PLAY_SECONDS * 1000) / speed);
    return () => clearTimeout(timer);
  }, [playing, step, asking, last, speed]);
}

export function Score({ walk }: { walk: WalkOnPage }) {
  const s = scoreWalk(walk.play.checkpoints, walk.answers);
  if (!s.total) return null;
  return <span data-testid="walk.score" title={`${s.answered} of ${s.total} checkpoints answered`}>score {s.correct} / {s.total}</span>;
}

export function WalkControls({ walk, large = false }: { walk: WalkOnPage; large?: boolean }) {
  const count = walk.play.steps.length;
  return (
    <div className={`flex items-center gap-1 ${large ? 'text-base' : 'text-xs'}`} role="group" aria-label="walk controls" data-testid="walk.controls">
      <button type="button" className="btn" data-testid="walk.restart" aria-label="restart" title="restart (Home)" onClick={() => void restartWalk()}>↺</button>
      <button type="button" className="btn" data-testid="walk.back" aria-label="step back" title="back (←)" disabled={walk.step <= 1} onClick={() => void prevStep()}>◀</button>
      <button type="button" className="btn w-16" data-testid="walk.play" title="play / pause (p)" onClick={() => setWalkPlaying(!walk.playing)}>{walk.playing ? '❚❚ pause' : '▶ play'}</button>
      <button type="button" className="btn" data-testid="walk.next" aria-label="step forward" title="forward (→ or space)" disabled={walk.step >= count && !currentStep(walk).asking} onClick={() => void nextStep()}>▶</button>
      <span className="muted w-24 text-center" data-testid="walk.step">step {walk.step} / {count}</span>
      <label className="flex items-center gap-1 muted">speed
        <select className="field" value={walk.speed} onChange={(e) => setWalkSpeed(Number(e.target.value))} data-testid="walk.speed">
          {[0.5, 1, 2, 4].map((v) => <option key={v} value={v}>{v}×</option>)}
        </select>
      </label>
    </div>
  );
}
