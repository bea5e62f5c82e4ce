/**
 * NetworkPolicies that are in the inputs but did not become policies: a YAML document of `kind: NetworkPolicy`
 * (or a `kubectl describe netpol` entry) whose block did not parse, or parsed without it. The policy answer must
 * not say "no policy selects the pod" while one it could not read might (issue 16).
 */
import type { ParsedBlock } from '../ingest/ingest.ts';
import type { NetworkPolicyModel, UnreadablePolicy } from '../model/types.ts';

/** `kind: NetworkPolicy` in YAML (a JSON policy that did not parse is named by the piece check instead). */
const KIND = /^\s*kind:\s*["']?NetworkPolicy["']?\s*$/;

/** The NetworkPolicy documents of a block's text: where each starts, its name and namespace when the text says. */
function policyDocs(b: ParsedBlock): { line: number; name?: string; namespace?: string }[] {
  const { texts, nos } = b.lines;
  const docs: { line: number; name?: string; namespace?: string }[] = [];
  let start = 0;
  const flush = (end: number) => {
    let at = -1;
    let name: string | undefined;
    let namespace: string | undefined;
    for (let i = start; i < end; i++) {
      const t = texts[i] as string;
      if (at < 0 && KIND.test(t)) at = i;
      const n = /^\s{0,4}name:\s*["']?([\w.-]+)/.exec(t);
      if (n && !name) name = n[1];
      const ns = /^\s{0,4}namespace:\s*["']?([\w.-]+)/.exec(t);
      if (ns && !namespace) namespace = ns[1];
    }
    if (at >= 0) docs.push({ line: nos[at] ?? 1, ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) });
  };
  for (let i = 0; i < texts.length; i++) if (/^---\s*$/.test(texts[i] as string)) { flush(i); start = i + 1; }
  flush(texts.length);
  return docs;
}

export function unreadablePolicies(blocks: ParsedBlock[], policies: NetworkPolicyModel[]): UnreadablePolicy[] {
  const out: UnreadablePolicy[] = [];
  for (const b of blocks) {
    if (b.kind !== 'kubectl-objects' && b.kind !== null) continue;
    if (!b.lines.texts.some((t) => KIND.test(t))) continue;
    const why = b.warnings.find((w) => w.kind === 'unrecognized')?.message ?? (b.kind ? 'its YAML did not yield the policy' : 'no parser recognised the text');
    for (const d of policyDocs(b)) {
      const read = policies.some((p) => p.name === d.name && (!d.namespace || p.namespace === d.namespace));
      if (!read) out.push({ ...(d.namespace ? { namespace: d.namespace } : {}), ...(d.name ? { name: d.name } : {}), why, source: { input: b.file, line: d.line } });
    }
  }
  return out;
}
