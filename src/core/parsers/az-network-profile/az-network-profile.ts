/**
 * `az aks show --query networkProfile` (and the whole `az aks show` JSON, from which networkProfile is taken).
 *
 * Accepts: the object, `"networkProfile": { … }` pasted without its outer braces, output cut before its end
 * (seed 004) — repaired.
 *
 * Output: one record, the profile as Azure prints it: { networkPlugin, networkPluginMode, networkPolicy,
 * networkDataplane, podCidr, podCidrs, serviceCidr, serviceCidrs, dnsServiceIp, outboundType, … }.
 *
 * Example:
 *   "networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "192.168.0.0/16"
 *   → { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }
 */
import { defineKind } from '../common/kind.ts';
import { convertNetworkProfile } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, lastLineOf } from '../common/lines.ts';
import { walkObjects } from '../common/lenient-json.ts';
import { readJson } from '../common/json-lines.ts';
import { checkShape, z, warnProblem } from '../common/shape.ts';

export type NetworkProfile = Record<string, unknown> & { networkPlugin?: string | null };

/** The profile's fields the modes read: strings (or null, az's JSON for unset); lists of CIDRs. Other fields pass as they are. */
const TEXT = z.optional(z.nullable(z.string()));
const PROFILE = z.looseObject({ networkPlugin: TEXT, networkPluginMode: TEXT, networkPolicy: TEXT, networkDataplane: TEXT, networkMode: TEXT,
  podCidr: TEXT, serviceCidr: TEXT, dnsServiceIp: TEXT, outboundType: TEXT, loadBalancerSku: TEXT,
  podCidrs: z.optional(z.nullable(z.array(z.string()))), serviceCidrs: z.optional(z.nullable(z.array(z.string()))) });

function parseText(text: string) {
  const out = new Collector<NetworkProfile>();
  const read = readJson(text, out as Collector<unknown>, (t) => (t.startsWith('"') && !t.startsWith('"networkProfile"') ? `{${t}` : t));
  if (!read) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'not JSON, and not a JSON fragment that could be repaired');
    return out.result();
  }
  for (const { obj, path } of walkObjects(read.value)) {
    if (!('networkPlugin' in obj)) continue;
    const r = checkShape(PROFILE, obj);
    for (const p of r.problems) warnProblem(out, read.lines, 0, path, p, `wrong shape: ${p.message}`);
    if (r.value) out.add(r.value as NetworkProfile);
    break;
  }
  if (!out.records.length) out.warnRange(1, lastLineOf(text), 'unrecognized', 'no networkPlugin in this JSON');
  return out.result();
}

export const info = {
  id: 'az-network-profile',
  title: 'az aks show --query networkProfile',
  family: 'other' as const,
  commands: ['az aks show -g RG -n NAME --query networkProfile', 'az aks show -g RG -n NAME'],
  origins: ['seed 004'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/"networkPlugin"\s*:/.test(h) && /"(serviceCidr|dnsServiceIp|networkPluginMode|podCidr)"\s*:/.test(h)) return 1;
  return /"networkPlugin"\s*:/.test(h) ? 0.9 : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const azNetworkProfileParser: Parser<NetworkProfile> = { info, detect, parse };

/** The key the profile is printed under (`"networkProfile": {`): it says where the record's object starts, and holds nothing else. */
export const PROFILE_KEY = /^\s*"networkProfile"\s*:\s*\{\s*$/;

export const azNetworkProfileKind = defineKind<NetworkProfile>({
  parser: azNetworkProfileParser, convert: convertNetworkProfile, scope: 'cluster', layoutLines: PROFILE_KEY,
  commandLines: [/^az\s+aks\s+show\b/],
});
