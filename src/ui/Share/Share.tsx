/**
 * Share / Save / Open: the page's link (and why it cannot be one when the analysis is too big), the evidence-only
 * link of the trace on screen, redaction before sharing (with its preview), and `.packetpath` session files.
 * Nothing here sends anything anywhere: a link carries the analysis after `#`, a file is saved by the browser.
 */
import { useRef } from 'react';
import { useApp } from '../../state/store.ts';
import { makeEvidenceLink, makeRedacted, openSessionFile, saveSessionFile, setRedact, useShare } from '../../state/share.ts';
import { LINK_BUDGET } from '../../core/session/codec.ts';
import { FILE_EXTENSION } from '../../core/session/file.ts';
import { RedactionPreview } from './RedactionPreview.tsx';
import { CopyButton, size } from './parts.tsx';

function LinkField({ link, testId }: { link: string; testId: string }) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className="flex gap-1">
      <input ref={ref} readOnly value={link} data-testid={testId} aria-label="link" className="field font-mono flex-1 min-w-0" onFocus={(e) => e.target.select()} />
      <CopyButton text={link} field={ref} testId={`${testId}.copy`} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return <section className="space-y-1"><h3 className="text-xs font-semibold uppercase tracking-wide muted">{title}</h3>{children}</section>;
}

function answerText(a: { verdict: string; hops: number }): string { return `${a.verdict}, ${a.hops} hop${a.hops === 1 ? '' : 's'}`; }

function SharePanel() {
  const share = useShare();
  const { trace, analysed } = useApp();
  const pick = useRef<HTMLInputElement>(null);
  const ownLink = share.redact ? share.redacted?.link ?? null : share.link;
  const evidence = share.evidence;
  const ev = evidence?.result.evidence;
  return (
    <div role="dialog" aria-label="share" data-testid="share.panel"
      className="panel absolute right-2 top-full mt-1 z-30 w-[36rem] max-w-[calc(100vw-1rem)] p-3 space-y-3 text-xs shadow-xl">
      <div className="flex justify-between items-center">
        <h2 className="text-sm font-semibold">Share this analysis</h2>
        <button type="button" className="btn" aria-label="close" onClick={() => useShare.setState({ open: false })}>✕</button>
      </div>
      <Section title={share.redact ? 'Redacted link' : 'Link'}>
        {ownLink && (!share.redact ? share.fits : ownLink.length <= LINK_BUDGET) ? (
          <>
            <LinkField link={ownLink} testId="share.link" />
            <p data-testid="share.size" className="muted">
              {size(ownLink.length)} of the {size(LINK_BUDGET)} a link carries. It opens the same graph and trace on any laptop; the analysis travels in the
              link after <code>#</code>, which browsers never send to a server.
            </p>
          </>
        ) : share.redact && share.busy === 'redact' ? <p className="muted">Redacting…</p> : (
          <p data-testid="share.toobig" className="text-[var(--warn)]">
            {share.redact && ownLink
              ? `The redacted analysis is ${size(ownLink.length)} as a link, more than the ${size(LINK_BUDGET)} chat tools and tickets carry. `
              : `This analysis is ${share.reason === 'too-much-text' ? `${size(share.linkChars)} of inputs` : `about ${size(share.linkChars)} as a link`}, more than the ${size(LINK_BUDGET)} a link carries in chat tools and tickets. `
                + 'A reload still keeps it (it is kept in this browser), but the address bar\'s link opens only here. '}
            Share the evidence-only link below, or save a session file.
          </p>
        )}
        {!share.fits && !share.redact && share.keptAt && !share.storageError && (
          <p className="muted" data-testid="share.kept">Kept in this browser at {new Date(share.keptAt).toLocaleTimeString()}.</p>
        )}
        {share.storageError && <p className="text-[var(--danger)]">{share.storageError}</p>}
      </Section>
      <Section title="Evidence only">
        <p className="muted">Just the lines the trace rests on — its routes, the rules it visited and the chains they hang in, the pods involved — checked to
          give the same answer. For a link of a big node.</p>
        <button type="button" className="btn" data-testid="share.evidence" disabled={!trace || share.busy !== null} onClick={() => void makeEvidenceLink()}>
          {share.busy === 'evidence' ? 'Cutting…' : `Make ${share.redact ? 'a redacted ' : 'an '}evidence-only link`}
        </button>
        {!trace && <span className="muted ml-2">Trace a flow first.</span>}
        {evidence && ev && (
          <div className="space-y-1">
            <p data-testid="share.evidence.result" className={ev.same ? '' : 'text-[var(--warn)]'}>
              {ev.keptLines.toLocaleString()} of {ev.totalLines.toLocaleString()} lines · {size(evidence.link.length)} ·{' '}
              {ev.same ? `traced again: the same answer (${answerText(ev.answer)})` : 'traced again, it does not give the same answer: share a session file'}
              {ev.level !== 'lines' && ev.same && ` (kept whole ${ev.level === 'all' ? 'inputs' : ev.level}: the lines alone did not)`}
            </p>
            {evidence.link.length <= LINK_BUDGET ? <LinkField link={evidence.link} testId="share.evidence.link" />
              : <p className="text-[var(--warn)]">Even the evidence is {size(evidence.link.length)}: save a session file instead.</p>}
          </div>
        )}
      </Section>
      <Section title="Redact">
        <label className="flex gap-2 items-center">
          <input type="checkbox" data-testid="share.redact" checked={share.redact} onChange={(e) => setRedact(e.target.checked)} />
          Redact before sharing: node, pod and namespace names, IPs (into documentation ranges, subnets kept), MACs, Azure ids, secrets
        </label>
        {share.redact && <button type="button" className="btn" data-testid="share.preview" disabled={share.busy !== null}
          onClick={() => (share.redacted ? useShare.setState({ previewOpen: true }) : void makeRedacted())}>Preview what will be shared…</button>}
      </Section>
      <Section title="Session file">
        <div className="flex gap-2 items-center flex-wrap">
          <button type="button" className="btn" data-testid="share.save" disabled={!analysed.length || share.busy !== null} onClick={() => void saveSessionFile()}>
            {share.busy === 'file' ? 'Saving…' : `Save ${share.redact ? 'redacted ' : ''}${FILE_EXTENSION} file`}</button>
          <button type="button" className="btn" onClick={() => pick.current?.click()}>Open {FILE_EXTENSION} file…</button>
          <input ref={pick} type="file" accept={`${FILE_EXTENSION},application/gzip,application/json`} className="hidden" data-testid="share.openfile"
            onChange={async (e) => { const f = e.target.files?.[0]; if (f) await openSessionFile(new Uint8Array(await f.arrayBuffer()), f.name); e.target.value = ''; }} />
          <span className="muted">or drop one on the page. A file holds every input whole, with its node and pod, the view and the trace.</span>
        </div>
      </Section>
      {share.error && <p className="text-[var(--danger)]" data-testid="share.error">{share.error}</p>}
    </div>
  );
}

/** The header's Share button, its panel and the redaction preview. */
export function Share() {
  const { open, previewOpen } = useShare();
  return (
    <>
      <button type="button" className={`btn ${open ? 'border-[var(--accent)]' : ''}`} data-testid="share.open" aria-expanded={open}
        title="Share a link, save or open a session file" onClick={() => useShare.setState({ open: !open })}>Share…</button>
      {open && <SharePanel />}
      {previewOpen && <RedactionPreview />}
    </>
  );
}
