/** What the UI can do: every action updates the store and, when the model is involved, asks the worker. */
import { ask, cancelWorker } from './runner.ts';
import { entryBytes, entryName, entryPaths, isHeld, setApp, useApp, type HeldEntry, type InputEntry, type InputOrigin } from './store.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import { SIZE_POLICY, formatBytes, type Skipped } from '../core/ingest/bundle.ts';
import type { GraphOptions } from '../core/graph/graph.ts';
import type { HeldSource, InputRef, Response } from '../workers/protocol.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import type { Trace } from '../core/trace/types.ts';
import { pathOf } from '../core/graph/path.ts';
import { fitArea } from '../core/graph/viewport.ts';
import { yieldToPage } from './yield.ts';

/** Pods per node above which the topology shows one bundle until the node is expanded. */
const COLLAPSE_PODS_ABOVE = 40;

let nextId = 0;
const newId = (): string => `in${++nextId}`;
export const inputEntry = (file: InputFile, origin: InputOrigin): InputEntry => ({ id: newId(), origin, file });
const entry = inputEntry;

const graphOptions = (): GraphOptions => {
  const s = useApp.getState();
  return { collapseAbove: COLLAPSE_PODS_ABOVE, expanded: new Set(s.expandedNodes), groupByNamespace: s.groupByNamespace, ...canvasFit() };
};

/** The part of the canvas that fit fills, so that the worker lays the picture out for the screen it will be shown on. */
function canvasFit(): { fit?: { w: number; h: number } } {
  const el = typeof document === 'undefined' ? null : document.querySelector('[data-testid="canvas"]');
  const r = el?.getBoundingClientRect();
  return r && r.width > 100 && r.height > 100 ? { fit: fitArea(r.width, r.height) } : {};
}

let analysing = 0;

/** How an analysis ended: `failed` and `cancelled` have already told the user, `superseded` by a newer one. */
export type Outcome = 'done' | 'failed' | 'cancelled' | 'superseded';

const refOf = (e: InputEntry): InputRef => (isHeld(e) ? { id: e.id, source: e.held.source, overrides: e.held.overrides } : { id: e.id, file: e.file });
const quoted = (es: InputEntry[]): string => es.map((e) => `"${entryName(e)}"`).join(', ');
const them = (es: InputEntry[], one: string, many: string): string => (es.length > 1 ? many : one);

export async function analyse(): Promise<Outcome> {
  const run = ++analysing;
  const active = useApp.getState().inputs.filter((i) => !i.setAside);
  setApp({ status: 'parsing', progress: null, error: null });
  const res = await ask({ type: 'analyse', inputs: active.map(refOf), graph: graphOptions() }, (done, total) => {
    if (run === analysing) setApp({ progress: { done, total } });
  });
  if (run !== analysing) return 'superseded';
  if (res.type === 'analysed') {
    setApp({ status: 'ready', summary: res.summary, graph: res.graph, capturedGraph: res.graph, analysed: active, progress: null, lastMs: res.ms, details: null, selected: null });
    // a what-if chosen before (or opened from a link) applies to the new analysis, for the nodes it still has
    const keep = Object.fromEntries(Object.entries(useApp.getState().whatIf).filter(([n]) => res.summary.hosts.some((h) => h.name === n)));
    setApp({ whatIf: keep, whatIfReport: null, capturedTrace: null });
    if (Object.keys(keep).length) await applyWhatIf(false);
    const { view, chainsHost, trace, from, to } = useApp.getState();
    if (view === 'chains') await openChains(chainsHost && res.summary.hosts.some((h) => h.name === chainsHost) ? chainsHost : res.summary.hosts[0]?.name ?? null);
    // the flow on screen is traced again in the new inputs (a stale one is cleared, saying why)
    if (trace && from && to) await runTrace({ afterInputs: true });
    return 'done';
  }
  if (res.type === 'cancelled') return 'cancelled';
  return recover(active, res.type === 'error' ? res : { type: 'error', error: `an unexpected answer (${res.type})` });
}

