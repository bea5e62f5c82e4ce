/**
 * The Share panel's state and actions: the page's own link (kept up to date by url.ts), the evidence-only link and
 * the redacted session (made by the worker, which holds the parsed inputs), saving and opening session files.
 */
import { create } from 'zustand';
import { ask } from './runner.ts';
import { entryPaths, useApp, setApp } from './store.ts';
import { applySession, sessionOfState } from './session.ts';
import { SessionError } from '../core/session/codec.ts';
import { decodeSessionFile, FILE_EXTENSION } from '../core/session/file.ts';
import type { ShareResult } from '../core/session/share.ts';

export interface MadeLink { link: string; result: ShareResult }

export interface ShareState {
  /** The page's link when it fits the budget (null: too big, the work is kept in this browser). */
  link: string | null;
  /** Its length, or the inputs' size when they are too big to try. */
  linkChars: number;
  fits: boolean;
  reason: 'too-long' | 'too-much-text' | null;
  storageError: string | null;
  /** When the work, too big for a link, was last written to this browser's storage. */
  keptAt: number | null;
  open: boolean;
  /** Share redacted: the links and files below are made from the redacted inputs. */
  redact: boolean;
  /** Makes the redacted names' generated suffixes differ from one share to the next, but not within one. */
  salt: string;
  busy: 'evidence' | 'redact' | 'file' | null;
  evidence: MadeLink | null;
  redacted: MadeLink | null;
  previewOpen: boolean;
  error: string | null;
}

const freshSalt = (): string => Math.random().toString(36).slice(2, 10);

export const useShare = create<ShareState>(() => ({
  link: null, linkChars: 0, fits: true, reason: null, storageError: null, keptAt: null, open: false, redact: false, salt: freshSalt(),
  busy: null, evidence: null, redacted: null, previewOpen: false, error: null,
}));

const base = (): string => `${location.origin}${location.pathname}${location.search}`;

/** The analysed inputs made into a session to share, by the worker. */
async function make(options: { evidenceOnly?: boolean; redact?: boolean; file?: boolean }) {
  const s = useApp.getState();
  const session = { ...sessionOfState(s), inputs: [] };
  const res = await ask({ type: 'share', base: session, origins: s.analysed.flatMap((i) => entryPaths(i).map(() => i.origin)), options: { ...options, salt: useShare.getState().salt } });
  if (res.type === 'shared') return res;
  throw new Error(res.type === 'error' ? res.error : 'the worker did not answer');
}

async function run<T>(busy: ShareState['busy'], job: () => Promise<T>): Promise<T | null> {
  useShare.setState({ busy, error: null });
  try { return await job(); } catch (err) {
    useShare.setState({ error: (err as Error).message });
    return null;
  } finally { useShare.setState({ busy: null }); }
}

/** The evidence-only link of the trace on screen (redacted when the panel says so). */
export const makeEvidenceLink = (): Promise<MadeLink | null> => run('evidence', async () => {
  const res = await make({ evidenceOnly: true, redact: useShare.getState().redact });
  const made = { link: `${base()}#v1=${res.payload}`, result: res.result };
  useShare.setState({ evidence: made });
  return made;
});

/** The redacted session and its link, for the preview. */
export const makeRedacted = (): Promise<MadeLink | null> => run('redact', async () => {
  const res = await make({ redact: true });
  const made = { link: `${base()}#v1=${res.payload}`, result: res.result };
  useShare.setState({ redacted: made, previewOpen: true });
  return made;
});

export function setRedact(on: boolean): void {
  useShare.setState({ redact: on, evidence: null, redacted: null, salt: freshSalt() });
  if (on) void makeRedacted();
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the analysis as a `.packetpath` file (redacted when the panel says so). */
export const saveSessionFile = (): Promise<string | null> => run('file', async () => {
  const { redact } = useShare.getState();
  const res = await make({ redact, file: true });
  const s = useApp.getState();
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
  const name = `packetpath-${s.scenario ?? 'analysis'}${redact ? '-redacted' : ''}-${stamp}${FILE_EXTENSION}`;
  if (res.file) download(res.file, name);
  return name;
});

/** Opens a session file (picked, or dropped on the page): it replaces the page's work. */
export async function openSessionFile(bytes: Uint8Array, name: string): Promise<void> {
  let session;
  try { session = decodeSessionFile(bytes, name); } catch (err) {
    if (!(err instanceof SessionError)) throw err;
    setApp({ notice: err.message });
    return;
  }
  useShare.setState({ open: false, evidence: null, redacted: null });
  await applySession(session, `"${name}"`);
}
