/**
 * One bad block must not poison the analysis. Two guards between the converters and the Snapshot:
 * - the pieces a block contributes are checked against the model's shapes (a JSON dump can hold a string where
 *   a list belongs, an object for a name): a field of the wrong type is left out, a piece without what it
 *   needs (a link without a name) is dropped, and either way the block gets a warning saying which and why;
 * - assembly runs on every block's pieces; if it still throws, the blocks that make it throw are found
 *   (a binary search over the blocks in input order) and left out, each with a warning naming it.
 */
import type { Piece } from './convert/pieces.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** Checks one object's fields in place; `bad` collects what was left out. */
class Checker {
  readonly bad: string[] = [];
  constructor(private readonly what: string) {}

  private drop(o: Obj, k: string, want: string): void {
    this.bad.push(`${this.what}.${k} is ${typeName(o[k])}, not ${want}`);
    delete o[k];
  }
  /** Optional fields: a value of the wrong type is removed. */
  str(o: Obj, ...ks: string[]): void { for (const k of ks) if (o[k] !== undefined && !isStr(o[k])) this.drop(o, k, 'a string'); }
  num(o: Obj, ...ks: string[]): void { for (const k of ks) if (o[k] !== undefined && !isNum(o[k])) this.drop(o, k, 'a number'); }
  obj(o: Obj, ...ks: string[]): void { for (const k of ks) if (o[k] !== undefined && !isObj(o[k])) this.drop(o, k, 'an object'); }
  /** A list of strings: other entries are removed (a lone string becomes a list of one). */
  strs(o: Obj, k: string, required = false): void {
    const v = o[k];
    if (v === undefined) { if (required) o[k] = []; return; }
    if (isStr(v)) { o[k] = [v]; return; }
    if (!Array.isArray(v)) { this.drop(o, k, 'a list'); if (required) o[k] = []; return; }
    const ok = v.filter(isStr);
    if (ok.length < v.length) { this.bad.push(`${this.what}.${k} holds ${v.length - ok.length} entr${v.length - ok.length === 1 ? 'y' : 'ies'} that are not strings`); o[k] = ok; }
  }
  /** A list of objects, each checked by `each` (false: the entry is removed). */
  list(o: Obj, k: string, each: (e: Obj) => boolean, required = false): void {
    const v = o[k];
    if (v === undefined) { if (required) o[k] = []; return; }
    if (!Array.isArray(v)) { this.drop(o, k, 'a list'); if (required) o[k] = []; return; }
    const ok = v.filter((e) => isObj(e) && each(e));
    if (ok.length < v.length) { this.bad.push(`${this.what}.${k} holds ${v.length - ok.length} entr${v.length - ok.length === 1 ? 'y' : 'ies'} of the wrong shape`); o[k] = ok; }
  }
  /** A map of strings (labels): other values are removed. */
  labels(o: Obj, k: string): void {
    const v = o[k];
    if (v === undefined) return;
    if (!isObj(v)) { this.drop(o, k, 'an object'); o[k] = {}; return; }
    const clean: Record<string, string> = Object.create(null) as Record<string, string>;
    let removed = 0;
    for (const [name, value] of Object.entries(v)) if (isStr(value)) clean[name] = value; else removed++;
    if (removed) this.bad.push(`${this.what}.${k} holds ${removed} value${removed === 1 ? '' : 's'} that are not strings`);
    o[k] = { ...clean };
  }
}

/**
 * A NetworkPolicy is read whole or not at all: leaving out a `from` of the wrong type would turn "from these
 * pods" into "from anywhere". What is wrong with it, or null.
 */
function policyProblem(x: Obj): string | null {
  const selector = (s: unknown, at: string): string | null => {
    if (s === undefined) return null;
    if (!isObj(s)) return `${at} is ${typeName(s)}, not an object`;
    if (s.matchLabels !== undefined && (!isObj(s.matchLabels) || !Object.values(s.matchLabels).every(isStr))) return `${at}.matchLabels is not a map of strings`;
    if (s.matchExpressions !== undefined && !(Array.isArray(s.matchExpressions) && s.matchExpressions.every((e) => isObj(e) && isStr(e.key) && isStr(e.operator)
      && (e.values === undefined || (Array.isArray(e.values) && e.values.every(isStr)))))) return `${at}.matchExpressions is not a list of expressions`;
    return null;
  };
  const listOf = (v: unknown, at: string, each: (e: Obj, at: string) => string | null): string | null => {
    if (v === undefined) return null;
    if (!Array.isArray(v)) return `${at} is ${typeName(v)}, not a list`;
    for (const [i, e] of v.entries()) {
      if (!isObj(e)) return `${at}[${i}] is ${typeName(e)}, not an object`;
      const p = each(e, `${at}[${i}]`);
      if (p) return p;
    }
    return null;
  };
  const peer = (e: Obj, at: string): string | null => selector(e.podSelector, `${at}.podSelector`) ?? selector(e.namespaceSelector, `${at}.namespaceSelector`)
    ?? (e.ipBlock !== undefined && !(isObj(e.ipBlock) && isStr(e.ipBlock.cidr) && (e.ipBlock.except === undefined || (Array.isArray(e.ipBlock.except) && e.ipBlock.except.every(isStr))))
      ? `${at}.ipBlock is not a cidr with except` : null);
  const port = (e: Obj, at: string): string | null => ((e.port !== undefined && !isStr(e.port) && !isNum(e.port)) || (e.protocol !== undefined && !isStr(e.protocol))
    || (e.endPort !== undefined && !isNum(e.endPort)) ? `${at} is not a port` : null);
  const rules = (v: unknown, at: string, peers: 'from' | 'to'): string | null =>
    listOf(v, at, (r, rat) => listOf(r[peers], `${rat}.${peers}`, peer) ?? listOf(r.ports, `${rat}.ports`, port));
  if (x.policyTypes !== undefined && !(Array.isArray(x.policyTypes) && x.policyTypes.every((t) => t === 'Ingress' || t === 'Egress'))) return 'policyTypes is not a list of Ingress, Egress';
  return selector(x.podSelector, 'podSelector') ?? rules(x.ingress, 'ingress', 'from') ?? rules(x.egress, 'egress', 'to');
}

