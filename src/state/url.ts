/**
 * URL state: the page's work lives in the address bar's fragment (`#v1=…`, the grammar of core/session/fragment.ts),
 * so a reload keeps it and the link opens the same analysis on another laptop; the fragment never reaches a server.
 * When the work is too big for a link (LINK_BUDGET), it is kept in this browser's IndexedDB instead and the
 * fragment says where (`#local=<id>`): a reload still keeps it, and the Share panel says why and offers the
 * evidence-only link or a session file. Unknown keys are kept as found. While a built-in walk is open the link is
 * the walk's place (`#walk=<id>&step=<n>[&present=1]`): the walk brings its own inputs, so every laptop in the room
 * opens the same step; a trainer's own walk file cannot be linked (it is not in the page), so its link is the work's.
 */
import { createStore, del, entries, get, set } from 'idb-keyval';
import { useApp, setApp } from './store.ts';
import { loadScenario } from './actions.ts';
import { openWalk } from './walk.ts';
import { applySession, sessionOfState } from './session.ts';
import { useShare } from './share.ts';
import { yieldToPage } from './yield.ts';
import { DEFAULT_SCENARIO } from '../scenarios/index.ts';
import { encodePayloadSliced, LINK_BUDGET, linkOf, linkOfPayload, readLink, readSession, SessionError } from '../core/session/codec.ts';
import { formatFragment, parseFragment, type Fragment } from '../core/session/fragment.ts';
import { VIEW_FIELDS, type Session } from '../core/session/types.ts';

const VIEW_KEYS = Object.keys(VIEW_FIELDS) as (keyof typeof VIEW_FIELDS)[];

/** Inputs of more text than this are not compressed to test the budget on every change: they cannot fit. */
const ENCODE_AT_MOST = 1_000_000;
/**
 * Inputs of more text than this are deflated a slice per task: level 9 costs up to 1–2 ms a KiB on repetitive text
 * (a 30 KiB scenario file held the page 20 ms, a 1 MB bundle 30–110 ms).
 */
const SLICE_FROM_CHARS = 8 * 1024;
/** How many analyses too big for a link this browser keeps (the oldest go first). */
const KEEP_STORED = 8;
/** The address bar follows at once (a reload right after a trace keeps it); storage writes are coalesced. */
const SYNC_DELAY_MS = 0;
const STORE_DELAY_MS = 100;

const storage = (() => {
  let store: ReturnType<typeof createStore> | null = null;
  return () => (store ??= createStore('packetpath', 'sessions'));
})();

interface Stored { savedAt: number; session: Session }

let started = false;
let restoring = false;
let timer: ReturnType<typeof setTimeout> | null = null;
/** What this page last wrote to the fragment: a hashchange to anything else is a link opened in this tab. */
let written = '';
/** The keys of the fragment that are not ours to change (workshops, newer features). */
let kept: Fragment = { versions: [], other: [] };

const base = (): string => `${location.origin}${location.pathname}${location.search}`;

