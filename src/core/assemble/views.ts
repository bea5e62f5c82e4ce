/**
 * Two captures of one view: merged when they show the same thing, kept apart when they differ. A `route -n | grep`
 * and the full `route -n` are views of one table (the grep adds nothing new); `ip route` and `route -n` of one host
 * are the same table twice; two full `route -n` that differ are snapshots of it at two times: the later is the
 * model's, the earlier is kept in `Host.earlier`, and a warning says so. Routes (per table), neighbours, policy
 * rules and the list of links of each netns are treated so; iptables chains in assemble/iptables.ts.
 */
import type { EarlierSnapshot, Host, ModelWarning, Neighbour, Netns, PolicyRule, Route, SourceRef } from '../model/types.ts';
import type { View } from '../convert/pieces.ts';

/** The view each fact came from (set as pieces are applied). */
export type ViewOf = WeakMap<object, View>;

const hostRoute = (dst: string): string => (dst === '0.0.0.0/0' ? 'default' : /\/\d+$/.test(dst) || dst === 'default' ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`);

/** What makes two routes the same route, whichever command printed them. */
export const routeKey = (r: Route): string =>
  `${r.type && r.type !== 'unicast' ? r.type : ''}|${hostRoute(r.dst)}|${r.gateway ?? ''}|${r.dev ?? ''}|${r.metric ?? 0}|${(r.multipath ?? []).map((h) => `${h.gateway}/${h.dev}`).join(',')}`;
const neighKey = (n: Neighbour): string => `${n.ip}|${n.dev ?? ''}|${n.mac ?? ''}`;
const ruleKey = (r: PolicyRule): string => `${r.priority}|${r.src}|${r.dst ?? ''}|${r.fwmark ?? ''}/${r.fwmask ?? ''}|${r.iif ?? ''}|${r.oif ?? ''}|${r.not ? '!' : ''}|${r.table ?? ''}|${r.action ?? ''}`;

/** A later copy of a fact keeps what an earlier copy knew and it does not (route -n has no `proto` or `src`). */
function fill<T extends object>(into: T, from: T): void {
  for (const [k, v] of Object.entries(from)) if (v !== undefined && (into as Record<string, unknown>)[k] === undefined) (into as Record<string, unknown>)[k] = v;
}

interface Shown<T> { view: View | undefined; facts: T[] }

/** Facts grouped by the view that showed them, in the order the views came. */
function byView<T extends object>(facts: T[], viewOf: ViewOf): Shown<T>[] {
  const out: Shown<T>[] = [];
  const at = new Map<string, Shown<T>>();
  for (const f of facts) {
    const v = viewOf.get(f);
    const key = v?.block ?? '';
    let g = at.get(key);
    if (!g) { g = { view: v, facts: [] }; at.set(key, g); out.push(g); }
    g.facts.push(f);
  }
  return out;
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

interface Reconciled<T> { kept: T[]; earlier: { shown: Shown<T>; by: Shown<T> }[] }

/**
 * One object's facts from several views: the last full view wins; earlier full views that show the same facts are
 * merged into it, those that differ are earlier snapshots; partial views add what the full one lacks (a partial
 * view taken before the winning full view and not matching it is an earlier snapshot too).
 */
function reconcile<T extends object>(groups: Shown<T>[], key: (t: T) => string): Reconciled<T> {
  const full = groups.filter((g) => g.view && !g.view.partial);
  if (groups.length < 2) return { kept: groups.flatMap((g) => g.facts), earlier: [] };
  const winner = full[full.length - 1];
  const kept = new Map<string, T>();
  const earlier: Reconciled<T>['earlier'] = [];
  if (winner) for (const f of winner.facts) if (!kept.has(key(f))) kept.set(key(f), f);
  const order: T[] = winner ? [...kept.values()] : [];
  for (const g of groups) {
    if (g === winner) continue;
    const keys = g.facts.map(key);
    const isFull = !!g.view && !g.view.partial;
    const before = winner ? groups.indexOf(g) < groups.indexOf(winner) : false;
    const matches = keys.every((k) => kept.has(k));
    if (isFull && winner && !sameSet(keys, winner.facts.map(key))) { earlier.push({ shown: g, by: winner }); continue; }
    if (!isFull && before && winner && !matches) { earlier.push({ shown: g, by: winner }); continue; }
    g.facts.forEach((f, i) => {
      const k = keys[i] as string;
      const same = kept.get(k);
      if (same) { fill(same, f); return; }
      kept.set(k, f);
      order.push(f);
    });
  }
  return { kept: order, earlier };
}

function firstSource(facts: { source?: SourceRef; sources?: SourceRef[] }[]): SourceRef {
  const f = facts[0];
  return (f?.source ?? f?.sources?.[0]) ?? { input: '', line: 0 };
}

/** Merges overlapping views and keeps repeated snapshots apart, in every netns of the host. */
export function reconcileViews(h: Host, viewOf: ViewOf, warnings: ModelWarning[]): void {
  const note = (what: EarlierSnapshot['what'], ns: Netns, e: { shown: Shown<object>; by: Shown<object> }, table?: string): EarlierSnapshot => {
    const source = firstSource(e.shown.facts as { source?: SourceRef }[]);
    const supersededBy = firstSource(e.by.facts as { source?: SourceRef }[]);
    const label = { routes: 'routes', links: 'links', neighbours: 'neighbours', 'ip-rules': 'ip rules', chain: 'chain' }[what];
    warnings.push({ severity: 'warning', node: h.name, source,
      message: `${label}${table ? ` of table ${table}` : ''} in ${ns.id} shown twice and they differ (lines ${source.line} and ${supersededBy.line}): the later is used, the earlier is kept as an earlier snapshot` });
    return { what, netns: ns.id, ...(table ? { table } : {}), count: e.shown.facts.length, source, supersededBy };
  };
  for (const ns of h.netns) {
    // routes, per routing table
    const tables = [...new Set(ns.routes.map((r) => r.table))];
    const routes: Route[] = [];
    for (const t of tables) {
      const r = reconcile(byView(ns.routes.filter((x) => x.table === t), viewOf), routeKey);
      routes.push(...r.kept);
      for (const e of r.earlier) (h.earlier ??= []).push({ ...note('routes', ns, e, t), routes: e.shown.facts });
    }
    ns.routes = routes;
    const neigh = reconcile(byView(ns.neighbours, viewOf), neighKey);
    ns.neighbours = neigh.kept;
    for (const e of neigh.earlier) (h.earlier ??= []).push({ ...note('neighbours', ns, e), neighbours: e.shown.facts });
    const rules = reconcile(byView(ns.rules, viewOf), ruleKey);
    ns.rules = rules.kept;
    for (const e of rules.earlier) (h.earlier ??= []).push({ ...note('ip-rules', ns, e), ipRules: e.shown.facts });
  }
}

/**
 * The links two full link lists of one netns disagree on: a link only the earlier list showed (a pod since
 * deleted) leaves the model for the earlier snapshot. `shown` lists, per view, the link names it showed.
 */
export function reconcileLinkLists(h: Host, ns: Netns, shown: { view: View; names: string[] }[], warnings: ModelWarning[]): void {
  const full = shown.filter((s) => !s.view.partial);
  const last = full[full.length - 1];
  if (!last || full.length < 2) return;
  const current = new Set(last.names);
  for (const s of full.slice(0, -1)) {
    const gone = s.names.filter((n) => !current.has(n));
    // a later list that only adds links (a pod started) disagrees with nothing
    if (!gone.length) continue;
    const links = ns.links.filter((l) => gone.includes(l.name));
    ns.links = ns.links.filter((l) => !gone.includes(l.name));
    const source = links[0]?.sources[0] ?? { input: '', line: s.view.line };
    const supersededBy = { input: source.input, line: last.view.line };
    warnings.push({ severity: 'warning', node: h.name, source,
      message: `links in ${ns.id} shown twice and they differ (lines ${s.view.line} and ${last.view.line}: ${gone.slice(0, 3).join(', ')}${gone.length > 3 ? ', …' : ''} only in the earlier): the later is used, the earlier is kept as an earlier snapshot` });
    (h.earlier ??= []).push({ what: 'links', netns: ns.id, count: s.names.length, source, supersededBy, links });
  }
}
