/**
 * The table of iptables statements that name none: a `Chain PREROUTING …` listing pasted without its command, an
 * `iptables-save | grep` fragment without its `*nat` line, `[0:0] -A KUBE-SEP-… -j DNAT …`. The evidence is what
 * the kernel and the usual writers of rules allow: built-in chains exist in some tables only, DNAT/SNAT/MASQUERADE
 * only in nat, REJECT only in filter, NOTRACK/CT only in raw, and kube-proxy, Calico, Azure NPM, ip-masq-agent, CNI
 * plugins, Docker and flannel keep their chains in known tables. A jump never leaves its table, so chains joined
 * by jumps share one. What the evidence leaves open gets the likeliest table, and the note says so.
 */
import type { IptStatement } from '../model/types.ts';

export const TABLES = ['filter', 'nat', 'mangle', 'raw', 'security'] as const;
export type TableName = (typeof TABLES)[number];

/** Tables a constraint allows, the one it prefers among them, and why (for the note). */
interface Constraint { tables: readonly TableName[]; why: string; at: number }

// null-prototype lookups: a chain or target named `constructor` or `__proto__` is a name, not a property of Object
const BUILTIN: Record<string, readonly TableName[]> = Object.assign(Object.create(null) as Record<string, readonly TableName[]>, {
  PREROUTING: ['nat', 'mangle', 'raw'],
  INPUT: ['filter', 'nat', 'mangle', 'security'],
  FORWARD: ['filter', 'mangle', 'security'],
  OUTPUT: ['filter', 'nat', 'mangle', 'raw', 'security'],
  POSTROUTING: ['nat', 'mangle'],
});

/** Targets the kernel allows in one table only (xt_target.table), or never in nat (DROP). */
const TARGET_TABLES: Record<string, readonly TableName[]> = Object.assign(Object.create(null) as Record<string, readonly TableName[]>, {
  DNAT: ['nat'], SNAT: ['nat'], MASQUERADE: ['nat'], REDIRECT: ['nat'], NETMAP: ['nat'],
  REJECT: ['filter'], NOTRACK: ['raw'], CT: ['raw'], TPROXY: ['mangle'], CHECKSUM: ['mangle'],
  TOS: ['mangle'], TTL: ['mangle'], HL: ['mangle'], DSCP: ['mangle'], ECN: ['mangle'],
  DROP: ['filter', 'mangle', 'raw', 'security'],
});

/** Chain families of the programs that write rules on Kubernetes nodes: the tables they create each chain in, likeliest first. */
const FAMILIES: [RegExp, readonly TableName[], string][] = [
  [/^KUBE-(SVC|SEP|FW|XLB|EXT|SVL)-|^KUBE-(MARK-MASQ|MARK-DROP|POSTROUTING|LOAD-BALANCER|NODE-PORT|LOOP-BACK)$/, ['nat'], 'kube-proxy'],
  [/^KUBE-(SERVICES|NODEPORTS)$/, ['nat', 'filter'], 'kube-proxy'],
  [/^KUBE-(FORWARD|FIREWALL|EXTERNAL-SERVICES|PROXY-FIREWALL)$/, ['filter'], 'kube-proxy'],
  [/^IP-MASQ(-AGENT)?$/, ['nat'], 'ip-masq-agent'],
  [/^AZURE-NPM/, ['filter'], 'Azure NPM'],
  [/^cali-(fw|tw|pi|po|pri|pro|from-wl-dispatch|to-wl-dispatch|wl-to-host|from-hep-forward|to-hep-forward|cidr-block)|^cali-(FORWARD|INPUT)$/, ['filter'], 'Calico'],
  [/^cali-(nat-outgoing|fip-dnat|fip-snat)$/, ['nat'], 'Calico'],
  [/^cali-PREROUTING$/, ['nat', 'raw', 'mangle'], 'Calico'],
  [/^cali-POSTROUTING$/, ['nat', 'mangle'], 'Calico'],
  [/^cali-OUTPUT$/, ['filter', 'nat', 'raw'], 'Calico'],
  [/^cali-(rpf-skip|untracked-flows)$/, ['raw'], 'Calico'],
  [/^CNI-(HOSTPORT-|DN-)|^CNI-[0-9a-f]{24}$/, ['nat'], 'a CNI plugin'],
  [/^CNI-(FORWARD|ADMIN)$/, ['filter'], 'a CNI plugin'],
  [/^DOCKER(-INGRESS)?$/, ['nat', 'filter'], 'Docker'],
  [/^DOCKER-(USER|ISOLATION)/, ['filter'], 'Docker'],
  [/^FLANNEL-POSTRTG$/, ['nat'], 'flannel'],
  [/^FLANNEL-FWD$/, ['filter'], 'flannel'],
  [/^WEAVE$/, ['nat'], 'Weave'],
  [/^WEAVE-(NPC|EXPOSE)/, ['filter'], 'Weave'],
  [/^OPENSHIFT-MASQUERADE/, ['nat'], 'OpenShift'],
  [/^OPENSHIFT-FIREWALL/, ['filter'], 'OpenShift'],
];

