/**
 * Match modules: each parsed `RuleMatch` is compiled once into checks over a Packet. A check answers true,
 * false, a probability (`-m statistic`), or "unsupported" — the evaluator then follows both outcomes and
 * says so on the step instead of assuming one.
 */
import { cidrContains, parseCidr, parseIp, type Addr, type Cidr } from '../net/ip.ts';
import type { RuleMatch, RuleOption } from '../parsers/common/iptables-rule.ts';
import type { IpSetIndex } from './ipsets.ts';
import { parseMarkMask, type Packet } from './packet.ts';

export type CheckResult = boolean | { probability: number; why: string } | { unsupported: string };

export interface MatchContext {
  ipsets: IpSetIndex;
  /** Addresses configured on the host (addrtype LOCAL). */
  isLocal: (ip: string) => boolean;
  /** Sets named by rules but absent from the inputs, for `missing`. */
  missingSets: Set<string>;
}

export type Check = (pkt: Packet, ctx: MatchContext) => CheckResult;

const PROTO_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '132': 'sctp' };

/** `eth+` matches every name starting with `eth`; `!` is applied by the caller. */
function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** `80`, `80:90`, `80,443,8000:8080` → predicate. */
function portSpec(text: string): (port: number | undefined) => boolean {
  const ranges = text.split(',').map((part) => {
    const [a, b] = part.split(':');
    const lo = a === '' || a === undefined ? 0 : Number(a);
    const hi = b === undefined ? lo : b === '' ? 65535 : Number(b);
    return [lo, hi] as const;
  });
  return (port) => port !== undefined && ranges.some(([lo, hi]) => port >= lo && port <= hi);
}

const negate = (opt: RuleOption, r: CheckResult): CheckResult => (opt.negated && typeof r === 'boolean' ? !r : r);

function addrCheck(opt: RuleOption, pick: (p: Packet) => string): Check {
  const cidrs = (opt.values[0] ?? '').split(',').map(parseCidr).filter((c): c is Cidr => c !== null);
  let lastIp = '';
  let lastAddr: Addr | null = null;
  return (pkt) => {
    const ip = pick(pkt);
    if (ip !== lastIp) { lastIp = ip; lastAddr = parseIp(ip); }
    const a = lastAddr;
    return negate(opt, !!a && cidrs.some((c) => cidrContains(c, a)));
  };
}

