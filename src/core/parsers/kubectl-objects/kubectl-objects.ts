/**
 * Kubernetes objects as YAML or JSON: `kubectl get … -o yaml|json` (single objects and `List`s), manifests
 * with several `---` documents (NetworkPolicy YAML, Pods, Namespaces, Services, Endpoints, Nodes).
 *
 * Accepts: YAML and JSON; `kind: List` and `items:`; a NetworkPolicy whose indentation was lost when a blog
 * pasted it (seed 001) — re-indented from the NetworkPolicy schema; `apiVersion` spelled with odd case.
 * Documents that fail to parse are named in a warning with their line; the others are kept.
 *
 * Output: the objects themselves ({ apiVersion, kind, metadata: { name, namespace, labels }, spec, status }),
 * one record per object (List items flattened).
 *
 * Example:
 *   kind: NetworkPolicy
 *   metadata: { name: drop-inter-namespace, namespace: ingress }
 *   spec: { podSelector: { matchLabels: { app: kuard-vnode-ingress } }, policyTypes: [Ingress] }
 *   → { kind: "NetworkPolicy", metadata: { name: "drop-inter-namespace", namespace: "ingress" }, spec: { … } }
 */
import { parseAllDocuments } from 'yaml';
import { defineKind } from '../common/kind.ts';
import { convertKubeObjects } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, splitLines, lastLineOf } from '../common/lines.ts';
import { readJson } from '../common/json-lines.ts';
import { overwrittenPairs } from './duplicate-keys.ts';
import { checkShape, spanOfPath, z, type ZodSchema, warnProblem } from '../common/shape.ts';

export interface KubeObject {
  apiVersion?: string;
  kind: string;
  metadata: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

type Schema = 'scalar' | 'anymap' | { map: Record<string, Schema> } | { list: Schema };

const SELECTOR: Schema = {
  map: {
    matchLabels: 'anymap',
    matchExpressions: { list: { map: { key: 'scalar', operator: 'scalar', values: { list: 'scalar' } } } },
  },
};
const PEER: Schema = { map: { podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { map: { cidr: 'scalar', except: { list: 'scalar' } } } } };
const PORT: Schema = { map: { protocol: 'scalar', port: 'scalar', endPort: 'scalar' } };
const NETPOL: Schema = {
  map: {
    apiVersion: 'scalar', kind: 'scalar',
    metadata: { map: { name: 'scalar', namespace: 'scalar', labels: 'anymap', annotations: 'anymap', uid: 'scalar', resourceVersion: 'scalar', generation: 'scalar', creationTimestamp: 'scalar' } },
    spec: {
      map: {
        podSelector: SELECTOR,
        policyTypes: { list: 'scalar' },
        ingress: { list: { map: { from: { list: PEER }, ports: { list: PORT } } } },
        egress: { list: { map: { to: { list: PEER }, ports: { list: PORT } } } },
      },
    },
  },
};

interface Frame { schema: Schema; indent: number; listItem: boolean }

/** Does `schema` (a map, or a list of maps) name `key` explicitly? */
const names = (s: Schema, key: string): boolean => typeof s === 'object' && 'map' in s && key in s.map;

/**
 * Re-indents a NetworkPolicy that lost its indentation: each `key:` goes under the innermost open frame whose
 * schema names it (an any-map such as matchLabels takes keys no ancestor names); `- ` opens an item of the
 * innermost list that accepts the key after it.
 */
export function reindentNetworkPolicy(lines: string[]): string[] {
  const out: string[] = [];
  const stack: Frame[] = [{ schema: NETPOL, indent: 0, listItem: false }];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line === '---') { out.push(line); continue; }
    const dash = line.startsWith('- ');
    const body = dash ? line.slice(2).trim() : line;
    const kv = /^([\w.\-/]+):\s*(.*)$/.exec(body);
    const key = kv ? (kv[1] as string) : '';
    if (dash) {
      // find the innermost frame that is a list whose item schema fits
      while (stack.length > 1) {
        const top = stack[stack.length - 1] as Frame;
        if (typeof top.schema === 'object' && 'list' in top.schema) {
          const item = top.schema.list;
          if (!kv || names(item, key) || item === 'scalar') break;
        }
        stack.pop();
      }
      const listFrame = stack[stack.length - 1] as Frame;
      const item = typeof listFrame.schema === 'object' && 'list' in listFrame.schema ? listFrame.schema.list : 'scalar';
      const ind = ' '.repeat(listFrame.indent);
      out.push(`${ind}- ${body}`);
      if (kv && typeof item === 'object' && 'map' in item) {
        stack.push({ schema: item, indent: listFrame.indent + 2, listItem: true });
        const child = item.map[key];
        if (child && child !== 'scalar' && !(kv[2] as string)) stack.push({ schema: child, indent: listFrame.indent + 4, listItem: false });
      }
      continue;
    }
    if (!kv) { out.push(line); continue; }
    // pop to the innermost frame that names the key; an any-map takes keys that no ancestor names
    let target = -1;
    for (let i = stack.length - 1; i >= 0; i--) if (names((stack[i] as Frame).schema, key)) { target = i; break; }
    if (target < 0) for (let i = stack.length - 1; i >= 0; i--) if ((stack[i] as Frame).schema === 'anymap') { target = i; break; }
    if (target < 0) target = stack.length - 1;
    stack.length = target + 1;
    const frame = stack[target] as Frame;
    out.push(`${' '.repeat(frame.indent)}${body}`);
    const child = typeof frame.schema === 'object' && 'map' in frame.schema ? frame.schema.map[key] : undefined;
    if (child && child !== 'scalar' && !(kv[2] as string)) {
      const isList = typeof child === 'object' && 'list' in child;
      stack.push({ schema: child, indent: frame.indent + (isList ? 0 : 2), listItem: false });
    }
  }
  return out;
}

