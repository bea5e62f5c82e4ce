/**
 * `iptables -L` in all its forms: `-n`, `-v`, `-x`, `--line-numbers`, `-t TABLE`, one chain (`-L CHAIN`),
 * names resolved (`anywhere`, `any`, `dpt:http`), K/M/G counters, `| column -t` (collapsed spacing),
 * `| grep X` (rows without chain headers), em dashes where a blog typeset `--`.
 *
 * Each row becomes the same rule record as iptables-save: the columns give the base matches (-p -s -d -i -o),
 * the trailing text is translated back into match modules (`tcp dpt:80` → `-m tcp --dport 80`,
 * `/* c *\/` → comment, `ctstate`, `mark match`, `match-set`, `ADDRTYPE`, `statistic`, `multiport`) and target
 * options (`to:ip:port`, `MARK or/set/xset/and`, `reject-with`, `masq ports`). What is not understood stays in
 * `unparsed` on the rule and is named in an `unsupported` warning. The table comes from the command (ingest).
 *
 * Output: { type: "chain", name, policy, references, counters } and rule records (see iptables-save) with
 * `unparsed` when needed.
 *
 * Example:
 *   Chain POSTROUTING (policy ACCEPT)
 *   num  target     prot opt source               destination
 *   3    MASQUERADE  all  --  0.0.0.0/0           !10.100.0.0/16   /* kubenet: SNAT *\/ ADDRTYPE match dst-type !LOCAL
 *   → rule { chain: "POSTROUTING", matches: [-d !10.100.0.0/16, comment, addrtype --dst-type !LOCAL], target: MASQUERADE }
 */
import type { Parser } from '../common/types.ts';
import { Collector, head, isElision, safeParse, splitLines } from '../common/lines.ts';
import type { IptablesRule, RuleMatch, RuleOption } from '../common/iptables-rule.ts';
import type { IptablesChain } from '../iptables-save/iptables-save.ts';

export interface ListedRule extends IptablesRule {
  num?: number;
  /** Trailing text the translation did not understand. */
  unparsed?: string;
}
export type IptablesListRecord = IptablesChain | ListedRule;

const CHAIN = /^\s*Chain\s+(\S+)\s+\((?:policy\s+(\w+)(?:\s+([\d.]+[KMGT]?)\s+packets,\s+([\d.]+[KMGT]?)\s+bytes)?|(\d+)\s+references?)\s*\)/;
const COLUMNS = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination\s*$/;
const OPT = /^(--|-f|!f|—|–|-|!-)$/;
const SERVICES: Record<string, string> = {
  http: '80', https: '443', www: '80', domain: '53', ssh: '22', ntp: '123', bootps: '67', bootpc: '68',
  'http-alt': '8080', webcache: '8080', ldap: '389', smtp: '25', telnet: '23', ftp: '21', snmp: '161',
  'kubernetes': '6443', 'sun-sr-https': '6443', 'rfe': '5002', 'mysql': '3306', 'postgresql': '5432', 'redis': '6379',
};

const PROTOCOL_NUMBERS: Record<string, string> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp', '132': 'sctp', '4': 'ipip', '47': 'gre', '50': 'esp' };

export function expandCounter(s: string): number {
  const m = /^([\d.]+)([KMGT]?)$/.exec(s);
  if (!m) return Number.NaN;
  const mult = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1]) * mult);
}

const port = (p: string): string => p.split(':').map((x) => SERVICES[x] ?? x).join(':');
const opt = (name: string, values: string[], negated = false): RuleOption => ({ name, negated, values });

interface Columns { num: boolean; counters: boolean; inOut: boolean }

/** Reads one whitespace-separated field from `s` at `pos`; returns [field, nextPos]. */
function field(s: string, pos: number): [string, number] {
  let i = pos;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  const start = i;
  while (i < s.length && s[i] !== ' ' && s[i] !== '\t') i++;
  return [s.slice(start, i), i];
}

function addrOption(name: string, v: string): RuleOption | null {
  const neg = v.startsWith('!');
  const val = neg ? v.slice(1) : v;
  if (val === '0.0.0.0/0' || val === 'anywhere' || val === '::/0') return null;
  return opt(name, [val], neg);
}

