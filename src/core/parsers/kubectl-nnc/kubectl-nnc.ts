/**
 * Azure CNS's NodeNetworkConfig table: `kubectl get nnc [-A] [-o wide]`, `kubectl get nodenetworkconfig(s)`, also
 * `-n kube-system`, and the older printer columns (STATUS, REQUESTED IPS, ASSIGNED IPS) of CNS before 2023.
 *
 * Accepts: the header (any of NAMESPACE, NAME, STATUS, REQUESTED IPS, AVAILABILITY ZONE, ALLOCATED IPS, ASSIGNED IPS,
 * SUBNET, SUBNET CIDR, NC ID, NC MODE, NC TYPE, NC VERSION, AGE — kubectl prints several with a space inside), rows
 * aligned under it (cells cut at the header's offsets, so an empty cell stays empty), several network containers
 * per node (kubectl joins a `[*]` column's values with commas). Does not accept `-o yaml/json` (kubectl-objects).
 *
 * Output: { kind: "NodeNetworkConfig", namespace, name, status, requestedIps, allocatedIps, availabilityZone, age,
 * containers: [{ id, mode, type, subnet, subnetCidr, version }] } — `type` is the NC TYPE (`vnet`, `vnetblock`,
 * `overlay`), `mode` the NC MODE (`dynamic`, `static`).
 *
 * Example:
 *   NAME                                REQUESTED IPS   ALLOCATED IPS   SUBNET   SUBNET CIDR     NC ID        NC MODE   NC TYPE   NC VERSION
 *   aks-nodepool1-39652274-vmss000000   48              48              podnet   10.241.0.0/16   7f68a6e2-…   dynamic   vnet      2
 *   → { name: "aks-nodepool1-…", requestedIps: 48, allocatedIps: 48, containers: [{ id: "7f68a6e2-…", mode: "dynamic", type: "vnet", subnet: "podnet", subnetCidr: "10.241.0.0/16", version: 2 }] }
 */
import { CAPITALS_HEADER, defineKind } from '../common/kind.ts';
import { convertNodeNetworkConfigs } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface NncContainer { id?: string; mode?: string; type?: string; subnet?: string; subnetCidr?: string; version?: number }
export interface NncRow {
  kind: 'NodeNetworkConfig';
  name: string;
  namespace?: string;
  status?: string;
  requestedIps?: number;
  allocatedIps?: number;
  availabilityZone?: string;
  age?: string;
  containers: NncContainer[];
}

/** The printer columns, longest first so `SUBNET CIDR` is not read as `SUBNET`. */
const COLUMNS = ['AVAILABILITY ZONE', 'REQUESTED IPS', 'ALLOCATED IPS', 'ASSIGNED IPS', 'SUBNET CIDR', 'NC VERSION', 'NC MODE', 'NC TYPE',
  'NC ID', 'NAMESPACE', 'SUBNET', 'STATUS', 'NAME', 'AGE'];
/** Columns only this table has: a header with one of them is an NNC table. */
const OWN = /\b(NC (MODE|TYPE|VERSION|ID)|(REQUESTED|ALLOCATED|ASSIGNED) IPS)\b/;

interface Header { names: string[]; starts: number[] }

export function readHeader(line: string): Header | null {
  if (!OWN.test(line)) return null;
  const names: string[] = [];
  const starts: number[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    const name = COLUMNS.find((c) => line.startsWith(c, i) && (i + c.length === line.length || /\s/.test(line[i + c.length] as string)));
    if (!name) return null;
    names.push(name);
    starts.push(i);
    i += name.length;
  }
  return names[0] === 'NAME' || (names[0] === 'NAMESPACE' && names[1] === 'NAME') ? { names, starts } : null;
}

/** A row cut at the header's offsets (kubectl aligns every cell under its column's start). */
function cells(line: string, h: Header): string[] | null {
  const out: string[] = [];
  for (let k = 0; k < h.starts.length; k++) {
    const s = h.starts[k] as number;
    const e = k + 1 < h.starts.length ? (h.starts[k + 1] as number) : line.length;
    if (s > 0 && s < line.length && !/\s/.test(line[s - 1] as string)) return null;
    out.push(line.slice(s, e).trim());
  }
  return out;
}

const num = (v: string | undefined): number | undefined => (v && /^\d+$/.test(v) ? Number(v) : undefined);
const list = (v: string | undefined): string[] => (v && v !== '<none>' ? v.split(',') : []);

/** A Kubernetes object name (and namespace): one DNS-style word. */
const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NUMERIC = new Set(['REQUESTED IPS', 'ALLOCATED IPS', 'ASSIGNED IPS']);

