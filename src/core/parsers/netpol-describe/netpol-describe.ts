/**
 * `kubectl describe networkpolicy|netpol [NAME] [-n NS]` → NetworkPolicy objects.
 *
 * Accepts: one or several policies; the Spec section alone (author trimmed the rest); indentation lost
 * (seed 001) — the structure is read from the keywords, not the spaces; `<none>` / `<any>` forms; `Not affecting
 * … traffic`; IPBlock with CIDR and Except; author comment lines (`// …`) are named and skipped.
 *
 * Output: { kind: "NetworkPolicy", metadata: { name, namespace, labels }, spec: { podSelector, ingress, egress,
 * policyTypes } } in the shape of the Kubernetes API, so the policy engine reads it like YAML input.
 *
 * Example:
 *   Name: drop-inter-namespace
 *   Namespace: ingress
 *   Spec:
 *     PodSelector: app=kuard-vnode-ingress
 *     Allowing ingress traffic:
 *       To Port: 8080/TCP
 *       From:
 *         NamespaceSelector: name=kube-system
 *   → { kind: "NetworkPolicy", metadata: { name: "drop-inter-namespace", namespace: "ingress" },
 *       spec: { podSelector: { matchLabels: { app: "kuard-vnode-ingress" } }, ingress: [{ ports: [{ port: 8080, protocol: "TCP" }], from: [{ namespaceSelector: { matchLabels: { name: "kube-system" } } }] }] } }
 */
import { defineKind } from '../common/kind.ts';
import { convertKubeObjects } from '../kubectl-objects/convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';
import { parseSelectorString, readSelector, type LabelSelector } from '../common/label-selector.ts';
import type { KubeObject } from '../kubectl-objects/kubectl-objects.ts';

interface Peer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } }
interface PolicyPort { protocol?: string; port?: number | string; endPort?: number }
interface Rule { ports?: PolicyPort[]; from?: Peer[]; to?: Peer[] }

