/**
 * The page: inputs on the left, the canvas in the middle, details and the trace on the right. Files,
 * folders and zips can be dropped anywhere; keyboard shortcuts for the views, search and theme.
 */
import { useEffect, useState } from 'react';
import { useApp, setApp } from '../../state/store.ts';
import { addInputs, select } from '../../state/actions.ts';
import { startUrlState } from '../../state/url.ts';
import { openSessionFile } from '../../state/share.ts';
import { FILE_EXTENSION } from '../../core/session/file.ts';
import { Header } from '../Header/Header.tsx';
import { InputsPanel, addRead } from '../Inputs/InputsPanel.tsx';
import { readDropped } from '../Inputs/readFiles.ts';
import { TopologyPane } from '../TopologyPane/TopologyPane.tsx';
import { DetailsPanel } from '../DetailsPanel/DetailsPanel.tsx';
import { TracePanel } from '../TracePanel/TracePanel.tsx';
import { LineViewer } from '../LineViewer/LineViewer.tsx';
import { ModeBar } from '../ModeBar/ModeBar.tsx';
import { SplitView } from '../SplitView/SplitView.tsx';
import { TraceDiff } from '../TraceDiff/TraceDiff.tsx';
import { openChains } from '../../state/actions.ts';
import { openWalk } from '../../state/walk.ts';
import { WalkPanel } from '../Walk/WalkPanel.tsx';
import { Presenter } from '../Walk/Presenter.tsx';
import { useWalkKeys } from '../Walk/useWalkKeys.ts';
import { useAutoPlay } from '../Walk/WalkControls.tsx';
import { isWalkFile } from '../Walk/walkFile.ts';
import { WalkMessages } from '../Walk/WalkMessages.tsx';

/** Search: a pod name, an IP or an interface name (a chain in the chains view) → the element to focus. */
function findElement(q: string): string | null {
  const { view, chainsGraph } = useApp.getState();
  const graph = view === 'chains' ? chainsGraph : useApp.getState().graph;
  const needle = q.trim().toLowerCase();
  if (!graph || !needle) return null;
  // a shortened label's full text is its title
  const text = (n: { label: string; title?: string }) => `${n.label}\n${n.title ?? ''}`.toLowerCase();
  const hit = graph.nodes.find((n) => text(n).split(/[\n ]/).some((l) => l === needle))
    ?? graph.nodes.find((n) => text(n).includes(needle));
  return hit?.id ?? null;
}

const typing = (e: KeyboardEvent): boolean => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
};

