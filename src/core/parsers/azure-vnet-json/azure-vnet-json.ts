/**
 * `/var/run/azure-vnet.json`, the Azure CNI (azure-vnet) state file: whole, or the fragments of seed 004 that
 * start mid-object, contain `...` and lose their closing braces.
 *
 * Accepts: any JSON (or repairable fragment) holding network objects (`Mode`, `Subnets`, `Endpoints`) and endpoint
 * objects (`IfName`, `HostIfName`, `IPAddresses`, `PODName`); Go's base64 encodings of masks (`//8AAA==`) and
 * MACs (`umCZaqGD`). Does not accept the Windows HNS state (named as unsupported when recognised).
 *
 * Output: { type: "network", id, mode, externalInterface, subnets: [{ prefix, gateway }], version } and
 * { type: "endpoint", id, ifName, hostIfName, mac, ipAddresses: ["10.224.0.24/16"], gateways, routes: [{ dst, gateway }],
 *   netns, containerId, podName, podNamespace }.
 *
 * Example:
 *   "HostIfName": "azvc440f455693", "IPAddresses": [{ "IP": "10.224.0.24", "Mask": "//8AAA==" }], "PODName": "nginx"
 *   → { type: "endpoint", hostIfName: "azvc440f455693", ipAddresses: ["10.224.0.24/16"], podName: "nginx", … }
 */
import { defineKind } from '../common/kind.ts';
import { convertAzureVnet } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, safeParse, lastLineOf } from '../common/lines.ts';
import { walkObjects } from '../common/lenient-json.ts';
import { readJson } from '../common/json-lines.ts';
import { checkShape, z, type ZodSchema, warnProblem } from '../common/shape.ts';
import { base64MaskToPrefix } from '../../net/ip.ts';
import { kindOf, warnUnread, type VnetObject } from './unread.ts';

export interface AzureNetwork {
  type: 'network';
  id: string;
  mode: string;
  externalInterface?: string;
  subnets: { prefix: string; gateway?: string }[];
  version?: string;
}
export interface AzureEndpoint {
  type: 'endpoint';
  id: string;
  ifName?: string;
  hostIfName?: string;
  mac?: string;
  ipAddresses: string[];
  gateways: string[];
  routes: { dst: string; gateway?: string }[];
  netns?: string;
  containerId?: string;
  podName?: string;
  podNamespace?: string;
}
export type AzureVnetRecord = AzureNetwork | AzureEndpoint;

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Go's []byte MAC as base64 → aa:bb:cc:dd:ee:ff. */
export function base64Mac(b64: unknown): string | undefined {
  if (typeof b64 !== 'string' || !b64) return undefined;
  if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(b64)) return b64.toLowerCase();
  try {
    const bytes = Array.from(atob(b64), (c) => c.charCodeAt(0));
    return bytes.length === 6 ? bytes.map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined;
  } catch {
    return undefined;
  }
}

const ipWithMask = (o: unknown): string | undefined => {
  const x = o as Obj | null;
  const ip = str(x?.IP);
  if (!ip) return undefined;
  const p = base64MaskToPrefix(str(x?.Mask));
  return p === null ? ip : `${ip}/${p}`;
};

function toEndpoint(id: string, o: Obj): AzureEndpoint {
  const ep: AzureEndpoint = {
    type: 'endpoint',
    id: str(o.Id) ?? id,
    ipAddresses: ((o.IPAddresses as unknown[]) ?? []).map(ipWithMask).filter((x): x is string => !!x),
    gateways: ((o.Gateways as unknown[]) ?? []).filter((g): g is string => typeof g === 'string'),
    routes: ((o.Routes as Obj[]) ?? []).map((r) => {
      const dst = ipWithMask(r.Dst);
      const gw = str(r.Gw);
      return { dst: dst === '0.0.0.0/0' ? 'default' : (dst ?? ''), ...(gw ? { gateway: gw } : {}) };
    }),
  };
  const set = (k: keyof AzureEndpoint, v: string | undefined): void => { if (v) (ep as unknown as Obj)[k] = v; };
  set('ifName', str(o.IfName));
  set('hostIfName', str(o.HostIfName));
  set('mac', base64Mac(o.MacAddress));
  set('netns', str(o.NetworkNameSpace) ?? str(o.NetNsPath));
  set('containerId', str(o.ContainerID));
  set('podName', str(o.PODName));
  set('podNamespace', str(o.PODNameSpace));
  return ep;
}