/**
 * What is new since the last finished analysis is set aside (kept, listed, not analysed); a change made since to
 * an input it had is undone. Returns what was set aside and undone.
 */
function setAsideSinceLastAnalysis(why: string): { fresh: InputEntry[]; changed: InputEntry[] } {
  const s = useApp.getState();
  const before = new Map(s.analysed.map((a) => [a.id, a]));
  const active = s.inputs.filter((i) => !i.setAside);
  const fresh = active.filter((e) => !before.has(e.id));
  const changed = active.filter((e) => before.has(e.id) && before.get(e.id) !== e);
  const aside = new Set(fresh.map((e) => e.id));
  setApp({ inputs: s.inputs.map((e) => (aside.has(e.id) ? { ...e, setAside: why } : changed.includes(e) ? before.get(e.id) as InputEntry : e)) });
  return { fresh, changed };
}

/** The page's answer after a failed or cancelled analysis: what was set aside, what undone, what stays. */
function asideNote(fresh: InputEntry[], changed: InputEntry[]): string {
  return `${fresh.length ? `${quoted(fresh)} ${them(fresh, 'is', 'are')} kept but set aside (not analysed): retry or remove ${them(fresh, 'it', 'them')}. ` : ''}`
    + `${changed.length ? `The change to ${quoted(changed)} was undone. ` : ''}`;
}

/**
 * An analysis failed (the worker stopped, or the pipeline threw). What is new since the last finished analysis is
 * set aside and a change undone, so the analysis goes on with what worked and a later paste does not fail on the
 * same input again; the notice says what failed and on what. A new worker holds nothing: the last analysis is
 * built again so that details and traces answer.
 */
async function recover(active: InputEntry[], res: Extract<Response, { type: 'error' }>): Promise<Outcome> {
  const what = res.died ? res.error : `The analysis failed: ${res.error}`;
  const before = new Set(useApp.getState().analysed);
  if (res.died === 'start') {
    setApp({ status: 'error', error: what, progress: null, notice: `${what}. Nothing can be analysed until it starts; your inputs are all kept — Retry.` });
    return 'failed';
  }
  if (active.every((e) => before.has(e))) {
    setApp({ status: 'error', error: what, progress: null, notice: `${what}. Your inputs are all kept: remove the one that causes it, or Retry.` });
    return 'failed';
  }
  const why = res.died ? `the analysis worker stopped on it (${res.error.replace(/^The analysis worker stopped: /, '')})` : `the analysis failed on it (${res.error})`;
  const { fresh, changed } = setAsideSinceLastAnalysis(why);
  const notice = `${what}. ${asideNote(fresh, changed)}Everything else is as it was.`;
  setApp((s) => ({ status: s.summary ? 'ready' : 'idle', progress: null, error: null, notice }));
  if (res.died && useApp.getState().analysed.length && await analyse() === 'done') setApp({ notice });
  return 'failed';
}

/** Cancels a running analysis: what is new since the last finished one is set aside (kept, not analysed), a change undone. */
export async function cancelAnalysis(): Promise<void> {
  analysing++;
  cancelWorker();
  const { fresh, changed } = setAsideSinceLastAnalysis('cancelled');
  const notice = reading
    ? `Cancelled: "${reading}" was not read. The analysis shows what it showed before.`
    : `Cancelled. ${asideNote(fresh, changed)}The analysis shows what it showed before.`;
  setApp((s) => ({ notice, status: s.summary ? 'ready' : 'idle', progress: null }));
  // the stopped worker took its model with it: build the last finished analysis again
  if (useApp.getState().analysed.length && await analyse() === 'done') setApp({ notice });
}

/** Takes a set-aside input back into the analysis. */
export async function retryInput(id: string): Promise<void> {
  setApp((s) => ({ inputs: s.inputs.map((e) => (e.id === id ? withoutSetAside(e) : e)), notice: null }));
  await analyse();
}

function withoutSetAside(e: InputEntry): InputEntry {
  const { setAside: _gone, ...rest } = e;
  return rest as InputEntry;
}

