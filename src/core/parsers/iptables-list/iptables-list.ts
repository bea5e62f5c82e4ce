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
import { defineKind } from '../common/kind.ts';
import { convertIptables } from '../../convert/iptables.ts';
import type { Parser } from '../common/types.ts';
import { Collector, firstPrintable, head, isElision, safeParse, safeParseLines, splitTextLines } from '../common/lines.ts';
import { isDigits, LazyRule, SharedNames, type IptablesRule, type RuleMatch, type RuleOption } from '../common/iptables-rule.ts';
import type { IptablesChain } from '../iptables-save/iptables-save.ts';

export interface ListedRule extends IptablesRule {
  num?: number;
  /** Trailing text the translation did not understand. */
  unparsed?: string;
}
export type IptablesListRecord = IptablesChain | ListedRule;

const CHAIN = /^\s*Chain\s+(\S+)\s+\((?:policy\s+(\w+)(?:\s+([\d.]+[KMGT]?)\s+packets,\s+([\d.]+[KMGT]?)\s+bytes)?|(\d+)\s+references?)\s*\)/;
const COLUMNS = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination\s*$/;
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

export interface Columns { num: boolean; counters: boolean; inOut: boolean }

/**
 * The columns of one row as [start, end) offsets into the line, found in one pass without slicing: a 110,000-row
 * listing is read by one reader, and only what a rule needs now (its target, counters, number) becomes a string.
 */
class RowReader {
  s = '';
  i = 0;
  num: number | undefined;
  packets = 0;
  bytes = 0;
  counters = false;
  target = [0, 0];
  prot = [0, 0];
  opt = [0, 0];
  inIf = [0, 0];
  outIf = [0, 0];
  src = [0, 0];
  dst = [0, 0];
  /** Where the trailing text (matches, target options) starts. */
  rest = 0;