/** The fields the records are made of, as azure-vnet.json holds them (Go's JSON: net.IP strings, base64 masks and MACs, nulls). */
const STR = z.optional(z.nullable(z.string()));
const IP_MASK = z.looseObject({ IP: STR, Mask: STR });
const ENDPOINT = z.looseObject({ Id: STR, IfName: STR, HostIfName: STR, MacAddress: STR, NetworkNameSpace: STR, NetNsPath: STR, ContainerID: STR,
  PODName: STR, PODNameSpace: STR, IPAddresses: z.optional(z.nullable(z.array(IP_MASK))), Gateways: z.optional(z.nullable(z.array(z.nullable(z.string())))),
  Routes: z.optional(z.nullable(z.array(z.looseObject({ Dst: z.optional(z.nullable(IP_MASK)), Gw: STR })))) });
const NETWORK = z.looseObject({ Id: STR, Mode: STR, Subnets: z.optional(z.nullable(z.array(z.looseObject({ Prefix: z.optional(z.nullable(IP_MASK)), Gateway: STR })))) });

function parseText(text: string) {
  const out = new Collector<AzureVnetRecord>();
  // azure-vnet.json is written by Go's encoding/json: its keys are quoted
  const read = readJson(text, out as Collector<unknown>, undefined, true);
  if (!read) {
    out.warnRange(1, lastLineOf(text), 'unrecognized', 'not JSON, and not a JSON fragment that could be repaired');
    return out.result();
  }
  const parsed = read;
  /** `obj`, checked against `schema`; its problems named at their line. */
  const checked = (schema: ZodSchema, obj: Obj, path: string[]): Obj | undefined => {
    const r = checkShape(schema, obj);
    for (const p of r.problems) warnProblem(out, read.lines, 0, path, p, `wrong shape: ${[...path, p.message].join('.')}`);
    return r.value as Obj | undefined;
  };
  const seenEndpoints = new Set<Obj>();
  const kinds = new Map<string, VnetObject>();
  const told: { obj: Obj; path: string[]; kind: VnetObject }[] = [];
  const interfaces = new Set<string>();
  for (const { obj: raw, path } of walkObjects(parsed.value)) {
    const isNetwork = 'Mode' in raw && ('Subnets' in raw || 'Endpoints' in raw);
    const isEndpoint = ('HostIfName' in raw || 'PODName' in raw) && 'IPAddresses' in raw && !seenEndpoints.has(raw);
    if (isEndpoint) seenEndpoints.add(raw);
    const kind = kindOf(path, isNetwork ? 'network' : isEndpoint ? 'endpoint' : null, raw, kinds);
    if (kind) { kinds.set(path.join('\u0000'), kind); told.push({ obj: raw, path, kind }); }
    const obj = isNetwork ? checked(NETWORK, raw, path) : isEndpoint ? checked(ENDPOINT, raw, path) : raw;
    if (!obj) continue;
    if (isNetwork) {
      const extIdx = path.indexOf('ExternalInterfaces');
      const net: AzureNetwork = {
        type: 'network',
        id: str(obj.Id) ?? path[path.length - 1] ?? 'azure',
        mode: str(obj.Mode) ?? '',
        subnets: ((obj.Subnets as Obj[]) ?? []).map((s) => ({ prefix: ipWithMask(s.Prefix) ?? '', ...(str(s.Gateway) ? { gateway: str(s.Gateway) } : {}) })),
      };
      const ext = extIdx >= 0 ? path[extIdx + 1] : undefined;
      if (ext) interfaces.add(net.externalInterface = ext);
      const top = parsed.value && typeof parsed.value === 'object' ? parsed.value as Obj : {};
      // the state object: under `Network`, or the paste's top when its `"Network": {` line was lost
      const network = top.Network && typeof top.Network === 'object' ? top.Network as Obj : 'ExternalInterfaces' in top ? top : undefined;
      const version = str(network?.Version);
      if (version) net.version = version;
      out.add(net);
    }
    if (isEndpoint) out.add(toEndpoint(path[path.length - 1] ?? '', obj));
  }
  if (!out.records.length) out.warnRange(1, lastLineOf(text), 'unrecognized', 'JSON holds no azure-vnet network or endpoint');
  else warnUnread(out as Collector<unknown>, read.parsedLines, parsed.value, told, kinds, interfaces);
  return out.result();
}

export const info = {
  id: 'azure-vnet-json',
  title: '/var/run/azure-vnet.json',
  family: 'azure-cni' as const,
  commands: ['cat /var/run/azure-vnet.json'],
  origins: ['seed 004 (whole with elided endpoints, and mid-object fragments)', 'corpus azure-cni/aks-transparent-azure-vnet-json-endpoints-elided.txt'],
};

export function detect(text: string): number {
  const h = head(text);
  if (/"(HostIfName|PODNameSpace|ExternalInterfaces|EnableSnatOnHost|InfraVnetIP)"\s*:/.test(h)) return 1;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const azureVnetJsonParser: Parser<AzureVnetRecord> = { info, detect, parse };

export const azureVnetJsonKind = defineKind<AzureVnetRecord>({
  parser: azureVnetJsonParser, convert: convertAzureVnet, scope: 'node',
  commandLines: [/azure-vnet\.json/],
});