export async function loadScenario(id: string): Promise<void> {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) return;
  const t = s.defaultTrace;
  setApp({ scenario: id, inputs: s.files.map((f) => inputEntry(f, 'scenario')), trace: null, traceError: null, traceNotice: null, from: t.from, to: t.to,
    established: !!t.established, expandedNodes: [], notice: null, pathStep: null, playing: false, capturedTrace: null, whatIf: {}, whatIfReport: null });
  await analyse();
  if (useApp.getState().scenario === id && useApp.getState().status === 'ready') await runTrace();
}

/** Characters the paste box holds: a bigger paste is not put in it but goes straight to the worker, as an input. */
export const PASTE_BOX_CHARS = 256 * 1024;

const loadedBytes = (): number => useApp.getState().inputs.reduce((a, e) => a + entryBytes(e), 0);

/** `a.txt: binary; b.txt: empty` — or, past a few, counted by reason. */
function skippedNote(skipped: Skipped[]): string {
  if (skipped.length <= 3) return skipped.map((s) => `${s.path}: ${s.why}`).join('; ');
  const byWhy = new Map<string, number>();
  for (const s of skipped) { const why = s.why.replace(/^\d[\d.]* [KMG]?i?B(ytes)?, /, ''); byWhy.set(why, (byWhy.get(why) ?? 0) + 1); }
  return `${skipped.length} files (${[...byWhy].map(([why, n]) => `${n} ${why}`).join('; ')}) — each is listed in its input`;
}

/** A big text as a Blob, built 1 MiB at a time with a yield between, so no task of the page's takes long. */
async function textToBlob(text: string): Promise<Blob> {
  const parts: Blob[] = [];
  const step = 1024 * 1024;
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + step);
    // never split a surrogate pair (the Blob would hold two U+FFFD)
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1] as string)) end--;
    parts.push(new Blob([text.slice(at, end)]));
    at = end;
    await yieldToPage();
  }
  return new Blob(parts, { type: 'text/plain' });
}

/**
 * Adds inputs: texts that fit the paste box stay on the page, bigger ones go to the worker as held inputs. The size
 * policy is the same as for files. Says so when none of them holds anything PacketPath recognises (the rest stays
 * as it was), and never over a failure or a cancellation, which have said what happened.
 */
export async function addInputs(files: InputFile[], origin: InputOrigin, skipped: Skipped[] = []): Promise<void> {
  const notes = [...skipped];
  const small: InputFile[] = [];
  const big: InputFile[] = [];
  let room = SIZE_POLICY.totalBytes - loadedBytes();
  for (const f of files) {
    if (!f.text.trim()) { notes.push({ path: f.path, why: 'empty' }); continue; }
    if (f.text.length > SIZE_POLICY.inputBytes) { notes.push({ path: f.path, why: `${formatBytes(f.text.length)}, more than the ${formatBytes(SIZE_POLICY.inputBytes)} an input may be` }); continue; }
    if (f.text.length > room) { notes.push({ path: f.path, why: `${formatBytes(f.text.length)}, more than the ${formatBytes(Math.max(0, room))} that can still be loaded (${formatBytes(SIZE_POLICY.totalBytes)} in all)` }); continue; }
    room -= f.text.length;
    (f.text.length > PASTE_BOX_CHARS ? big : small).push(f);
  }
  const added: InputEntry[] = small.map((f) => entry(f, origin));
  for (const f of big) {
    const source: HeldSource = { kind: 'files', name: f.path, files: [{ path: f.path, ...(f.node ? { node: f.node } : {}), blob: await textToBlob(f.text) }] };
    const opened = await openHeld(source, origin, notes);
    if (opened === undefined) return;
    if (opened) added.push(f.pod ? { ...opened, held: { ...opened.held, overrides: { [f.path]: { pod: f.pod } } } } : opened);
  }
  await addEntries(added, notes);
}

/** The held input the worker is reading now, if any: what a Cancel stops. */
let reading: string | null = null;

