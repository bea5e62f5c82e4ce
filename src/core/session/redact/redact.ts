/**
 * Redaction before sharing: one mapping over all inputs (and the trace request and view that name them), built
 * from the parsed model and the text, then applied in one pass per text by one tokenizer, so that nothing is
 * replaced twice and every occurrence of a thing gets the same replacement. What it replaces, in this order:
 *   secrets   PEM blocks, JWTs, `Bearer …`, values of password/secret/token/key fields, long random base64
 *   Azure     resource ids (/subscriptions/…/resourceGroups/…/providers/…: every name in them), GUIDs,
 *             MC_<group>_<cluster>_<region> groups, *.azmk8s.io hosts
 *   MACs      into RFC 7042's documentation range (00:00:5e:00:53:xx), keeping broadcast, multicast and the
 *             all-one-byte MACs CNIs use everywhere (Calico's ee:ee:…, Azure CNI's aa:aa:…)
 *   IPv4      ipv4.ts: structure kept, into documentation ranges; IPv6 into 2001:db8::/32 (EUI-64 ids follow their MAC)
 *   names     names.ts: nodes, prompt hosts, namespaces, pods, services
 */
import ipaddr from 'ipaddr.js';
import type { Snapshot } from '../../model/types.ts';
import { maskToPrefix } from '../../net/ip.ts';
import { Ipv4Map } from './ipv4.ts';
import { KEY_ONLY_WORDS, nameMap, SYNTAX_WORDS, type NameMap } from './names.ts';

export type RedactionKind = 'secret' | 'resource' | 'guid' | 'mac' | 'ipv4' | 'ipv6' | 'node' | 'namespace' | 'pod' | 'service' | 'workload';
export interface RedactionEntry { kind: RedactionKind; from: string; to: string }

const IPV4 = String.raw`(?<![\w.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?:\/(?:3[0-2]|[12]?\d)(?!\d)|\/(?:\d{1,3}\.){3}\d{1,3})?(?![\w]|\.\d)`;
const MAC = String.raw`(?<![\w-]|[0-9A-Fa-f]{2}:)[0-9A-Fa-f]{2}(?<macSep>[:-])[0-9A-Fa-f]{2}(?:\k<macSep>[0-9A-Fa-f]{2}){4}(?![\w:-])`;
const BARE_MAC = String.raw`(?<=[Mm][Aa][Cc](?:[Aa]ddress)?["']?\s*(?:[:=>]|">)\s*["']?)[0-9A-Fa-f]{12}(?![0-9A-Fa-f])`;
const IPV6 = String.raw`(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:\/\d{1,3})?(?![\w:.])`;
const GUID = String.raw`(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f])`;
/** `password` → `[Pp][Aa]…`: the one part of the tokenizer that ignores case. */
const anyCase = (words: string): string => words.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`);
const SECRET_KEY = String.raw`(?<![A-Za-z])(?:${anyCase(String.raw`password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|account[_-]?key|client[_-]?secret|shared[_-]?access[_-]?key|sig|credentials?|auth`)})`;
const TOKEN = new RegExp([
  String.raw`(?<pem>-----BEGIN (?<pemKind>[A-Z0-9 ]+)-----[\s\S]*?-----END \k<pemKind>-----)`,
  String.raw`(?<jwt>\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,})`,
  String.raw`(?<bearerKey>\b[Bb]earer\s+)(?<bearer>[\w.~+/-]{8,}=*)`,
  String.raw`(?<secretKey>${SECRET_KEY}["']?\s*[:=]\s*["']?)(?<secret>[^\s"',;&]{4,})`,
  String.raw`(?<rid>\/subscriptions\/[^\s"',;<>]+)`,
  String.raw`(?<mc>\bMC_[\w.-]+_[\w.-]+_[a-z0-9]+\b)`,
  String.raw`(?<aksHost>\b[\w-]+(?=\.(?:hcp|privatelink)\.[\w-]+\.azmk8s\.io\b))`,
  String.raw`(?<guid>${GUID})`,
  String.raw`(?<mac>${MAC})`,
  String.raw`(?<bareMac>${BARE_MAC})`,
  String.raw`(?<ipv4>${IPV4})`,
  String.raw`(?<ipv6>${IPV6})`,
  String.raw`(?<b64>(?<![\w+/=-])[A-Za-z0-9+/]{40,}={0,2}(?![\w+/=-]))`,
  String.raw`(?<word>[A-Za-z0-9][A-Za-z0-9-]*)`,
].join('|'), 'g');

