/**
 * kubectl tables: `kubectl get pods|nodes|svc|ns|netpol|endpoints|deploy [-A] [-o wide] [--show-labels]`
 * (also `k`, `kubectl -n X`, `crictl`-style alignment is not needed).
 *
 * Accepts: column-aligned output (columns cut at the header's offsets, so values with spaces such as
 * `1 (5h59m ago)` and empty cells survive); misaligned output (a blog's HTML removed) split on whitespace;
 * header-less rows, recognised by their shape (pod, service, node rows in seed 004); tables flattened onto one
 * line (seed 001), rebuilt by `reflow`. Does not accept `-o yaml/json` (see kubectl-objects) or `describe`.
 *
 * Output: one record per row, keyed by resource: { kind: "Pod", namespace, name, ready, status, restarts, age,
 * ip, node, nominatedNode, readinessGates, labels } | { kind: "Node", name, status, roles, version, internalIp,
 * externalIp, osImage, kernelVersion, containerRuntime } | { kind: "Service", namespace, name, type, clusterIp,
 * externalIp, ports: [{ port, nodePort, protocol }], selector } | { kind: "Namespace", name, status, labels }
 * | { kind: "NetworkPolicy", namespace, name, podSelector } | { kind: "Endpoints", namespace, name, endpoints[] }.
 *
 * Example:
 *   NAME    READY   STATUS    RESTARTS   AGE   IP            NODE
 *   nginx   1/1     Running   0          4s    10.224.0.24   aks-nodepool1-59385832-vmss000000
 *   → { kind: "Pod", name: "nginx", ready: "1/1", status: "Running", ip: "10.224.0.24", node: "aks-…" }
 */
import { CAPITALS_HEADER, defineKind } from '../common/kind.ts';
import { convertKubectlTable } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export type KubeKind = 'Pod' | 'Node' | 'Service' | 'Namespace' | 'NetworkPolicy' | 'Endpoints' | 'Deployment' | 'Other';

export interface ServicePort { port: number; nodePort?: number; protocol: string; targetPort?: string }

export interface KubeRow {
  kind: KubeKind;
  name: string;
  namespace?: string;
  [field: string]: unknown;
}

/** Header words that kubectl prints with a space inside. */
const MULTI_WORD = ['NOMINATED NODE', 'READINESS GATES', 'NODE SELECTOR', 'LAST SCHEDULE'];
const KNOWN = new Set(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE',
  'READINESS GATES', 'LABELS', 'ROLES', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION',
  'CONTAINER-RUNTIME', 'TYPE', 'CLUSTER-IP', 'PORT(S)', 'SELECTOR', 'POD-SELECTOR', 'ENDPOINTS', 'UP-TO-DATE',
  'AVAILABLE', 'CONTAINERS', 'IMAGES',
  // the other workloads of `kubectl get all` (replica sets, daemon sets, jobs, cron jobs, autoscalers) and old layouts (IP(S))
  'DESIRED', 'CURRENT', 'NODE SELECTOR', 'COMPLETIONS', 'DURATION', 'SCHEDULE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE',
  'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'IP(S)']);

const FIELD_NAMES: Record<string, string> = {
  NAMESPACE: 'namespace', NAME: 'name', READY: 'ready', STATUS: 'status', RESTARTS: 'restarts', AGE: 'age', IP: 'ip',
  NODE: 'node', 'NOMINATED NODE': 'nominatedNode', 'READINESS GATES': 'readinessGates', LABELS: 'labels', ROLES: 'roles',
  VERSION: 'version', 'INTERNAL-IP': 'internalIp', 'EXTERNAL-IP': 'externalIp', 'OS-IMAGE': 'osImage',
  'KERNEL-VERSION': 'kernelVersion', 'CONTAINER-RUNTIME': 'containerRuntime', TYPE: 'type', 'CLUSTER-IP': 'clusterIp',
  'PORT(S)': 'ports', SELECTOR: 'selector', 'POD-SELECTOR': 'podSelector', ENDPOINTS: 'endpoints',
  'UP-TO-DATE': 'upToDate', AVAILABLE: 'available', CONTAINERS: 'containers', IMAGES: 'images', 'IP(S)': 'clusterIp',
  'NODE SELECTOR': 'nodeSelector', 'LAST SCHEDULE': 'lastSchedule',
};

/** `kubectl get all` prefixes each name with its resource (`pod/web-1`, `service/web`, `deployment.apps/web`). */
const RESOURCE_PREFIX: Record<string, KubeKind> = {
  pod: 'Pod', service: 'Service', node: 'Node', namespace: 'Namespace', endpoints: 'Endpoints',
  'networkpolicy.networking.k8s.io': 'NetworkPolicy', 'deployment.apps': 'Deployment',
};

interface Header { names: string[]; starts: number[]; kind: KubeKind }

/** Splits a header line into kubectl column names (keeping `NOMINATED NODE` whole) with their offsets. */
export function readHeader(line: string): Header | null {
  const re = /\S+/g;
  const words: { w: string; at: number }[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) words.push({ w: m[0], at: m.index });
  const names: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i] as { w: string; at: number };
    const two = i + 1 < words.length ? `${a.w} ${(words[i + 1] as { w: string }).w}` : '';
    if (MULTI_WORD.includes(two)) { names.push(two); starts.push(a.at); i++; continue; }
    names.push(a.w);
    starts.push(a.at);
  }
  if (names[0] !== 'NAME' && !(names[0] === 'NAMESPACE' && names[1] === 'NAME')) return null;
  if (names.some((n) => !KNOWN.has(n))) return null;
  return { names, starts, kind: kindOf(names) };
}

