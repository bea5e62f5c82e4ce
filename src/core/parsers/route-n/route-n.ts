/**
 * `route -n` / `route -nv` / `route -ne` / `route -nee` / `route` (numeric anyway) / `netstat -rn` (net-tools).
 *
 * Accepts: the `Kernel IP routing table` header (optional), the column header (any of Metric/Ref/Use, MSS/Window/irtt),
 * one route per row; a row alone (`route -n | grep 10.0.0.5`); the table flattened onto one line (seed 001),
 * rebuilt by `reflow`. `route` without `-n` prints names: `default`, `*`, `link-local`, `loopback` and names that
 * spell their address (`ip-10-0-0-1.ec2.internal`) are read back; a gateway shown by another name (`_gateway`) is kept
 * as that name with a warning (its address is unknown); a destination shown by another name is named as unsupported.
 * Does not accept IPv6 `route -A inet6`.
 *
 * Output: the objects of `ip -j route`: dst ("default", "a.b.c.d/len", bare address for /32), gateway, dev,
 * scope ("link" for a route without gateway), metric (when non-zero), type ("unreachable" for `!` rows,
 * "blackhole" for rows without a device),
 * flags [] — plus `nettools_flags` (U, G, H, !, …) as printed.
 *
 * Example:
 *   192.168.1.38    0.0.0.0         255.255.255.255 UH    0      0        0 azvcd87e76d4de
 *   → { dst: "192.168.1.38", dev: "azvcd87e76d4de", scope: "link", flags: [], nettools_flags: "UH" }
 */
import { defineKind } from '../common/kind.ts';
import { convertRoutes } from '../ip-route/convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';
import { isIpv4, maskToPrefix } from '../../net/ip.ts';
import type { IpRoute } from '../ip-route/ip-route.ts';

export interface NetToolsRoute extends IpRoute {
  nettools_flags: string;
}

const TITLE = /^\s*Kernel IP routing table\s*$/;
// `route -nee` prints Iface before MSS Window irtt
const COLUMNS = /^\s*Destination\s+Gateway\s+Genmask\s+Flags(?:\s+(?:Metric|Ref|Use|MSS|Window|irtt|Iface))+\s*$/;
/** What only looks like the column header: its columns are not all known, so the rows keep the last layout. */
const LIKE_COLUMNS = /^\s*Destination\s+Gateway\b/;
/** The title and the column header: read for the layout, no record of their own. */
const LAYOUT = new RegExp(`${TITLE.source}|${COLUMNS.source}`);
const ADDR = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|default|link-local|\*)`;
const ROW = new RegExp(String.raw`^\s*(${ADDR})\s+(${ADDR})\s+(\d{1,3}(?:\.\d{1,3}){3})\s+([UGHRDMAC!n]+)\s+(.*)$`);
/** `route` without `-n`: destination and gateway may be names (`_gateway`, `ip-10-0-0-1.ec2.internal`). */
const NAMED_ROW = /^\s*([\w.*:-]+)\s+([\w.*:-]+)\s+(\d{1,3}(?:\.\d{1,3}){3})\s+([UGHRDMAC!n]+)\s+(.*)$/;

/** A name net-tools printed for an address: the ones /etc/networks gives by default, and host names that spell it. */
function addressOfName(s: string): string | undefined {
  if (s === 'default' || s === '*') return '0.0.0.0';
  if (s === 'link-local') return '169.254.0.0';
  if (s === 'loopback') return '127.0.0.0';
  const spelled = /^ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(\.|$)/.exec(s);
  if (spelled) return spelled.slice(1, 5).join('.');
  return isIpv4(s) ? s : undefined;
}

type Columns = string[];

function hostAddr(s: string): string {
  if (s === 'default') return '0.0.0.0';
  if (s === 'link-local') return '169.254.0.0';
  if (s === '*') return '0.0.0.0';
  return s;
}

function parseRow(m: RegExpMatchArray, columns: Columns): NetToolsRoute | null {
  const [, dstRaw, gwRaw, mask, flags, rest] = m as unknown as [string, string, string, string, string, string];
  const prefix = maskToPrefix(mask);
  if (prefix === null || !isIpv4(hostAddr(dstRaw))) return null;
  const dst = hostAddr(dstRaw);
  const gw = hostAddr(gwRaw);
  const toks = rest.trim().split(/\s+/);
  // Columns after Flags vary by flags: Metric Ref Use Iface | MSS Window irtt Iface | Metric Ref Use Iface MSS Window irtt
  const after = columns.slice(columns.indexOf('Flags') + 1);
  const cols = after.length ? after : ['Metric', 'Ref', 'Use', 'Iface'];
  const val = (name: string): string | undefined => {
    const i = cols.indexOf(name);
    return i >= 0 ? toks[i] : undefined;
  };
  const iface = val('Iface') ?? toks[toks.length - 1];
  const route: NetToolsRoute = {
    dst: prefix === 0 && dst === '0.0.0.0' ? 'default' : prefix === 32 ? dst : `${dst}/${prefix}`,
    flags: [],
    nettools_flags: flags,
  };
  // net-tools prints `*` for a route with no device: `!` marks reject (unreachable), otherwise a blackhole
  if (flags.includes('!')) route.type = 'unreachable';
  else if ((iface === '*' || iface === '-') && gw === '0.0.0.0') route.type = 'blackhole';
  if (gw !== '0.0.0.0') route.gateway = gw;
  if (iface && iface !== '*' && iface !== '-') route.dev = iface;
  if (!route.gateway && !route.type) route.scope = 'link';
  const metric = Number(val('Metric') ?? '0');
  if (metric > 0) route.metric = metric;
  return route;
}

function parseText(text: string) {
  const out = new Collector<NetToolsRoute>();
  let columns: Columns = ['Destination', 'Gateway', 'Genmask', 'Flags', 'Metric', 'Ref', 'Use', 'Iface'];
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) continue;
    if (TITLE.test(t)) continue;
    if (COLUMNS.test(t)) { columns = t.trim().split(/\s+/); continue; }
    if (LIKE_COLUMNS.test(t)) { out.skip(line, 'unrecognized', `a column header with columns route -n does not print: rows read as ${columns.join(' ')}`); continue; }
    const m = ROW.exec(t);
    const r = m ? parseRow(m, columns) : null;
    if (r) { out.add(r); continue; }
    const named = NAMED_ROW.exec(t);
    if (named) {
      const [, dst, gw] = named as unknown as [string, string, string];
      const dstIp = addressOfName(dst);
      if (!dstIp) { out.skip(line, 'unsupported', `destination shown by name (${dst}, route without -n): its address is unknown; capture \`route -n\``); continue; }
      const gwIp = addressOfName(gw);
      const row = parseRow([t, dstIp, gwIp ?? '0.0.0.0', named[3], named[4], named[5]] as unknown as RegExpMatchArray, columns);
      if (row) {
        if (!gwIp) {
          row.gateway = gw;
          delete row.scope;
          out.warn(line.no, 'unsupported', `gateway shown by name (${gw}, route without -n): kept as that name, its address is unknown; capture \`route -n\``);
        }
        out.add(row);
        continue;
      }
    }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not a route -n row');
  }
  return out.result();
}