/** A NetworkPolicy pasted without indentation: `metadata:` and `spec:` with nothing under them indented. */
const looksFlatNetpol = (text: string): boolean =>
  /^kind:\s*NetworkPolicy\s*$/m.test(text) && /^spec:\s*$/m.test(text) && !/^[ \t]+\S/m.test(text);

/** The fields the converters read, per kind (the API's types); other fields pass as they are. */
const opt = <S extends ZodSchema>(s: S) => z.optional(z.nullable(s));
const STR = opt(z.string());
const LABELS = opt(z.record(z.string(), z.string()));
const LABEL_SELECTOR = z.looseObject({ matchLabels: LABELS,
  matchExpressions: opt(z.array(z.looseObject({ key: z.string(), operator: z.string(), values: opt(z.array(z.string())) }))) });
const PEER_SHAPE = z.looseObject({ podSelector: opt(LABEL_SELECTOR), namespaceSelector: opt(LABEL_SELECTOR), ipBlock: opt(z.looseObject({ cidr: z.string(), except: opt(z.array(z.string())) })) });
const PORT_SHAPE = z.looseObject({ protocol: STR, port: opt(z.union([z.number(), z.string()])), endPort: opt(z.number()) });
const IP_PORT = z.union([z.number(), z.string()]);
const OBJECT = (spec: ZodSchema = z.looseObject({}), status: ZodSchema = z.looseObject({}), more: Record<string, ZodSchema> = {}) => z.looseObject({
  kind: z.string(), apiVersion: STR, metadata: opt(z.looseObject({ name: STR, namespace: STR, labels: LABELS })), spec: opt(spec), status: opt(status), ...more });