function kindOf(names: string[]): KubeKind {
  const has = (n: string): boolean => names.includes(n);
  if (has('READY') && has('RESTARTS')) return 'Pod';
  // nodes before 1.8 had no ROLES column (`NAME STATUS AGE VERSION`)
  if (has('VERSION') && has('STATUS')) return 'Node';
  if ((has('TYPE') && has('CLUSTER-IP')) || (has('IP(S)') && has('PORT(S)'))) return 'Service';
  if (has('DESIRED') || has('COMPLETIONS') || has('SCHEDULE') || has('REFERENCE')) return 'Other';
  if (has('ENDPOINTS')) return 'Endpoints';
  if (has('POD-SELECTOR')) return 'NetworkPolicy';
  if (has('UP-TO-DATE')) return 'Deployment';
  if (names.length <= 4 && has('STATUS') && has('AGE') && !has('READY')) return 'Namespace';
  return 'Other';
}

/** Whitespace tokens, with kubectl's `1 (5h59m ago)` restarts kept as one value. */
function tokens(line: string): string[] {
  const toks = line.trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    if (t.startsWith('(') && /ago\)$/.test(toks[i + 1] ?? '') && out.length) { out[out.length - 1] += ` ${t} ${toks[++i]}`; continue; }
    out.push(t);
  }
  return out;
}

function cellsByOffset(line: string, h: Header): string[] | null {
  const cells: string[] = [];
  for (let i = 0; i < h.starts.length; i++) {
    const s = h.starts[i] as number;
    const e = i + 1 < h.starts.length ? (h.starts[i + 1] as number) : line.length;
    // a cell must start at its column: the character before it is a space (or line start)
    if (s > 0 && s < line.length && line[s - 1] !== ' ' && line[s - 1] !== '\t') return null;
    if (i + 1 < h.starts.length && e < line.length && line[e - 1] !== ' ' && line[e - 1] !== '\t') return null;
    cells.push(line.slice(s, e).trim());
  }
  return cells;
}