/** Checks and repairs one piece in place; false when it cannot be used at all. */
function checkPiece(p: Piece, c: Checker): boolean {
  const o = p as unknown as Obj;
  switch (p.kind) {
    case 'link': {
      const l = p.link as unknown as Obj;
      if (!isStr(l.name) || !l.name) return false;
      c.str(l, 'mac', 'state', 'master', 'peerName', 'peerNetnsRef');
      c.num(l, 'ifindex', 'peerIndex', 'mtu');
      c.strs(l, 'flags');
      c.strs(l, 'ports');
      c.obj(l, 'vxlan');
      c.list(l, 'addresses', (a) => (a.family === 'inet' || a.family === 'inet6') && isStr(a.ip) && isNum(a.prefixlen), true);
      if (!Array.isArray(l.sources)) l.sources = [];
      return true;
    }
    case 'route': {
      const r = p.route as unknown as Obj;
      if (!isStr(r.dst)) return false;
      c.str(r, 'type', 'gateway', 'dev', 'protocol', 'scope', 'prefsrc');
      if (!isStr(r.table)) r.table = r.table === undefined || r.table === null ? 'main' : String(r.table);
      c.num(r, 'metric');
      c.strs(r, 'flags');
      c.list(r, 'multipath', (h) => { c.str(h, 'gateway', 'dev'); c.num(h, 'weight'); return true; });
      return true;
    }
    case 'neighbour': {
      const n = p.neighbour as unknown as Obj;
      if (!isStr(n.ip)) return false;
      c.str(n, 'mac', 'dev');
      c.strs(n, 'state', true);
      return true;
    }
    case 'ip-rule': {
      const r = p.rule as unknown as Obj;
      if (!isNum(r.priority)) return false;
      if (!isStr(r.src)) r.src = 'all';
      c.str(r, 'dst', 'fwmark', 'fwmask', 'iif', 'oif', 'table', 'action');
      return true;
    }
    case 'sysctl': return isStr(p.key) && isStr(p.value);
    case 'bridge': c.strs(o, 'ports', true); return isStr(p.bridge);
    case 'ipset': { const s = p.set as unknown as Obj; c.str(s, 'type'); c.strs(s, 'members', true); return isStr(s.name); }
    case 'cni-config': {
      const cfg = p.config as unknown as Obj;
      c.str(cfg, 'file', 'name');
      c.list(cfg, 'plugins', (pl) => { c.str(pl, 'mode'); c.obj(pl, 'ipam'); return isStr(pl.type); }, true);
      return true;
    }
    case 'azure-network': {
      const n = p.network as unknown as Obj;
      c.list(n, 'subnets', (s) => { c.str(s, 'gateway'); return isStr(s.prefix); }, true);
      return isStr(n.id) && isStr(n.mode);
    }
    case 'azure-endpoint': {
      const e = p.endpoint as unknown as Obj;
      c.str(e, 'hostIfName', 'podName', 'podNamespace', 'netns', 'mac');
      c.strs(e, 'ipAddresses', true);
      c.list(e, 'routes', (r) => { c.str(r, 'gateway'); return isStr(r.dst); }, true);
      return isStr(e.id);
    }
    case 'cni-event': return isStr((p.event as unknown as Obj).event);
    case 'netns-name': {
      c.num(o, 'id');
      if (o.pids !== undefined && !(Array.isArray(o.pids) && o.pids.every(isNum))) { c.bad.push(`${p.kind}.pids is not a list of numbers`); delete o.pids; }
      return isStr(p.name);
    }
    case 'container': { const x = p.container as unknown as Obj; c.str(x, 'pod', 'namespace', 'name'); c.num(x, 'pid'); return isStr(x.id); }
    case 'pod': {
      const x = p.pod as unknown as Obj;
      c.str(x, 'ip', 'node', 'status');
      c.labels(x, 'labels');
      if (!isObj(x.labels)) x.labels = {};
      return isStr(x.namespace) && isStr(x.name);
    }
    case 'kube-node': {
      const x = p.node as unknown as Obj;
      c.str(x, 'internalIp', 'externalIp', 'status', 'version', 'podCidr');
      c.labels(x, 'labels');
      if (!isObj(x.labels)) x.labels = {};
      return isStr(x.name);
    }
    case 'service': {
      const x = p.service as unknown as Obj;
      if (!isStr(x.type)) x.type = 'ClusterIP';
      c.str(x, 'clusterIp');
      c.strs(x, 'externalIps', true);
      c.labels(x, 'selector');
      c.list(x, 'ports', (pt) => { if (!isStr(pt.protocol)) pt.protocol = 'TCP'; c.num(pt, 'nodePort'); c.str(pt, 'name'); return isNum(pt.port); }, true);
      return isStr(x.namespace) && isStr(x.name);
    }
    case 'namespace': {
      const x = p.namespace as unknown as Obj;
      c.labels(x, 'labels');
      if (!isObj(x.labels)) x.labels = {};
      return isStr(x.name);
    }
    case 'policy': {
      const x = p.policy as unknown as Obj;
      if (!isStr(x.namespace) || !isStr(x.name)) return false;
      const problem = policyProblem(x);
      if (problem) { c.bad.push(`NetworkPolicy ${x.namespace}/${x.name}: ${problem}: the policy is not read`); return false; }
      x.podSelector ??= {};
      x.policyTypes ??= [];
      x.ingress ??= [];
      x.egress ??= [];
      return true;
    }
    case 'endpoints': { const x = p.endpoints as unknown as Obj; c.strs(x, 'addresses', true); return isStr(x.namespace) && isStr(x.name); }
    case 'network-profile': return isObj(p.profile);
    default: return true;
  }
}

