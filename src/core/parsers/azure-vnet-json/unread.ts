/**
 * The fields of azure-vnet.json the records do not hold (DNS settings, SNAT flags, route metrics, an external
 * interface's own addresses …), named by their lines: the parser reads what the trace uses and says what it passed
 * over, so a field renamed or out of place in a damaged paste is never lost in silence. The objects are those of
 * azure-container-networking's cni/network state (externalInterface, network, endpoint, route, net.IPNet).
 */
import type { Collector } from '../common/lines.ts';

type Obj = Record<string, unknown>;
export type VnetObject = 'top' | 'state' | 'extIf' | 'network' | 'subnet' | 'endpoint' | 'route' | 'ipMask' | IdMap;
/** The maps keyed by id (`ExternalInterfaces`, `Networks`, `Endpoints`): an entry is read when it is the object it should be. */
type IdMap = 'interfaces' | 'networks' | 'endpoints';
const ENTRY: Record<IdMap, VnetObject> = { interfaces: 'extIf', networks: 'network', endpoints: 'endpoint' };
const isIdMap = (k: VnetObject): k is IdMap => k in ENTRY;

/** The keys of each object the records are made of. */
const READ: Record<Exclude<VnetObject, IdMap>, ReadonlySet<string>> = {
  top: new Set(['Network']),
  state: new Set(['Version', 'ExternalInterfaces']),
  extIf: new Set(['Name', 'Networks']),
  network: new Set(['Id', 'Mode', 'Subnets', 'Endpoints']),
  subnet: new Set(['Prefix', 'Gateway']),
  endpoint: new Set(['Id', 'IfName', 'HostIfName', 'MacAddress', 'IPAddresses', 'Gateways', 'Routes', 'NetworkNameSpace', 'NetNsPath',
    'ContainerID', 'PODName', 'PODNameSpace']),
  route: new Set(['Dst', 'Gw']),
  ipMask: new Set(['IP', 'Mask']),
};

/**
 * What an object is, from its place under the objects already told (`kinds`, by path) and its own keys (`own`: the
 * parser's network or endpoint test). Null for what the records do not read field by field (maps of ids, DNS).
 */
export function kindOf(path: readonly string[], own: 'network' | 'endpoint' | null, obj: Obj,
  kinds: ReadonlyMap<string, VnetObject>): VnetObject | null {
  if (own) return own;
  const up = (n: number): VnetObject | undefined => kinds.get(path.slice(0, path.length - n).join('\u0000'));
  const key = path[path.length - 1];
  const parentKey = path[path.length - 2];
  // the whole file, or the state object alone (a paste that lost its `"Network": {` line)
  if (!path.length) return 'Network' in obj ? 'top' : 'ExternalInterfaces' in obj ? 'state' : null;
  if (key === 'Network' && up(1) === 'top') return 'state';
  if (key === 'ExternalInterfaces' && up(1) === 'state') return 'interfaces';
  if (parentKey === 'ExternalInterfaces') return 'extIf';
  if (key === 'Networks' && up(1) === 'extIf') return 'networks';
  if (key === 'Endpoints' && up(1) === 'network') return 'endpoints';
  if (parentKey === 'Subnets' && up(2) === 'network') return 'subnet';
  if (parentKey === 'Routes' && up(2) === 'endpoint') return 'route';
  if ((key === 'Prefix' && up(1) === 'subnet') || (key === 'Dst' && up(1) === 'route')) return 'ipMask';
  if (parentKey === 'IPAddresses' && up(2) === 'endpoint') return 'ipMask';
  return null;
}

/** Every key some record reads, whatever object it is in. */
const READ_ANYWHERE: ReadonlySet<string> = new Set(Object.values(READ).flatMap((keys) => [...keys]));
/** `"SandboxKey": "",`: a key with a value that opens no object or list. */
const SCALAR_FIELD = /^\s*"([^"]+)"\s*:\s*(?![\s[{]*$)(?![[{])/;