function tabId(): string {
  let id = sessionStorage.getItem('packetpath.local');
  if (!id) { id = (crypto.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`).slice(0, 12); sessionStorage.setItem('packetpath.local', id); }
  return id;
}

const inlineChars = (s: Session): number => s.inputs.reduce((a, i) => a + (i.text?.length ?? 0) + (i.sparse?.text.length ?? 0), 0);

interface Link { href: string; session: Session; fits: boolean; chars: number; stored?: 'too-long' | 'too-much-text' }

/**
 * The link of the page's work when it is cheap to know: `#v1=…` when it fits the budget, else `#local=<id>` with
 * the work in IndexedDB; null when the session holds more text than is deflated in one task (slicedLink).
 */
function quickLink(session: Session, oneShot = false): Link | null {
  const walk = walkPlace();
  if (walk) {
    const href = `${base()}#${formatFragment({ ...kept, versions: [], ...walk })}`;
    return { href, session, fits: true, chars: href.length };
  }
  const chars = inlineChars(session);
  if (chars > ENCODE_AT_MOST) return { href: localHref(), session, fits: false, chars, stored: 'too-much-text' };
  if (chars > SLICE_FROM_CHARS && !oneShot) return null;
  return linkFor(session, linkOf(session, base(), kept));
}

/** `href` when it fits the budget, else the local link, with the link's length (`chars`, about, when it gave up). */
function linkFor(session: Session, href: string | { over: number }): Link {
  if (typeof href === 'string' && href.length <= LINK_BUDGET) return { href, session, fits: true, chars: href.length };
  return { href: localHref(), session, fits: false, chars: typeof href === 'string' ? href.length : href.over, stored: 'too-long' };
}

/** The link of a session with much text, deflated a slice per task; given up once it cannot fit the budget. */
async function slicedLink(session: Session, pause: () => Promise<void>): Promise<Link> {
  const prefix = linkOfPayload('', base(), kept).length;
  const made = await encodePayloadSliced(session, LINK_BUDGET - prefix, pause);
  return linkFor(session, 'payload' in made ? linkOfPayload(made.payload, base(), kept) : { over: made.over + prefix });
}

/** Thrown by the pause of a sliced link a newer change (or a link opened in this tab) made stale: it stops. */
const STALE = new Error('a newer link is being made');

/** The built-in walk on the page and its step, as the fragment says them; null with no walk or a trainer's file. */
function walkPlace(): Pick<Fragment, 'walk' | 'step' | 'present'> | null {
  const w = useApp.getState().walk;
  if (!w?.builtin) return null;
  return { walk: w.play.id, step: w.step, ...(w.presenting ? { present: true } : {}) };
}

function localHref(): string {
  return `${base()}#${formatFragment({ ...kept, versions: [], local: tabId() })}`;
}

async function keepInBrowser(session: Session): Promise<string | null> {
  try {
    await set(tabId(), { savedAt: Date.now(), session } satisfies Stored, storage());
    const all = (await entries<string, Stored>(storage())).sort((a, b) => b[1].savedAt - a[1].savedAt);
    for (const [key] of all.slice(KEEP_STORED)) await del(key, storage());
    return null;
  } catch (err) {
    return `This analysis is too big for a link and could not be kept in this browser (${(err as Error).message}): save a session file to keep it.`;
  }
}

/** The sliced encoding under way, if any (a newer change makes its result stale: `generation`). */
let encoding: Promise<void> | null = null;
let generation = 0;

/**
 * Writes the page's work to the address bar (the store's changes call this after a short pause): at once when the
 * link is cheap to make, else once its slices are deflated (`encoding`; permalink() waits for it).
 */
export function syncUrl(): void {
  if (timer) { clearTimeout(timer); timer = null; }
  const gen = ++generation;
  const session = sessionOfState();
  const quick = quickLink(session);
  if (quick) { encoding = null; write(quick); return; }
  // kept in this browser at once, as a link too big would be: a reload before the slices are done still finds it
  keepSoon(session);
  const pause = async () => { await yieldToPage(); if (gen !== generation) throw STALE; };
  const job = slicedLink(session, pause).then((link) => { if (gen === generation) write(link); }, (err: unknown) => { if (err !== STALE) throw err; });
  encoding = job;
  void job.finally(() => { if (encoding === job) encoding = null; });
}

function write({ href, session, fits, chars, stored }: Link): void {
  if (href !== location.href) history.replaceState(history.state, '', href);
  written = location.hash;
  useShare.setState({ link: fits ? href : null, linkChars: chars, fits, reason: stored ?? null });
  if (!fits) keepSoon(session);
}

/** Leaving the page: a link still being deflated is made in one go, so the address bar holds the work. */
function settleNow(): void {
  if (!encoding) return;
  dropEncoding();
  write(quickLink(sessionOfState(), true) as Link);
}

/** The sliced link under way, if any, stops at its next pause and is never written. */
function dropEncoding(): void {
  generation++;
  encoding = null;
}

let pendingStore: { session: Session; timer: ReturnType<typeof setTimeout> } | null = null;
function keepSoon(session: Session): void {
  if (pendingStore) clearTimeout(pendingStore.timer);
  if (useShare.getState().keptAt !== null) useShare.setState({ keptAt: null });
  pendingStore = { session, timer: setTimeout(flushStore, STORE_DELAY_MS) };
}
function flushStore(): void {
  if (!pendingStore) return;
  const { session, timer: t } = pendingStore;
  clearTimeout(t);
  pendingStore = null;
  void keepInBrowser(session).then((error) => useShare.setState({ storageError: error, keptAt: error ? null : Date.now() }));
}

function schedule(): void {
  if (restoring || !started) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(syncUrl, SYNC_DELAY_MS);
}

/** Opens what the fragment holds; false when it holds no session (the default scenario opens instead). */
async function openFragment(hash: string): Promise<boolean> {
  const fragment = parseFragment(hash);
  const { local: _ours, walk, step, present, ...others } = fragment;
  kept = { ...others, versions: [] };
  if (walk !== undefined) {
    const opened = await openWalk({ builtin: walk }, { ...(step !== undefined ? { step } : {}), present: !!present });
    if (opened) return true;
    setApp({ notice: `This link names the walk "${walk}", which this page does not have: the Walks menu lists the built-in ones.` });
  }
  if (!fragment.versions.length && fragment.local === undefined) return false;
  restoring = true;
  try {
    if (fragment.local !== undefined && !fragment.versions.length) {
      const stored = await get<Stored>(fragment.local, storage()).catch(() => undefined);
      if (!stored) {
        setApp({ notice: 'This link points to an analysis kept in the browser where it was made (it was too big for a link), and this browser does not have it. Ask for its evidence-only link or its session file.' });
        return false;
      }
      sessionStorage.setItem('packetpath.local', fragment.local);
      await applySession(readSession(stored.session, 'The analysis kept in this browser'), 'This analysis');
      return true;
    }
    const { session } = readLink(hash);
    await applySession(session, 'This link');
    return true;
  } catch (err) {
    if (!(err instanceof SessionError)) throw err;
    setApp({ notice: `${err.message} The page opened its built-in scenario instead.` });
    return false;
  } finally {
    restoring = false;
  }
}

/** Called once when the page starts: restores the work from the fragment, or opens the default scenario. */
export async function startUrlState(): Promise<void> {
  if (started) return;
  started = true;
  useApp.subscribe((s, prev) => {
    if (s.inputs !== prev.inputs || s.scenario !== prev.scenario || s.trace !== prev.trace || s.whatIf !== prev.whatIf
      || s.walk?.step !== prev.walk?.step || s.walk?.presenting !== prev.walk?.presenting || (s.walk === null) !== (prev.walk === null)
      || VIEW_KEYS.some((k) => s[k] !== prev[k])) schedule();
  });
  // a link pasted into this tab's address bar: open it; if it cannot be opened, the work on the page stays
  window.addEventListener('hashchange', () => {
    if (location.hash === written || restoring) return;
    // a link being made of the work this one replaces must not be written over it
    dropEncoding();
    void openFragment(location.hash).then(async (ok) => {
      if (!ok) await openDefault();
      syncUrl();
    });
  });
  // leaving the page writes what is still waiting to be kept
  window.addEventListener('pagehide', () => { settleNow(); flushStore(); });
  if (!(await openFragment(location.hash))) await openDefault();
  syncUrl();
}

/** The built-in scenario, when there is no work on the page; a message about the link stays on screen. */
async function openDefault(): Promise<void> {
  if (useApp.getState().inputs.length) return;
  const { notice } = useApp.getState();
  await loadScenario(DEFAULT_SCENARIO.id);
  if (notice) setApp({ notice });
}

/** The current link (window.__packetpath.permalink()): the address bar's, brought up to date first. */
export async function permalink(): Promise<string> {
  if (!started) return location.href;
  syncUrl();
  while (encoding) await encoding;
  return location.href;
}