function toRow(h: Header, c: string[]): NncRow | null {
  const at = (n: string): string | undefined => { const i = h.names.indexOf(n); const v = i >= 0 ? c[i] : undefined; return v && v !== '<none>' ? v : undefined; };
  const name = at('NAME');
  if (!name || !OBJECT_NAME.test(name) || (at('NAMESPACE') && !OBJECT_NAME.test(at('NAMESPACE') as string))) return null;
  if (h.names.some((n, i) => NUMERIC.has(n) && c[i] && !/^\d+$/.test(c[i] as string))) return null;
  const ids = list(at('NC ID'));
  const modes = list(at('NC MODE'));
  const types = list(at('NC TYPE'));
  const versions = list(at('NC VERSION'));
  const subnets = list(at('SUBNET'));
  const cidrs = list(at('SUBNET CIDR'));
  const n = Math.max(ids.length, modes.length, types.length, versions.length, subnets.length, cidrs.length);
  const containers: NncContainer[] = Array.from({ length: n }, (_, k) => {
    const version = num(versions[k]);
    return { ...(ids[k] ? { id: ids[k] } : {}), ...(modes[k] ? { mode: modes[k] } : {}), ...(types[k] ? { type: types[k] } : {}),
      ...(subnets[k] ? { subnet: subnets[k] } : {}), ...(cidrs[k] ? { subnetCidr: cidrs[k] } : {}), ...(version !== undefined ? { version } : {}) };
  });
  const row: NncRow = { kind: 'NodeNetworkConfig', name, containers };
  const ns = at('NAMESPACE');
  if (ns) row.namespace = ns;
  const status = at('STATUS');
  if (status) row.status = status;
  const requested = num(at('REQUESTED IPS'));
  if (requested !== undefined) row.requestedIps = requested;
  const allocated = num(at('ALLOCATED IPS') ?? at('ASSIGNED IPS'));
  if (allocated !== undefined) row.allocatedIps = allocated;
  const zone = at('AVAILABILITY ZONE');
  if (zone) row.availabilityZone = zone;
  const age = at('AGE');
  if (age) row.age = age;
  return row;
}

function parseText(text: string) {
  const out = new Collector<NncRow>();
  let header: Header | null = null;
  let headerLine = 0;
  let rows = 0;
  // kubectl prints `No resources found` for an empty table, never a header alone: a header no row was read under
  // lost its rows (cut off, or none fits it), which the user is told at the header
  const endTable = (): void => {
    if (header && !rows) out.warn(headerLine, 'ignored', 'a NodeNetworkConfig header with no row read under it (its rows cut off or unreadable)');
  };
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.replace(/\s+$/, '');
    if (!t.trim()) continue;
    const h = readHeader(t);
    if (h) { endTable(); header = h; headerLine = line.no; rows = 0; continue; }
    if (/^No resources found/.test(t.trim())) { out.skip(line, 'ignored', 'kubectl found nothing'); continue; }
    // cut at the header's offsets; a row pasted with its spacing lost has one token per column (no cell is empty or spaced)
    const toks = t.trim().split(/\s+/);
    const row = header ? toRow(header, cells(t, header) ?? []) ?? (toks.length === header.names.length ? toRow(header, toks) : null) : null;
    if (row) { out.add(row); rows++; continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', header ? 'row does not fit the NodeNetworkConfig columns' : 'not a NodeNetworkConfig table row (no header above it)');
  }
  endTable();
  return out.result();
}

export const info = {
  id: 'kubectl-nnc',
  title: 'kubectl get nnc (Azure CNS NodeNetworkConfig)',
  family: 'kubectl' as const,
  commands: ['kubectl get nnc -A', 'kubectl get nnc -A -o wide', 'kubectl get nodenetworkconfig -n kube-system', 'kubectl get nodenetworkconfigs'],
  origins: ['the printer columns of Azure/azure-container-networking (crd/nodenetworkconfig) and PR #1908\'s example output'],
};

export function detect(text: string): number {
  return head(text).split('\n').some((l) => readHeader(l.replace(/\s+$/, ''))) ? 0.97 : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const kubectlNncParser: Parser<NncRow> = { info, detect, parse };

export const kubectlNncKind = defineKind<NncRow>({
  parser: kubectlNncParser, convert: convertNodeNetworkConfigs, scope: 'cluster', layoutLines: CAPITALS_HEADER,
  commandLines: [/^(kubectl|k|oc)\b(?!.*\s(-o|--output)[= ]?(yaml|json)\b).*\bget\s+(nnc|nodenetworkconfigs?)(\.acn\.azure\.com)?\b/],
});
