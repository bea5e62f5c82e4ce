/**
 * Walks that meet again: two walks through a table that stand at the same rule with the same packet (mark,
 * addresses, conntrack state), the same evidence missing and the same assumptions have the same future, so one
 * goes on for both. Walks that rest on different assumed outcomes stay apart: each shows what its assumption does. Their probabilities add up when they are the two sides of a statistic fork; two assumed
 * outcomes of an unsupported match are alternatives, not shares, so the larger stands for both.
 */
import type { Packet } from './packet.ts';

export interface Mergeable {
  packet: Packet; probability: number; uncertain: boolean; missing: string[]; paths?: number;
  unfollowed?: { count: number; probability: number };
}

/** The assumed outcomes a walk's steps rest on, as one key. */
export const assumptionsKey = (steps: readonly { assumed?: string; chain?: string; rule?: number }[]): string => {
  let k = '';
  for (const s of steps) if (s.assumed) k += `${s.chain ?? ''}:${s.rule ?? ''}:${s.assumed}\u0000`;
  return k;
};

interface WithFrames extends Mergeable { frames: { chain: { name: string }; pos: number }[]; steps: readonly { assumed?: string; chain?: string; rule?: number }[] }

/** Everything the rest of a walk depends on. */
export function cursorKey(c: WithFrames): string {
  const p = c.packet;
  return [c.frames.map((f) => `${f.chain.name}:${f.pos}`).join('>'), packetKey(p), c.uncertain ? assumptionsKey(c.steps) : '', c.missing.join('\u0000')].join('|');
}

export function packetKey(p: Packet): string {
  return [p.src, p.sport ?? '', p.dst, p.dport ?? '', p.proto, p.mark, p.ctstate, p.natted?.dnat ? 'd' : '', p.natted?.snat ? 's' : '',
    p.iif ?? '', p.oif ?? '', p.physIn ?? '', p.physOut ?? '', p.icmpType ?? ''].join(',');
}

/** `other` joins `keep`: one walk for both from here on. */
export function mergeInto(keep: Mergeable, other: Mergeable): void {
  keep.probability = keep.uncertain ? Math.max(keep.probability, other.probability) : Math.min(1, keep.probability + other.probability);
  keep.paths = (keep.paths ?? 1) + (other.paths ?? 1);
  if (other.unfollowed) keep.unfollowed = { count: (keep.unfollowed?.count ?? 0) + other.unfollowed.count, probability: (keep.unfollowed?.probability ?? 0) + other.unfollowed.probability };
}
