/**
 * `/var/run/azure-vnet-ipam.json`, azure-vnet-ipam's state: address spaces, pools and addresses (whole, or an
 * elided fragment such as seed 004's `"Addresses": {... "10.224.0.24": { … }`).
 *
 * Output: { type: "pool", subnet, ifName, priority } and { type: "address", addr, id, inUse, pool }.
 *
 * Example:
 *   "10.224.0.24": { "ID": "ee86fb8b…", "Addr": "10.224.0.24", "InUse": true }
 *   → { type: "address", addr: "10.224.0.24", id: "ee86fb8b…", inUse: true }
 */
import { defineKind } from '../common/kind.ts';
import { convertAzureIpam } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, lastLineOf } from '../common/lines.ts';
import { walkObjects } from '../common/lenient-json.ts';
import { readJson } from '../common/json-lines.ts';
import { checkShape, z, type ZodSchema, warnProblem } from '../common/shape.ts';

export type AzureIpamRecord =
  | { type: 'pool'; subnet: string; ifName?: string; priority?: number }
  | { type: 'address'; addr: string; id?: string; inUse: boolean; pool?: string };

/** What a pool and an address record are made of (azure-vnet-ipam's Go JSON); other fields pass as they are. */
const POOL = z.looseObject({ Subnet: z.optional(z.nullable(z.union([z.string(), z.looseObject({})]))), IfName: z.optional(z.nullable(z.string())), Priority: z.optional(z.number()) });
const ADDRESS = z.looseObject({ Addr: z.string(), InUse: z.boolean(), ID: z.optional(z.nullable(z.string())) });

function parseText(text: string) {
  const out = new Collector<AzureIpamRecord>();
  // azure-vnet-ipam.json is written by Go's encoding/json: its keys are quoted
  const read = readJson(text, out as Collector<unknown>, undefined, true);
  if (!read) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'not JSON, and not a JSON fragment that could be repaired');
    return out.result();
  }
  const check = (schema: ZodSchema, o: Record<string, unknown>, path: string[]): Record<string, unknown> | undefined => {
    const r = checkShape(schema, o);
    for (const p of r.problems) warnProblem(out, read.lines, 0, path, p, `wrong shape: ${[...path, p.message].join('.')}`);
    return r.value as Record<string, unknown> | undefined;
  };
  for (const { obj: raw, path } of walkObjects(read.value)) {
    const poolIdx = path.lastIndexOf('Pools');
    const isPool = 'Addresses' in raw && ('Subnet' in raw || poolIdx >= 0);
    const isAddress = 'Addr' in raw && 'InUse' in raw;
    const obj = isPool ? check(POOL, raw, path) : isAddress ? check(ADDRESS, raw, path) : raw;
    if (!obj) continue;
    if (isPool) {
      const subnet = typeof obj.Subnet === 'object' ? '' : String(obj.Subnet ?? path[path.length - 1] ?? '');
      out.add({ type: 'pool', subnet: subnet || (path[path.length - 1] ?? ''), ...(typeof obj.IfName === 'string' ? { ifName: obj.IfName } : {}), ...(typeof obj.Priority === 'number' ? { priority: obj.Priority } : {}) });
    }
    if (isAddress) {
      const rec: AzureIpamRecord = { type: 'address', addr: String(obj.Addr), inUse: obj.InUse === true };
      if (typeof obj.ID === 'string' && obj.ID) rec.id = obj.ID;
      if (poolIdx >= 0 && path[poolIdx + 1]) rec.pool = path[poolIdx + 1];
      out.add(rec);
    }
  }
  if (!out.records.length) out.warnRange(1, lastLineOf(text), 'unrecognized', 'JSON holds no azure-vnet-ipam pool or address');
  return out.result();
}

export const info = {
  id: 'azure-ipam-json',
  title: '/var/run/azure-vnet-ipam.json',
  family: 'azure-cni' as const,
  commands: ['cat /var/run/azure-vnet-ipam.json'],
  origins: ['seed 004 (elided fragment)', 'corpus azure-cni/aks-azure-vnet-ipam-json-fragment.txt'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/"Addr"\s*:/.test(h) && /"InUse"\s*:/.test(h)) return 1;
  if (/"AddressSpaces"\s*:|"Addresses"\s*:\s*\{/.test(h)) return 0.9;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const azureIpamJsonParser: Parser<AzureIpamRecord> = { info, detect, parse };

export const azureIpamJsonKind = defineKind<AzureIpamRecord>({
  parser: azureIpamJsonParser, convert: convertAzureIpam, scope: 'node',
  commandLines: [/azure-vnet-ipam\.json/],
});