function ifaceOption(name: string, v: string): RuleOption | null {
  const neg = v.startsWith('!');
  const val = neg ? v.slice(1) : v;
  if (val === '*' || val === 'any') return null;
  return opt(name, [val], neg);
}

/** Translates the trailing text of an `iptables -L` row back into modules and target options. */
export function translateExtras(extra: string, targetName: string): { matches: RuleMatch[]; targetOptions: RuleOption[]; unparsed: string } {
  const matches: RuleMatch[] = [];
  const targetOptions: RuleOption[] = [];
  const left: string[] = [];
  let s = extra.trim();
  const mod = (name: string, o: RuleOption): void => {
    const existing = matches.find((m) => m.module === name);
    if (existing) existing.options.push(o);
    else matches.push({ module: name, options: [o] });
  };
  // comments first: they may contain anything
  s = s.replace(/\/\*\s*(.*?)\s*\*\//g, (_all, c: string) => { mod('comment', opt('--comment', [c])); return ' '; });
  const toks = s.split(/\s+/).filter(Boolean);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    const n1 = toks[i + 1] ?? '';
    const n2 = toks[i + 2] ?? '';
    let m: RegExpExecArray | null;
    if ((t === 'tcp' || t === 'udp' || t === 'sctp') && /^(s|d)pts?:/.test(n1)) {
      // `tcp dpt:80 spt:1000` — all the port clauses that follow belong to this module
      let j = i + 1;
      while (j < toks.length && (m = /^(s|d)pts?:(!)?(.+)$/.exec(toks[j] as string))) {
        mod(t, opt(m[1] === 's' ? '--sport' : '--dport', [port(m[3] as string)], !!m[2]));
        j++;
      }
      i = j - 1;
    } else if ((t === 'tcp' || t === 'udp') && (n1.startsWith('flags:') || n1 === 'option=')) {
      mod(t, opt('--tcp-flags', [n1.slice(6)])); i++;
    } else if (t === 'tcp' || t === 'udp' || t === 'icmp' || t === 'sctp') {
      if (/^(icmptype|type)/.test(n1)) { mod('icmp', opt('--icmp-type', [n1.replace(/^\D+/, '')])); i++; }
      else mod(t, opt('--protocol-module', []));
    } else if (t === 'icmptype' || (t === 'icmp' && /^\d+$/.test(n1))) {
      mod('icmp', opt('--icmp-type', [n1])); i++;
    } else if (t === 'multiport' && /^(dports|sports|ports)$/.test(n1)) {
      const neg = n2 === '!';
      const list = neg ? (toks[i + 3] ?? '') : n2;
      mod('multiport', opt(`--${n1}`, [list.split(',').map(port).join(',')], neg)); i += neg ? 3 : 2;
    } else if (t === 'ctstate' || t === 'state' || (t === '!' && (n1 === 'ctstate' || n1 === 'state'))) {
      const neg = t === '!';
      const kw = neg ? n1 : t;
      const v = neg ? n2 : n1;
      mod(kw === 'ctstate' ? 'conntrack' : 'state', opt(kw === 'ctstate' ? '--ctstate' : '--state', [v], neg)); i += neg ? 2 : 1;
    } else if (t === 'mark' && n1 === 'match') {
      const neg = n2 === '!';
      mod('mark', opt('--mark', [neg ? (toks[i + 3] ?? '') : n2], neg)); i += neg ? 3 : 2;
    } else if (t === 'match-set' || (t === '!' && n1 === 'match-set')) {
      const neg = t === '!';
      const name = neg ? n2 : n1;
      const dir = toks[i + (neg ? 3 : 2)] ?? 'src';
      mod('set', opt('--match-set', [name, dir], neg)); i += neg ? 3 : 2;
    } else if (t === 'ADDRTYPE' && n1 === 'match') {
      let j = i + 2;
      while (j < toks.length && (m = /^(src|dst)-type$/.exec(toks[j] as string))) {
        const v = toks[j + 1] ?? '';
        mod('addrtype', opt(`--${m[1]}-type`, [v.replace(/^!/, '')], v.startsWith('!')));
        j += 2;
      }
      i = j - 1;
    } else if (t === 'statistic' && n1 === 'mode') {
      mod('statistic', opt('--mode', [n2]));
      i += 2;
      while (i + 2 < toks.length + 1 && /^(probability|every|packet)$/.test(toks[i + 1] ?? '')) {
        mod('statistic', opt(`--${toks[i + 1]}`, [toks[i + 2] ?? '']));
        i += 2;
      }
    } else if (t === 'PHYSDEV' && n1 === 'match') {
      let j = i + 2;
      while (j < toks.length && /^!?--physdev/.test(toks[j] as string) || toks[j] === '!') {
        const neg = toks[j] === '!';
        const name = (neg ? toks[j + 1] : toks[j]) as string;
        const flagOnly = /-is-/.test(name);
        mod('physdev', opt(name, flagOnly ? [] : [toks[j + (neg ? 2 : 1)] ?? ''], neg));
        j += (neg ? 1 : 0) + (flagOnly ? 1 : 2);
      }
      i = j - 1;
    } else if ((m = /^to:(.+)$/.exec(t))) {
      targetOptions.push(opt(targetName === 'SNAT' ? '--to-source' : '--to-destination', [m[1] as string]));
    } else if (t === 'MARK' && /^(or|set|xset|and|xor)$/.test(n1)) {
      const name = { or: '--or-mark', set: '--set-mark', xset: '--set-xmark', and: '--and-mark', xor: '--xor-mark' }[n1 as 'or'];
      targetOptions.push(opt(name, [n2])); i += 2;
    } else if (t === 'reject-with') {
      targetOptions.push(opt('--reject-with', [n1])); i++;
    } else if (t === 'masq' && n1 === 'ports:') {
      targetOptions.push(opt('--to-ports', [n2])); i += 2;
    } else if (t === '[goto]') {
      targetOptions.push(opt('[goto]', []));
    } else if (t === 'random-fully' || t === 'random' || t === 'persistent') {
      targetOptions.push(opt(`--${t}`, []));
    } else if (t === 'redir' && n1 === 'ports') {
      targetOptions.push(opt('--to-ports', [n2])); i += 2;
    } else {
      left.push(t);
    }
  }
  return { matches, targetOptions, unparsed: left.join(' ') };
}

