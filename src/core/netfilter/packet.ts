/**
 * The packet the evaluator looks at: the addresses and ports of the first packet of a flow, plus the
 * per-packet state netfilter keeps (mark, conntrack state, interfaces of the current hook).
 */

export type Proto = 'tcp' | 'udp' | 'icmp' | 'sctp';

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface Packet {
  src: string;
  dst: string;
  proto: Proto;
  sport?: number;
  dport?: number;
  /** skb->mark, an unsigned 32-bit number. */
  mark: number;
  /** The first packet of a flow is NEW; a reply is ESTABLISHED. */
  ctstate: CtState;
  /** Set once a DNAT/SNAT rule rewrote the flow (conntrack `--ctstate DNAT|SNAT`). */
  natted?: { dnat?: boolean; snat?: boolean };
  /** Interfaces of the hook being evaluated (`-i`, `-o`); bridged packets also carry their bridge ports. */
  iif?: string;
  oif?: string;
  physIn?: string;
  physOut?: string;
  /** ICMP type for `--icmp-type` (8 = echo-request). */
  icmpType?: number;
}

/** Applies MARK's arithmetic: new = (mark AND NOT mask) XOR value, all unsigned 32-bit. */
export function applyMark(mark: number, value: number, mask: number): number {
  return (((mark & ~mask) ^ value) >>> 0);
}

/** `0x10000/0x10000`, `0x4000`, `16384` → [value, mask]; mask defaults to all ones. */
export function parseMarkMask(text: string | undefined): [number, number] | null {
  if (!text) return null;
  const [v, m] = text.split('/');
  const value = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  if (!Number.isFinite(value) || !Number.isFinite(mask)) return null;
  return [value >>> 0, mask >>> 0];
}

export const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export function describePacket(p: Packet): string {
  const port = (n?: number) => (n === undefined ? '' : `:${n}`);
  return `${p.proto} ${p.src}${port(p.sport)} → ${p.dst}${port(p.dport)}`;
}
