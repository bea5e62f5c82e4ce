/**
 * A netfilter hook (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING): its tables in kernel priority order,
 * each table's built-in chain walked by `runChain`, outcomes chained table after table.
 */
import type { Host, IptChain, IptTable } from '../model/types.ts';
import { runChain, type EvalOptions, type NatChange, type NfOutcome, type NfStep } from './evaluate.ts';
import { assumptionsKey, mergeInto, packetKey } from './merge.ts';
import type { Packet } from './packet.ts';

export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** Priority order of the tables at each hook (raw -300, mangle -150, nat -100/100, filter 0). */
export const HOOK_TABLES: Record<Hook, readonly string[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

export interface HookOutcome {
  verdict: NfOutcome['verdict'];
  packet: Packet;
  probability: number;
  steps: NfStep[];
  decidedBy?: NfOutcome['decidedBy'];
  nat: NatChange[];
  missing: string[];
  uncertain: boolean;
  /** Facts about the evidence: a table not captured, a chain assumed from the mode's standard wiring. */
  notes: string[];
  /** Why an UNKNOWN outcome could not be decided (netfilter/budget.ts, a queue to userspace …). */
  unknown?: string;
  /** Ways through the rules this outcome stands for, when more than one met again. */
  paths?: number;
  /** Statistic branches past the fork limit that were not followed, and their probability. */
  unfollowed?: { count: number; probability: number };
}

/** Outcomes that leave the hook in the same state (verdict, packet, NAT, what is missing, the assumptions; for a drop, the
 *  rule) are one. */
function mergeSame(list: HookOutcome[]): HookOutcome[] {
  if (list.length < 2) return list;
  const byKey = new Map<string, HookOutcome>();
  for (const o of list) {
    const d = o.verdict === 'ACCEPT' ? '' : `${o.decidedBy?.table}/${o.decidedBy?.chain}/${o.decidedBy?.index}/${o.unknown ?? ''}`;
    const k = [o.verdict, d, packetKey(o.packet), o.nat.map((n) => `${n.kind}:${n.from}>${n.to}`).join(','), o.missing.join('\u0000'), o.uncertain ? assumptionsKey(o.steps) : '', o.notes.join('\u0000')].join('|');
    const same = byKey.get(k);
    if (same) mergeInto(same, o); else byKey.set(k, o);
  }
  return [...byKey.values()];
}

/** Supplies a built-in chain the capture lacks from the mode's standard wiring (e.g. Calico's FORWARD). */
export type WiringProvider = (host: Host, table: string, chain: string) => { chain: IptChain; note: string } | null;

export function runHook(host: Host, hook: Hook, packet: Packet, options: EvalOptions, wiring?: WiringProvider): HookOutcome[] {
  let outcomes: HookOutcome[] = [{ verdict: 'ACCEPT', packet, probability: 1, steps: [], nat: [], missing: [], uncertain: false, notes: [] }];
  for (const tableName of HOOK_TABLES[hook]) {
    // nat sees only the first packet of a connection, and never an untracked one
    if (tableName === 'nat' && packet.ctstate !== 'NEW') continue;
    const captured = host.iptables[tableName];
    const next: HookOutcome[] = [];
    for (const o of outcomes) {
      if (o.verdict !== 'ACCEPT' || (tableName === 'nat' && o.packet.ctstate !== 'NEW')) { next.push(o); continue; }
      let table: IptTable | undefined = captured;
      const notes = [...o.notes];
      if (captured && !captured.chains.has(hook)) {
        const wired = wiring?.(host, tableName, hook);
        if (wired) {
          table = { ...captured, chains: new Map(captured.chains).set(hook, wired.chain) };
          notes.push(wired.note);
        } else if (captured.chains.size) {
          notes.push(`${tableName} ${hook} is not in the capture of ${host.name}: treated as empty`);
        }
      }
      if (!table) {
        if (Object.keys(host.iptables).length) notes.push(`table ${tableName} of ${host.name} is not in the capture: treated as empty`);
        next.push({ ...o, notes });
        continue;
      }
      for (const r of runChain(table, hook, o.packet, options)) {
        next.push({
          verdict: r.verdict, packet: r.packet, probability: o.probability * r.probability, steps: [...o.steps, ...r.steps],
          ...(r.decidedBy ? { decidedBy: r.decidedBy } : o.decidedBy ? { decidedBy: o.decidedBy } : {}),
          nat: r.nat ? [...o.nat, r.nat] : o.nat, missing: [...o.missing, ...r.missing], uncertain: o.uncertain || r.uncertain, notes,
          ...(r.unknown ? { unknown: r.unknown } : {}), ...((o.paths ?? 1) * (r.paths ?? 1) > 1 ? { paths: (o.paths ?? 1) * (r.paths ?? 1) } : {}),
          ...(o.unfollowed || r.unfollowed ? { unfollowed: { count: (o.unfollowed?.count ?? 0) + (r.unfollowed?.count ?? 0),
            probability: (o.unfollowed?.probability ?? 0) + o.probability * (r.unfollowed?.probability ?? 0) } } : {}),
        });
      }
    }
    outcomes = mergeSame(next);
  }
  return outcomes;
}