function parseRow(line: string, chain: string, cols: Columns): ListedRule | null {
  let pos = 0;
  let f: string;
  const rule: ListedRule = { type: 'rule', chain, matches: [], text: line.trim() };
  if (cols.num) { [f, pos] = field(line, pos); if (!/^\d+$/.test(f)) return null; rule.num = Number(f); }
  if (cols.counters) {
    let b: string;
    [f, pos] = field(line, pos);
    [b, pos] = field(line, pos);
    const packets = expandCounter(f);
    const bytes = expandCounter(b);
    if (Number.isNaN(packets) || Number.isNaN(bytes)) return null;
    rule.counters = { packets, bytes };
  }
  // The target column may be empty (a counting rule): then the first field is the protocol.
  const first = field(line, pos);
  let target = first[0];
  const second = field(line, first[1]);
  let prot = second[0];
  const p2 = second[1];
  let [o, p3] = field(line, p2);
  if (OPT.test(prot) && !OPT.test(o)) {
    // empty target: shift
    o = prot; p3 = p2; prot = target; target = '';
  }
  if (!OPT.test(o)) return null;
  pos = p3;
  let inIf = '*';
  let outIf = '*';
  if (cols.inOut) { [inIf, pos] = field(line, pos); [outIf, pos] = field(line, pos); }
  const [src, afterSrc] = field(line, pos);
  const [dst, afterDst] = field(line, afterSrc);
  pos = afterDst;
  if (!src || !dst) return null;
  const base: RuleOption[] = [];
  // iptables ≥ 1.8.9 prints protocol numbers (0 = all, 6 = tcp …)
  const pnRaw = prot.startsWith('!') ? prot.slice(1) : prot;
  const pn = PROTOCOL_NUMBERS[pnRaw] ?? pnRaw;
  if (pn !== 'all') base.push(opt('-p', [pn], prot.startsWith('!')));
  for (const x of [addrOption('-s', src), addrOption('-d', dst), ifaceOption('-i', inIf), ifaceOption('-o', outIf)]) if (x) base.push(x);
  if (o === '-f') base.push(opt('-f', []));
  if (base.length) rule.matches.push({ module: '', options: base });
  const ex = translateExtras(line.slice(pos), target);
  rule.matches.push(...ex.matches);
  // `-g CHAIN` is listed as the chain with a trailing `[goto]`
  const isGoto = ex.targetOptions.some((o) => o.name === '[goto]');
  if (target) rule.target = { name: target, goto: isGoto, options: ex.targetOptions.filter((o) => o.name !== '[goto]') };
  if (ex.unparsed) rule.unparsed = ex.unparsed;
  return rule;
}

