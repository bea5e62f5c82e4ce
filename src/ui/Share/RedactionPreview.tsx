/**
 * What a redacted share will hold, before it leaves: the check that its trace gives the same verdict and hops, what
 * was replaced (counts and the mapping, which stays on this page), and each input side by side — the original and
 * the text that will be shared, replacements marked.
 */
import { useMemo, useState } from 'react';
import { entryFiles, entryPaths, useApp } from '../../state/store.ts';
import { makeEvidenceLink, saveSessionFile, useShare } from '../../state/share.ts';
import { LINK_BUDGET } from '../../core/session/codec.ts';
import type { RedactionKind } from '../../core/session/redact/redact.ts';
import { CopyButton, size } from './parts.tsx';

const KIND_NAMES: Record<RedactionKind, string> = {
  ipv4: 'IPv4', ipv6: 'IPv6', mac: 'MACs', node: 'nodes', namespace: 'namespaces', pod: 'pods', workload: 'workloads', service: 'services',
  resource: 'Azure names', guid: 'ids', secret: 'secrets',
};
/** Names first: they are what a reader checks; then ids, secrets and addresses. */
const KIND_ORDER: RedactionKind[] = ['node', 'namespace', 'pod', 'workload', 'service', 'resource', 'guid', 'secret', 'mac', 'ipv4', 'ipv6'];
const SHOWN_LINES = 400;
const SHOWN_ENTRIES = 600;

/** Marks the replacements in one line of the shared text. */
function Marked({ line, marks }: { line: string; marks: RegExp | null }) {
  if (!marks || !line) return <>{line || ' '}</>;
  const out: React.ReactNode[] = [];
  let last = 0;
  for (const m of line.matchAll(marks)) {
    const at = m.index ?? 0;
    if (at > last) out.push(line.slice(last, at));
    out.push(<mark key={at} className="bg-[var(--accent)]/25 text-inherit rounded-sm">{m[0]}</mark>);
    last = at + m[0].length;
  }
  out.push(line.slice(last));
  return <>{out}</>;
}

