/** What the UI can do: every action updates the store and, when the model is involved, asks the worker. */
import { ask, cancelWorker } from './runner.ts';
import { setApp, useApp, type InputEntry, type InputOrigin } from './store.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphOptions } from '../core/graph/graph.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import type { Trace } from '../core/trace/types.ts';

/** Pods per node above which the topology shows one bundle until the node is expanded. */
const COLLAPSE_PODS_ABOVE = 40;

let nextId = 0;
const entry = (file: InputFile, origin: InputOrigin): InputEntry => ({ id: `in${++nextId}`, origin, file });

const graphOptions = (): GraphOptions => {
  const s = useApp.getState();
  return { collapseAbove: COLLAPSE_PODS_ABOVE, expanded: new Set(s.expandedNodes), groupByNamespace: s.groupByNamespace };
};

let analysing = 0;

export async function analyse(): Promise<void> {
  const run = ++analysing;
  const { inputs } = useApp.getState();
  setApp({ status: 'parsing', progress: null, error: null });
  const res = await ask({ type: 'analyse', files: inputs.map((i) => i.file), graph: graphOptions() }, (done, total) => {
    if (run === analysing) setApp({ progress: { done, total } });
  });
  if (run !== analysing) return;
  if (res.type === 'analysed') {
    setApp({ status: 'ready', summary: res.summary, graph: res.graph, capturedGraph: res.graph, analysed: inputs, progress: null, lastMs: res.ms, details: null, selected: null });
    // a what-if chosen before (or opened from a link) applies to the new analysis, for the nodes it still has
    const keep = Object.fromEntries(Object.entries(useApp.getState().whatIf).filter(([n]) => res.summary.hosts.some((h) => h.name === n)));
    setApp({ whatIf: keep, whatIfReport: null, capturedTrace: null });
    if (Object.keys(keep).length) await applyWhatIf(false);
    const { view, chainsHost, trace, from, to } = useApp.getState();
    if (view === 'chains') await openChains(chainsHost && res.summary.hosts.some((h) => h.name === chainsHost) ? chainsHost : res.summary.hosts[0]?.name ?? null);
    if (trace && from && to) await runTrace();
  } else if (res.type === 'error' && res.error !== 'cancelled') {
    setApp({ status: 'error', error: res.error, progress: null });
  }
}

/** Cancels a running analysis and goes back to the inputs it last finished. */
export async function cancelAnalysis(): Promise<void> {
  analysing++;
  cancelWorker();
  const { analysed } = useApp.getState();
  setApp({ inputs: analysed, notice: 'Analysis cancelled: the inputs were restored to the last finished analysis.', status: 'idle', progress: null });
  if (analysed.length) await analyse();
}

export async function loadScenario(id: string): Promise<void> {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) return;
  setApp({ scenario: id, inputs: s.files.map((f) => entry(f, 'scenario')), trace: null, capturedTrace: null, from: '', to: '', expandedNodes: [], notice: null, whatIf: {}, whatIfReport: null });
  await analyse();
}

/** Adds inputs; says so when none of them holds anything PacketPath recognises (the rest stays as it was). */
export async function addInputs(files: InputFile[], origin: InputOrigin, skipped: { path: string; why: string }[] = []): Promise<void> {
  const usable = files.filter((f) => f.text.trim());
  const notes = skipped.map((s) => `${s.path}: ${s.why}`);
  if (!usable.length) { setApp({ notice: notes.length ? `Nothing to read: ${notes.join('; ')}` : 'Nothing to read: the input is empty.' }); return; }
  const added = usable.map((f) => entry(f, origin));
  setApp((s) => ({ inputs: [...s.inputs, ...added], scenario: s.scenario && origin !== 'scenario' ? null : s.scenario }));
  await analyse();
  const summary = useApp.getState().summary;
  const names = new Set(added.map((a) => a.file.path));
  const recognised = summary?.inputs.some((i) => names.has(i.name) && i.kind) ?? false;
  const message = recognised ? (notes.length ? `Skipped ${notes.join('; ')}` : null)
    : `Nobody recognises ${added.map((a) => `"${a.file.path}"`).join(', ')}: no command output PacketPath reads was found in it. Everything loaded before is still here; see the input's warnings for each line.`;
  setApp({ notice: message });
}

export async function removeInput(id: string): Promise<void> {
  setApp((s) => ({ inputs: s.inputs.filter((i) => i.id !== id) }));
  await analyse();
}

export async function updateInput(id: string, patch: Partial<InputFile>): Promise<void> {
  setApp((s) => ({ inputs: s.inputs.map((i) => {
    if (i.id !== id) return i;
    const file: InputFile = { ...i.file, ...patch };
    if (patch.node === '') delete file.node;
    if (patch.pod === '') delete file.pod;
    return { ...i, file };
  }) }));
  await analyse();
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
  return 'error' in t ? { trace: null, traceError: t.error, capturedTrace: captured } : { trace: t, traceError: null, branch: 0, capturedTrace: captured };
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

export async function toggleNodeExpanded(node: string): Promise<void> {
  setApp((s) => ({ expandedNodes: s.expandedNodes.includes(node) ? s.expandedNodes.filter((n) => n !== node) : [...s.expandedNodes, node] }));
  await refreshGraph();
}

export async function openChains(host: string | null): Promise<void> {
  setApp({ view: 'chains', chainsHost: host, selected: null, details: null });
  if (!host) { setApp({ chainsGraph: { nodes: [], edges: [] } }); return; }
  const res = await ask({ type: 'chains', host, expanded: useApp.getState().expandedFamilies });
  if (res.type === 'graph') setApp({ chainsGraph: res.graph });
}

export async function select(id: string | null): Promise<void> {
  const s = useApp.getState();
  if (id?.startsWith('bundle:')) { await toggleNodeExpanded(id.slice('bundle:'.length).split('/')[0] as string); return; }
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

export async function runTrace(): Promise<void> {
  const run = ++tracing;
  const { from, to } = useApp.getState();
  // The previous answer goes at once: a verdict on screen always belongs to the flow in the form.
  setApp({ trace: null, traceError: null });
  if (!from.trim() || !to.trim()) { setApp({ traceError: 'Choose a source and a destination.' }); return; }
  const res = await ask({ type: 'trace', request: traceRequest() });
  if (run !== tracing || res.type !== 'trace') return;
  setApp(traceState(res.trace, res.captured));
}

/** Reads a zip in the worker and adds its files (a sub-folder is a node). */
export async function addZip(name: string, bytes: Uint8Array): Promise<void> {
  const res = await ask({ type: 'unzip', name, bytes });
  if (res.type === 'files') await addInputs(res.files, 'zip', res.skipped);
}
