/**
 * The walk's keyboard, for a presenter with a clicker or a keyboard alone: → or space forward (a checkpoint is
 * revealed first), ← back, Home restart, p play/pause, 1–9 answer the checkpoint on screen, Esc leaves presenter
 * mode. Keys typed into a field are the field's.
 */
import { useEffect } from 'react';
import { useApp } from '../../state/store.ts';
import { answer, currentStep, nextStep, prevStep, restartWalk, setPresenting, setWalkPlaying } from '../../state/walk.ts';

const typing = (e: KeyboardEvent): boolean => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
};

export function useWalkKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const walk = useApp.getState().walk;
      if (!walk || typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const act = (f: () => unknown) => { e.preventDefault(); e.stopImmediatePropagation(); void f(); };
      if (e.key === 'ArrowRight' || e.key === ' ' || e.key === 'PageDown') act(nextStep);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') act(prevStep);
      else if (e.key === 'Home') act(restartWalk);
      else if (e.key === 'p') act(() => setWalkPlaying(!walk.playing));
      else if (e.key === 'Escape' && walk.presenting) act(() => setPresenting(false));
      else if (/^[1-9]$/.test(e.key)) {
        const { asking } = currentStep(walk);
        const cp = asking ? walk.play.checkpoints.find((c) => c.id === asking) : undefined;
        const choice = cp?.choices[Number(e.key) - 1];
        if (cp && choice) act(() => answer(cp.id, choice.id));
      }
    };
    // before the page's own keys (a space would scroll, Esc would only clear the selection)
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
