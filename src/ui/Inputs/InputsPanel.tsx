/**
 * What the user gave: the paste box (several pastes; a paste bigger than it holds goes straight to the worker), file
 * and folder pickers, the size policy, and the list of inputs with the kind and confidence of each block, its node and
 * pod (editable), and its warnings (click one to see the line). A folder, a zip or many files make one input whose
 * files are a virtualised list: only the rows in view are in the page, however many files it holds.
 */
import { memo, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useApp, setApp, entryName, isHeld, type HeldEntry, type InputEntry } from '../../state/store.ts';
import { PASTE_BOX_CHARS, addInputs, addSources, analyse, cancelAnalysis, removeInput, retryInput, updateInput } from '../../state/actions.ts';
import { describeSizePolicy, formatBytes } from '../../core/ingest/bundle.ts';
import type { InputSummary } from '../../core/model/types.ts';
import { readPicked, type ReadFiles } from './readFiles.ts';
import { isWalkFile } from '../Walk/walkFile.ts';
import { openWalk } from '../../state/walk.ts';

export async function addRead(read: ReadFiles): Promise<void> {
  await addSources(read.sources, read.texts);
}

let pasteCount = 0;
const nextPasteName = () => `paste ${++pasteCount}`;

type BlocksOf = (name: string) => InputSummary[];

function PasteBox() {
  const [text, setText] = useState('');
  // a paste the box cannot show is added as it is, never put in the box (a 50 MB value blocks the page for seconds)
  const addBig = (t: string) => {
    const said = `A paste of ${formatBytes(t.length)} went straight to the analysis: the box holds up to ${formatBytes(PASTE_BOX_CHARS)}.`;
    setApp({ notice: said });
    // still said once it is analysed, unless the analysis had something else to say
    void addInputs([{ path: nextPasteName(), text: t }], 'paste').then(() => { if (!useApp.getState().notice) setApp({ notice: said }); });
  };
  return (
    <>
      <textarea data-testid="input.paste" className="field h-24 font-mono text-xs" placeholder="Paste a terminal session, a dump, YAML… (Ctrl+Enter adds it)"
        value={text}
        onPaste={(e) => {
          const t = e.clipboardData.getData('text/plain');
          if (text.length + t.length > PASTE_BOX_CHARS) { e.preventDefault(); addBig(t); }
        }}
        onChange={(e) => { if (e.target.value.length > PASTE_BOX_CHARS) { setText(''); addBig(e.target.value); } else setText(e.target.value); }}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); document.getElementById('input-add')?.click(); } }} />
      <div className="flex flex-wrap gap-2 items-center">
        <button id="input-add" type="button" data-testid="input.add" className="btn" disabled={!text.trim()}
          onClick={() => {
            const t = text;
            setText('');
            // a pasted walk file (first line `walk: 1`) opens its walk
            if (isWalkFile('', t)) void openWalk({ text: t, file: 'pasted walk' });
            else void addInputs([{ path: nextPasteName(), text: t }], 'paste');
          }}>Add paste</button>
        <label className="btn cursor-pointer">Files…<input data-testid="input.files" type="file" multiple className="hidden"
          onChange={async (e) => {
            // a walk file picked here opens its walk, as in the Walks menu
            const walk = Array.from(e.target.files ?? []).find((f) => isWalkFile(f.name));
            const read = walk ? null : readPicked(e.target.files);
            e.target.value = '';
            if (walk) await openWalk({ text: await walk.text(), file: walk.name });
            else if (read) await addRead(read);
          }} /></label>
        <label className="btn cursor-pointer">Folder…<input data-testid="input.folder" type="file" className="hidden"
          {...{ webkitdirectory: '', directory: '' }}
          onChange={async (e) => { const read = readPicked(e.target.files); e.target.value = ''; await addRead(read); }} /></label>
        <Progress />
      </div>
    </>
  );
}

function Progress() {
  const { status, progress, error } = useApp(useShallow((s) => ({ status: s.status, progress: s.progress, error: s.error })));
  if (status === 'parsing') {
    return (
      <span className="text-xs muted flex gap-2 items-center" data-testid="input.progress">
        {progress ? `parsing ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')} files` : 'reading…'}
        <button type="button" className="btn" data-testid="input.cancel" onClick={() => void cancelAnalysis()}>Cancel</button>
      </span>
    );
  }
  if (status === 'error') {
    return (
      <span className="text-xs text-[var(--danger)] flex gap-2 items-center" title={error ?? ''}>
        analysis failed
        <button type="button" className="btn" data-testid="input.retry-analysis" onClick={() => void analyse()}>Retry</button>
      </span>
    );
  }
  return null;
}

