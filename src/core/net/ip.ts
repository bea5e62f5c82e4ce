/**
 * IPv4/IPv6 addresses, CIDRs and longest-prefix match, on ipaddr.js (well kept, no hand-rolled bit math
 * beyond the prefix comparisons it offers).
 */
import ipaddr from 'ipaddr.js';

export type Addr = ipaddr.IPv4 | ipaddr.IPv6;

export interface Cidr {
  addr: Addr;
  prefix: number;
}

export function isIp(s: string): boolean {
  return ipaddr.isValid(s) && (ipaddr.IPv4.isValidFourPartDecimal(s) || s.includes(':'));
}

export function isIpv4(s: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(s);
}

export function parseIp(s: string): Addr | null {
  if (!isIp(s)) return null;
  const a = ipaddr.parse(s);
  return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

/** `a.b.c.d/len`, `a.b.c.d` (host), `default`, or v6 forms. */
export function parseCidr(s: string): Cidr | null {
  if (s === 'default' || s === '0/0') return { addr: ipaddr.parse('0.0.0.0'), prefix: 0 };
  const slash = s.indexOf('/');
  if (slash < 0) {
    const addr = parseIp(s);
    return addr ? { addr, prefix: addr.kind() === 'ipv4' ? 32 : 128 } : null;
  }
  const addr = parseIp(s.slice(0, slash));
  const rest = s.slice(slash + 1);
  if (!addr) return null;
  if (/^\d+$/.test(rest)) {
    const prefix = Number(rest);
    const max = addr.kind() === 'ipv4' ? 32 : 128;
    return prefix <= max ? { addr, prefix } : null;
  }
  // a.b.c.d/255.255.255.0 (iptables -L prints masks this way for non-contiguous cases)
  const prefix = maskToPrefix(rest);
  return prefix === null ? null : { addr, prefix };
}

export function maskToPrefix(mask: string): number | null {
  if (!isIpv4(mask)) return null;
  try {
    return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
  } catch {
    return null;
  }
}

export function prefixToMask(prefix: number): string {
  return ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString();
}

export function cidrContains(c: Cidr, ip: Addr): boolean {
  if (c.addr.kind() !== ip.kind()) return false;
  if (c.prefix === 0) return true;
  return (ip as ipaddr.IPv4).match(c.addr as ipaddr.IPv4, c.prefix);
}

export function inCidr(ip: string, cidr: string): boolean {
  const a = parseIp(ip);
  const c = parseCidr(cidr);
  return !!a && !!c && cidrContains(c, a);
}

/** Canonical text of a CIDR: network address and prefix (`10.0.0.5/8` → `10.0.0.0/8`). */
export function networkOf(c: Cidr): string {
  const net = c.addr.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${c.addr.toString()}/${c.prefix}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${c.addr.toString()}/${c.prefix}`);
  return `${net.toString()}/${c.prefix}`;
}

/** Longest-prefix match over anything with a destination CIDR; ties go to the lower metric. */
export function longestPrefixMatch<T>(
  ip: string,
  entries: readonly T[],
  dstOf: (e: T) => string,
  metricOf: (e: T) => number = () => 0,
): T | null {
  const a = parseIp(ip);
  if (!a) return null;
  let best: T | null = null;
  let bestPrefix = -1;
  let bestMetric = Infinity;
  for (const e of entries) {
    const c = parseCidr(dstOf(e));
    if (!c || !cidrContains(c, a)) continue;
    const m = metricOf(e);
    if (c.prefix > bestPrefix || (c.prefix === bestPrefix && m < bestMetric)) {
      best = e;
      bestPrefix = c.prefix;
      bestMetric = m;
    }
  }
  return best;
}

/** Go's JSON encoding of net.IPMask is base64 of the mask bytes (`//8AAA==` = 255.255.0.0 = /16). */
export function base64MaskToPrefix(b64: string | null | undefined): number | null {
  if (!b64) return null;
  let bytes: number[];
  try {
    bytes = Array.from(atob(b64), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
  let prefix = 0;
  for (const byte of bytes) {
    for (let bit = 7; bit >= 0; bit--) {
      if (byte & (1 << bit)) prefix++;
      else return prefix;
    }
  }
  return prefix;
}

/** Go's `%x` of a mask (`ffff0000`) → prefix length. */
export function hexMaskToPrefix(hex: string): number | null {
  if (!/^[0-9a-f]+$/i.test(hex)) return null;
  const bits = BigInt(`0x${hex}`).toString(2).padStart(hex.length * 4, '0');
  const ones = bits.indexOf('0');
  return ones < 0 ? bits.length : ones;
}