const valueAt = (root: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), root);

/**
 * The bracket depth at the start of each line (strings skipped; a string cut off ends with its line). A bracket
 * closes what is open up to its own kind, as the repair does (`}` after an unclosed `[` closes both); one with
 * nothing of its kind open is a stray the repair drops.
 */
function depths(lines: readonly string[]): number[] {
  const out: number[] = [];
  const open: string[] = [];
  for (const l of lines) {
    out.push(open.length);
    let inString = false;
    for (let k = 0; k < l.length; k++) {
      const c = l[k] as string;
      if (inString) { if (c === '\\') k++; else if (c === '"') inString = false; continue; }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') open.push(c);
      else if (c === '}' || c === ']') {
        const at = open.lastIndexOf(c === '}' ? '{' : '[');
        if (at >= 0) open.length = at;
      }
    }
  }
  return out;
}

const ITEM = /^\s*([{["\d-]|null\b|true\b|false\b)/;

/**
 * The lines [from, to] (0-based) of the value at `path`, each key found among its parent's own fields (at their
 * nesting depth, so a network's `Subnets` is not taken for its interface's), to the line before the nesting closes.
 * Null when the text does not hold it where the parsed value does (a damaged paste repaired otherwise).
 */
function spanAt(lines: readonly string[], depth: readonly number[], path: readonly string[]): [number, number] | null {
  const first = lines.findIndex((l) => l.trim());
  if (first < 0) return null;
  let from = first;
  let to = lines.length - 1;
  let child = /^\s*[{[]/.test(lines[first] as string) ? (depth[first] as number) + 1 : (depth[first] as number);
  for (const k of path) {
    let at = -1;
    let seen = 0;
    // walkObjects names an array's items by their index: the value opened on the line before is an array
    const index = /^\d+$/.test(String(k)) && /\[\s*$/.test(lines[from] as string) ? Number(k) : null;
    const key = index === null ? new RegExp(`^\\s*"${String(k).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`) : null;
    for (let i = from; i <= to && at < 0; i++) {
      if (depth[i] !== child || (i === from && from !== first && key)) continue;
      const l = lines[i] as string;
      if (key ? key.test(l) : ITEM.test(l) && seen++ === index) at = i;
    }
    if (at < 0) return null;
    let end = at;
    if (/[[{]\s*$/.test(lines[at] as string)) {
      end = to;
      for (let j = at + 1; j <= to; j++) if ((lines[j] as string).trim() && (depth[j] as number) <= child) { end = j - 1; break; }
    }
    from = at; to = end; child += 1;
  }
  return [from, to];
}

/**
 * Names in `out` the fields of the objects told (`objects`) that the records do not read, each run of adjacent
 * lines in one warning listing its fields; and an external interface no network was read under, whole.
 */
export function warnUnread(out: Collector<unknown>, lines: readonly string[], root: unknown,
  objects: { obj: Obj; path: string[]; kind: VnetObject }[], kinds: ReadonlyMap<string, VnetObject>, readInterfaces: ReadonlySet<string>): void {
  const depth = depths(lines);
  const lineSpan = (path: readonly string[]): [number, number] | null => {
    const s = spanAt(lines, depth, path);
    return s ? [s[0] + 1, s[1] + 1] : null;
  };
  const spans: { from: number; to: number; what: string }[] = [];
  // every path leading to a network or an endpoint: no span named not read may hold one
  const holdsRecord = new Set<string>();
  for (const { path, kind } of objects) {
    if (kind === 'network' || kind === 'endpoint') for (let n = 1; n <= path.length; n++) holdsRecord.add(path.slice(0, n).join('\u0000'));
  }
  for (const { obj, path, kind } of objects) {
    const name = path[path.length - 1] ?? '';
    if (kind === 'extIf' && !readInterfaces.has(name)) {
      const at = lineSpan(path);
      if (at) spans.push({ from: at[0], to: at[1], what: `external interface ${name.slice(0, 40)} (no network read under it)` });
      continue;
    }
    if (isIdMap(kind)) {
      // an entry of a map of ids that is not the object it should be (a field a damaged paste moved in), whole
      for (const k of Object.keys(obj)) {
        if (kinds.get([...path, k].join('\u0000')) === ENTRY[kind] || holdsRecord.has([...path, k].join('\u0000'))) continue;
        const at = lineSpan([...path, k]);
        if (at) spans.push({ from: at[0], to: at[1], what: `${k.slice(0, 40)} (out of place in ${path[path.length - 1]})` });
      }
      continue;
    }
    for (const k of Object.keys(obj)) {
      // a field holding an object the records read (a network under a damaged interface) is read, whatever its key
      if (kinds.has([...path, k].join('\u0000')) || holdsRecord.has([...path, k].join('\u0000'))) continue;
      // an interface's Name is its key in Go's map: one that differs is not the interface the records name
      if (READ[kind].has(k) && !(kind === 'extIf' && k === 'Name' && obj.Name !== name)) continue;
      const at = lineSpan([...path, k]);
      const differs = kind === 'extIf' && k === 'Name';
      if (at) spans.push({ from: at[0], to: at[1], what: differs ? `Name (not the interface's key ${name.slice(0, 40)})` : k.slice(0, 40) });
    }
  }
  // an object a damaged paste put a network or an endpoint under (`DNSInfo` holding `Networks`): its other fields,
  // and its key when it is a field of an object read
  const seen = new Set<string>();
  for (const { path, kind } of objects) {
    if (kind !== 'network' && kind !== 'endpoint') continue;
    for (let n = path.length - 1; n >= 0; n--) {
      const p = path.slice(0, n);
      const id = p.join('\u0000');
      if (kinds.has(id) || seen.has(id)) continue;
      seen.add(id);
      const obj = valueAt(root, p);
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) continue;
      for (const k of Object.keys(obj)) {
        if (holdsRecord.has([...p, k].join('\u0000'))) continue;
        const at = lineSpan([...p, k]);
        if (at) spans.push({ from: at[0], to: at[1], what: k.slice(0, 40) });
      }
      const at = n > 0 && kinds.has(p.slice(0, -1).join('\u0000')) ? lineSpan(p) : null;
      if (at) spans.push({ from: at[0], to: at[0], what: `${String(p[n - 1]).slice(0, 40)} (a network or endpoint out of place under it)` });
    }
  }
  // a damaged paste the repair read another way (a lost `"eth0": {` line) hides where a field is; a field no record
  // reads anywhere is still not read, wherever it stands
  const covered = new Set<number>();
  for (const sp of spans) for (let n = sp.from; n <= sp.to; n++) covered.add(n);
  lines.forEach((l, i) => {
    const key = SCALAR_FIELD.exec(l)?.[1];
    if (key !== undefined && !READ_ANYWHERE.has(key) && !covered.has(i + 1)) spans.push({ from: i + 1, to: i + 1, what: key.slice(0, 40) });
  });
  spans.sort((a, b) => a.from - b.from);
  let run: { from: number; to: number; what: string[] } | null = null;
  const flush = (): void => {
    if (!run) return;
    // a field's name alone is one the trace has no use for; the others say why they were not read
    const why = run.what.every((w) => !w.includes(' ')) ? ` (the trace does not use ${run.what.length > 1 ? 'them' : 'it'})` : '';
    out.warnRange(run.from, run.to, 'ignored', `not read${why}: ${run.what.join(', ').slice(0, 200)}`);
  };
  for (const s of spans) {
    if (run && s.from <= run.to + 1) { run.to = Math.max(run.to, s.to); if (!run.what.includes(s.what)) run.what.push(s.what); continue; }
    flush();
    run = { from: s.from, to: s.to, what: [s.what] };
  }
  flush();
}