/**
 * Has the worker read a held input (under what is left of the size policy) and returns its entry, or null with a
 * note when nothing in it can be read, or undefined when the user cancelled (the notice says so).
 */
async function openHeld(source: HeldSource, origin: InputOrigin, notes: Skipped[]): Promise<HeldEntry | null | undefined> {
  const id = newId();
  const wasStatus = useApp.getState().status;
  setApp({ status: 'parsing', progress: null });
  reading = source.name;
  const res = await ask({ type: 'open', id, source, budget: SIZE_POLICY.totalBytes - loadedBytes() });
  reading = null;
  // cancelAnalysis has said so, and set the status
  if (res.type === 'cancelled') return undefined;
  setApp((s) => ({ status: s.status === 'parsing' ? wasStatus : s.status }));
  if (res.type !== 'opened') {
    notes.push({ path: source.name, why: `could not be read: ${res.type === 'error' ? res.error : res.type}` });
    return null;
  }
  notes.push(...res.skipped);
  if (!res.files.length) return null;
  return { id, origin, held: { name: source.name, source, files: res.files, skipped: res.skipped, overrides: {}, bytes: res.files.reduce((a, f) => a + f.bytes, 0),
    ...(res.texts ? { texts: res.texts } : {}) } };
}

/** Zips, folders and files, as the page picked them up: each read by the worker, then analysed together. */
export async function addSources(sources: { source: HeldSource; origin: InputOrigin }[], texts: InputFile[] = []): Promise<void> {
  const notes: Skipped[] = [];
  const added: InputEntry[] = [];
  for (const { source, origin } of sources) {
    const opened = await openHeld(source, origin, notes);
    if (opened === undefined) return;
    if (opened) added.push(opened);
  }
  if (texts.length) { await addInputs(texts, 'paste', notes); if (!added.length) return; }
  await addEntries(added, notes);
}

async function addEntries(added: InputEntry[], notes: Skipped[]): Promise<void> {
  if (!added.length) {
    setApp({ notice: notes.length ? `Nothing to read: ${skippedNote(notes)}` : 'Nothing to read: the input is empty.' });
    return;
  }
  setApp((s) => ({ inputs: [...s.inputs, ...added], scenario: s.scenario && added.some((a) => a.origin !== 'scenario') ? null : s.scenario }));
  if (await analyse() !== 'done') return;
  const summary = useApp.getState().summary;
  const names = new Set(added.flatMap(entryPaths));
  const recognised = summary?.inputs.some((i) => names.has(i.name) && i.kind) ?? false;
  const message = recognised ? (notes.length ? `Skipped ${skippedNote(notes)}` : null)
    : `Nobody recognises ${quoted(added)}: no command output PacketPath reads was found in it. Everything loaded before is still here; see the input's warnings for each line.`;
  setApp({ notice: message });
}

export async function removeInput(id: string): Promise<void> {
  setApp((s) => ({ inputs: s.inputs.filter((i) => i.id !== id) }));
  await analyse();
}

/** Sets the node or pod of an input, or of one file of a held input ('' clears it: the evidence decides). */
export async function updateInput(id: string, patch: Partial<InputFile>, path?: string): Promise<void> {
  setApp((s) => ({ inputs: s.inputs.map((i) => {
    if (i.id !== id) return i;
    if (isHeld(i)) {
      const at = path ?? i.held.files[0]?.path ?? '';
      const o = { ...i.held.overrides[at], ...(patch.node !== undefined ? { node: patch.node } : {}), ...(patch.pod !== undefined ? { pod: patch.pod } : {}) };
      return { ...i, held: { ...i.held, overrides: { ...i.held.overrides, [at]: o } } };
    }
    const file: InputFile = { ...i.file, ...patch };
    if (patch.node === '') delete file.node;
    if (patch.pod === '') delete file.pod;
    return { ...i, file };
  }) }));
  await analyse();
}