function parseText(text: string) {
  const out = new Collector<IptablesListRecord>();
  let chain = '';
  let cols: Columns = { num: false, counters: false, inOut: false };
  let sawColumns = false;
  for (const line of splitLines(text)) {
    out.cursor = line.no;
    const t = line.text.replace(/[—–]/g, '--');
    if (!t.trim()) continue;
    const c = CHAIN.exec(t);
    if (c) {
      chain = c[1] as string;
      const rec: IptablesChain & { references?: number } = { type: 'chain', name: chain, policy: c[2] ?? '-' };
      if (c[3] !== undefined) rec.counters = { packets: expandCounter(c[3]), bytes: expandCounter(c[4] as string) };
      if (c[5] !== undefined) rec.references = Number(c[5]);
      out.add(rec);
      continue;
    }
    const h = COLUMNS.exec(t);
    if (h) { cols = { num: !!h[1], counters: !!h[2], inOut: !!h[3] }; sawColumns = true; continue; }
    let r = parseRow(t, chain, cols);
    if (!r && !sawColumns) {
      // rows without a header (`iptables -L -v | grep x`): guess the layout from the row itself
      for (const guess of [{ num: false, counters: true, inOut: true }, { num: true, counters: true, inOut: true }, { num: true, counters: false, inOut: false }]) {
        r = parseRow(t, chain, guess);
        if (r) break;
      }
    }
    if (r) {
      out.add(r);
      if (r.unparsed) out.warn(line.no, 'unsupported', `match text not understood, kept on the rule: ${r.unparsed.slice(0, 60)}`);
      continue;
    }
    if (isElision(t)) { out.skip(line, 'ignored', 'elision marker'); continue; }
    out.skip(line, 'unrecognized', 'not an iptables -L row');
  }
  return out.result();
}

export const info = {
  id: 'iptables-list',
  title: 'iptables -L -n -v',
  family: 'iptables-L' as const,
  commands: ['iptables -L', 'iptables -L -n', 'iptables -nvL', 'iptables -L -n -v -x', 'iptables -t TABLE -L [CHAIN] --line-numbers', 'iptables -vL'],
  origins: ['seed 002', 'corpus iptables-L/*', 'kernel captures'],
};

export function detect(text: string): number {
  const h = head(text);
  const chains = /^\s*Chain\s+\S+\s+\((policy|\d+\s+references?)/m.test(h);
  const cols = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\b/m.test(h);
  if (chains && cols) return 1;
  if (chains || cols) return 0.85;
  // headerless rows: `0 0 DNAT tcp -- * * 0.0.0.0/0 10.0.0.1 /* x */ tcp to:…`
  if (/^\s*[\d.]+[KMG]?\s+[\d.]+[KMG]?\s+\S+\s+(all|tcp|udp|icmp)\s+(--|-f)\s/m.test(h)) return 0.7;
  return 0;
}

export function parse(text: string) {
  return safeParse(text, parseText);
}

export const iptablesListParser: Parser<IptablesListRecord> = { info, detect, parse };
