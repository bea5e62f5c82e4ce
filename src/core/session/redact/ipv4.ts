/**
 * IPv4 addresses mapped so that a trace over the redacted inputs gives the same verdict and hops:
 *  - structure is kept: the inputs' networks are moved as whole blocks of the same size, the host part of every
 *    address kept, so one subnet stays one subnet, every prefix length and containment holds, a gateway `.1` stays
 *    `.1`, and the order of networks is kept;
 *  - a block is 10.x/16 (or 172.16–31.x/16, 100.64/10's /16s, 192.168.x/24) for private addresses and a /24 for
 *    public ones, or a larger network the inputs name (`10.224.0.0/12`); private blocks move inside their private
 *    range, public ones into the documentation ranges (RFC 5737, then RFC 2544's 198.18.0.0/15);
 *  - no block lands where an original address was, so no original address is left in the output;
 *  - kept as they are: what is the same in every cluster — 0/8, loopback, link-local 169.254/16 (Azure CNI's
 *    169.254.1.1 gateway), multicast and reserved 224/3 (netmasks, broadcast), Azure's 168.63.129.16, the
 *    documentation and benchmark ranges themselves, and the private ranges named whole (`10.0.0.0/8`).
 */

export const ipToInt = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
export const intToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const size = (len: number): number => 2 ** (32 - len);
const maskOf = (n: number, len: number): number => (len === 0 ? 0 : n - (n % size(len)));

interface Range { base: number; len: number }
const range = (cidr: string): Range => { const [ip, len] = cidr.split('/') as [string, string]; return { base: ipToInt(ip), len: Number(len) }; };
const inRange = (n: number, r: Range): boolean => n >= r.base && n < r.base + size(r.len);

const KEEP: Range[] = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/3', '168.63.129.16/32', '192.0.0.0/24', '192.0.2.0/24',
  '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/15', '128.0.0.0/32'].map(range);

interface AddressClass { name: string; block: Range; unit: number; targets: Range[] }
const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/15'].map(range);
const CLASSES: AddressClass[] = [
  { name: '10/8', block: range('10.0.0.0/8'), unit: 16, targets: [range('10.0.0.0/8')] },
  { name: '172.16/12', block: range('172.16.0.0/12'), unit: 16, targets: [range('172.16.0.0/12')] },
  { name: '192.168/16', block: range('192.168.0.0/16'), unit: 24, targets: [range('192.168.0.0/16')] },
  { name: '100.64/10', block: range('100.64.0.0/10'), unit: 16, targets: [range('100.64.0.0/10')] },
];
const PUBLIC: AddressClass = { name: 'public', block: { base: 0, len: 0 }, unit: 24, targets: DOCUMENTATION };

export const isKept = (n: number): boolean => KEEP.some((r) => inRange(n, r));
const classOf = (n: number): AddressClass => CLASSES.find((c) => inRange(n, c.block)) ?? PUBLIC;

/** Sorted, merged [start, end) intervals with an overlap test. */
class Intervals {
  private starts: number[] = [];
  private ends: number[] = [];
  constructor(list: [number, number][]) {
    list.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of list) {
      const last = this.ends.length - 1;
      if (last >= 0 && s <= (this.ends[last] as number)) this.ends[last] = Math.max(this.ends[last] as number, e);
      else { this.starts.push(s); this.ends.push(e); }
    }
  }
  overlaps(s: number, e: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if ((this.ends[mid] as number) <= s) lo = mid + 1; else hi = mid; }
    return lo < this.starts.length && (this.starts[lo] as number) < e;
  }
}

export interface Ipv4Move { from: string; to: string }

export class Ipv4Map {
  private readonly addresses = new Set<number>();
  private readonly nets = new Map<string, Range>();
  /** block base → image base, for blocks of each length that moved (a relocated network or unit). */
  private readonly moved = new Map<number, Map<number, number>>();
  /** Networks left where they are (a private range named whole, or a network with no room to move). */
  private readonly fixed = new Set<string>();
  private built = false;
  readonly moves: Ipv4Move[] = [];
  readonly unmoved: string[] = [];

  /** An address seen in the inputs, and the network it was written with (`10.224.0.4/16`), if any. */
  observe(ip: string, prefix?: number): void {
    const n = ipToInt(ip);
    // a network counts even where its base is kept (`0.0.0.0/1`): nothing may move into or out of it
    if (prefix !== undefined && prefix < 32 && prefix > 0) {
      const base = maskOf(n, prefix);
      this.nets.set(`${base}/${prefix}`, { base, len: prefix });
    }
    if (!isKept(n)) this.addresses.add(n);
  }