function parsePort(s: string): PolicyPort | null {
  const v = s.trim();
  if (/^<any>/.test(v)) return null;
  const m = /^([\w-]+)(?:-(\d+))?\/(\w+)$/.exec(v);
  if (!m) return { port: v };
  const port: PolicyPort = { port: /^\d+$/.test(m[1] as string) ? Number(m[1]) : (m[1] as string), protocol: m[3] as string };
  if (m[2]) port.endPort = Number(m[2]);
  return port;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// a port number, or a named port (an IANA_SVC_NAME: letters, digits, dashes)
const PORT_VALUE = /^(\d+|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/i;
/** `<none>` / `<any>` / nothing, with kubectl's note after it: a selector that is empty on purpose. */
const isEmptySelector = (s: string): boolean => /^\s*(<none>|<any>)?\s*(\([^()]*\))?\s*$/.test(s);

/**
 * kubectl's fixed words for an empty value, exactly as it prints them: such a line reads as that value (an empty
 * pod selector, any port, any peer, no rule in a direction), which the records hold without a word of the line.
 * kubectl prints `To: <any> (traffic not restricted by destination)`; older builds said `source` there too.
 */
export const EMPTY_FORMS = new RegExp(`^\\s*(${[
  'PodSelector:\\s+<none> \\(Allowing the specific traffic to all pods in this namespace\\)',
  'To Port: <any> \\(traffic allowed to all ports\\)',
  '(From|To): <any> \\(traffic not restricted by (source|destination)\\)',
  '<none> \\(Selected pods are isolated for (ingress|egress) connectivity\\)',
  // a policy without labels or annotations (the policy record holds none)
  '(Labels|Annotations):\\s+<none>',
  // a direction the policy does not restrict (its policyTypes leave it out)
  'Not affecting (ingress|egress) traffic',
].join('|')})\\s*$`);

/**
 * A selector's value: `<none>` or `<any>` with nothing after it but a note is the empty selector (a note not kubectl's
 * named); label terms are read; a value with a term that is no selector term is named and kept unreadable, so the
 * model's check refuses the policy whole (as for a To Port), never a selector wider or narrower than written.
 */
function selectorOf(out: Collector<KubeObject>, line: { no: number; text: string }, what: string, value: string): LabelSelector {
  const v = value.trim();
  if (!v || /^<(none|any)>\s*(\(.*)?$/.test(v)) { noteNotKubectls(out, line); return {}; }
  const { selector, unread } = readSelector(v);
  if (!unread.length) return selector;
  out.warn(line.no, 'unrecognized', `${what}: not a readable selector (${unread.join(', ').slice(0, 60)}): the policy cannot be read whole`);
  return { matchLabels: { unreadable: { text: v } } } as unknown as LabelSelector;
}

/** A `<none>`/`<any>` line with text after the value that is not kubectl's note: the value is read, the rest named. */
function noteNotKubectls(out: Collector<KubeObject>, line: { no: number; text: string }): void {
  const m = /<(none|any)>\s*(\S.*)$/.exec(line.text);
  if (m && !EMPTY_FORMS.test(line.text)) {
    out.warn(line.no, 'ignored', `read as <${m[1]}>; the text after it is not kubectl's note, not read: ${m[2]?.slice(0, 60)}`);
  }
}

function parseText(text: string) {
  const out = new Collector<KubeObject>();
  let pol: KubeObject | null = null;
  let dir: 'ingress' | 'egress' | null = null;
  let rule: Rule | null = null;
  let peer: Peer | null = null;
  /** The policies whose own PodSelector: line was read. */
  const selected = new Set<KubeObject>();
  const ensurePolicy = (): KubeObject => {
    pol ??= out.add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {}, spec: { podSelector: {} } });
    return pol;
  };
  const ensureRule = (): Rule => {
    if (!rule) {
      const p = ensurePolicy();
      const spec = p.spec as Record<string, unknown>;
      const list = (spec[dir ?? 'ingress'] ??= []) as Rule[];
      rule = {};
      list.push(rule);
    }
    return rule;
  };
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.trim();
    if (!t) continue;
    let m: RegExpExecArray | null;
    if ((m = /^Name:\s*(\S+)/.exec(t))) {
      pol = out.add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: m[1] as string }, spec: { podSelector: {} } });
      dir = null; rule = null; peer = null;
      continue;
    }
    if ((m = /^Namespace:\s*(.*)$/.exec(t))) {
      // a namespace is a DNS label: anything else is a garbled line, not a namespace to trace against
      if (DNS_LABEL.test(m[1] as string)) ensurePolicy().metadata.namespace = m[1] as string;
      else out.skip(line, 'unrecognized', 'Namespace: not a namespace name, not read');
      continue;
    }
    if ((m = /^Labels:\s*(.*)$/.exec(t))) {
      const l = parseSelectorString(m[1] as string).matchLabels;
      if (l) ensurePolicy().metadata.labels = l;
      else if (!isEmptySelector(m[1] as string)) out.skip(line, 'unrecognized', 'Labels: not readable as labels, not read');
      continue;
    }
    if ((m = /^Created on:\s*(.*)$/.exec(t))) {
      // kubectl prints the creation time as `2019-04-04 14:32:25 +0200 CEST`: kept as written
      if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}( [A-Z]{2,5})?$/.test(m[1] as string)) ensurePolicy().metadata.creationTimestamp = m[1] as string;
      else out.skip(line, 'unrecognized', 'Created on: not a time kubectl prints, not read');
      continue;
    }
    if (/^Annotations:/.test(t)) continue;
    if (t === 'Spec:') { ensurePolicy(); continue; }
    if ((m = /^PodSelector:\s*(.*)$/.exec(t)) && !peer) {
      // the policy's own selector comes once, before its rules: another one is a peer's whose `From:`/`To:` was lost
      if (selected.has(ensurePolicy())) {
        out.skip(line, 'unrecognized', 'a PodSelector: outside any From:/To: peer after the policy\'s own, not read');
        continue;
      }
      selected.add(ensurePolicy());
      (ensurePolicy().spec as Record<string, unknown>).podSelector = selectorOf(out, line, 'PodSelector', m[1] as string);
      continue;
    }
    if ((m = /^Allowing (ingress|egress) traffic:\s*$/.exec(t))) {
      dir = m[1] as 'ingress' | 'egress'; rule = null; peer = null;
      const spec = ensurePolicy().spec as Record<string, unknown>;
      spec[dir] ??= [];
      continue;
    }
    if (/^Not affecting (ingress|egress) traffic/.test(t)) { dir = null; rule = null; peer = null; continue; }
    if ((m = /^<none> \(Selected pods are isolated for (ingress|egress)\b/.exec(t))) {
      // no rule in that direction: its list is empty (the pods isolated), even when its `Allowing …` line was lost
      dir = m[1] as 'ingress' | 'egress'; rule = null; peer = null;
      (ensurePolicy().spec as Record<string, unknown>)[dir] ??= [];
      noteNotKubectls(out, line);
      continue;
    }
    if (/^-{5,}$/.test(t)) { rule = null; peer = null; continue; }
    if (/^(To Port|From|To):/.test(t) && !dir) {
      // a rule line before any `Allowing ingress|egress traffic:` (or after `Not affecting …`): its direction unknown
      out.skip(line, 'unrecognized', 'a rule line outside any Allowing ingress/egress traffic: section, not read');
      continue;
    }
    if ((m = /^To Port:\s*(.*)$/.exec(t))) {
      if (peer) { rule = null; peer = null; }
      const r = ensureRule();
      const p = parsePort(m[1] as string);
      if (!p) noteNotKubectls(out, line);
      if (p && PORT_VALUE.test(String(p.port))) (r.ports ??= []).push(p);
      else if (p) {
        // a rule without its port would allow every port: the port stays, unreadable, so the model refuses the
        // policy whole and its answer is unknown, never wider than the evidence
        (r.ports ??= []).push({ port: { unreadable: m[1] as string } as unknown as string });
        out.warn(line.no, 'unrecognized', 'To Port: not a port number or name: the policy cannot be read whole');
      }
      continue;
    }
    if ((m = /^(From|To):\s*(.*)$/.exec(t))) {
      const r = ensureRule();
      const key = m[1] === 'From' ? 'from' : 'to';
      if (/^<any>/.test(m[2] as string)) { peer = null; noteNotKubectls(out, line); continue; }
      peer = {};
      (r[key] ??= []).push(peer);
      continue;
    }
    if (peer && (m = /^(PodSelector|NamespaceSelector):\s*(.*)$/.exec(t))) {
      const key = m[1] === 'PodSelector' ? 'podSelector' : 'namespaceSelector';
      // a second selector of one kind in a peer is a line out of place: which one kubectl printed is unknown
      if (peer[key]) { out.skip(line, 'unrecognized', `a second ${m[1]}: in one peer (a line out of place?), not read`); continue; }
      peer[key] = selectorOf(out, line, m[1] as string, m[2] as string);
      continue;
    }
    if (peer && /^IPBlock:\s*$/.test(t)) { peer.ipBlock = { cidr: '' }; continue; }
    if (peer?.ipBlock && (m = /^CIDR:\s*(\S+)/.exec(t))) { peer.ipBlock.cidr = m[1] as string; continue; }
    if (peer?.ipBlock && (m = /^Except:\s*(.*)$/.exec(t))) { peer.ipBlock.except = (m[1] as string).split(/,\s*/).filter(Boolean); continue; }
    if ((m = /^Policy Types:\s*(.*)$/.exec(t))) {
      (ensurePolicy().spec as Record<string, unknown>).policyTypes = (m[1] as string).split(/,\s*/).filter(Boolean);
      continue;
    }
    if (t.startsWith('//')) { out.skip(line, 'ignored', 'author comment'); continue; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not a kubectl describe networkpolicy line');
  }
  return out.result();
}

export const info = {
  id: 'netpol-describe',
  title: 'kubectl describe networkpolicy',
  family: 'netpol' as const,
  commands: ['kubectl describe networkpolicy [NAME]', 'kubectl describe netpol/NAME'],
  origins: ['seed 001', 'corpus netpol/*'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/Allowing (ingress|egress) traffic:|Not affecting (ingress|egress) traffic/.test(h) && /PodSelector:/.test(h)) return 1;
  if (/^\s*Spec:\s*$/m.test(h) && /PodSelector:/.test(h)) return 0.8;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const netpolDescribeParser: Parser<KubeObject> = { info, detect, parse };

export const netpolDescribeKind = defineKind<KubeObject>({
  parser: netpolDescribeParser, convert: convertKubeObjects, scope: 'cluster', emptyForms: EMPTY_FORMS,
  // a peer's IPBlock: heading (its CIDR and Except lines follow)
  layoutLines: /^\s*IPBlock:\s*$/,
  commandLines: [/^(kubectl|k)\b.*\bdescribe\s+(networkpolicy|networkpolicies|netpol)\b/],
});