/** An Azure resource's name: the value of an `az` flag that names one, or of an az JSON field. */
const AZ_NAME_FLAG = /(?:--resource-group|--name|--vnet-name|--subnet-name|--cluster-name|--nodepool-name|--subscription|--dns-name-prefix)[= ]+["']?$/;
const AZ_JSON_NAME = /"(?:resourceGroup|dnsPrefix|subscription|subscriptionName)"\s*:\s*"$/;
function namesAzureResource(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(Math.max(lineStart, start - 40), start);
  if (AZ_NAME_FLAG.test(before) || AZ_JSON_NAME.test(before)) return true;
  // `-n` is kubectl's namespace and `-g` iptables' goto: a resource name only on an `az` command line
  return /\s-[ng]\s+$/.test(before) && /^\s*az\s/.test(text.slice(lineStart, start));
}

/** `route -n` / `netstat -rn` rows (`dst gw mask flags`) and ifconfig's `inet … netmask …`: the mask after an address. */
const ROUTE_MASK = /^\s+(?:\d{1,3}\.){3}\d{1,3}\s+((?:\d{1,3}\.){3}\d{1,3})\s+[UGHRDMACL!]+\b/;
const NETMASK = /^\s+(?:netmask|mask)\s+((?:\d{1,3}\.){3}\d{1,3})/;

/** The prefix an IPv4 token is written with: `/16`, `/255.255.0.0`, or the mask column that follows it. */
function prefixOf(token: string, text: string, end: number): { ip: string; prefix?: number; suffix: string } {
  const slash = token.indexOf('/');
  if (slash >= 0) {
    const ip = token.slice(0, slash);
    const rest = token.slice(slash + 1);
    const prefix = rest.includes('.') ? maskToPrefix(rest) : Number(rest);
    return { ip, ...(prefix !== null ? { prefix } : {}), suffix: token.slice(slash) };
  }
  const ahead = text.slice(end, end + 80);
  const mask = ROUTE_MASK.exec(ahead)?.[1] ?? NETMASK.exec(ahead)?.[1];
  const prefix = mask ? maskToPrefix(mask) : null;
  return { ip: token, ...(prefix !== null && prefix !== undefined ? { prefix } : {}), suffix: '' };
}

const KEEP_MACS = /^(00:00:00:00:00:00|ff:ff:ff:ff:ff:ff|([0-9a-f]{2})(:\2){5})$/;

/** A name used as one: `ns/name`, `-n ns`, `namespace: ns`, the first column of a table, `_ns_` in a container name. */
function inNamePosition(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 2);
  if (/^\/[\w]/.test(after) || /^_/.test(after) || /(?:kns|ksa)\.$/.test(before)) return true;
  // `kubectl get ns` rows, also when a blog ran the table onto one line
  if (/^\s+(?:Active|Terminating)\b/.test(text.slice(end, end + 14))) return true;
  if (/(?:-n\s+|--namespace[=\s]+|namespace:\s*|Namespace:\s*|"(?:Pod)?[Nn]amespace"\s*:\s*"|namespace=|_)$/.test(before)) return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /^\s*$/.test(text.slice(lineStart, start)) && /^\s{2,}\S/.test(text.slice(end, end + 40));
}

export interface Redactor {
  text(s: string): string;
  /** A file name: its folders as text, and the pod in `pod-<name>-…`. */
  path(p: string): string;
  entries(): RedactionEntry[];
  counts(): Record<RedactionKind, number>;
}

/**
 * The redactor for `texts` (every input and every string that travels with them), given the model they parse to
 * and the hosts their prompts name. `salt` makes the generated suffixes differ between shares.
 */
export function buildRedactor(texts: readonly string[], snap: Snapshot, promptHosts: Iterable<string>, salt = ''): Redactor {
  const ipv4 = new Ipv4Map();
  const words = new Set<string>();
  const resourceWords = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(TOKEN)) {
      const g = m.groups ?? {};
      if (g.ipv4) { const { ip, prefix } = prefixOf(g.ipv4, t, (m.index ?? 0) + m[0].length); ipv4.observe(ip, prefix); }
      else if (g.word) {
        words.add(g.word);
        if (g.word.length >= 3 && !/^\d+$/.test(g.word) && namesAzureResource(t, m.index ?? 0)) resourceWords.add(g.word);
      }
    }
  }
  const names: NameMap = nameMap(snap, promptHosts, (w) => words.has(w), salt);
  for (const w of resourceWords) if (names.words.has(w) || SYNTAX_WORDS.has(w.toLowerCase())) resourceWords.delete(w);
  const table = new Map<string, RedactionEntry>();
  const note = (kind: RedactionKind, from: string, to: string): string => {
    if (from !== to && !table.has(`${kind}|${from}`)) table.set(`${kind}|${from}`, { kind, from, to });
    return to;
  };
  const counters = new Map<string, Map<string, string>>();
  const numbered = (kind: string, value: string, make: (n: number) => string): string => {
    let m = counters.get(kind);
    if (!m) counters.set(kind, m = new Map());
    let v = m.get(value);
    if (!v) { v = make(m.size + 1); m.set(value, v); }
    return v;
  };
  const secret = (v: string): string => note('secret', v.length > 12 ? `${v.slice(0, 4)}…` : '…', numbered('secret', v, (n) => `REDACTED-SECRET-${n}`));
  const guid = (g: string): string => note('guid', g, numbered('guid', g.toLowerCase(), (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`));
  const resource = (kind: 'group' | 'name', v: string): string => {
    if (/^[0-9a-f-]{36}$/i.test(v)) return guid(v);
    const mc = /^MC_(.+)_(.+)_([a-z0-9]+)$/.exec(v);
    if (mc) return note('resource', v, `MC_${resource('group', mc[1] as string)}_${resource('name', mc[2] as string)}_${mc[3]}`);
    // one numbering for groups, clusters, VNets: the same name is the same resource-N in an az command and in an id
    return note('resource', v, numbered('resource', v.toLowerCase(), (n) => `resource-${n}`));
  };
  const mac = (m: string): string => {
    const sep = m.includes('-') ? '-' : m.length === 12 ? '' : ':';
    const norm = (m.length === 12 ? m.match(/../g)?.join(':') ?? m : m.replace(/-/g, ':')).toLowerCase();
    // multicast (the first byte odd), broadcast, and the one-byte-repeated MACs every Calico/Azure CNI node uses
    if (KEEP_MACS.test(norm) || parseInt(norm.slice(0, 2), 16) & 1) return m;
    const mapped = numbered('mac', norm, (n) => (n <= 256 ? `00:00:5e:00:53:${(n - 1).toString(16).padStart(2, '0')}`
      : `02:00:5e:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`));
    const out = mapped.split(':').join(sep);
    note('mac', m, m === m.toUpperCase() ? out.toUpperCase() : out);
    return m === m.toUpperCase() ? out.toUpperCase() : out;
  };
  const v4 = (token: string, text: string, end: number): string => {
    const { ip, prefix, suffix } = prefixOf(token, text, end);
    const to = prefix !== undefined ? ipv4.mapNet(ip, prefix) : ipv4.map(ip);
    return note('ipv4', ip, to) + suffix;
  };
  const v6 = (token: string): string => {
    const [addr, len] = token.split('/') as [string, string?];
    if (!ipaddr.IPv6.isValid(addr)) return token;
    const a = ipaddr.IPv6.parse(addr);
    const range = a.range();
    const parts = a.parts.slice();
    if (range === 'ipv4Mapped') {
      const v = a.toIPv4Address().toString();
      return `::ffff:${note('ipv4', v, ipv4.map(v))}${len ? `/${len}` : ''}`;
    }
    if (['unspecified', 'loopback', 'multicast', 'reserved'].includes(range)) return token;
    // an EUI-64 interface id carries the MAC (its 7th bit flipped, ff:fe in the middle): it follows the MAC's replacement
    const [p4, p5, p6, p7] = parts.slice(4) as [number, number, number, number];
    if ((p5 & 0xff) === 0xff && p6 >> 8 === 0xfe) {
      const bytes = [(p4 >> 8) ^ 2, p4 & 255, p5 >> 8, p6 & 255, p7 >> 8, p7 & 255];
      const m = mac(bytes.map((x) => x.toString(16).padStart(2, '0')).join(':')).split(':').map((x) => parseInt(x, 16)) as number[];
      const [m0, m1, m2, m3, m4, m5] = m as [number, number, number, number, number, number];
      parts[4] = ((m0 ^ 2) << 8) | m1;
      parts[5] = (m2 << 8) | 0xff;
      parts[6] = 0xfe00 | m3;
      parts[7] = (m4 << 8) | m5;
    }
    if (range !== 'linkLocal') {
      const site = numbered('ipv6', parts.slice(0, 3).join(':'), (n) => String(n));
      parts[0] = 0x2001; parts[1] = 0xdb8; parts[2] = Number(site);
    }
    const out = new ipaddr.IPv6(parts).toString();
    return note('ipv6', addr, out) + (len ? `/${len}` : '');
  };
  const word = (w: string, text: string, start: number): string => {
    // a name an az command or az JSON gave a resource group, cluster, VNet or subnet: replaced wherever it appears
    if (resourceWords.has(w)) return resource('name', w);
    const to = names.words.get(w);
    if (to === undefined) {
      // inside a longer word: a GUID (`cni-<guid>` netns names), a pod or node name (a netns named after its pod),
      // a node's cluster number (`aks-pool-<n>-vmss`)
      if (!w.includes('-')) return w;
      const parts = w.replace(new RegExp(GUID, 'g'), (x) => guid(x)).split('-');
      for (let i = 0; i < parts.length; i++) {
        for (let j = parts.length; j > i; j--) {
          const sub = parts.slice(i, j).join('-');
          const kind = names.kinds.get(sub);
          if (kind === 'pod' || kind === 'node') { parts.splice(i, j - i, note(kind, sub, names.words.get(sub) as string)); break; }
        }
      }
      return parts.join('-');
    }
    if (names.syntax.has(w)) {
      const end = start + w.length;
      // a key (`ingress:`) and `kubectl describe netpol`'s `Allowing ingress traffic` are syntax, not the name
      if (/^:(\s|$)/.test(text.slice(end, end + 2)) || /^ traffic\b/.test(text.slice(end, end + 8))) return w;
      // a word that is YAML's or NetworkPolicy's only as a key is the name everywhere else; any other only where a name goes
      if (!KEY_ONLY_WORDS.has(w) && !inNamePosition(text, start, end)) return w;
    }
    return note(names.kinds.get(w) ?? 'pod', w, to);
  };
  const replace = (text: string): string => text.replace(TOKEN, (...args) => {
    const m = args[0] as string;
    const offset = args[args.length - 3] as number;
    const whole = args[args.length - 2] as string;
    const g = args[args.length - 1] as Record<string, string | undefined>;
    // a PEM body becomes one marker and empty lines: the text keeps its line count, so cited line numbers hold
    if (g.pem) return `-----BEGIN ${g.pemKind}-----\n${secret(g.pem)}${'\n'.repeat(Math.max(1, g.pem.split('\n').length - 2))}-----END ${g.pemKind}-----`;
    if (g.jwt) return secret(g.jwt);
    if (g.bearer) return `${g.bearerKey}${secret(g.bearer)}`;
    if (g.secret) return `${g.secretKey}${secret(g.secret)}`;
    if (g.rid) {
      // /subscriptions/<id>/resourceGroups/<group>/providers/<namespace>/<type>/<name>[/<type>/<name>…]
      const seg = g.rid.split('/');
      for (let i = 1; i + 1 < seg.length; i += 2) {
        const key = (seg[i] as string).toLowerCase();
        if (key === 'providers') continue;
        if (seg[i + 1]) seg[i + 1] = resource(key === 'resourcegroups' ? 'group' : 'name', seg[i + 1] as string);
      }
      return seg.join('/');
    }
    if (g.mc) return resource('group', g.mc);
    if (g.aksHost) return note('resource', g.aksHost, numbered('aks-host', g.aksHost, (n) => `cluster-${n}-dns`));
    if (g.guid) return guid(g.guid);
    if (g.mac || g.bareMac) return mac(m);
    if (g.ipv4) return v4(m, whole, offset + m.length);
    if (g.ipv6) return v6(m);
    // random-looking: all three character classes, and not a path (paths have slashes but no + or =)
    if (g.b64) return /[A-Z]/.test(m) && /[a-z]/.test(m) && /\d/.test(m) && (!m.includes('/') || /[+=]/.test(m)) ? secret(m) : m;
    if (g.word) return word(m, whole, offset);
    return m;
  });
  return {
    text: replace,
    path(p) {
      const m = /^(.*\/)?pod-(.+?)(-(?:ip|addr|route|routes|neigh|link|iptables|ss|netstat|ns|netns)[^/]*)$/i.exec(p);
      if (m) return `${replace(m[1] ?? '')}pod-${names.pods.get(m[2] as string) ?? replace(m[2] as string)}${m[3]}`;
      return replace(p);
    },
    entries: () => [...table.values()],
    counts() {
      const c = Object.fromEntries(['secret', 'resource', 'guid', 'mac', 'ipv4', 'ipv6', 'node', 'namespace', 'pod', 'service', 'workload'].map((k) => [k, 0])) as Record<RedactionKind, number>;
      for (const e of table.values()) c[e.kind]++;
      return c;
    },
  };
}