const SHAPES: Record<string, ZodSchema> = {
  NetworkPolicy: OBJECT(z.looseObject({ podSelector: opt(LABEL_SELECTOR), policyTypes: opt(z.array(z.string())),
    ingress: opt(z.array(z.looseObject({ from: opt(z.array(PEER_SHAPE)), ports: opt(z.array(PORT_SHAPE)) }))),
    egress: opt(z.array(z.looseObject({ to: opt(z.array(PEER_SHAPE)), ports: opt(z.array(PORT_SHAPE)) }))) })),
  Pod: OBJECT(z.looseObject({ nodeName: STR, hostNetwork: opt(z.boolean()) }), z.looseObject({ podIP: STR, phase: STR })),
  Service: OBJECT(z.looseObject({ type: STR, clusterIP: STR, selector: LABELS, externalIPs: opt(z.array(z.string())),
    ports: opt(z.array(z.looseObject({ port: IP_PORT, nodePort: opt(z.number()), protocol: STR, targetPort: opt(IP_PORT), name: STR }))) }),
  z.looseObject({ loadBalancer: opt(z.looseObject({ ingress: opt(z.array(z.looseObject({ ip: STR }))) })) })),
  Node: OBJECT(z.looseObject({ podCIDR: STR }), z.looseObject({ addresses: opt(z.array(z.looseObject({ type: z.string(), address: z.string() }))) })),
  Endpoints: OBJECT(undefined, undefined, { subsets: opt(z.array(z.looseObject({ addresses: opt(z.array(z.looseObject({ ip: z.string() }))), ports: opt(z.array(z.looseObject({ port: z.number() }))) }))) }),
  NodeNetworkConfig: OBJECT(z.looseObject({ requestedIPCount: opt(z.number()) }), z.looseObject({ assignedIPCount: opt(z.number()), status: STR,
    networkContainers: opt(z.array(z.looseObject({ id: STR, assignmentMode: STR, type: STR, subnetName: STR, subnetAddressSpace: STR, version: opt(z.number()) }))) })),
};

/**
 * The objects of a document, each checked against its kind's shape (a wrong type named at its line and left
 * out); the document's lines (`lines`, from `first`) place the warnings.
 */
function checkedObjects(value: unknown, out: Collector<KubeObject>, lines: readonly string[], first: number): KubeObject[] {
  const objs: KubeObject[] = [];
  const kindless: (string | number)[][] = [];
  flatten(value, objs, [], kindless);
  const doc = kindless.length ? lines.slice(first) : lines;
  for (const path of kindless) {
    const [from, to] = spanOfPath(doc, path);
    out.warnRange(first + from, first + to, 'unrecognized', `${path.length ? `item ${path.join('.')}` : 'the document'}: an object without a kind, not read`);
  }
  return objs.flatMap((o) => {
    // checkShape takes out in place: a policy is kept as written for the refusal below
    const written = o.kind === 'NetworkPolicy' ? structuredClone(o) : o;
    const r = checkShape(SHAPES[o.kind] ?? OBJECT(), o);
    for (const p of r.problems) warnProblem(out, lines.slice(first), first, [], p, `wrong shape: ${o.kind} ${String(o.metadata?.name ?? '')}: ${p.message}`);
    // a policy's rule with a field taken out allows more than it says (a `from` removed is "from anywhere"): the
    // policy goes on as written, for the model's check to refuse it whole and the policy answer to name it
    if (o.kind === 'NetworkPolicy' && r.problems.some((p) => p.path[0] === 'spec')) return [written];
    if (!r.value) return [];
    const c = r.value as KubeObject;
    c.metadata = c.metadata && typeof c.metadata === 'object' ? c.metadata : {};
    return [c];
  });
}

/** The objects of a document, a list's items one by one; the paths of objects without a kind go to `kindless`. */
function flatten(v: unknown, out: KubeObject[], path: (string | number)[], kindless: (string | number)[][]): void {
  if (!v || typeof v !== 'object') return;
  if (Array.isArray(v)) { v.forEach((x, k) => flatten(x, out, [...path, k], kindless)); return; }
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.items) && (o.kind === 'List' || /List$/.test(String(o.kind ?? '')) || !o.kind)) { flatten(o.items, out, [...path, 'items'], kindless); return; }
  if (typeof o.kind === 'string') {
    const obj = o as KubeObject;
    obj.metadata = (obj.metadata && typeof obj.metadata === 'object') ? obj.metadata : {};
    out.push(obj);
  } else kindless.push(path);
}

