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
import { Collector, head, safeParse } from '../common/lines.ts';
import { parseLenientJson, walkObjects } from '../common/lenient-json.ts';

export type NetworkProfile = Record<string, unknown> & { networkPlugin?: string | null };

function parseText(text: string) {
  const out = new Collector<NetworkProfile>();
  const t = text.trim();
  const parsed = parseLenientJson(t.startsWith('"') && !t.startsWith('"networkProfile"') ? `{${t}` : t);
  if (!parsed) {
    out.warn(1, 'unrecognized', 'not JSON, and not a JSON fragment that could be repaired');
    return out.result();
  }
  if (parsed.repaired) out.warn(1, 'ignored', parsed.repaired);
  for (const { obj } of walkObjects(parsed.value)) {
    if ('networkPlugin' in obj) { out.add(obj as NetworkProfile); break; }
  }
  if (!out.records.length) out.warn(1, 'unrecognized', 'no networkPlugin in this JSON');
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

export const azNetworkProfileKind = defineKind<NetworkProfile>({
  parser: azNetworkProfileParser, convert: convertNetworkProfile, scope: 'cluster',
  commandLines: [/^az\s+aks\s+show\b/],
});