/** Lines around `line` of an input: from the page's text, or from the worker for a held input. */
export async function linesOf(input: string, line: number, around = 5): Promise<{ from: number; lines: string[] } | null> {
  const text = useApp.getState().inputs.find((i) => !isHeld(i) && i.file.path === input);
  if (text && !isHeld(text)) {
    const from = Math.max(1, line - around);
    return { from, lines: text.file.text.split('\n').slice(from - 1, line + around) };
  }
  const res = await ask({ type: 'lines', input, line, around });
  return res.type === 'lines' && !('missing' in res) ? { from: res.from, lines: res.lines } : null;
}

/** Every analysed input with its text (held ones from the worker): for whatever must hand the inputs on. */
export async function inputTexts(): Promise<InputFile[]> {
  const res = await ask({ type: 'texts' });
  return res.type === 'texts' ? res.files : [];
}

export async function refreshGraph(): Promise<void> {
  const res = await ask({ type: 'graph', graph: graphOptions() });
  if (res.type === 'graph') setApp({ graph: res.graph });
}

/** Counts what-if requests, so that only the latest toggle's answer is drawn. */
let toggling = 0;

/**
 * Rewires the nodes as `whatIf` says (a toggle is a profile swap in the worker), redraws, and re-runs the trace on
 * screen — in both worlds, for the split view and the diff.
 */
export async function applyWhatIf(retrace = true): Promise<void> {
  const run = ++toggling;
  const { whatIf, from, to, trace, traceError } = useApp.getState();
  const request = retrace && from.trim() && to.trim() && (trace || traceError) ? traceRequest() : undefined;
  if (request) tracing++; // an older trace request's answer must not replace this one's
  const res = await ask({ type: 'what-if', modes: whatIf, graph: graphOptions(), ...(request ? { trace: request } : {}) });
  if (run !== toggling || res.type !== 'what-if') return;
  const active = !!res.report && Object.keys(res.report.modes).length > 0;
  setApp({ graph: res.graph, whatIfReport: res.report, whatIfError: res.error ?? null, whatIfMs: res.ms, details: null, selected: null,
    ...(active ? {} : { capturedTrace: null }), ...(res.trace ? traceState(res.trace, res.captured) : {}) });
  const { view, chainsHost } = useApp.getState();
  if (view === 'chains') await openChains(chainsHost);
}

const traceRequest = () => {
  const { from, to, established } = useApp.getState();
  return { from: from.trim(), to: to.trim(), ...(established ? { ctstate: 'ESTABLISHED' as const } : {}) };
};

/** The store's trace fields for an answer: the trace on screen, and the capture's while a what-if is set. */
function traceState(t: Trace | { error: string }, c: Trace | { error: string } | undefined) {
  const captured = c && !('error' in c) ? c : null;
  return 'error' in t ? { trace: null, traceError: t.error, capturedTrace: captured }
    : { trace: t, traceError: null, branch: 0, pathStep: null, playing: false, capturedTrace: captured };
}

/** Shows `node` as `mode` (`<plugin>+<policy>`), or as captured when `mode` is null. */
export async function setNodeMode(node: string, mode: string | null): Promise<void> {
  setApp((s) => {
    const next = { ...s.whatIf };
    if (mode) next[node] = mode; else delete next[node];
    return { whatIf: next };
  });
  await applyWhatIf();
}

/** Every node as `mode`, or all back to the capture. */
export async function setAllNodesMode(mode: string | null): Promise<void> {
  const hosts = useApp.getState().summary?.hosts ?? [];
  setApp({ whatIf: mode ? Object.fromEntries(hosts.map((h) => [h.name, mode])) : {} });
  await applyWhatIf();
}

/** The canvas took another shape (the window, the inputs folded): the view on screen is laid out for it anew. */
export async function relayout(): Promise<void> {
  const { view, chainsHost, status } = useApp.getState();
  if (status !== 'ready') return;
  if (view === 'chains') await fetchChains(chainsHost);
  else await refreshGraph();
}

export async function toggleNodeExpanded(node: string): Promise<void> {
  setApp((s) => ({ expandedNodes: s.expandedNodes.includes(node) ? s.expandedNodes.filter((n) => n !== node) : [...s.expandedNodes, node] }));
  await refreshGraph();
}