/** Seed 001 lost its line breaks: `Kernel IP routing table Destination … Iface 0.0.0.0 10.13.76.1 0.0.0.0 UG 0 0 0 eth0 …`. */
export function reflow(text: string): string[] | null {
  if (text.includes('\n') && text.trim().split('\n').length > 1) return null;
  const flat = text.trim();
  const hdr = /(Kernel IP routing table\s+)?Destination\s+Gateway\s+Genmask\s+Flags((?:\s+(?:Metric|Ref|Use|MSS|Window|irtt))*)\s+Iface/.exec(flat);
  if (!hdr) return null;
  const columns = ['Destination', 'Gateway', 'Genmask', 'Flags', ...(hdr[2] ?? '').trim().split(/\s+/).filter(Boolean), 'Iface'];
  const toks = flat.slice(hdr.index + hdr[0].length).trim().split(/\s+/).filter(Boolean);
  const lines = [...(hdr[1] ? ['Kernel IP routing table'] : []), columns.join(' ')];
  for (let i = 0; i < toks.length; i += columns.length) lines.push(toks.slice(i, i + columns.length).join(' '));
  return lines;
}

export const info = {
  id: 'route-n',
  title: 'route -n (net-tools)',
  family: 'route-n' as const,
  commands: ['route -n', 'route -nv', 'route -ne', 'route -nee', 'route', 'netstat -rn', 'netstat -nr'],
  origins: ['seeds 000 001 002 003 004', 'corpus route-n/*', 'kernel captures (scripts/capture-kernel-fixtures.sh)'],
};

export function detect(text: string): number {
  const h = head(text);
  if (TITLE.test(h.split('\n')[0] ?? '') || /Kernel IP routing table/.test(h)) return 1;
  if (/Destination\s+Gateway\s+Genmask\s+Flags/.test(h)) return 0.95;
  const lines = h.split('\n').filter((l) => l.trim());
  const rows = lines.filter((l) => ROW.test(l)).length;
  return lines.length ? (0.8 * rows) / lines.length : 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const routeNParser: Parser<NetToolsRoute> = { info, detect, parse, reflow };

export const routeNKind = defineKind<NetToolsRoute>({
  parser: routeNParser, convert: convertRoutes, scope: 'node', layoutLines: LAYOUT,
  commandLines: [/^(route|netstat\s+-\w*r)/],
});