  /** The next whitespace-separated field: its [start, end) into `into`; empty at the end of the line. */
  #field(into: number[]): void {
    const s = this.s;
    let i = this.i;
    while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    into[0] = i;
    while (i < s.length && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 9) i++;
    into[1] = i;
    this.i = i;
  }

  /** `--`, `-f`, `!f`, `-`, `!-` (em dashes were turned into `--` before). */
  #isOpt(f: number[]): boolean {
    const s = this.s;
    const [a, b] = f as [number, number];
    if (b - a === 1) return s.charCodeAt(a) === 45;
    if (b - a !== 2) return false;
    const c0 = s.charCodeAt(a);
    const c1 = s.charCodeAt(a + 1);
    return (c0 === 45 && (c1 === 45 || c1 === 102)) || (c0 === 33 && (c1 === 102 || c1 === 45));
  }

  /** A counter column: digits are summed in place (most rows); `1.2K`, `3M` go through expandCounter. */
  #counter(f: number[]): number {
    const [a, b] = f as [number, number];
    const s = this.s;
    let n = 0;
    for (let k = a; k < b; k++) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) return expandCounter(s.slice(a, b));
      n = n * 10 + (c - 48);
    }
    return a < b && n <= Number.MAX_SAFE_INTEGER ? n : expandCounter(s.slice(a, b));
  }

  /** Reads the columns `cols` says the row has; false when the row does not have that shape. */
  read(line: string, cols: Columns): boolean {
    this.s = line;
    this.i = 0;
    this.num = undefined;
    this.counters = false;
    const f = this.target;
    if (cols.num) {
      this.#field(f);
      if (!isDigits(line, f[0] as number, f[1] as number)) return false;
      this.num = Number(line.slice(f[0], f[1]));
    }
    if (cols.counters) {
      this.#field(f);
      this.packets = this.#counter(f);
      this.#field(f);
      this.bytes = this.#counter(f);
      if (Number.isNaN(this.packets) || Number.isNaN(this.bytes)) return false;
      this.counters = true;
    }
    // The target column may be empty (a counting rule): then the first field is the protocol.
    this.#field(this.target);
    this.#field(this.prot);
    const afterProt = this.i;
    this.#field(this.opt);
    if (this.#isOpt(this.prot) && !this.#isOpt(this.opt)) {
      // empty target: shift
      this.opt[0] = this.prot[0] as number; this.opt[1] = this.prot[1] as number;
      this.prot[0] = this.target[0] as number; this.prot[1] = this.target[1] as number;
      this.target[1] = this.target[0] as number;
      this.i = afterProt;
    }
    if (!this.#isOpt(this.opt)) return false;
    if (cols.inOut) { this.#field(this.inIf); this.#field(this.outIf); } else { this.inIf[0] = this.inIf[1] = this.outIf[0] = this.outIf[1] = 0; }
    this.#field(this.src);
    this.#field(this.dst);
    this.rest = this.i;
    return this.src[1] !== this.src[0] && this.dst[1] !== this.dst[0];
  }

  text(f: number[]): string { return this.s.slice(f[0], f[1]); }
}
const reader = new RowReader();

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

/** The eager read of a row the reader has just read: base options from the columns, the rest translated. */
function buildRule(r: RowReader, line: string, chain: string, cols: Columns): ListedRule {
  const rule: ListedRule = { type: 'rule', chain, matches: [], text: line.trim() };
  if (r.num !== undefined) rule.num = r.num;
  if (r.counters) rule.counters = { packets: r.packets, bytes: r.bytes };
  const target = r.text(r.target);
  const prot = r.text(r.prot);
  const base: RuleOption[] = [];
  // iptables ≥ 1.8.9 prints protocol numbers (0 = all, 6 = tcp …)
  const pnRaw = prot.startsWith('!') ? prot.slice(1) : prot;
  const pn = PROTOCOL_NUMBERS[pnRaw] ?? pnRaw;
  if (pn !== 'all') base.push(opt('-p', [pn], prot.startsWith('!')));
  const ifaces = cols.inOut ? [ifaceOption('-i', r.text(r.inIf)), ifaceOption('-o', r.text(r.outIf))] : [];
  for (const x of [addrOption('-s', r.text(r.src)), addrOption('-d', r.text(r.dst)), ...ifaces]) if (x) base.push(x);
  if (r.text(r.opt) === '-f') base.push(opt('-f', []));
  if (base.length) rule.matches.push({ module: '', options: base });
  const ex = translateExtras(line.slice(r.rest), target);
  rule.matches.push(...ex.matches);
  // `-g CHAIN` is listed as the chain with a trailing `[goto]`
  const isGoto = ex.targetOptions.some((o) => o.name === '[goto]');
  if (target) rule.target = { name: target, goto: isGoto, options: ex.targetOptions.filter((o) => o.name !== '[goto]') };
  if (ex.unparsed) rule.unparsed = ex.unparsed;
  return rule;
}

/** The eager read of a row (the reference the lazy read is held to). */
export function parseRow(line: string, chain: string, cols: Columns): ListedRule | null {
  return reader.read(line, cols) ? buildRule(reader, line, chain, cols) : null;
}

/**
 * A row whose matches are translated on first use (see `LazyRule`). Only rows whose trailing text is all in
 * `isPlainExtras` are read this way: translating them leaves nothing `unparsed`, so no warning is put off.
 */
class ListedRow extends LazyRule implements ListedRule {
  num: number | undefined;
  readonly #cols: Columns;

  constructor(line: string, chain: string, cols: Columns, jump: LazyRule['jump'], counters: LazyRule['counters'], num: number | undefined) {
    super(line, chain, jump, counters);
    this.#cols = cols;
    this.num = num;
  }

  protected readOptions(): ListedRule {
    return parseRow(this.text, this.chain, this.#cols) ?? { type: 'rule', chain: this.chain, matches: [], text: this.text };
  }
}

/**
 * Trailing text that `translateExtras` reads completely, in the forms kube-proxy, Calico and kubenet print:
 * comments, `tcp dpt:80`, `statistic mode random probability p`, `to:ip:port`, `MARK or 0x4000`, `mark match`,
 * `ctstate`, `match-set`, `ADDRTYPE match`, `multiport`, `reject-with`, `masq ports:`, `random-fully`. Anything
 * else (and `[goto]`, which changes the jump) is translated eagerly. A value is any token but a lone `!`, so each
 * token lines up with the one `translateExtras` reads at that place; a property test holds the two together.
 */
const PLAIN_ITEMS = [
  String.raw`(?:tcp|udp|sctp)(?:\s+[sd]pts?:V)+`,
  String.raw`(?:tcp|udp)\s+flags:(?:V)?`,
  String.raw`(?:tcp|udp|icmp|sctp)\s+(?:icmptype|type)(?:V)?`,
  // a protocol alone, unless the next token is one the translation would read as its port, flags or type
  String.raw`(?:tcp|udp|icmp|sctp)(?=\s*$|\s+(?!icmptype|type|flags:|option=|[sd]pts?:|\/\*)\S)`,
  String.raw`icmptype\s+V`,
  String.raw`multiport\s+(?:dports|sports|ports)(?:\s+!)?\s+V`,
  String.raw`(?:!\s+)?(?:ctstate|state)\s+V`,
  String.raw`mark\s+match(?:\s+!)?\s+V`,
  String.raw`(?:!\s+)?match-set\s+V\s+V`,
  String.raw`ADDRTYPE\s+match(?:\s+(?:src|dst)-type\s+V)*`,
  String.raw`statistic\s+mode\s+V(?:\s+(?:probability|every|packet)\s+V)*`,
  String.raw`to:V`,
  String.raw`MARK\s+(?:or|set|xset|and|xor)\s+V`,
  String.raw`reject-with\s+V`,
  String.raw`masq\s+ports:\s+V`,
  String.raw`redir\s+ports\s+V`,
  String.raw`(?:random-fully|random|persistent)`,
];
/** The plain-text pattern; `notIn` lists characters no value or comment may hold (see plainRowPattern). */
function plainPattern(notIn = ''): string {
  const value = String.raw`(?!!(?:\s|$))(?:[^\s/${notIn}]|\/(?!\*))+`;
  const comment = String.raw`\/\*(?:[^*${notIn}]|\*(?!\/))*\*\/`;
  const items = PLAIN_ITEMS.join('|').replace(/V/g, value);
  return String.raw`(?:\s|${comment})*(?:(?:${items})(?=\s|\/\*|$)(?:\s|${comment})*)*$`;
}
const PLAIN = plainPattern();
/** Sticky: tested from where a row's trailing text starts, without slicing it out. */
const PLAIN_AT = new RegExp(PLAIN, 'y');
/** Longer trailing text is translated eagerly: the check must stay linear and cheap. */
const PLAIN_MAX = 2000;

/** Is the text from `from` on plain (see PLAIN_ITEM)? */
export function isPlainExtras(line: string, from = 0): boolean {
  if (line.length - from > PLAIN_MAX) return false;
  PLAIN_AT.lastIndex = from;
  return PLAIN_AT.test(line);
}

/** What one parse shares between its rows: jump objects, and the counters of rows that saw no traffic. */
interface RowShared { names: SharedNames; zero: { packets: number; bytes: number } }

/** The eight layouts a header can announce, one object each (lazily read rows keep theirs). */
const LAYOUTS: Columns[] = Array.from({ length: 8 }, (_, k) => ({ num: !!(k & 1), counters: !!(k & 2), inOut: !!(k & 4) }));
const layoutIndex = (c: Columns): number => (c.num ? 1 : 0) | (c.counters ? 2 : 0) | (c.inOut ? 4 : 0);
const layout = (num: boolean, counters: boolean, inOut: boolean): Columns => LAYOUTS[layoutIndex({ num, counters, inOut })] as Columns;
/** Layouts tried for rows without a header (`iptables -L -v | grep x`). */
const HEADERLESS_LAYOUTS: Columns[] = [layout(false, true, true), layout(true, true, true), layout(true, false, false)];

/** Em and en dashes where a blog typeset `--`: the reader sees them turned back. */
const DASHES = '—–';
const TYPESET_DASH = new RegExp(`[${DASHES}]`);
const TYPESET_DASHES = new RegExp(`[${DASHES}]`, 'g');

/**
 * The common row of a layout in one native match: whole fields, decimal counters, a target, an `opt` of `--`
 * form, then plain trailing text (see isPlainExtras). What it accepts the reader reads the same way, as a lazily
 * read row; everything else goes through the reader. Reading 110,000 rows character by character in JavaScript
 * took a fifth of an `iptables -L` parse; the regular expression engine does it in a quarter of the time.
 * No field or value may hold a typeset dash, so a row it accepts is one the reader would see unchanged.
 * Captures: 1 num, 2 packets, 3 bytes, 4 target.
 */
function plainRowPattern(c: Columns): RegExp {
  const field = `[^ \\t${DASHES}]+`;
  const gap = '[ \\t]+';
  const num = c.num ? `(\\d+)${gap}` : '()';
  const counters = c.counters ? `(\\d{1,15})${gap}(\\d{1,15})${gap}` : '()()';
  const inOut = c.inOut ? `${field}${gap}${field}${gap}` : '';
  return new RegExp(`[ \\t]*${num}${counters}(${field})${gap}${field}${gap}(?:--?|-f|!f|!-)${gap}${inOut}${field}${gap}${field}(?![^ \\t])${plainPattern(DASHES)}`, 'y');
}
const PLAIN_ROWS = LAYOUTS.map(plainRowPattern);

/** A row's counters: the one shared object when the rule saw no traffic. */
const countersOf = (packets: number, bytes: number, shared: RowShared): RowShared['zero'] =>
  (packets === 0 && bytes === 0 ? shared.zero : { packets, bytes });

/** A rule from a row; plain rows (see isPlainExtras) are translated lazily. */
function readRow(raw: string, chain: string, cols: Columns, shared: RowShared): ListedRule | null {
  if (raw.length <= PLAIN_MAX) {
    const plain = PLAIN_ROWS[layoutIndex(cols)] as RegExp;
    plain.lastIndex = 0;
    const m = plain.exec(raw);
    if (m) {
      const counters = cols.counters ? countersOf(Number(m[2]), Number(m[3]), shared) : undefined;
      return new ListedRow(raw, chain, cols, shared.names.jump(m[4] as string, false), counters, cols.num ? Number(m[1]) : undefined);
    }
  }
  const line = TYPESET_DASH.test(raw) ? raw.replace(TYPESET_DASHES, '--') : raw;
  const r = reader;
  if (!r.read(line, cols)) return null;
  if (!isPlainExtras(line, r.rest)) return buildRule(r, line, chain, cols);
  const target = r.target[1] !== r.target[0] ? shared.names.jump(r.text(r.target), false) : undefined;
  const counters = r.counters ? countersOf(r.packets, r.bytes, shared) : undefined;
  return new ListedRow(line, chain, cols, target, counters, r.num);
}

/**
 * Reads a row in the layout the last header announced; before any header (`iptables -L -v | grep x`), in the
 * first layout that fits the row itself.
 */
function readAnyRow(text: string, chain: string, cols: Columns, sawColumns: boolean, shared: RowShared): ListedRule | null {
  const r = readRow(text, chain, cols, shared);
  if (r || sawColumns) return r;
  for (const guess of HEADERLESS_LAYOUTS) {
    const g = readRow(text, chain, guess, shared);
    if (g) return g;
  }
  return null;
}

function parseText(lines: readonly string[]) {
  const out = new Collector<IptablesListRecord>();
  let chain = '';
  let cols: Columns = layout(false, false, false);
  let sawColumns = false;
  /** The last column header: a listing repeats the same one under each of its 40,000 chains. */
  let header = '';
  const shared: RowShared = { names: new SharedNames(), zero: { packets: 0, bytes: 0 } };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const no = i + 1;
    out.cursor = no;
    // a line is told by how it starts: a row by digits or its target, a chain by `Chain`, a header by `num`,
    // `pkts` or `target` (scanning each of 230,000 lines for those words was a tenth of the parse)
    const at = firstPrintable(raw);
    if (at < 0) continue;
    const c0 = raw.charCodeAt(at);
    if (c0 === 67 && raw.startsWith('Chain', at)) {
      const c = CHAIN.exec(raw);
      if (c) {
        chain = c[1] as string;
        // one literal with every field: fields added afterwards would give each of 40,000 chains a second object
        const rec: IptablesChain & { references?: number } = {
          type: 'chain', name: chain, policy: c[2] ?? '-',
          counters: c[3] === undefined ? undefined : { packets: expandCounter(c[3]), bytes: expandCounter(c[4] as string) },
          references: c[5] === undefined ? undefined : Number(c[5]),
        };
        out.add(rec);
        continue;
      }
    }
    if (raw === header) continue;
    if (c0 === 110 || c0 === 112 || c0 === 116) {
      const h = COLUMNS.exec(raw);
      if (h) { cols = layout(!!h[1], !!h[2], !!h[3]); sawColumns = true; header = raw; continue; }
    }
    const r = readAnyRow(raw, chain, cols, sawColumns, shared);
    if (r) {
      out.add(r);
      if (r.unparsed) out.warn(no, 'unsupported', `match text not understood, kept on the rule: ${r.unparsed.slice(0, 60)}`);
      continue;
    }
    const line = { no, text: raw };
    if (isElision(raw)) { out.skip(line, 'ignored', 'elision marker'); continue; }
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
  return safeParse(text, (t) => parseText(splitTextLines(t)));
}

export function parseLines(lines: readonly string[]) {
  return safeParseLines(lines, parseText);
}

export const iptablesListParser: Parser<IptablesListRecord> = { info, detect, parse, parseLines };

export const iptablesListKind = defineKind<IptablesListRecord>({
  parser: iptablesListParser, convert: convertIptables, scope: 'node',
  layoutLines: COLUMNS,
  commandLines: [/^ip6?tables(-legacy|-nft)?(\s.*)?\s(-[a-zA-Z]*L[a-zA-Z]*|--list(?!-))\b/, /^(ipt|d)\s/],
});