export async function openChains(host: string | null): Promise<void> {
  setApp({ view: 'chains', chainsHost: host, selected: null, details: null });
  await fetchChains(host);
}

async function fetchChains(host: string | null): Promise<void> {
  if (!host) { setApp({ chainsGraph: { nodes: [], edges: [] } }); return; }
  const { expandedFamilies, trace, branch } = useApp.getState();
  // the chains and rules the trace visited are shown on their own, out of their bundles and "… N more"
  const visited = trace ? pathOf(trace, branch).chains.find((c) => c.node === host)?.ids ?? [] : [];
  const res = await ask({ type: 'chains', host, expanded: [...expandedFamilies, ...visited], ...canvasFit() });
  if (res.type === 'graph') setApp({ chainsGraph: res.graph });
}

export async function select(id: string | null): Promise<void> {
  const s = useApp.getState();
  if (id?.startsWith('bundle:')) {
    // `bundle:<node>/pods` expands the node's pods, `bundle:<node>/links` its interfaces
    const rest = id.slice('bundle:'.length);
    await toggleNodeExpanded(rest.endsWith('/links') ? rest : rest.slice(0, rest.lastIndexOf('/')));
    return;
  }
  if (id?.startsWith('more:') && s.chainsHost) {
    setApp({ expandedFamilies: [...s.expandedFamilies, `all:${id.slice('more:'.length)}`] });
    await openChains(s.chainsHost);
    return;
  }
  if (id?.startsWith('chain-bundle:') && s.chainsHost) {
    const fam = id.slice('chain-bundle:'.length);
    setApp({ expandedFamilies: [...s.expandedFamilies, fam] });
    await openChains(s.chainsHost);
    return;
  }
  setApp({ selected: id, details: null });
  if (!id) return;
  const res = await ask({ type: 'details', element: id, ...(s.view === 'chains' && s.chainsHost ? { chainsHost: s.chainsHost } : {}) });
  if (res.type === 'details' && useApp.getState().selected === id) setApp({ details: res.details });
}

/** Counts trace requests, so that only the latest one's answer is shown. */
let tracing = 0;

/**
 * Traces the flow in the form. After the inputs changed (`afterInputs`), a flow whose endpoints are not in the new
 * inputs is not an error of the user's: the form is emptied and a notice says which flow went and why.
 */
export async function runTrace(options: { afterInputs?: boolean } = {}): Promise<void> {
  const run = ++tracing;
  const { from, to } = useApp.getState();
  // The previous answer goes at once: a verdict on screen always belongs to the flow in the form.
  setApp({ trace: null, traceError: null, traceNotice: null, pathStep: null, playing: false });
  if (!from.trim() || !to.trim()) { setApp({ traceError: 'Choose a source and a destination.' }); return; }
  const res = await ask({ type: 'trace', request: traceRequest() });
  if (run !== tracing || res.type !== 'trace') return;
  // the engine's first hop is on node `?` when no input places the source (an IP the inputs do not hold)
  const gone = 'error' in res.trace ? res.trace.error : res.trace.hops[0]?.node === '?' ? `no input places ${from.trim()}` : null;
  if (gone && options.afterInputs) {
    setApp({ trace: null, traceError: null, capturedTrace: null, from: '', to: '', established: false,
      traceNotice: `The inputs changed: the flow ${from.trim()} → ${to.trim()} is not in them (${gone}). Choose a source and a destination from these inputs.` });
    return;
  }
  setApp(traceState(res.trace, res.captured));
  const { view, chainsHost } = useApp.getState();
  if (!('error' in res.trace) && view === 'chains') await openChains(chainsHost);
}

/** Shows another branch of a load-balanced (or assumed) fork: the path, the chains and the marker follow it. */
export async function pickBranch(branch: number): Promise<void> {
  setApp({ branch, pathStep: null, playing: false });
  const { view, chainsHost } = useApp.getState();
  if (view === 'chains') await openChains(chainsHost);
}