  private build(): void {
    this.built = true;
    const taken = new Intervals([...this.addresses].map((a) => [a, a + 1]));
    const nets = [...this.nets.values()];
    const byClass = new Map<AddressClass, { roots: Range[] }>();
    const rootsOf = (c: AddressClass) => { let x = byClass.get(c); if (!x) byClass.set(c, x = { roots: [] }); return x.roots; };
    // networks larger than a unit are blocks of their own; the largest that hold others win
    const supers = nets.filter((r) => !isKept(r.base)).sort((a, b) => a.len - b.len || a.base - b.base);
    const superRoots: Range[] = [];
    for (const r of supers) {
      const c = classOf(r.base);
      if (r.len >= c.unit) continue;
      if (c !== PUBLIC && r.len <= c.block.len) { this.fixed.add(`${r.base}/${r.len}`); continue; }
      if (superRoots.some((s) => inRange(r.base, s))) continue;
      superRoots.push(r);
    }
    const units = new Set<string>();
    for (const a of this.addresses) {
      if (superRoots.some((s) => inRange(a, s))) continue;
      const c = classOf(a);
      const base = maskOf(a, c.unit);
      if (!units.has(`${base}`)) { units.add(`${base}`); rootsOf(c).push({ base, len: c.unit }); }
    }
    for (const r of superRoots) rootsOf(classOf(r.base)).push(r);
    const images: [number, number][] = [];
    for (const [c, { roots }] of byClass) {
      roots.sort((a, b) => a.base - b.base);
      let cursor = 0;
      for (const r of roots) {
        const to = this.place(r, c.targets, cursor, taken, images, nets);
        if (to === null) {
          // no room for the whole network: keep it, and move the units inside it instead
          this.fixed.add(`${r.base}/${r.len}`);
          if (r.len < c.unit) this.moveInside(r, c, taken, images, nets);
          else this.unmoved.push(`${intToIp(r.base)}/${r.len}`);
          continue;
        }
        cursor = to + size(r.len);
        this.record(r, to);
        images.push([to, to + size(r.len)]);
      }
    }
  }

  private moveInside(outer: Range, c: AddressClass, taken: Intervals, images: [number, number][], nets: Range[]): void {
    const inner = new Map<number, Range>();
    for (const a of this.addresses) if (inRange(a, outer)) { const base = maskOf(a, c.unit); inner.set(base, { base, len: c.unit }); }
    let cursor = 0;
    for (const r of [...inner.values()].sort((a, b) => a.base - b.base)) {
      const to = this.place(r, [outer], cursor, taken, images, nets);
      if (to === null) { this.unmoved.push(`${intToIp(r.base)}/${r.len}`); continue; }
      cursor = to + size(r.len);
      this.record(r, to);
      images.push([to, to + size(r.len)]);
    }
  }

  private record(r: Range, to: number): void {
    let m = this.moved.get(r.len);
    if (!m) this.moved.set(r.len, m = new Map());
    m.set(r.base, to);
    this.moves.push({ from: `${intToIp(r.base)}/${r.len}`, to: `${intToIp(to)}/${r.len}` });
  }

  /**
   * The first aligned block for `r` in `targets`, at or after `cursor` when possible (keeps the order), that holds
   * no original address, no other block's image, and sits in exactly the seen networks `r` sits in (so every
   * containment between an address and a network holds after the move).
   */
  private place(r: Range, targets: Range[], cursor: number, taken: Intervals, images: [number, number][], nets: Range[]): number | null {
    const step = size(r.len);
    const around = nets.filter((n) => n.len < r.len && inRange(r.base, n));
    const others = nets.filter((n) => !around.includes(n) && !(n.len >= r.len && inRange(n.base, r)));
    for (const from of [cursor, 0]) {
      for (const t of targets) {
        if (t.len > r.len) continue;
        const end = t.base + size(t.len);
        for (let at = Math.max(t.base, maskOf(from + step - 1, r.len)); at + step <= end; at += step) {
          if (at < from) continue;
          if (taken.overlaps(at, at + step) || images.some(([s, e]) => s < at + step && at < e)) continue;
          if (!around.every((n) => inRange(at, n)) || others.some((n) => n.base < at + step && at < n.base + size(n.len))) continue;
          return at;
        }
      }
    }
    return null;
  }

  /** The address an original one becomes (itself when kept). */
  map(ip: string): string {
    const n = ipToInt(ip);
    if (isKept(n)) return ip;
    if (!this.built) this.build();
    for (const [len, m] of this.moved) {
      const base = maskOf(n, len);
      const to = m.get(base);
      if (to !== undefined) return intToIp(to + (n - base));
    }
    return ip;
  }

  /** `a.b.c.d/len`: a network left whole stays; any other address moves with its block. */
  mapNet(ip: string, len: number): string {
    const n = ipToInt(ip);
    if (!this.built) this.build();
    if (maskOf(n, len) === n && this.fixed.has(`${n}/${len}`)) return ip;
    if (len === 0) return ip;
    const c = classOf(n);
    if (c !== PUBLIC && len <= c.block.len && maskOf(n, len) === n) return ip;
    return this.map(ip);
  }
}