/** Target extensions and verdicts: a jump to anything else is a jump to a chain of the same table. */
export const TARGET_EXTENSIONS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'MASQUERADE', 'SNAT', 'DNAT', 'MARK',
  'CONNMARK', 'LOG', 'NFLOG', 'ULOG', 'NOTRACK', 'CT', 'REDIRECT', 'TPROXY', 'TRACE', 'TCPMSS', 'CHECKSUM', 'NFQUEUE',
  'SET', 'AUDIT', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'ECN', 'SECMARK', 'CONNSECMARK', 'TEE', 'IDLETIMER', 'LED',
  'RATEEST', 'SYNPROXY', 'HMARK', 'NETMAP', 'CLUSTERIP', 'JOURNAL']);

function chainConstraint(name: string, at: number): Constraint | null {
  const builtin = BUILTIN[name];
  if (builtin) return { tables: builtin, why: `built-in chain ${name}`, at };
  for (const [re, tables, who] of FAMILIES) if (re.test(name)) return { tables, why: `${who}'s chain ${name}`, at };
  return null;
}

const targetName = (r: Extract<IptStatement, { type: 'rule' }>): string | undefined => ('jump' in r ? r.jump : r.target)?.name;

/** What inference decided for one table: the chains placed in it and the evidence, for the note. */
export interface Inferred { table: TableName; chains: string[]; why: string; at: number; certain: boolean }

export interface TableInference {
  /** The table of each statement that named none (undefined where the statement named its own). */
  tables: (string | undefined)[];
  inferred: Inferred[];
}

/** Picks the table of a group: the only one its evidence allows, else the likeliest (the one most constraints list first). */
function choose(constraints: Constraint[], fallback: TableName): { table: TableName; certain: boolean } | null {
  let allowed: readonly TableName[] = TABLES;
  for (const c of constraints) allowed = allowed.filter((t) => c.tables.includes(t));
  if (!allowed.length) return null;
  if (allowed.length === 1) return { table: allowed[0] as TableName, certain: true };
  const votes = new Map<TableName, number>();
  for (const c of constraints) {
    const first = c.tables.find((t) => allowed.includes(t));
    if (first) votes.set(first, (votes.get(first) ?? 0) + 1);
  }
  const ranked = [...allowed].sort((a, b) => (votes.get(b) ?? 0) - (votes.get(a) ?? 0) || (a === fallback ? -1 : b === fallback ? 1 : 0));
  return { table: ranked[0] as TableName, certain: false };
}

/**
 * Infers the table of every statement in `records` that names none. `stated` is the table the command shows by
 * default (`iptables -S` lists filter): kept unless the statements cannot be in it. `oneTable`: the block is one
 * table's listing (`iptables -L`, `-S`), so all its evidence decides one table; an `iptables-save | grep` fragment
 * may hold several. Returns null when every statement names its table.
 */