function parseText(text: string) {
  const out = new Collector<KubeObject>();
  const src = looksFlatNetpol(text) ? reindentNetworkPolicy(text.split(/\r?\n/)).join('\n') : text;
  if (src !== text) out.warn(1, 'ignored', 'NetworkPolicy YAML had lost its indentation; re-indented from the NetworkPolicy schema');
  const trimmed = src.trim();
  // JSON opens with an object or a list of them; `[1:84] -A …` (a counter pasted above the YAML) does not
  if (/^(\{|\[\s*(\{|\]|$))/.test(trimmed)) {
    const read = readJson(src, out as Collector<unknown>);
    if (!read) { out.warnRange(1, lastLineOf(text), 'unrecognized', 'JSON did not parse, and could not be repaired'); return out.result(); }
    for (const o of checkedObjects(read.value, out, read.lines, 0)) out.add(o);
    return out.result();
  }
  const srcLines = splitLines(src).map((l) => l.text);
  // a whole-line comment is YAML's to skip: named as such (a line pasted in as `# …` is no part of the objects)
  srcLines.forEach((l, i) => { if (/^\s*#/.test(l)) out.skip({ no: i + 1, text: l }, 'ignored', 'a comment in the YAML'); });
  const docs = parseAllDocuments(src, { prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, k) => {
    const start = doc.range?.[0] ?? 0;
    const line = src.slice(0, start).split('\n').length;
    if (doc.errors.length) {
      const e = doc.errors[0];
      // the whole document is not read: the warning names every line of it, from its start to where the next
      // document starts (the parser's own range stops where it gave up)
      const end = Math.max(doc.range?.[2] ?? 0, list[k + 1]?.range?.[0] ?? src.length);
      const endLine = src.slice(0, end).replace(/\n+$/, '').split('\n').length;
      out.warnRange(line, Math.max(line, endLine), 'unrecognized', `YAML did not parse (${e?.code ?? 'error'}${e?.message ? `: ${e.message.split('\n')[0]?.slice(0, 80)}` : ''}): this document is skipped`);
      return;
    }
    for (const d of overwrittenPairs(doc, src)) {
      out.warnRange(d.from, d.to, 'unrecognized', `${d.key}: written again later in the same mapping, which overwrites this one: not read`);
    }
    out.cursor = line;
    for (const o of checkedObjects(doc.toJS({ maxAliasCount: 100 }), out, srcLines, line - 1)) out.add(o);
  });
  // lines of documents that held no Kubernetes object are named too
  if (!out.records.length && !out.warnings.length) {
    for (const l of splitLines(src)) out.skip(l, 'unrecognized', 'no Kubernetes object in this document');
  }
  return out.result();
}

export const info = {
  id: 'kubectl-objects',
  title: 'Kubernetes YAML / JSON (kubectl -o yaml|json, manifests)',
  family: 'netpol' as const,
  commands: ['kubectl get … -o yaml', 'kubectl get … -o json', 'cat policy.yaml'],
  origins: ['seed 001 (NetworkPolicy without indentation)', 'corpus netpol/*'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/^\s*"?apiVersion"?\s*:/m.test(h) && /^\s*"?kind"?\s*:\s*"?[A-Z]\w+/m.test(h)) return 0.95;
  if (/^kind:\s*NetworkPolicy/m.test(h)) return 0.9;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const kubectlObjectsParser: Parser<KubeObject> = { info, detect, parse };

export const kubectlObjectsKind = defineKind<KubeObject>({
  parser: kubectlObjectsParser, convert: convertKubeObjects, scope: 'cluster',
  // a List's `items:` key: the objects are its entries, each read as a document
  layoutLines: /^items:\s*$/,
  commandLines: [/^(kubectl|k|oc)\b.*\s(-o|--output)[= ]?(yaml|json)\b/, /^(cat|less|more|bat|jq\s+\.)\s+(?!\S*(azure-vnet|\/etc\/cni\/))\S+\.(ya?ml|json)$/],
});
