/**
 * `-m set --match-set NAME src,dst`: membership of a packet in an ipset, for the set types kube-proxy, Calico
 * and Azure NPM create (hash:ip, hash:net, hash:ip,port, hash:net,port, hash:ip,port,ip, list:set).
 */
import { cidrContains, parseCidr, parseIp, type Cidr } from '../net/ip.ts';
import type { IpSetModel } from '../model/types.ts';
import type { Packet } from './packet.ts';

type Part = { kind: 'net'; cidr: Cidr } | { kind: 'port'; proto: string; port: number } | { kind: 'set'; name: string };

interface IndexedSet { name: string; type: string; members: Part[][]; exact: Set<string> }

export class IpSetIndex {
  private readonly sets = new Map<string, IndexedSet>();

  constructor(sets: readonly IpSetModel[]) {
    for (const s of sets) {
      const type = s.type ?? 'hash:ip';
      const members: Part[][] = [];
      const exact = new Set<string>();
      for (const raw of s.members) {
        const m = raw.trim().split(/\s+/)[0] ?? '';
        if (/\bnomatch\b/.test(raw)) continue;
        if (type.startsWith('list:')) { members.push([{ kind: 'set', name: m }]); continue; }
        if (!m.includes(',') && !m.includes('/') && parseIp(m)) { exact.add(m); continue; }
        const parts = m.split(',').map(partOf);
        if (parts.every((p): p is Part => p !== null)) members.push(parts);
      }
      this.sets.set(s.name, { name: s.name, type, members, exact });
    }
  }

  has(name: string): boolean {
    return this.sets.has(name);
  }

  /** Is the packet in the set along the given dimensions (`src`, `dst`, `src,dst` …)? */
  contains(name: string, dims: string[], pkt: Packet, depth = 0): boolean {
    const set = this.sets.get(name);
    if (!set || depth > 4) return false;
    const value = (i: number): { ip: string; port?: number } => {
      const d = dims[i] ?? dims[dims.length - 1] ?? 'src';
      return d === 'dst' ? { ip: pkt.dst, ...(pkt.dport !== undefined ? { port: pkt.dport } : {}) } : { ip: pkt.src, ...(pkt.sport !== undefined ? { port: pkt.sport } : {}) };
    };
    const first = value(0);
    if (set.exact.has(first.ip)) return true;
    for (const member of set.members) {
      if (member[0]?.kind === 'set') {
        if (this.contains(member[0].name, dims, pkt, depth + 1)) return true;
        continue;
      }
      let ok = true;
      for (let i = 0; i < member.length && ok; i++) {
        const part = member[i] as Part;
        const v = value(i);
        if (part.kind === 'net') {
          const a = parseIp(v.ip);
          ok = !!a && cidrContains(part.cidr, a);
        } else if (part.kind === 'port') {
          ok = part.proto === pkt.proto && part.port === v.port;
        }
      }
      if (ok) return true;
    }
    return false;
  }
}

function partOf(text: string): Part | null {
  const port = /^(tcp|udp|sctp):(\d+)$/.exec(text);
  if (port) return { kind: 'port', proto: port[1] as string, port: Number(port[2]) };
  if (/^\d+$/.test(text)) return { kind: 'port', proto: 'tcp', port: Number(text) };
  const cidr = parseCidr(text);
  return cidr ? { kind: 'net', cidr } : null;
}
