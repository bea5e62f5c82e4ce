/** What the UI can do: every action updates the store and, when the model is involved, asks the worker. */
import { ask, cancelWorker } from './runner.ts';
import { setApp, useApp, type InputEntry, type InputOrigin } from './store.ts';
import type { InputFile } from '../core/ingest/ingest.ts';
import type { GraphOptions } from '../core/graph/graph.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { pathOf } from '../core/graph/path.ts';

/** Pods per node above which the topology shows one bundle until the node is expanded. */
const COLLAPSE_PODS_ABOVE = 40;

let nextId = 0;
const entry = (file: InputFile, origin: InputOrigin): InputEntry => ({ id: `in${++nextId}`, origin, file });

const graphOptions = (): GraphOptions => {
  const s = useApp.getState();
  return { collapseAbove: COLLAPSE_PODS_ABOVE, expanded: new Set(s.expandedNodes), groupByNamespace: s.groupByNamespace, aspect: canvasAspect() };
};

/** The canvas's proportions, so the worker lays the topology out for the screen it will be shown on. */
function canvasAspect(): number {
  const el = typeof document === 'undefined' ? null : document.querySelector('[data-testid="canvas"]');
  const r = el?.getBoundingClientRect();
  return r && r.width > 100 && r.height > 100 ? r.width / r.height : 1;
}

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
    setApp({ status: 'ready', summary: res.summary, graph: res.graph, analysed: inputs, progress: null, lastMs: res.ms, details: null, selected: null });
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
  const t = s.defaultTrace;
  setApp({ scenario: id, inputs: s.files.map((f) => entry(f, 'scenario')), trace: null, from: t.from, to: t.to, established: !!t.established, expandedNodes: [], notice: null, pathStep: null, playing: false });
  await analyse();
  if (useApp.getState().scenario === id && useApp.getState().status === 'ready') await runTrace();
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

export async function toggleNodeExpanded(node: string): Promise<void> {
  setApp((s) => ({ expandedNodes: s.expandedNodes.includes(node) ? s.expandedNodes.filter((n) => n !== node) : [...s.expandedNodes, node] }));
  await refreshGraph();
}

export async function openChains(host: string | null): Promise<void> {
  setApp({ view: 'chains', chainsHost: host, selected: null, details: null });
  if (!host) { setApp({ chainsGraph: { nodes: [], edges: [] } }); return; }
  const { expandedFamilies, trace, branch } = useApp.getState();
  // the chains and rules the trace visited are shown on their own, out of their bundles and "… N more"
  const visited = trace ? pathOf(trace, branch).chains.find((c) => c.node === host)?.ids ?? [] : [];
  const res = await ask({ type: 'chains', host, expanded: [...expandedFamilies, ...visited] });
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

export async function runTrace(): Promise<void> {
  const run = ++tracing;
  const { from, to, established } = useApp.getState();
  // The previous answer goes at once: a verdict on screen always belongs to the flow in the form.
  setApp({ trace: null, traceError: null, pathStep: null, playing: false });
  if (!from.trim() || !to.trim()) { setApp({ traceError: 'Choose a source and a destination.' }); return; }
  const res = await ask({ type: 'trace', request: { from: from.trim(), to: to.trim(), ...(established ? { ctstate: 'ESTABLISHED' as const } : {}) } });
  if (run !== tracing || res.type !== 'trace') return;
  if ('error' in res.trace) setApp({ trace: null, traceError: res.trace.error });
  else {
    setApp({ trace: res.trace, traceError: null, branch: 0, pathStep: null, playing: false });
    const { view, chainsHost } = useApp.getState();
    if (view === 'chains') await openChains(chainsHost);
  }
}

/** Reads a zip in the worker and adds its files (a sub-folder is a node). */
export async function addZip(name: string, bytes: Uint8Array): Promise<void> {
  const res = await ask({ type: 'unzip', name, bytes });
  if (res.type === 'files') await addInputs(res.files, 'zip', res.skipped);
}

/** Shows another branch of a load-balanced (or assumed) fork: the path, the chains and the marker follow it. */
export async function pickBranch(branch: number): Promise<void> {
  setApp({ branch, pathStep: null, playing: false });
  const { view, chainsHost } = useApp.getState();
  if (view === 'chains') await openChains(chainsHost);
}