export function App() {
  const { theme, notice, summary, inputsFolded, inputs, split, whatIf, view } = useApp();
  const splitting = split && Object.keys(whatIf).length > 0 && view === 'topology';
  const [dragging, setDragging] = useState(false);
  const [fitSignal, setFitSignal] = useState(0);
  const walk = useApp((s) => s.walk);
  useWalkKeys();
  useAutoPlay(walk);

  // the work in the link (or kept in this browser), else the default scenario
  useEffect(() => { void startUrlState(); }, []);
  useEffect(() => { document.documentElement.dataset.theme = theme; }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { setApp({ showLine: null, selected: null, details: null }); return; }
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') { e.preventDefault(); document.getElementById('search')?.focus(); }
      else if (e.key === 't') setApp((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }));
      else if (e.key === 'g') setApp({ view: 'topology', selected: null, details: null });
      else if (e.key === 'c') { const s = useApp.getState(); void openChains(s.chainsHost ?? s.summary?.hosts[0]?.name ?? null); }
      else if (e.key === 'f') setFitSignal((n) => n + 1);
    };
    const onDragOver = (e: DragEvent) => { e.preventDefault(); setDragging(true); };
    const onDragLeave = (e: DragEvent) => { if (!e.relatedTarget) setDragging(false); };
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      setDragging(false);
      if (!e.dataTransfer) return;
      const session = Array.from(e.dataTransfer.files).find((f) => f.name.toLowerCase().endsWith(FILE_EXTENSION));
      if (session) { await openSessionFile(new Uint8Array(await session.arrayBuffer()), session.name); return; }
      // a trainer's walk file opens the walk (its inputs come with it) rather than being analysed as a dump
      const walkFile = Array.from(e.dataTransfer.files).find((f) => isWalkFile(f.name));
      if (walkFile) { await openWalk({ text: await walkFile.text(), file: walkFile.name }); return; }
      await addRead(await readDropped(e.dataTransfer));
    };
    const onPaste = (e: ClipboardEvent) => {
      if (typing(e as unknown as KeyboardEvent)) return;
      const text = e.clipboardData?.getData('text/plain');
      if (text?.trim() && isWalkFile('', text)) { void openWalk({ text, file: 'pasted walk' }); return; }
      if (text?.trim()) void addInputs([{ path: 'clipboard paste', text }], 'paste');
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, []);

  const onSearch = (q: string) => {
    const id = findElement(q);
    setApp({ focusId: id, notice: id ? null : `No pod, IP or interface matches "${q}".` });
    if (id) void select(id);
  };

  if (walk?.presenting) return <><Presenter fitSignal={fitSignal} /><LineViewer /></>;
  return (
    <div className="h-full flex flex-col">
      <Header onSearch={onSearch} />
      <ModeBar />
      {notice && (
        <div role="status" data-testid="app.notice" className="px-3 py-1 text-sm bg-[var(--warn)]/20 flex justify-between">
          <span>{notice}</span><button type="button" className="btn" onClick={() => setApp({ notice: null })}>Dismiss</button>
        </div>
      )}
      <main className={`flex-1 min-h-0 grid grid-cols-1 gap-2 p-2 ${inputsFolded ? 'lg:grid-cols-[2.25rem_1fr_23rem]' : 'lg:grid-cols-[16rem_1fr_23rem]'}`}>
        {inputsFolded ? (
          <button type="button" className="panel text-xs muted [writing-mode:vertical-rl] py-3 hover:text-[var(--text)]" data-testid="inputs.unfold" onClick={() => setApp({ inputsFolded: false })}>
            Inputs ({inputs.length}) ▸ paste, files, folders
          </button>
        ) : (
          <aside className="panel p-2 min-h-0 flex flex-col max-h-[40vh] lg:max-h-none relative">
            <button type="button" className="absolute right-1 top-1 muted text-xs hover:text-[var(--text)] hidden lg:block" title="fold the inputs away: more room for the canvas"
              data-testid="inputs.fold" onClick={() => setApp({ inputsFolded: true })}>◂</button>
            <InputsPanel />
          </aside>
        )}
        <section className="panel min-h-[50vh] lg:min-h-0" data-testid="canvas">{splitting ? <SplitView fitSignal={fitSignal} /> : <TopologyPane fitSignal={fitSignal} />}</section>
        <aside className="panel p-2 min-h-0 overflow-auto space-y-3">
          {walk ? <><WalkPanel /><hr className="border-[var(--border)]" /></> : <WalkMessages />}
          <TracePanel />
          {!splitting && <TraceDiff />}
          <hr className="border-[var(--border)]" />
          <DetailsPanel />
          {summary && summary.warnings.length > 0 && (
            <details className="text-xs"><summary>{summary.warnings.length} model warnings</summary>
              <ul data-testid="model.warnings">{summary.warnings.map((w, i) => <li key={i}>{w.node ? `${w.node}: ` : ''}{w.message}</li>)}</ul></details>
          )}
        </aside>
      </main>
      {dragging && <div className="fixed inset-0 z-30 bg-[var(--accent)]/20 border-4 border-dashed border-[var(--accent)] pointer-events-none flex items-center justify-center text-xl">Drop files, folders, a zip or a .packetpath session</div>}
      <LineViewer />
    </div>
  );
}