export function RedactionPreview() {
  const { redacted, evidence, busy } = useShare();
  const { analysed } = useApp();
  // one per analysed file, as the shared session lists them; a held input the page has no copy of shows no original
  const originals = useMemo(() => analysed.flatMap((a) => entryFiles(a) ?? entryPaths(a).map((path) => ({ path, text: '' }))), [analysed]);
  const [index, setIndex] = useState(0);
  const [filter, setFilter] = useState('');
  const result = redacted?.result;
  const report = result?.redaction;
  const marks = useMemo(() => {
    const values = [...new Set((report?.entries ?? []).map((e) => e.to))].filter((v) => v.length > 2).sort((a, b) => b.length - a.length).slice(0, 3000);
    return values.length ? new RegExp(`(?<![\\w.-])(?:${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w-]|\\.\\d)`, 'g') : null;
  }, [report]);
  if (!redacted || !result || !report) return null;
  const close = () => useShare.setState({ previewOpen: false });
  const shared = result.session.inputs[index];
  const original = originals[index]?.text.split('\n') ?? [];
  const sharedLines = (shared?.text ?? '').split('\n');
  const check = result.check;
  const entries = report.entries.filter((e) => !filter || e.from.includes(filter) || e.to.includes(filter))
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return (
    <div role="dialog" aria-label="redaction preview" className="fixed inset-0 bg-black/50 z-40 flex items-center justify-center" onClick={close}>
      <div className="panel w-[92vw] h-[86vh] p-3 flex flex-col gap-2 text-xs" data-testid="redact.preview" onClick={(e) => e.stopPropagation()}>
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="text-sm font-semibold mr-2">Redaction preview: what will be shared</h2>
          {check ? (
            <span data-testid="redact.check" className={`rounded px-2 py-0.5 text-white ${check.sameVerdictAndHops ? 'bg-green-700' : 'bg-red-700'}`}>
              {check.sameVerdictAndHops ? `✓ traced again: same verdict and hops (${check.original.verdict}, ${check.original.hops} hops)`
                : `✗ traced again: ${check.error ?? `${check.shared?.verdict}, ${check.shared?.hops} hops instead of ${check.original.verdict}, ${check.original.hops}`}`}
            </span>
          ) : <span data-testid="redact.check" className="muted">no trace on screen to check it with</span>}
          <span data-testid="redact.counts" className="muted">
            {(Object.entries(report.counts) as [RedactionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${KIND_NAMES[k]}`).join(' · ') || 'nothing to replace'}
          </span>
          <span className="ml-auto flex gap-2 items-center">
            {redacted.link.length <= LINK_BUDGET
              ? <><span className="muted">link {size(redacted.link.length)}</span><CopyButton text={redacted.link} testId="redact.copy" /></>
              : <span className="text-[var(--warn)]" data-testid="redact.toobig">the redacted link would be {size(redacted.link.length)}: share its evidence or a file</span>}
            <button type="button" className="btn" data-testid="redact.evidence" disabled={!result.session.trace || busy !== null} onClick={() => void makeEvidenceLink()}>
              {busy === 'evidence' ? 'Cutting…' : 'Evidence-only link'}</button>
            {evidence?.result.redaction && evidence.link.length <= LINK_BUDGET && <CopyButton text={evidence.link} testId="redact.evidence.copy" />}
            <button type="button" className="btn" data-testid="redact.save" disabled={busy !== null} onClick={() => void saveSessionFile()}>Save redacted file</button>
            <button type="button" className="btn" data-testid="redact.close" onClick={close}>Close</button>
          </span>
        </div>
        <div className="flex-1 min-h-0 grid grid-cols-[20rem_minmax(0,1fr)_minmax(0,1fr)] gap-2">
          <div className="flex flex-col min-h-0 gap-1">
            <input className="field" placeholder="filter the mapping" value={filter} onChange={(e) => setFilter(e.target.value)} />
            <p className="muted">The mapping stays on this page; only the right-hand text is shared.</p>
            <ul className="overflow-auto min-h-0 flex-1 font-mono panel p-1" data-testid="redact.table">
              {entries.slice(0, SHOWN_ENTRIES).map((e) => (
                <li key={`${e.kind}|${e.from}`} className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-x-1 py-0.5 border-b border-[var(--border)]/40">
                  <span className="muted row-span-2">{KIND_NAMES[e.kind]}</span><span className="break-all">{e.from}</span><span className="break-all">→ {e.to}</span>
                </li>
              ))}
              {entries.length > SHOWN_ENTRIES && <li className="muted">…and {entries.length - SHOWN_ENTRIES} more</li>}
            </ul>
          </div>
          {(['original', 'shared'] as const).map((side) => (
            <div key={side} className="flex flex-col min-h-0 min-w-0 gap-1">
              <div className="flex gap-2 items-center">
                <b>{side === 'original' ? 'Original (stays here)' : 'Shared'}</b>
                {side === 'original' && (
                  <select className="field" data-testid="redact.input" value={index} onChange={(e) => setIndex(Number(e.target.value))} aria-label="input">
                    {originals.map((f, i) => <option key={i} value={i}>{f.path}</option>)}
                  </select>
                )}
                {side === 'shared' && <span className="font-mono muted">{shared?.path}{shared?.node ? ` · node ${shared.node}` : ''}</span>}
              </div>
              <pre data-testid={side === 'original' ? 'redact.original' : 'redact.redacted'} className="panel p-1 overflow-auto flex-1 min-h-0 min-w-0 font-mono">
                {(side === 'original' ? original : sharedLines).slice(0, SHOWN_LINES).map((l, i) => (
                  <div key={i}><span className="muted select-none">{String(i + 1).padStart(4)} </span>{side === 'shared' ? <Marked line={l} marks={marks} /> : l}</div>
                ))}
                {sharedLines.length > SHOWN_LINES && <div className="muted">… {sharedLines.length - SHOWN_LINES} more lines</div>}
              </pre>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
