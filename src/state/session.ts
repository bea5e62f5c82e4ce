/**
 * The store and the Session value: the session the page is showing (inputs by reference when they are a built-in
 * scenario's, the view fields of VIEW_FIELDS, the trace on screen, the what-if modes), and applying a session
 * from a link, a file or this browser's storage back to the store — inputs, analysis, view, trace, selection.
 */
import { analyse, inputEntry, runTrace, select } from './actions.ts';
import { entryFiles, setApp, useApp, type AppState } from './store.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { resolveInputs, sessionInputOf } from '../core/session/inputs.ts';
import { VIEW_FIELDS, type Session, type SessionTrace, type SessionView } from '../core/session/types.ts';

const VIEW_KEYS = Object.keys(VIEW_FIELDS) as (keyof typeof VIEW_FIELDS)[];

/** The flow of the trace on screen: the form's fields when that trace was made (typing alone changes nothing). */
let traced: SessionTrace | null = null;
let lastTrace: AppState['trace'] = null;
useApp.subscribe((s) => {
  if (s.trace === lastTrace) return;
  lastTrace = s.trace;
  traced = s.trace ? { from: s.from.trim(), to: s.to.trim(), ...(s.established ? { established: true } : {}) } : null;
});

export function sessionOfState(s: AppState = useApp.getState()): Session {
  const view: SessionView = {};
  for (const k of VIEW_KEYS) view[k] = s[k] as SessionView[typeof k];
  return {
    scenario: s.scenario,
    // a held input too big for the page to keep a copy of (PAGE_COPY_BYTES) is not in it: sharing it goes through the
    // worker, which has its texts (state/share.ts)
    inputs: s.inputs.flatMap((i) => (entryFiles(i) ?? []).map((f) => sessionInputOf(f, i.origin, SCENARIOS))),
    view, trace: traced, whatIf: s.whatIf,
  };
}

/** `to` with the session's port and protocol, the way the trace form writes them (`10.0.0.5:8080/udp`). */
function toField(t: SessionTrace): string {
  if (!t.port && !t.proto) return t.to;
  const hasPort = /:\d+(\/\w+)?$/.test(t.to) && !/^[0-9a-f:]+$/i.test(t.to);
  return `${t.to}${t.port && !hasPort ? `:${t.port}` : ''}${t.proto && !/\/\w+$/.test(t.to) ? `/${t.proto}` : ''}`;
}

/** What a session says about itself, for the notice shown when it opens. */
function describeOpened(session: Session, source: string): string[] {
  const notes: string[] = [];
  if (session.evidence) {
    notes.push(`${source} holds only the evidence of one trace (${session.evidence.verdict}, ${session.evidence.hops} hops): the lines that trace rests on, at their own line numbers; the rest of the capture was left out.`);
  }
  if (session.redacted) notes.push(`${source} was redacted: names, addresses, MACs and ids are stand-ins for the originals.`);
  return notes;
}

/** Replaces the page's work with `session`'s and redraws it all. `source` names it in messages ("This link"). */
export async function applySession(session: Session, source: string, extraNotes: string[] = []): Promise<void> {
  const { files, notes } = resolveInputs(session, SCENARIOS);
  const view = Object.fromEntries(Object.entries(session.view).filter(([, v]) => v !== undefined)) as Partial<AppState>;
  const scenario = session.scenario && SCENARIOS.some((s) => s.id === session.scenario) ? session.scenario : null;
  const t = session.trace;
  const message = [...extraNotes, ...notes, ...describeOpened(session, source)];
  setApp({
    inputs: files.map(({ origin, ...file }) => inputEntry(file, origin)), scenario, ...view, whatIf: { ...session.whatIf },
    from: t?.from ?? '', to: t ? toField(t) : '', established: !!t?.established, trace: null, traceError: null,
    notice: message.length ? message.join(' ') : null,
  });
  if (!files.length) {
    setApp({ status: 'idle', summary: null, graph: null, analysed: [] });
    return;
  }
  await analyse();
  if (t) await runTrace();
  // analysing and tracing reset the selection and the branch: the session's come back last
  const { selected, ...rest } = view;
  setApp(rest);
  if (typeof selected === 'string') await select(selected);
}
