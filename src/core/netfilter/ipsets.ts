/**
 * `-m set --match-set NAME src,dst`: membership of a packet in an ipset, for the set types kube-proxy, Calico
 * and Azure NPM create (hash:ip, hash:net, hash:ip,port, hash:net,port, hash:ip,port,ip, list:set).
 *
 * Membership is a lookup, as in the kernel's hash sets: a set is indexed the first time a rule asks about it
 * (and the index kept with the set, so the next trace reuses it), its members grouped by shape (the prefix
 * length of each address part: `10.0.0.0/24,tcp:80` is shape `24,port`); a packet is looked up once per shape,
 * most specific first, so a `nomatch` entry inside a wider one excludes what it covers. A million members cost
 * one pass to index and a handful of hash lookups per packet.
 */
import { networkOf, parseCidr, parseIp } from '../net/ip.ts';
import type { IpSetModel } from '../model/types.ts';
import type { Packet } from './packet.ts';

type PartShape = { kind: 'net'; v6: boolean; prefix: number } | { kind: 'port' };

interface Shape { parts: PartShape[]; specificity: number; keys: Set<string | number>; nomatch: Set<string | number> }

interface IndexedSet { type: string; shapes: Shape[]; lists: string[] }

/** `a.b.c.d` → unsigned 32-bit number, or null. Hand-written for speed: a million members are parsed per set. */
function v4(s: string): number | null {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (!digits || part > 255) return null;
      n = n * 256 + part; part = 0; digits = 0; dots++;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return null;
    } else return null;
  }
  if (dots !== 3 || !digits || part > 255) return null;
  return n * 256 + part;
}

const maskV4 = (n: number, prefix: number): number => (prefix === 0 ? 0 : prefix >= 32 ? n : (n - (n % 2 ** (32 - prefix))));

/** One address or port of a member, as shape and key. */
function partOf(text: string): { shape: PartShape; key: string } | null {
  const port = /^(tcp|udp|sctp|udplite):(\d+)$/.exec(text);
  if (port) return { shape: { kind: 'port' }, key: `${port[1]}:${Number(port[2])}` };
  if (/^\d+$/.test(text)) return { shape: { kind: 'port' }, key: `tcp:${Number(text)}` };
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? 32 : Number(text.slice(slash + 1));
  const n = v4(addr);
  if (n !== null && Number.isInteger(prefix) && prefix >= 0 && prefix <= 32) return { shape: { kind: 'net', v6: false, prefix }, key: String(maskV4(n, prefix)) };
  const c = parseCidr(text);
  if (!c || c.addr.kind() !== 'ipv6') return null;
  return { shape: { kind: 'net', v6: true, prefix: c.prefix }, key: networkOf(c) };
}

const shapeId = (parts: PartShape[]): string => parts.map((p) => (p.kind === 'port' ? 'p' : `${p.v6 ? '6' : '4'}/${p.prefix}`)).join(',');

const indexes = new WeakMap<IpSetModel, IndexedSet>();

