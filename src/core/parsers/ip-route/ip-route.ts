/**
 * `ip route` / `ip route show [table T|all]` / `ip -4|-6 route` / `ip -c route` / `ip route get` (the result line).
 *
 * Accepts: unicast, local, broadcast, blackhole, unreachable, prohibit, throw routes; `via`, `dev`, `proto`,
 * `scope`, `src`, `metric`, `table`, `nhid`, `onlink`, `linkdown`; multipath routes with indented `nexthop`
 * lines; old iproute2 spacing (double spaces, trailing blanks). Does not accept `ip -s route`, `cache` lines.
 *
 * Output: the objects of `ip -j route`: type (when not unicast), dst ("default", "a.b.c.d/len", or a bare
 * address for a host route), gateway, dev, protocol, scope, prefsrc, metric, table, nhid, flags,
 * nexthops [{ gateway, dev, weight, flags }] (ip -j's name for a multipath route's hops).
 *
 * Example:
 *   default via 10.224.0.1 dev eth0 proto dhcp src 10.224.0.4 metric 100
 *   → { dst: "default", gateway: "10.224.0.1", dev: "eth0", protocol: "dhcp", prefsrc: "10.224.0.4", metric: 100, flags: [] }
 */
import { defineKind } from '../common/kind.ts';
import { convertRoutes } from './convert.ts';
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';

export interface Nexthop {
  gateway?: string;
  dev?: string;
  weight?: number;
  flags: string[];
}

export interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  table?: string;
  nhid?: number;
  flags: string[];
  nexthops?: Nexthop[];
  /** Where the route came from when it was not `ip route` itself (route -n, azure-vnet.json …). */
  from?: string;
}

const TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'anycast']);
const DST = /^(default|[0-9a-fA-F.:]+(\/\d+)?)$/;
const NEXTHOP = /^\s*next-?hop\s+(.*)$/;
const ROUTE_FLAGS = new Set(['onlink', 'linkdown', 'pervasive', 'dead', 'offload', 'trap', 'notify', 'rt_offload', 'rt_trap']);

/** Parses the tokens after the destination into the route (or next hop) fields. Returns unknown tokens. */
function applyAttrs(r: IpRoute | Nexthop, toks: string[]): string[] {
  const unknown: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const v = toks[i + 1];
    const route = r as IpRoute;
    switch (t) {
      case 'via': if (v) { r.gateway = v === 'inet' || v === 'inet6' ? (toks[++i + 1] ?? '') : v; i++; } break;
      case 'dev': if (v) { r.dev = v; i++; } break;
      case 'weight': if (v) { (r as Nexthop).weight = Number(v); i++; } break;
      case 'proto': if (v) { route.protocol = v; i++; } break;
      case 'scope': if (v) { route.scope = v; i++; } break;
      case 'src': if (v) { route.prefsrc = v; i++; } break;
      case 'metric': if (v) { route.metric = Number(v); i++; } break;
      case 'table': if (v) { route.table = v; i++; } break;
      case 'nhid': if (v) { route.nhid = Number(v); i++; } break;
      case 'pref': case 'mtu': case 'advmss': case 'expires': case 'realm': case 'realms': case 'hoplimit':
      case 'initcwnd': case 'initrwnd': case 'quickack': case 'rtt': case 'rttvar': case 'window': case 'uid':
      case 'cache': case 'iif': case 'from': case 'features':
        i++; break;
      case 'lock': break;
      default:
        if (ROUTE_FLAGS.has(t)) r.flags.push(t);
        else unknown.push(t);
    }
  }
  return unknown;
}

export function parseRouteLine(line: string): IpRoute | null {
  const toks = line.trim().split(/\s+/).filter(Boolean);
  if (!toks.length) return null;
  let i = 0;
  let type: string | undefined;
  if (TYPES.has(toks[0] as string) && toks.length > 1) { type = toks[0]; i = 1; }
  const dst = toks[i];
  if (!dst || !DST.test(dst)) return null;
  const route: IpRoute = { dst: dst === '0.0.0.0/0' ? 'default' : dst.replace(/\/(32|128)$/, ''), flags: [] };
  if (type && type !== 'unicast') route.type = type;
  const rest = toks.slice(i + 1);
  if (!type && rest.length === 0) return null;
  const unknown = applyAttrs(route, rest);
  if (unknown.length > 2) return null;
  if (!route.dev && !route.gateway && !route.type && !route.nhid && !route.protocol) return null;
  return route;
}

function parseText(text: string) {
  const out = new Collector<IpRoute>();
  let last: IpRoute | null = null;
  const lines = splitLines(text);
  lines.forEach((line, i) => {
    out.cursor = line.no;
    const t = line.text;
    if (!t.trim()) return;
    // a multipath route's first line holds only its destination (and attributes); the next hops follow
    const head = /^\s*(default|[0-9a-fA-F.:]+(?:\/\d+)?)((?:\s+(?:proto|metric|table|scope|src)\s+\S+)*)\s*$/.exec(t);
    if (head && NEXTHOP.test(lines[i + 1]?.text ?? '')) {
      const r: IpRoute = { dst: (head[1] as string).replace(/\/(32|128)$/, ''), flags: [] };
      applyAttrs(r, (head[2] as string).trim().split(/\s+/).filter(Boolean));
      last = out.add(r);
      return;
    }
    const nh = NEXTHOP.exec(t);
    if (nh && last) {
      const hop: Nexthop = { flags: [] };
      applyAttrs(hop, (nh[1] as string).trim().split(/\s+/));
      if (!hop.gateway && !hop.dev) { out.skip(line, 'unrecognized', 'a nexthop without its gateway or device (cut short?), not read'); return; }
      (last.nexthops ??= []).push(hop);
      return;
    }
    const r = parseRouteLine(t);
    if (r) { last = out.add(r); return; }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); return; }
    if (/^\s*cache\b/.test(t)) { out.skip(line, 'unsupported', 'route cache line'); return; }
    out.skip(line, 'unrecognized', 'not an ip route line');
  });
  return out.result();
}

export const info = {
  id: 'ip-route',
  title: 'ip route',
  family: 'ip-route' as const,
  commands: ['ip route', 'ip r', 'ip route show table all', 'ip -4 route', 'ip -6 route', 'ip -c route', 'ip route show table N'],
  origins: ['corpus ip-route/*', 'kernel captures (scripts/capture-kernel-fixtures.sh)'],
};

export function detect(text: string): number {
  const lines = head(text).split('\n').filter((l) => l.trim());
  if (!lines.length) return 0;
  let hits = 0;
  for (const l of lines) if (parseRouteLine(l) || NEXTHOP.test(l)) hits++;
  const strong = /\b(dev \S+|via \d|proto (kernel|static|dhcp|bird|boot|bgp)|scope (link|host|global))\b/.test(head(text, 2000));
  return strong ? hits / lines.length : (hits / lines.length) * 0.5;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const ipRouteParser: Parser<IpRoute> = { info, detect, parse };

export const ipRouteKind = defineKind<IpRoute>({
  parser: ipRouteParser, convert: convertRoutes, scope: 'node',
  commandLines: [/^ip\s+((?!-j(son)?\b)-\S+\s+)*(r|ro|rou|rout|route)\b/],
});