/** The pieces of one block that fit the model, and what was left out (one warning per kind of problem, counted). */
export function checkPieces(pieces: Piece[]): { pieces: Piece[]; problems: string[]; dropped: { piece: Piece; why: string }[] } {
  const kept: Piece[] = [];
  const dropped: { piece: Piece; why: string }[] = [];
  const counts = new Map<string, number>();
  const note = (s: string) => counts.set(s, (counts.get(s) ?? 0) + 1);
  for (const p of pieces) {
    if (!isObj(p)) { note('a piece that is not an object'); continue; }
    const c = new Checker(p.kind);
    let ok: boolean;
    try { ok = checkPiece(p, c); } catch { ok = false; }
    for (const b of c.bad) note(b);
    if (ok) kept.push(p);
    else { dropped.push({ piece: p, why: c.bad.at(-1) ?? 'fields missing' }); if (p.kind !== 'policy') note(`a ${p.kind} without the fields it needs: left out`); }
  }
  const problems = [...counts].map(([s, n]) => (n > 1 ? `${s} (${n} times)` : s));
  return { pieces: kept, problems, dropped };
}

/**
 * Assembles with every block's pieces; when that throws, finds the blocks that make it throw (the shortest
 * prefix of blocks that throws ends with one), leaves them out and says why. At most `maxCulprits` blocks are
 * left out; beyond, the last error is thrown.
 */
export function assembleIsolated<R>(blocks: { id: string; pieces: Piece[] }[], build: (pieces: Piece[]) => R, maxCulprits = 8): { result: R; left: { id: string; why: string }[] } {
  const left: { id: string; why: string }[] = [];
  let live = blocks;
  const piecesOf = (bs: typeof blocks): Piece[] => { const out: Piece[] = []; for (const b of bs) for (const p of b.pieces) out.push(p); return out; };
  for (;;) {
    let error: unknown;
    try { return { result: build(piecesOf(live)), left }; } catch (e) { error = e; }
    if (left.length >= maxCulprits) throw error;
    // the shortest prefix that throws: its last block is a culprit
    let lo = 1;
    let hi = live.length;
    let why = String((error as Error)?.message ?? error);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      try { build(piecesOf(live.slice(0, mid))); lo = mid + 1; } catch (e) { hi = mid; why = String((e as Error)?.message ?? e); }
    }
    const culprit = live[lo - 1];
    if (!culprit) throw error;
    left.push({ id: culprit.id, why });
    live = live.filter((b) => b !== culprit);
  }
}

/** A line longer than this is read only up to it: the splitter and the parsers scan lines with regular expressions. */
export const MAX_LINE_CHARS = 1_000_000;

/** Cuts lines longer than MAX_LINE_CHARS (linear; the text is returned as it is when none is). */
export function boundLines(text: string): { text: string; cut: { line: number; length: number }[] } {
  const cut: { line: number; length: number }[] = [];
  if (text.length <= MAX_LINE_CHARS) return { text, cut };
  const parts: string[] = [];
  let start = 0;
  let line = 1;
  let changed = false;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > MAX_LINE_CHARS) {
      cut.push({ line, length: end - start });
      parts.push(text.slice(start, start + MAX_LINE_CHARS));
      changed = true;
    } else parts.push(text.slice(start, end));
    start = end + 1;
    line++;
  }
  return { text: changed ? parts.join('\n') : text, cut };
}