/** The blocks of one input file, its warnings (each opens its line) and its node and pod. */
function FileDetail({ entry, path, blocks, node, pod }: { entry: InputEntry; path: string; blocks: InputSummary[]; node?: string; pod?: string }) {
  const warnings = blocks.flatMap((b) => b.warnings.map((w) => ({ ...w, block: b.block })));
  const total = blocks.reduce((a, b) => a + warningCount(b), 0);
  const perFile = isHeld(entry) && entry.held.files.length > 1 ? path : undefined;
  return (
    <div className="mt-1 space-y-1">
      <div className="flex gap-2">
        <label className="flex gap-1 items-center flex-1 min-w-0">node
          <input key={`${path}:node`} className="field w-full min-w-0" data-testid="input.node" defaultValue={node ?? ''} placeholder="from the evidence"
            onBlur={(e) => { if (e.target.value !== (node ?? '')) void updateInput(entry.id, { node: e.target.value }, perFile); }} /></label>
        <label className="flex gap-1 items-center flex-1 min-w-0">pod
          <input key={`${path}:pod`} className="field w-full min-w-0" data-testid="input.pod" defaultValue={pod ?? ''} placeholder="host"
            onBlur={(e) => { if (e.target.value !== (pod ?? '')) void updateInput(entry.id, { pod: e.target.value }, perFile); }} /></label>
      </div>
      {blocks.map((b) => (
        <div key={b.block} className="font-mono" data-testid="input.block">
          {b.kind ?? 'not recognised'} <span className="muted">{b.kind ? `${Math.round(b.confidence * 100)}%` : ''} {b.node ? `· ${b.node}` : ''} {b.netns ? `· ${b.netns}` : ''} {b.command ? `· $ ${b.command}` : ''}</span>
        </div>
      ))}
      {warnings.slice(0, 200).map((w, k) => (
        <button key={k} type="button" data-testid="input.warning" className="block text-left text-[var(--warn)] hover:underline"
          onClick={() => setApp({ showLine: { input: path, line: w.line } })}>{w.to ? `lines ${w.line}–${w.to}` : `line ${w.line}`}: {w.kind} — {w.message}</button>
      ))}
      {total > 200 && <p className="muted">…and {(total - 200).toLocaleString('en-US')} more{warnings.length < total ? ' (the page holds the first 2,000 of a block: packetpath parse lists them all)' : ''}</p>}
    </div>
  );
}

/** A block's warnings, all of them (the page may hold only the first: InputSummary.warningsTotal). */
const warningCount = (b: InputSummary): number => b.warningsTotal ?? b.warnings.length;

const counts = (blocks: InputSummary[]) => `${blocks.filter((b) => b.kind).length}/${blocks.length} blocks · ${blocks.reduce((a, b) => a + warningCount(b), 0).toLocaleString('en-US')} warnings`;

function SetAside({ entry }: { entry: InputEntry }) {
  if (!entry.setAside) return null;
  return (
    <div className="mt-1 flex gap-2 items-center text-[var(--warn)]" data-testid="input.aside">
      <span className="flex-1">Set aside, not analysed: {entry.setAside}</span>
      <button type="button" className="btn" data-testid="input.retry" onClick={() => void retryInput(entry.id)}>Retry</button>
    </div>
  );
}

function CardHead({ entry, open, onOpen, meta }: { entry: InputEntry; open: boolean; onOpen: () => void; meta: string }) {
  const name = entryName(entry);
  return (
    <div className="flex items-start gap-2">
      <button type="button" data-testid="input.open" aria-expanded={open} className="text-left flex-1 min-w-0" onClick={onOpen} title={name}>
        <span className="block font-medium truncate">{name}</span>
        <span className="block muted truncate" data-testid="input.meta">{meta}</span>
      </button>
      <button type="button" className="btn" aria-label={`remove ${name}`} data-testid="input.remove" onClick={() => void removeInput(entry.id)}>✕</button>
    </div>
  );
}

/** A paste, a scenario's text, or a held input of one file: one card. */
const FileCard = memo(function FileCard({ entry, blocksOf }: { entry: InputEntry; blocksOf: BlocksOf }) {
  const [open, setOpen] = useState(false);
  const file = isHeld(entry) ? entry.held.files[0] : entry.file;
  const path = file?.path ?? entryName(entry);
  const o = isHeld(entry) ? entry.held.overrides[path] : undefined;
  const node = o?.node !== undefined ? o.node : file?.node;
  const pod = o?.pod !== undefined ? o.pod : isHeld(entry) ? undefined : entry.file.pod;
  const blocks = blocksOf(path);
  return (
    <li className={`panel p-2 text-xs ${entry.setAside ? 'opacity-80' : ''}`} data-testid="input.item">
      <CardHead entry={entry} open={open} onOpen={() => setOpen(!open)} meta={entry.setAside ? 'not analysed' : counts(blocks)} />
      <SetAside entry={entry} />
      {open || !entry.setAside ? <FileDetail entry={entry} path={path} blocks={open ? blocks : []} {...(node ? { node } : {})} {...(pod ? { pod } : {})} /> : null}
    </li>
  );
});

const ROW_PX = 22;

/** `azure-vnet-00012.log aks-node-0/logs`: the name first, where it is after it, so a narrow row cuts the folder. */
function FileName({ path }: { path: string }) {
  const cut = path.lastIndexOf('/');
  return (
    <span className="flex-1 min-w-0 flex gap-1 font-mono">
      <span className="truncate shrink-0 max-w-[75%]">{path.slice(cut + 1)}</span>
      {cut > 0 && <span className="truncate muted">{path.slice(0, cut)}</span>}
    </span>
  );
}

