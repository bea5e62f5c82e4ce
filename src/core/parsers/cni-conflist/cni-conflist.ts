/**
 * CNI network configuration: `/etc/cni/net.d/*.conflist` and single-plugin `*.conf` — Azure (transparent, bridge,
 * swift Overlay, multitenancy), Calico, bridge/kubenet/host-local, flannel (with or without cniVersion), Cilium.
 *
 * Accepts: JSON as written (any indentation, no trailing newline), a `.conf` with one plugin (normalised into
 * `plugins`), flannel's `delegate`; repairable fragments. Does not accept YAML CNI configs (Multus CRDs).
 *
 * Output: { name, cniVersion, plugins: [{ type, mode, bridge, executionMode, ipam: { type, mode, subnet, ranges },
 * … as written }], … the conflist's other fields as written } — one record per file.
 *
 * Example:
 *   { "cniVersion": "0.3.0", "name": "azure", "plugins": [{ "type": "azure-vnet", "mode": "transparent", "ipam": { "type": "azure-vnet-ipam" } }] }
 *   → the same object
 */
import { defineKind } from '../common/kind.ts';
import { convertConflist } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, lastLineOf } from '../common/lines.ts';
import { readJson, shaped } from '../common/json-lines.ts';
import { z } from '../common/shape.ts';

export interface CniPlugin { type: string; mode?: string; ipam?: { type?: string; mode?: string; subnet?: string; [k: string]: unknown }; [k: string]: unknown }
export interface CniConflist { name?: string; cniVersion?: string; plugins: CniPlugin[]; [k: string]: unknown }

/** What the converter and the modes read of a conflist (the plugin's type, mode and IPAM); other fields pass as they are. */
const IPAM = z.looseObject({ type: z.optional(z.string()), mode: z.optional(z.string()), subnet: z.optional(z.string()) });
const PLUGIN = z.looseObject({ type: z.string(), mode: z.optional(z.string()), ipam: z.optional(IPAM) });
const CONFLIST = z.looseObject({ name: z.optional(z.string()), cniVersion: z.optional(z.string()), plugins: z.optional(z.array(PLUGIN)),
  type: z.optional(z.string()) });

function parseText(text: string) {
  const out = new Collector<CniConflist>();
  const read = readJson(text, out as Collector<unknown>);
  if (!read || typeof read.value !== 'object' || !read.value || Array.isArray(read.value)) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'not a CNI configuration (JSON)');
    return out.result();
  }
  const v0 = shaped(CONFLIST, read.value, out as Collector<unknown>, read.lines);
  if (!v0) return out.result();
  const plugins = v0.plugins ? (v0.plugins as CniPlugin[]) : typeof v0.type === 'string' ? [v0 as unknown as CniPlugin] : [];
  if (!plugins.length) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'JSON has no CNI plugins');
    return out.result();
  }
  // a conflist's other top-level fields (disableCheck, runtimeConfig, …) are kept as written; a .conf's are its plugin's
  const rest = v0.plugins ? Object.fromEntries(Object.entries(v0).filter(([k]) => k !== 'plugins')) : {};
  const rec: CniConflist = { ...rest, plugins };
  if (typeof v0.name === 'string') rec.name = v0.name;
  if (typeof v0.cniVersion === 'string') rec.cniVersion = v0.cniVersion;
  out.add(rec);
  return out.result();
}

export const info = {
  id: 'cni-conflist',
  title: 'CNI conflist (/etc/cni/net.d)',
  family: 'conflist' as const,
  commands: ['cat /etc/cni/net.d/10-azure.conflist', 'cat /etc/cni/net.d/15-azure-swift-overlay.conflist', 'cat /etc/cni/net.d/10-calico.conflist', 'cat /etc/cni/net.d/*.conf'],
  origins: ['seeds 000 004', 'corpus conflist/*'],
};

export function detect(text: string): number {
  const h = head(text);
  // a conflist is a JSON document; a log line quoting one (azure-vnet.log's StdinData) is not
  if (!/^[\s{[]*"/.test(h) && !h.trimStart().startsWith('{')) return 0;
  if (/"plugins"\s*:\s*\[/.test(h) && /"type"\s*:/.test(h)) return 1;
  if (/"cniVersion"\s*:/.test(h) && /"type"\s*:/.test(h)) return 0.95;
  if (/"type"\s*:\s*"(bridge|azure-vnet|calico|flannel|cilium-cni|ptp|host-local|portmap)"/.test(h)) return 0.8;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const cniConflistParser: Parser<CniConflist> = { info, detect, parse };

export const cniConflistKind = defineKind<CniConflist>({
  parser: cniConflistParser, convert: convertConflist, scope: 'node',
  commandLines: [/\/etc\/cni\/net\.d\/\S+\.(conflist|conf)|\.conflist\b/],
});
