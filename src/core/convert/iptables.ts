/**
 * A packet-filter block (iptables-save, -S, -L) → one piece holding its statements (see assemble/iptables): the
 * records are the model's statements as they are, so a 150,000-line dump is not copied. Statements that name no
 * table get the one the command names (`-t nat`), else the one the evidence says (see iptables-tables), with a
 * note; rows without a chain (`iptables -L | grep`, no `Chain` header) get the chain the command lists, or are left
 * out of the model with a note: a chain named "" would be a chain nobody can reach.
 */
import type { IptStatement } from '../model/types.ts';
import type { BlockContext, ConvertNote, Converted } from './pieces.ts';
import { inferTables, inferredMessage } from './iptables-tables.ts';

/** `iptables -S` and `iptables -L` list table filter unless `-t` says otherwise; iptables-save without -t lists every table. */
const listsFilterByDefault = (command?: string): boolean => /^ip6?tables(-legacy|-nft)?\s/.test(command ?? '') && !/^ip6?tables\S*-save/.test(command ?? '');

/** The chain a listing command names: `iptables -t nat -nvL KUBE-SERVICES`, `iptables -S FORWARD`, `--list X`. */
export function chainOfCommand(command?: string): string | undefined {
  const toks = (command ?? '').split('|')[0]?.trim().split(/\s+/) ?? [];
  const at = toks.findIndex((t) => /^-[a-zA-Z]*[LS][a-zA-Z]*$/.test(t) && !t.startsWith('--') || t === '--list' || t === '--list-rules');
  if (at < 0) return undefined;
  for (let k = at + 1; k < toks.length; k++) {
    const t = toks[k] as string;
    if (t.startsWith('-')) { if (/^(-t|--table|-w|--wait)$/.test(t)) k++; continue; }
    return /^[\w.:@-]+$/.test(t) ? t : undefined;
  }
  return undefined;
}

export function convertIptables(records: IptStatement[], ctx: BlockContext): Converted {
  const notes: ConvertNote[] = [];
  let statements = records;
  let index = (i: number): number => i;
  const orphans = records.some((r) => r.type === 'rule' && !r.chain);
  if (orphans) {
    const named = chainOfCommand(ctx.command);
    const kept: number[] = [];
    records.forEach((r, i) => {
      if (r.type !== 'rule' || r.chain) { kept.push(i); return; }
      if (named) { r.chain = named; kept.push(i); return; }
      notes.push({ recordIndex: i, kind: 'ignored', message: 'a rule row without its chain (no `Chain` header above it, none in the command): kept in the parse, left out of the model' });
    });
    statements = kept.map((i) => records[i] as IptStatement);
    index = (i) => kept[i] as number;
  }
  const stated = ctx.table ? undefined : listsFilterByDefault(ctx.command) ? 'filter' : undefined;
  const inference = ctx.table ? null : inferTables(statements, stated, ctx.kind !== 'iptables-save');
  if (inference) for (const n of inference.inferred) notes.push({ recordIndex: index(n.at), kind: 'inferred', message: inferredMessage(n, stated) });
  const line = orphans ? (i: number) => ctx.line(index(i)) : ctx.line;
  return {
    pieces: [{ kind: 'iptables', node: ctx.at.node, table: ctx.table ?? stated ?? 'filter', block: ctx.block, input: ctx.input, records: statements, line,
      ...(inference ? { tables: inference.tables } : {}), ...(ctx.at.view ? { view: ctx.at.view } : {}) }],
    notes,
  };
}