export function inferTables(records: readonly IptStatement[], stated?: string, oneTable = false): TableInference | null {
  const open: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as IptStatement;
    if (r.type !== 'table' && !r.table) open.push(i);
  }
  if (!open.length) return null;
  // groups of chains joined by jumps (union-find over names)
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) { p = find(p); parent.set(x, p); }
    return p;
  };
  const join = (a: string, b: string): void => { const ra = find(a); const rb = find(b); if (ra !== rb) parent.set(ra, rb); };
  const named = new Map<string, Constraint | null>();
  const byTarget = new Map<string, Constraint[]>();
  const nameOf = (chain: string, at: number): void => { if (!named.has(chain)) { named.set(chain, chainConstraint(chain, at)); parent.set(chain, find(chain)); } };
  for (const i of open) {
    const r = records[i] as Exclude<IptStatement, { type: 'table' }>;
    const chain = r.type === 'chain' ? r.name : r.chain;
    if (!chain) continue;
    nameOf(chain, i);
    if (r.type !== 'rule') continue;
    const target = targetName(r);
    if (!target) continue;
    const only = TARGET_TABLES[target];
    if (only) { const l = byTarget.get(chain) ?? []; l.push({ tables: only, why: `target ${target}`, at: i }); byTarget.set(chain, l); }
    else if (!TARGET_EXTENSIONS.has(target)) { nameOf(target, i); join(chain, target); }
  }
  const evidence = (chain: string): Constraint[] => [...(named.get(chain) ? [named.get(chain) as Constraint] : []), ...(byTarget.get(chain) ?? [])];
  const fallback = (TABLES as readonly string[]).includes(stated ?? '') ? stated as TableName : 'filter';
  interface Decision { table: TableName; certain: boolean; why: string; at: number }
  const decide = (cs: Constraint[], at: number): Decision | null => {
    if (stated && cs.every((c) => c.tables.includes(stated as TableName))) return { table: stated as TableName, certain: true, why: 'the command', at };
    const pick = choose(cs, fallback);
    if (!pick) return null;
    const decisive = cs.find((c) => c.tables.length === 1 && c.tables[0] === pick.table) ?? cs.find((c) => c.tables[0] === pick.table) ?? cs[0];
    return { table: pick.table, certain: pick.certain && !!decisive, why: decisive?.why ?? 'no evidence', at: decisive?.at ?? at };
  };
  const groups = new Map<string, string[]>();
  for (const chain of named.keys()) { const root = find(chain); groups.set(root, [...(groups.get(root) ?? []), chain]); }
  const ofChain = new Map<string, Decision>();
  /** Chains of a group whose evidence disagrees: their rules are placed one by one (KUBE-SERVICES of nat and of filter in one grep). */
  const byRule = new Set<string>();
  const whole = oneTable ? decide([...named.keys()].flatMap(evidence), open[0] as number) : null;
  for (const chains of groups.values()) {
    const d = whole ?? decide(chains.flatMap(evidence), open[0] as number);
    if (d) { for (const c of chains) ofChain.set(c, d); continue; }
    for (const c of chains) {
      const own = named.get(c);
      ofChain.set(c, decide(own ? [own] : [], open[0] as number) as Decision);
      byRule.add(c);
    }
  }
  const tables: (string | undefined)[] = new Array(records.length);
  const notes = new Map<string, Inferred>();
  for (const i of open) {
    const r = records[i] as Exclude<IptStatement, { type: 'table' }>;
    const chain = r.type === 'chain' ? r.name : r.chain;
    let d = ofChain.get(chain) ?? { table: fallback, certain: false, why: 'no evidence', at: i };
    if (r.type === 'rule' && byRule.has(chain)) {
      const target = targetName(r);
      const only = target ? TARGET_TABLES[target] ?? (named.get(target)?.tables) : undefined;
      if (only?.length === 1) d = { table: only[0] as TableName, certain: true, why: TARGET_TABLES[target as string] ? `target ${target}` : (named.get(target as string) as Constraint).why, at: i };
    }
    tables[i] = d.table;
    if (d.why === 'the command') continue;
    const key = `${d.table}|${d.why}`;
    const n = notes.get(key) ?? { table: d.table, chains: [], why: d.why, at: d.at, certain: d.certain };
    if (!n.chains.includes(chain)) n.chains.push(chain);
    notes.set(key, n);
  }
  return { tables, inferred: [...notes.values()].sort((a, b) => a.at - b.at) };
}

/** The note beside the block: which table the capture did not name, which was taken, and on what evidence. */
export function inferredMessage(n: Inferred, stated?: string): string {
  const chains = n.chains.length > 3 ? `${n.chains.slice(0, 3).join(', ')} and ${n.chains.length - 3} more` : n.chains.join(', ');
  const of = n.chains.length === 1 ? `chain ${chains}` : `chains ${chains}`;
  if (n.why === 'no evidence') return `no table named (no *table line, no -t): ${of} put in ${n.table}, which nothing in the rules confirms`;
  const against = stated && stated !== n.table ? ` (the command lists ${stated}, where this cannot be)` : '';
  return `no table named (no *table line, no -t): ${of} put in ${n.table}${against}, ${n.certain ? 'the only table' : 'the likeliest table'} for ${n.why}`;
}
