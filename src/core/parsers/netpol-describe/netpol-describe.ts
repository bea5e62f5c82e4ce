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
import { parseSelectorString, type LabelSelector } from '../common/label-selector.ts';
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

function parseText(text: string) {
  const out = new Collector<KubeObject>();
  let pol: KubeObject | null = null;
  let dir: 'ingress' | 'egress' | null = null;
  let rule: Rule | null = null;
  let peer: Peer | null = null;
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
      (ensurePolicy().spec as Record<string, unknown>).podSelector = parseSelectorString(m[1] as string);
      continue;
    }
    if ((m = /^Allowing (ingress|egress) traffic:\s*$/.exec(t))) {
      dir = m[1] as 'ingress' | 'egress'; rule = null; peer = null;
      const spec = ensurePolicy().spec as Record<string, unknown>;
      spec[dir] ??= [];
      continue;
    }
    if (/^Not affecting (ingress|egress) traffic/.test(t)) { dir = null; rule = null; peer = null; continue; }
    if (/^<none> \(Selected pods are isolated/.test(t)) { rule = null; peer = null; continue; }
    if (/^-{5,}$/.test(t)) { rule = null; peer = null; continue; }
    if ((m = /^To Port:\s*(.*)$/.exec(t))) {
      if (peer) { rule = null; peer = null; }
      const r = ensureRule();
      const p = parsePort(m[1] as string);
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
      if (/^<any>/.test(m[2] as string)) { peer = null; continue; }
      peer = {};
      (r[key] ??= []).push(peer);
      continue;
    }
    if (peer && (m = /^(PodSelector|NamespaceSelector):\s*(.*)$/.exec(t))) {
      const sel = parseSelectorString(m[2] as string);
      // a selector that reads as none although it is not `<none>` would widen the peer to every pod: named instead
      if (!Object.keys(sel).length && !isEmptySelector(m[2] as string)) {
        out.skip(line, 'unrecognized', `${m[1]}: not a readable selector`);
        continue;
      }
      peer[m[1] === 'PodSelector' ? 'podSelector' : 'namespaceSelector'] = sel;
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
  parser: netpolDescribeParser, convert: convertKubeObjects, scope: 'cluster',
  commandLines: [/^(kubectl|k)\b.*\bdescribe\s+(networkpolicy|networkpolicies|netpol)\b/],
});