function indexOf(set: IpSetModel): IndexedSet {
  const known = indexes.get(set);
  if (known) return known;
  const type = set.type ?? 'hash:ip';
  const byShape = new Map<string, Shape>();
  const lists: string[] = [];
  /** The common member, a bare IPv4 address or network, keyed by number in a shape of its own prefix length. */
  const plain = (prefix: number): Shape => {
    const id = `4/${prefix}`;
    let shape = byShape.get(id);
    if (!shape) { shape = { parts: [{ kind: 'net', v6: false, prefix }], specificity: prefix, keys: new Set(), nomatch: new Set() }; byShape.set(id, shape); }
    return shape;
  };
  const list = type.startsWith('list:');
  for (const raw of set.members) {
    if (!list && raw.indexOf(',') < 0 && raw.indexOf(' ') < 0) {
      const slash = raw.indexOf('/');
      const n = v4(slash < 0 ? raw : raw.slice(0, slash));
      const prefix = slash < 0 ? 32 : Number(raw.slice(slash + 1));
      if (n !== null && Number.isInteger(prefix) && prefix >= 0 && prefix <= 32) { plain(prefix).keys.add(maskV4(n, prefix)); continue; }
    }
    const t = raw.trim();
    const sp = t.search(/\s/);
    const elem = sp < 0 ? t : t.slice(0, sp);
    if (list) { lists.push(elem); continue; }
    const nomatch = sp >= 0 && /\bnomatch\b/.test(t.slice(sp));
    const parts: { shape: PartShape; key: string }[] = [];
    for (const p of elem.split(',')) {
      const part = partOf(p);
      if (!part) { parts.length = 0; break; }
      parts.push(part);
    }
    if (!parts.length) continue;
    const shapes = parts.map((p) => p.shape);
    const id = shapeId(shapes);
    let shape = byShape.get(id);
    if (!shape) {
      shape = { parts: shapes, specificity: shapes.reduce((s, p) => s + (p.kind === 'net' ? p.prefix : 0), 0), keys: new Set(), nomatch: new Set() };
      byShape.set(id, shape);
    }
    const key = parts.length === 1 && shapes[0]?.kind === 'net' && !shapes[0].v6 ? Number(parts[0]?.key) : parts.map((p) => p.key).join(',');
    (nomatch ? shape.nomatch : shape.keys).add(key);
  }
  const out = { type, shapes: [...byShape.values()].sort((a, b) => b.specificity - a.specificity), lists };
  indexes.set(set, out);
  return out;
}

export class IpSetIndex {
  private readonly sets = new Map<string, IpSetModel>();

  constructor(sets: readonly IpSetModel[]) {
    for (const s of sets) this.sets.set(s.name, s);
  }

  has(name: string): boolean {
    return this.sets.has(name);
  }

  /** Is the packet in the set along the given dimensions (`src`, `dst`, `src,dst` …)? */
  contains(name: string, dims: string[], pkt: Packet, depth = 0): boolean {
    const model = this.sets.get(name);
    if (!model || depth > 4) return false;
    const set = indexOf(model);
    for (const l of set.lists) if (this.contains(l, dims, pkt, depth + 1)) return true;
    const value = (i: number): { ip: string; port?: number } => {
      const d = dims[i] ?? dims[dims.length - 1] ?? 'src';
      return d === 'dst' ? { ip: pkt.dst, ...(pkt.dport !== undefined ? { port: pkt.dport } : {}) } : { ip: pkt.src, ...(pkt.sport !== undefined ? { port: pkt.sport } : {}) };
    };
    for (const shape of set.shapes) {
      const key = keyOf(shape, value, pkt.proto);
      if (key === null) continue;
      if (shape.nomatch.has(key)) return false;
      if (shape.keys.has(key)) return true;
    }
    return false;
  }
}

/** The packet's key in one shape, or null when the packet has no value of that shape (an IPv4 packet, an IPv6 shape). */
function keyOf(shape: Shape, value: (i: number) => { ip: string; port?: number }, proto: string): string | number | null {
  const only = shape.parts.length === 1 ? shape.parts[0] : undefined;
  if (only?.kind === 'net' && !only.v6) {
    const n = v4(value(0).ip);
    return n === null ? null : maskV4(n, only.prefix);
  }
  const keys: string[] = [];
  for (let i = 0; i < shape.parts.length; i++) {
    const part = shape.parts[i] as PartShape;
    const v = value(i);
    if (part.kind === 'port') {
      if (v.port === undefined) return null;
      keys.push(`${proto}:${v.port}`);
      continue;
    }
    if (!part.v6) {
      const n = v4(v.ip);
      if (n === null) return null;
      keys.push(String(maskV4(n, part.prefix)));
      continue;
    }
    const a = parseIp(v.ip);
    if (!a || a.kind() !== 'ipv6') return null;
    keys.push(networkOf({ addr: a, prefix: part.prefix }));
  }
  return keys.join(',');
}