/** A row's blocks read of all, and its warnings when it has any. */
function rowCounts(blocks: InputSummary[]): string {
  if (!blocks.length) return 'not analysed';
  const w = blocks.reduce((a, b) => a + warningCount(b), 0);
  return `${blocks.filter((b) => b.kind).length}/${blocks.length}${w ? ` · ${w} ⚠` : ''}`;
}

/** A folder, a zip or many files: one card, its files a virtualised list; a row opens that file's blocks and warnings. */
const BundleCard = memo(function BundleCard({ entry, blocksOf }: { entry: HeldEntry; blocksOf: BlocksOf }) {
  const { held } = entry;
  const [open, setOpen] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({ count: held.files.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_PX, overscan: 10 });
  const read = useMemo(() => held.files.reduce((a, f) => a + (blocksOf(f.path).some((b) => b.kind) ? 1 : 0), 0), [held.files, blocksOf]);
  const file = picked ? held.files.find((f) => f.path === picked) : undefined;
  const o = file ? held.overrides[file.path] : undefined;
  return (
    <li className="panel p-2 text-xs" data-testid="input.item">
      <div data-testid="input.bundle">
        <CardHead entry={entry} open={open} onOpen={() => setOpen(!open)}
          meta={`${held.files.length.toLocaleString('en-US')} files · ${formatBytes(held.bytes)}${entry.setAside ? ' · not analysed' : ` · ${read.toLocaleString('en-US')} read`}`} />
        <SetAside entry={entry} />
        {held.skipped.length > 0 && (
          <details className="mt-1" data-testid="input.skipped"><summary className="text-[var(--warn)] cursor-pointer">{held.skipped.length.toLocaleString('en-US')} not read</summary>
            <ul className="max-h-24 overflow-auto">{held.skipped.slice(0, 500).map((s) => <li key={s.path} className="truncate" title={`${s.path}: ${s.why}`}>{s.path}: {s.why}</li>)}</ul>
          </details>
        )}
        {open && (
          <div ref={scroller} className="mt-1 max-h-56 overflow-auto border border-[var(--border)] rounded" data-testid="input.bundle.files">
            <div className="relative w-full" style={{ height: list.getTotalSize() }}>
              {list.getVirtualItems().map((row) => {
                const f = held.files[row.index];
                if (!f) return null;
                const blocks = blocksOf(f.path);
                return (
                  <button key={row.key} type="button" data-testid="input.bundle.row" title={f.path}
                    className={`absolute left-0 w-full flex gap-2 px-1 text-left hover:bg-[var(--border)]/40 ${picked === f.path ? 'bg-[var(--accent)]/20' : ''}`}
                    style={{ top: 0, height: row.size, transform: `translateY(${row.start}px)` }} onClick={() => setPicked(picked === f.path ? null : f.path)}>
                    <FileName path={f.path} />
                    <span className="muted whitespace-nowrap">{rowCounts(blocks)}</span>
                  </button>
                );
              })}
            </div>
          </div>
        )}
        {open && file && (
          <div className="mt-1 border-t border-[var(--border)] pt-1" data-testid="input.bundle.file">
            <div className="font-medium truncate" title={file.path}>{file.path}</div>
            <FileDetail entry={entry} path={file.path} blocks={blocksOf(file.path)} {...((o?.node ?? file.node) ? { node: (o?.node ?? file.node) as string } : {})}
              {...(o?.pod ? { pod: o.pod } : {})} />
          </div>
        )}
      </div>
    </li>
  );
});

const POLICY = describeSizePolicy();

export function InputsPanel() {
  // only what the list shows: progress messages during an analysis must not re-render it
  const { inputs, summary } = useApp(useShallow((s) => ({ inputs: s.inputs, summary: s.summary })));
  const blocksOf = useMemo<BlocksOf>(() => {
    const by = new Map<string, InputSummary[]>();
    for (const i of summary?.inputs ?? []) { const l = by.get(i.name); if (l) l.push(i); else by.set(i.name, [i]); }
    return (name) => by.get(name) ?? [];
  }, [summary]);
  return (
    <section className="flex flex-col gap-2 min-h-0" aria-label="inputs">
      <PasteBox />
      <p className="text-xs muted">…or drop files, folders (a sub-folder is a node) or a zip anywhere on the page.</p>
      <p className="text-xs muted" data-testid="input.policy">{POLICY} A paste over {formatBytes(PASTE_BOX_CHARS)} skips the box.</p>
      <ul className="overflow-auto min-h-0 flex-1 space-y-1" data-testid="input.list">
        {inputs.map((i) => (isHeld(i) && i.held.files.length > 1
          ? <BundleCard key={i.id} entry={i} blocksOf={blocksOf} />
          : <FileCard key={i.id} entry={i} blocksOf={blocksOf} />))}
        {!inputs.length && <li className="muted text-xs" data-testid="input.empty">No inputs yet: paste a dump, drop a folder, or pick a scenario.</li>}
      </ul>
    </section>
  );
}
