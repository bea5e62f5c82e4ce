/**
 * The packet marker's controls, as in Packet Tracer's simulation mode: back, play/pause, forward, the step
 * number and the speed. The state is the store's (`pathStep`, `playing`, `speed`), so a guided walk can drive it.
 */
import { useEffect } from 'react';
import { useApp, setApp } from '../../state/store.ts';

export function MarkerControls({ steps }: { steps: number }) {
  const { pathStep, playing, speed } = useApp();
  useEffect(() => {
    if (!playing) return undefined;
    const timer = setTimeout(() => {
      const s = useApp.getState().pathStep ?? 0;
      if (s >= steps) setApp({ playing: false });
      else setApp({ pathStep: s + 1 });
    }, (pathStep === null ? 0 : 900) / speed);
    return () => clearTimeout(timer);
  }, [playing, pathStep, speed, steps]);
  const go = (n: number) => setApp({ pathStep: Math.min(steps, Math.max(1, n)), playing: false });
  return (
    <div className="absolute z-10 bottom-2 left-2 panel px-2 py-1 flex items-center gap-1 text-xs" data-testid="marker.controls" role="group" aria-label="packet marker">
      <button type="button" className="btn" data-testid="marker.back" aria-label="step back" disabled={!pathStep || pathStep <= 1} onClick={() => go((pathStep ?? 1) - 1)}>◀</button>
      <button type="button" className="btn w-16" data-testid="marker.play" onClick={() => setApp((s) => ({ playing: !s.playing, pathStep: !s.playing && (s.pathStep ?? 0) >= steps ? null : s.pathStep }))}>
        {playing ? '❚❚ pause' : '▶ play'}
      </button>
      <button type="button" className="btn" data-testid="marker.forward" aria-label="step forward" disabled={(pathStep ?? 0) >= steps} onClick={() => go((pathStep ?? 0) + 1)}>▶</button>
      <span className="muted w-20 text-center" data-testid="marker.step">{pathStep ? `step ${pathStep} / ${steps}` : `${steps} steps`}</span>
      <label className="flex items-center gap-1 muted">speed
        <select className="field" value={speed} onChange={(e) => setApp({ speed: Number(e.target.value) })} data-testid="marker.speed">
          {[0.5, 1, 2, 4].map((v) => <option key={v} value={v}>{v}×</option>)}
        </select>
      </label>
      {pathStep !== null && <button type="button" className="btn" onClick={() => setApp({ pathStep: null, playing: false })}>✕</button>}
    </div>
  );
}