const CTSTATES = new Set(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT']);

function ctstateCheck(opt: RuleOption): Check {
  const states = (opt.values[0] ?? '').split(',').map((s) => s.trim().toUpperCase());
  const unknown = states.find((s) => !CTSTATES.has(s));
  return (pkt) => {
    if (unknown) return { unsupported: `conntrack state ${unknown}` };
    const has = states.some((s) => s === pkt.ctstate || (s === 'DNAT' && !!pkt.natted?.dnat) || (s === 'SNAT' && !!pkt.natted?.snat));
    return negate(opt, has);
  };
}

function markCheck(opt: RuleOption): Check {
  const vm = parseMarkMask(opt.values[0]);
  return (pkt) => (vm ? negate(opt, ((pkt.mark & vm[1]) >>> 0) === ((vm[0] & vm[1]) >>> 0)) : { unsupported: `mark ${opt.values[0] ?? ''}` });
}

function setCheck(opt: RuleOption): Check {
  const name = opt.values[0] ?? '';
  const dims = (opt.values[1] ?? 'src').split(',');
  return (pkt, ctx) => {
    if (!ctx.ipsets.has(name)) { ctx.missingSets.add(name); return { unsupported: `ipset ${name} is not in the inputs` }; }
    return negate(opt, ctx.ipsets.contains(name, dims, pkt));
  };
}

function addrtypeCheck(opt: RuleOption, pick: (p: Packet) => string): Check {
  const types = (opt.values[0] ?? '').split(',').map((t) => t.toUpperCase());
  return (pkt, ctx) => {
    const ip = pick(pkt);
    const local = ctx.isLocal(ip);
    const typeOf = (t: string): boolean | null => {
      if (t === 'LOCAL') return local;
      if (t === 'UNICAST') return !/^(224|23\d|255)\./.test(ip);
      if (t === 'BROADCAST') return ip === '255.255.255.255';
      if (t === 'MULTICAST') return /^(22[4-9]|23\d)\./.test(ip);
      return null;
    };
    const results = types.map(typeOf);
    if (results.some((r) => r === null)) return { unsupported: `addrtype ${types.join(',')}` };
    return negate(opt, results.some(Boolean));
  };
}

function statisticCheck(m: RuleMatch): Check {
  const get = (n: string) => m.options.find((o) => o.name === n)?.values[0];
  const mode = get('--mode');
  if (mode === 'random') {
    const p = Number(get('--probability'));
    return () => (Number.isFinite(p) ? { probability: p, why: `statistic random ${p}` } : { unsupported: 'statistic without --probability' });
  }
  if (mode === 'nth') {
    const every = Number(get('--every'));
    return () => (every > 0 ? { probability: 1 / every, why: `statistic nth every ${every}` } : { unsupported: 'statistic nth' });
  }
  return () => ({ unsupported: `statistic mode ${mode ?? '?'}` });
}

/** One option of a protocol module (`tcp`, `udp`, `multiport`, `icmp`) or the base -p/-s/-d/-i/-o. */
function optionCheck(opt: RuleOption): Check | null {
  const v = opt.values[0] ?? '';
  switch (opt.name) {
    case '-s': return addrCheck(opt, (p) => p.src);
    case '-d': return addrCheck(opt, (p) => p.dst);
    case '-p': {
      const proto = (PROTO_NUMBERS[v] ?? v).toLowerCase();
      return (pkt) => negate(opt, proto === 'all' || proto === '0' || proto === pkt.proto);
    }
    case '-i': return (pkt) => negate(opt, ifaceMatches(v, pkt.iif));
    case '-o': return (pkt) => negate(opt, ifaceMatches(v, pkt.oif));
    case '-f': return () => negate(opt, false); // the first packet is never a later fragment
    case '--dport': case '--dports': case '--destination-port': case '--destination-ports': {
      const ok = portSpec(v);
      return (pkt) => negate(opt, ok(pkt.dport));
    }
    case '--sport': case '--sports': case '--source-port': case '--source-ports': {
      const ok = portSpec(v);
      return (pkt) => negate(opt, ok(pkt.sport));
    }
    case '--ports': {
      const ok = portSpec(v);
      return (pkt) => negate(opt, ok(pkt.sport) || ok(pkt.dport));
    }
    case '--syn': return (pkt) => negate(opt, pkt.proto === 'tcp' && pkt.ctstate === 'NEW');
    case '--tcp-flags': return (pkt) => negate(opt, pkt.proto === 'tcp' && pkt.ctstate === 'NEW' && /SYN/.test(opt.values[1] ?? '') && !/ACK|RST|FIN/.test(opt.values[1] ?? ''));
    case '--icmp-type': {
      const named: Record<string, number> = { 'echo-request': 8, 'echo-reply': 0, 'destination-unreachable': 3, 'time-exceeded': 11, any: -1 };
      const want = named[v] ?? Number(v.split('/')[0]);
      return (pkt) => negate(opt, pkt.proto === 'icmp' && (want === -1 || want === (pkt.icmpType ?? 8)));
    }
  }
  return null;
}

/** Compiles one match module; unknown modules and options become "unsupported" checks. */
export function compileMatch(m: RuleMatch): Check[] {
  const checks: Check[] = [];
  const unsupported = (what: string): Check => () => ({ unsupported: what });
  switch (m.module) {
    case 'comment': return [];
    case 'statistic': return [statisticCheck(m)];
    case 'limit': case 'hashlimit': return []; // a single first packet is within any burst
    case 'conntrack': case 'state':
      for (const o of m.options) {
        if (o.name === '--ctstate' || o.name === '--state') checks.push(ctstateCheck(o));
        else if (o.name === '--ctdir') continue;
        else checks.push(unsupported(`conntrack ${o.name}`));
      }
      return checks;
    case 'mark':
      return m.options.map((o) => (o.name === '--mark' ? markCheck(o) : unsupported(`mark ${o.name}`)));
    case 'set':
      for (const o of m.options) {
        if (o.name === '--match-set') checks.push(setCheck(o));
        else if (o.name === '--return-nomatch' || o.name.startsWith('--update') || o.name === '--packets-gt' || o.name === '--bytes-gt') continue;
        else checks.push(unsupported(`set ${o.name}`));
      }
      return checks;
    case 'addrtype':
      for (const o of m.options) {
        if (o.name === '--src-type') checks.push(addrtypeCheck(o, (p) => p.src));
        else if (o.name === '--dst-type') checks.push(addrtypeCheck(o, (p) => p.dst));
        else if (o.name === '--limit-iface-in' || o.name === '--limit-iface-out') continue;
        else checks.push(unsupported(`addrtype ${o.name}`));
      }
      return checks;
    case 'physdev':
      for (const o of m.options) {
        const v = o.values[0] ?? '';
        if (o.name === '--physdev-in') checks.push((p) => negate(o, ifaceMatches(v, p.physIn)));
        else if (o.name === '--physdev-out') checks.push((p) => negate(o, ifaceMatches(v, p.physOut)));
        else if (o.name === '--physdev-is-bridged') checks.push((p) => negate(o, p.physIn !== undefined && p.physOut !== undefined));
        else if (o.name === '--physdev-is-in') checks.push((p) => negate(o, p.physIn !== undefined));
        else if (o.name === '--physdev-is-out') checks.push((p) => negate(o, p.physOut !== undefined));
        else checks.push(unsupported(`physdev ${o.name}`));
      }
      return checks;
    case '': case 'tcp': case 'udp': case 'sctp': case 'multiport': case 'icmp': {
      if (m.module === 'tcp' || m.module === 'udp' || m.module === 'sctp') checks.push((p) => p.proto === m.module);
      for (const o of m.options) checks.push(optionCheck(o) ?? unsupported(`${m.module || 'option'} ${o.name}`));
      return checks;
    }
    default:
      // with the values: two rules of one module (`--uid-owner 1000`, `--uid-owner 1001`) are different assumptions
      return [unsupported(`-m ${m.module}${m.options.length ? ` ${m.options.map((o) => [o.negated ? '!' : '', o.name, ...o.values].filter(Boolean).join(' ')).join(' ')}` : ''}`)];
  }
}