function parseLabels(s: string): Record<string, string> {
  if (!s || s === '<none>') return {};
  const out: Record<string, string> = {};
  for (const kv of s.split(',')) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

export function parsePorts(s: string): ServicePort[] {
  if (!s || s === '<none>') return [];
  return s.split(',').flatMap((p) => {
    const m = /^(\d+)(?::(\d+))?\/(\w+)$/.exec(p.trim());
    if (!m) return [];
    const port: ServicePort = { port: Number(m[1]), protocol: (m[3] as string).toUpperCase() };
    if (m[2]) port.nodePort = Number(m[2]);
    return [port];
  });
}

function toRecord(h: Header, cells: string[]): KubeRow | null {
  const rec: KubeRow = { kind: h.kind, name: '' };
  h.names.forEach((n, i) => {
    const key = FIELD_NAMES[n] ?? n.toLowerCase();
    const v = cells[i] ?? '';
    if (key === 'labels') rec.labels = parseLabels(v);
    else if (key === 'ports' && h.kind === 'Service') rec.ports = parsePorts(v);
    else if (key === 'endpoints') rec.endpoints = v === '<none>' || !v ? [] : v.split(',').filter((x) => !/^\+ \d+ more/.test(x));
    else if (key === 'selector' || key === 'podSelector') rec[key] = v === '<none>' ? {} : parseLabels(v);
    else if (key === 'restarts') rec.restarts = v;
    else rec[key] = v;
  });
  if (!rec.name) return null;
  const prefixed = /^([a-z][\w.-]*)\/(\S+)$/.exec(rec.name);
  if (prefixed) {
    rec.kind = RESOURCE_PREFIX[prefixed[1] as string] ?? 'Other';
    rec.resource = prefixed[1];
    rec.name = prefixed[2] as string;
  }
  // `NAME STATUS AGE` is both the namespace table and the node table of kubectl before 1.6: the status tells them apart
  if (rec.kind === 'Namespace' && typeof rec.status === 'string' && NODE_STATUS.test(rec.status)) {
    rec.kind = 'Node';
    delete rec.labels;
  }
  if (rec.kind === 'Namespace' && !rec.labels) rec.labels = {};
  return rec;
}

const NODE_STATUS = /^(Ready|NotReady|Unknown)(,\S+)?$|^SchedulingDisabled$/;

/** A row without its header, recognised by shape (seed 004 pasted rows alone). */
function guessHeader(toks: string[]): Header | null {
  const mk = (names: string[]): Header => ({ names, starts: [], kind: kindOf(names) });
  if (/^\d+\/\d+$/.test(toks[1] ?? '') && /^[A-Z][A-Za-z:]+$/.test(toks[2] ?? '')) {
    const pod = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    if (toks.length >= 9) return mk([...pod, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    if (toks.length >= 7) return mk([...pod, 'IP', 'NODE', 'NOMINATED NODE']);
    return mk(pod);
  }
  if (/^\d+\/\d+$/.test(toks[2] ?? '') && /^[A-Z][A-Za-z:]+$/.test(toks[3] ?? '')) {
    return mk(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'].slice(0, Math.max(6, toks.length)));
  }
  if (/^(ClusterIP|NodePort|LoadBalancer|ExternalName)$/.test(toks[1] ?? '')) {
    return mk(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'].slice(0, toks.length));
  }
  if (/^(Ready|NotReady|Unknown)(,\S+)?$/.test(toks[1] ?? '') && /^v\d/.test(toks[4] ?? '')) {
    return mk(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  }
  return null;
}

/** Node rows split on whitespace: OS-IMAGE has spaces ("Ubuntu 22.04.4 LTS"), so fill from both ends. */
function fitTokens(h: Header, toks: string[]): string[] | null {
  const n = h.names.length;
  if (toks.length === n) return toks;
  if (h.kind === 'Node' && toks.length > n && h.names.includes('OS-IMAGE')) {
    const i = h.names.indexOf('OS-IMAGE');
    const tailCount = n - i - 1;
    return [...toks.slice(0, i), toks.slice(i, toks.length - tailCount).join(' '), ...toks.slice(toks.length - tailCount)];
  }
  if (toks.length === n - 1 && h.names[n - 1] === 'READINESS GATES') return [...toks, ''];
  if (toks.length > n && h.names[n - 1] === 'LABELS') return [...toks.slice(0, n - 1), toks.slice(n - 1).join(' ')];
  return null;
}

/**
 * A header wrapped by the terminal (`… PORT(S)` / ` AGE`): a line of only column names right under a header that
 * read no row continues it; its columns start after the header line's end, where the rows' cells go on.
 */
function wrappedHeader(h: Header, end: number, t: string): Header | null {
  const toks = tokens(t);
  if (!toks.length || !toks.every((k) => KNOWN.has(k) && k !== 'NAME' && k !== 'NAMESPACE')) return null;
  const names = [...h.names, ...toks];
  const starts = [...h.starts, ...toks.map((_, i) => end + 1 + i)];
  return { names, starts, kind: kindOf(names) };
}

/**
 * Column names that readHeader did not take (a header wrapped after `NAME`, or one name garbled): more than half
 * of two or more words are kubectl column names. Read as a row they would make a record of the column names.
 */
function isHeaderFragment(t: string): boolean {
  const toks = tokens(t);
  return toks.length >= 2 && toks.filter((k) => KNOWN.has(k)).length * 2 > toks.length;
}

function parseText(text: string) {
  const out = new Collector<KubeRow>();
  let header: Header | null = null;
  // a header is read with the rows it reads: one that reads no row (the rows cut off or garbled) is named
  let headerAt: { no: number; rows: number; end: number } | null = null;
  const headerDone = () => {
    if (headerAt && !headerAt.rows) out.warn(headerAt.no, 'unrecognized', 'kubectl table header with no row read under it');
    headerAt = null;
  };
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.replace(/\s+$/, '');
    if (!t.trim()) continue;
    const h = readHeader(t);
    if (h) { headerDone(); header = h; headerAt = { no: line.no, rows: 0, end: t.length }; continue; }
    if (/^No resources found/.test(t.trim())) { out.skip(line, 'ignored', 'kubectl found nothing'); continue; }
    const wrapped: Header | null = header && headerAt && !headerAt.rows ? wrappedHeader(header, headerAt.end, t) : null;
    // (said in a warning: the user sees the columns were joined, the accounting sees the header lines' numbers)
    if (wrapped) {
      out.warnRange(headerAt?.no ?? line.no, line.no, 'ignored', `kubectl table header wrapped onto line ${line.no}, read as one`);
      header = wrapped;
      continue;
    }
    if (isHeaderFragment(t)) {
      // right under a header that read no row: that header is the first part of the broken one, and would read
      // each row whole into its one NAME cell; without it the rows are read by their shape
      if (headerAt && !headerAt.rows) {
        out.warnRange(headerAt.no, line.no, 'unrecognized', 'a kubectl table header broken across lines or garbled, not read');
        header = null;
        headerAt = null;
      } else out.skip(line, 'unrecognized', 'column names of a broken or garbled header, not a row');
      continue;
    }
    let cells: string[] | null = null;
    let hdr: Header | null = header;
    if (hdr) cells = cellsByOffset(t, hdr) ?? fitTokens(hdr, tokens(t));
    if (!cells) {
      const toks = tokens(t);
      const g = guessHeader(toks);
      if (g) { hdr = g; cells = fitTokens(g, toks) ?? (toks.length <= g.names.length ? toks : null); }
    }
    const rec = hdr && cells ? toRecord(hdr, cells) : null;
    // (a row read by its own shape, not by the header above, does not read that header)
    if (rec) { out.add(rec); if (headerAt && hdr === header) headerAt.rows++; continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', header ? `row does not fit the ${header.names.length} columns` : 'not a kubectl table row');
  }
  headerDone();
  return out.result();
}

/**
 * `NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE kuard-… 1/1 Running 0 20h 10.13.76.52 aks-… <none> …`
 * → header + one line per row (chunks of the header's column count).
 */
export function reflow(text: string): string[] | null {
  const flat = text.trim();
  if (flat.includes('\n')) return null;
  const words = flat.split(/\s+/);
  // read header words greedily while they are known column names
  const names: string[] = [];
  let i = 0;
  while (i < words.length) {
    const two = `${words[i]} ${words[i + 1] ?? ''}`;
    if (MULTI_WORD.includes(two)) { names.push(two); i += 2; continue; }
    if (KNOWN.has(words[i] as string) && !(names.length && words[i] === 'NAME' && names.includes('NAME'))) { names.push(words[i] as string); i++; continue; }
    break;
  }
  if (names[0] !== 'NAME' && names[0] !== 'NAMESPACE') return null;
  if (names.length < 2) return null;
  const rows = tokens(words.slice(i).join(' '));
  const lines = [names.join('   ')];
  const n = names.length;
  for (let k = 0; k < rows.length; k += n) lines.push(rows.slice(k, k + n).join('   '));
  return lines;
}

export const info = {
  id: 'kubectl-table',
  title: 'kubectl get (table output)',
  family: 'kubectl' as const,
  commands: ['kubectl get pods [-A] [-o wide] [--show-labels]', 'kubectl get nodes [-o wide]', 'kubectl get svc [-o wide]',
    'kubectl get ns [--show-labels]', 'kubectl get netpol', 'kubectl get endpoints|ep', 'kubectl get deploy'],
  origins: ['seeds 000 001 002 004', 'corpus kubectl/*'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  if (lines.some((l) => readHeader(l.replace(/<\/?b>/g, '')))) return 0.95;
  const flatHeader = /^(NAMESPACE\s+)?NAME\s+(READY|STATUS|TYPE|ENDPOINTS|POD-SELECTOR)\b/.test(lines[0]?.trim() ?? '');
  if (flatHeader) return 0.9;
  const rows = lines.filter((l) => guessHeader(tokens(l))).length;
  return rows ? 0.7 * (rows / lines.length) : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const kubectlTableParser: Parser<KubeRow> = { info, detect, parse, reflow };

export const kubectlTableKind = defineKind<KubeRow>({
  parser: kubectlTableParser, convert: convertKubectlTable, scope: 'cluster', layoutLines: CAPITALS_HEADER,
  commandLines: [/^(kubectl|k|oc)\b(?!.*\s(-o|--output)[= ]?(yaml|json)\b)(?!.*\bget\s+(nnc|nodenetworkconfigs?)\b).*\bget\b/],
});
