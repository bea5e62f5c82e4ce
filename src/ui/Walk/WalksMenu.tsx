/** The header's Walks menu: the built-in walks (title, minutes, steps) and a walk file of one's own. */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../state/store.ts';
import { loadWalkList, openWalk } from '../../state/walk.ts';

export function WalksMenu() {
  const [open, setOpen] = useState(false);
  const walkList = useApp((s) => s.walkList);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    void loadWalkList();
    const away = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [open]);
  return (
    <div className="relative" ref={box}>
      <button type="button" className="btn" data-testid="walks.open" aria-expanded={open} onClick={() => setOpen(!open)}>Walks</button>
      {open && (
        <div className="absolute right-0 z-40 mt-1 w-[26rem] panel p-2 space-y-1 text-sm shadow-lg whitespace-normal" data-testid="walks.menu" role="menu">
          <div className="muted text-xs">Guided workshop walks: a packet stepped hop by hop, with notes, checkpoints and questions.</div>
          {!walkList && <div className="muted text-xs" data-testid="walks.loading">Tracing the walks…</div>}
          {walkList?.map((w) => (
            <button key={w.id} type="button" role="menuitem" className="btn w-full text-left" data-testid={`walks.item.${w.id}`}
              onClick={() => { setOpen(false); void openWalk({ builtin: w.id }); }}>
              <div className="font-medium">{w.title}</div>
              <div className="muted text-xs">{w.minutes ? `${w.minutes} min · ` : ''}{w.steps} steps{w.summary ? ` · ${w.summary.slice(0, 110)}${w.summary.length > 110 ? '…' : ''}` : ''}</div>
            </button>
          ))}
          <button type="button" className="btn w-full text-left" data-testid="walks.file" onClick={() => picker.current?.click()}>Open a walk file (.walk.yaml)…</button>
          <input ref={picker} type="file" accept=".yaml,.yml,.walk.yaml" className="hidden" data-testid="walks.file.input"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              setOpen(false);
              await openWalk({ text: await f.text(), file: f.name });
            }} />
        </div>
      )}
    </div>
  );
}
