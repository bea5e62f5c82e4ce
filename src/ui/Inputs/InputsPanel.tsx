/**
 * What the user gave: paste area (several pastes), file and folder pickers, and the list of inputs with the
 * kind and confidence of each block, its node and pod (editable), and its warnings (click one to see the line).
 */
import { useState } from 'react';
import { useApp, setApp } from '../../state/store.ts';
import { addInputs, addZip, cancelAnalysis, removeInput, updateInput } from '../../state/actions.ts';
import { readPicked, type ReadFiles } from './readFiles.ts';

export async function addRead(read: ReadFiles, origin: 'file' | 'folder'): Promise<void> {
  for (const z of read.zips) await addZip(z.name, z.bytes);
  if (read.files.length || !read.zips.length) await addInputs(read.files, origin, read.skipped);
}

let pasteCount = 0;

export function InputsPanel() {
  const { inputs, summary, status, progress } = useApp();
  const [text, setText] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const blocksOf = (name: string) => summary?.inputs.filter((i) => i.name === name) ?? [];
  return (
    <section className="flex flex-col gap-2 min-h-0" aria-label="inputs">
      <textarea data-testid="input.paste" className="field h-24 font-mono text-xs" placeholder="Paste a terminal session, a dump, YAML… (Ctrl+Enter adds it)"
        value={text} onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); document.getElementById('input-add')?.click(); } }} />
      <div className="flex flex-wrap gap-2 items-center">
        <button id="input-add" type="button" data-testid="input.add" className="btn" disabled={!text.trim()}
          onClick={() => { const t = text; setText(''); void addInputs([{ path: `paste ${++pasteCount}`, text: t }], 'paste'); }}>Add paste</button>
        <label className="btn cursor-pointer">Files…<input data-testid="input.files" type="file" multiple className="hidden"
          onChange={async (e) => { await addRead(await readPicked(e.target.files), 'file'); e.target.value = ''; }} /></label>
        <label className="btn cursor-pointer">Folder…<input data-testid="input.folder" type="file" className="hidden"
          {...{ webkitdirectory: '', directory: '' }}
          onChange={async (e) => { await addRead(await readPicked(e.target.files), 'folder'); e.target.value = ''; }} /></label>
        {status === 'parsing' && (
          <span className="text-xs muted flex gap-2 items-center" data-testid="input.progress">
            parsing{progress ? ` ${progress.done}/${progress.total} files` : '…'}
            <button type="button" className="btn" data-testid="input.cancel" onClick={() => void cancelAnalysis()}>Cancel</button>
          </span>
        )}
      </div>
      <p className="text-xs muted">…or drop files, folders (a sub-folder is a node) or a zip anywhere on the page.</p>
      <ul className="overflow-auto min-h-0 flex-1 space-y-1" data-testid="input.list">
        {inputs.map((i) => {
          const blocks = blocksOf(i.file.path);
          const read = blocks.filter((b) => b.kind);
          const warnings = blocks.flatMap((b) => b.warnings.map((w) => ({ ...w, block: b.block })));
          return (
            <li key={i.id} className="panel p-2 text-xs" data-testid="input.item">
              <div className="flex items-center gap-2">
                <button type="button" data-testid="input.open" className="font-medium truncate text-left flex-1" onClick={() => setOpen(open === i.id ? null : i.id)} title={i.file.path}>{i.file.path}</button>
                <span className="muted">{read.length}/{blocks.length} blocks · {warnings.length} warnings</span>
                <button type="button" className="btn" aria-label={`remove ${i.file.path}`} data-testid="input.remove" onClick={() => void removeInput(i.id)}>✕</button>
              </div>
              <div className="flex gap-2 mt-1">
                <label className="flex gap-1 items-center">node
                  <input className="field w-32" data-testid="input.node" defaultValue={i.file.node ?? ''} placeholder="from the evidence"
                    onBlur={(e) => { if (e.target.value !== (i.file.node ?? '')) void updateInput(i.id, { node: e.target.value }); }} /></label>
                <label className="flex gap-1 items-center">pod
                  <input className="field w-28" data-testid="input.pod" defaultValue={i.file.pod ?? ''} placeholder="host"
                    onBlur={(e) => { if (e.target.value !== (i.file.pod ?? '')) void updateInput(i.id, { pod: e.target.value }); }} /></label>
              </div>
              {open === i.id && (
                <div className="mt-1 space-y-1">
                  {blocks.map((b) => (
                    <div key={b.block} className="font-mono" data-testid="input.block">
                      {b.kind ?? 'not recognised'} <span className="muted">{b.kind ? `${Math.round(b.confidence * 100)}%` : ''} {b.node ? `· ${b.node}` : ''} {b.netns ? `· ${b.netns}` : ''} {b.command ? `· $ ${b.command}` : ''}</span>
                    </div>
                  ))}
                  {warnings.slice(0, 200).map((w, k) => (
                    <button key={k} type="button" data-testid="input.warning" className="block text-left text-[var(--warn)] hover:underline"
                      onClick={() => setApp({ showLine: { input: i.file.path, line: w.line } })}>line {w.line}: {w.kind} — {w.message}</button>
                  ))}
                  {warnings.length > 200 && <p className="muted">…and {warnings.length - 200} more</p>}
                </div>
              )}
            </li>
          );
        })}
        {!inputs.length && <li className="muted text-xs" data-testid="input.empty">No inputs yet: paste a dump, drop a folder, or pick a scenario.</li>}
      </ul>
    </section>
  );
}
