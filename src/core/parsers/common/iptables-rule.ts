/**
 * One iptables rule as printed by `iptables-save` and `iptables -S`: `-A CHAIN [matches] [-j|-g TARGET [opts]]`.
 * Shared by the iptables-save and iptables -S parsers, so both yield the same record for the same rule.
 * This is the hot path of a 150,000-line kube-proxy dump: one pass over the characters, no regex per token.
 */
import type { RuleJump, RuleMatch, RuleOption, RuleTarget, SourceRef } from '../../model/types.ts';
import { ruleJump } from '../../model/netns.ts';

// the rule's parts are the model's types: the parser fills them, the model owns them
export type { RuleMatch, RuleOption, RuleTarget };

export interface IptablesRule {
  type: 'rule';
  table?: string;
  chain: string;
  matches: RuleMatch[];
  target?: RuleTarget;
  counters?: { packets: number; bytes: number };
  /** The rule as the user pasted it (for "the rule that decided" and source links). */
  text: string;
}

/** Shell-like split: double and single quotes, backslash escapes inside double quotes. */
export function tokenize(s: string): string[] {
  // hot path: most tokens have no quotes, so they are sliced, not built character by character
  const out: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c === 32 || c === 9) { i++; continue; }
    const start = i;
    let quoted = false;
    while (i < n && (c = s.charCodeAt(i)) !== 32 && c !== 9) {
      if (c === 34 || c === 39) { quoted = true; break; }
      i++;
    }
    if (!quoted) { out.push(s.slice(start, i)); continue; }
    // a token with quotes: build it, honouring backslash escapes inside double quotes
    let cur = s.slice(start, i);
    let quote = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (quote) {
        if (c === 92 && quote === 34 && i + 1 < n) { cur += s[++i]; continue; }
        if (c === quote) { quote = 0; continue; }
        cur += s[i];
        continue;
      }
      if (c === 34 || c === 39) { quote = c; continue; }
      if (c === 32 || c === 9) break;
      cur += s[i];
    }
    out.push(cur);
  }
  return out;
}

const BASE_SHORT: Record<string, string> = {
  '--source': '-s', '--src': '-s', '--destination': '-d', '--dst': '-d', '--protocol': '-p',
  '--in-interface': '-i', '--out-interface': '-o', '--fragment': '-f', '--match': '-m', '--jump': '-j', '--goto': '-g',
};
const BASE = new Set(['-s', '-d', '-p', '-i', '-o', '-f']);
/** Options that take no value. */
const FLAGS = new Set(['-f', '--syn', '--random', '--random-fully', '--persistent', '--rsource', '--rdest', '--rcheck',
  '--set', '--update', '--remove', '--reap', '--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid',
  '--notrack', '--physdev-is-in', '--physdev-is-out', '--physdev-is-bridged', '--limit-iface-in', '--limit-iface-out',
  '--fully-random', '--ctdir', '--nfmask', '--ctmask', '--exist', '--return-nomatch', '--update-counters',
  '--update-subcounters']);
/** `-s`, `--dport` (not `-1`, a negative number). Char codes, not a regex: called for every token. */
const isOption = (t: string): boolean => {
  if (t.length < 2 || t.charCodeAt(0) !== 45) return false;
  const c = t.charCodeAt(1);
  return c < 48 || c > 57;
};

/**
 * Parses the tokens after `-A CHAIN`. Accepts modern (`! -s x`) and legacy (`-s ! x`) negation, `-c P B`
 * counters (`iptables -S -v`), long base options.
 */
export function parseRuleTokens(toks: string[], start: number, rule: IptablesRule): string[] {
  const problems: string[] = [];
  let match: RuleMatch | null = null;
  let target: RuleTarget | null = null;
  let negateNext = false;
  const base = (): RuleMatch => {
    let m = rule.matches.find((x) => x.module === '');
    if (!m) { m = { module: '', options: [] }; rule.matches.unshift(m); }
    return m;
  };
  for (let i = start; i < toks.length; i++) {
    let t = toks[i] as string;
    if (t === '!') { negateNext = true; continue; }
    t = BASE_SHORT[t] ?? t;
    if (t === '-m') {
      const mod = toks[++i];
      if (!mod) { problems.push('-m without a module'); break; }
      match = { module: mod, options: [] };
      rule.matches.push(match);
      target = null;
      continue;
    }
    if (t === '-j' || t === '-g') {
      const name = toks[++i];
      if (!name) { problems.push(`${t} without a target`); break; }
      target = { name, goto: t === '-g', options: [] };
      rule.target = target;
      match = null;
      continue;
    }
    if (t === '-c') {
      const p = Number(toks[i + 1]);
      const b = Number(toks[i + 2]);
      if (Number.isFinite(p) && Number.isFinite(b)) { rule.counters = { packets: p, bytes: b }; i += 2; continue; }
    }
    if (!isOption(t)) { problems.push(`unexpected token "${t}"`); continue; }
    const opt: RuleOption = { name: t, negated: negateNext, values: [] };
    negateNext = false;
    if (!FLAGS.has(t)) {
      // legacy negation after the option: `-s ! 10.0.0.0/8`, `--dport ! 80`
      if (toks[i + 1] === '!') { opt.negated = true; i++; }
      while (i + 1 < toks.length && !isOption(toks[i + 1] as string) && toks[i + 1] !== '!') opt.values.push(toks[++i] as string);
    }
    if (BASE.has(t)) base().options.push(opt);
    else if (target) target.options.push(opt);
    else if (match) match.options.push(opt);
    else base().options.push(opt);
  }
  return problems;
}

/** Where a rule jumps (`-j`) or goes (`-g`). Shared between rules, so never changed. */
export type Jump = RuleJump;

/**
 * What the rules of one parse share: one jump object per target, and the chain name of consecutive rules. 110,000
 * kube-proxy rules jump to far fewer names (DNAT, KUBE-MARK-MASQ …) and come grouped by chain, and every object
 * kept is one more for the garbage collector to copy.
 */
export class SharedNames {
  readonly #jumps = new Map<string, Jump>();
  readonly #gotos = new Map<string, Jump>();
  #chain = '';

  jump(name: string, goto: boolean): Jump {
    const known = goto ? this.#gotos : this.#jumps;
    let j = known.get(name);
    if (!j) { j = { name, goto }; known.set(name, j); }
    return j;
  }

  /** The chain name at s[a, b): the previous rule's string when it is the same name. */
  chain(s: string, a: number, b: number): string {
    const last = this.#chain;
    if (last.length === b - a && s.startsWith(last, a)) return last;
    return (this.#chain = s.slice(a, b));
  }
}

/**
 * A rule read from one line whose matches and target options are parsed on first use. Reading a 110,000-rule
 * kube-proxy dump then costs one pass that checks each line's shape and finds its chain and target; a trace
 * parses only the rules it visits. `toJSON` gives the full record (the CLI, fixtures, the model). Subclasses say
 * how their line is parsed: `iptables-save` syntax here, an `iptables -L` row in its parser.
 */
export abstract class LazyRule implements IptablesRule {
  table: string | undefined;
  chain: string;
  counters: { packets: number; bytes: number } | undefined;
  /** The jump found by the scan: chains and assembly need only this, not the options. */
  readonly jump: Jump | undefined;
  /**
   * Set by assembly, where the rule becomes the model's (its place in the chain, its line). Declared here so a
   * rule keeps the shape it was built with: fields added later would give each of 110,000 rules a second object.
   */
  index = 0;
  #input = '';
  #at = 0;
  /** The line as read: `text` trims it on demand rather than keeping a second string per rule. */
  readonly #line: string;
  /** The options once parsed: one field rather than two, as every field is paid 110,000 times. */
  #parsed: Pick<IptablesRule, 'matches' | 'target'> | undefined;

  constructor(line: string, chain: string, jump: LazyRule['jump'], counters?: LazyRule['counters'], table?: string) {
    this.table = table;
    this.chain = chain;
    this.counters = counters;
    this.jump = jump;
    this.#line = line;
  }

  /** On the prototype rather than a field on each of 110,000 rules. */
  get type(): 'rule' { return 'rule'; }

  /** The rule as the user pasted it, without the indentation of an `iptables -L` row. */
  get text(): string { return this.#line.trim(); }

  /** Where the rule was read (set by assembly); built on request rather than kept as an object per rule. */
  get source(): SourceRef | undefined { return this.#input ? { input: this.#input, line: this.#at } : undefined; }
  set source(s: SourceRef | undefined) { this.#input = s?.input ?? ''; this.#at = s?.line ?? 0; }

  /** The rule's place in the model: its input and line, and its 1-based number in its chain. */
  place(input: string, line: number, index: number): void {
    this.#input = input;
    this.#at = line;
    this.index = index;
  }

  /** The full parse of `text`: the same record an eager parser gives. */
  protected abstract readOptions(): Pick<IptablesRule, 'matches' | 'target'>;

  #options(): Pick<IptablesRule, 'matches' | 'target'> {
    if (!this.#parsed) {
      const rule = this.readOptions();
      this.#parsed = { matches: rule.matches, target: rule.target };
    }
    return this.#parsed;
  }
  get matches(): RuleMatch[] { return this.#options().matches; }
  set matches(m: RuleMatch[]) { this.#options().matches = m; }
  get target(): RuleTarget | undefined { return this.#options().target; }
  set target(t: RuleTarget | undefined) { this.#options().target = t; }

  /** The full record: own fields that are set, then the parsed options and the text. */
  toJSON(): Record<string, unknown> {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (v !== undefined && k !== 'jump' && !(k === 'index' && v === 0)) own[k] = v;
    const source = this.source;
    return { type: this.type, ...own, matches: this.matches, ...(this.target ? { target: this.target } : {}), text: this.text, ...(source ? { source } : {}) };
  }
}

/** A rule in `iptables-save` / `iptables -S` syntax; its options start at token `start` (after `-A CHAIN`). */
class SavedRule extends LazyRule {
  readonly #start: number;

  constructor(text: string, chain: string, start: number, jump: LazyRule['jump'], counters?: LazyRule['counters'], table?: string) {
    super(text, chain, jump, counters, table);
    this.#start = start;
  }

  protected readOptions(): IptablesRule {
    const rule: IptablesRule = { type: 'rule', chain: this.chain, matches: [], text: this.text };
    parseRuleTokens(tokenize(this.text), this.#start, rule);
    return rule;
  }
}

/** The rule's jump or goto without parsing its options: `-j KUBE-SVC-X` → { name, goto: false }. */
export const jumpOf = ruleJump;

/** What a long option means to the scan: `--match`, `--jump`, `--goto`, a flag (no value; `--fragment` too), or other. */
const LONG_MATCH = 1;
const LONG_JUMP = 2;
const LONG_GOTO = 3;
const LONG_FLAG = 4;
/** The long options the scan must know, by length: a token is compared in place, not sliced and hashed. */
const LONG_BY_LENGTH: [string, number][][] = [];
for (const name of new Set([...Object.keys(BASE_SHORT), ...FLAGS])) {
  if (!name.startsWith('--')) continue;
  const short = BASE_SHORT[name] ?? name;
  const kind = short === '-m' ? LONG_MATCH : short === '-j' ? LONG_JUMP : short === '-g' ? LONG_GOTO : FLAGS.has(short) ? LONG_FLAG : 0;
  if (kind) (LONG_BY_LENGTH[name.length] ??= []).push([name, kind]);
}
function longKind(s: string, a: number, b: number): number {
  const candidates = LONG_BY_LENGTH[b - a];
  if (candidates) for (const [name, kind] of candidates) if (s.startsWith(name, a)) return kind;
  return 0;
}
/** Are s[from, to) all ASCII digits (and at least one)? */
export const isDigits = (s: string, from: number, to: number): boolean => {
  if (from >= to) return false;
  for (let k = from; k < to; k++) { const c = s.charCodeAt(k); if (c < 48 || c > 57) return false; }
  return true;
};

/** What `scanRule` learns from a line without parsing its options. */
export interface RuleScan { ok: boolean; jump?: Jump; counters?: { packets: number; bytes: number } }

/** The token cursor of `scanRule`: one object reused for every line, so a scan allocates no closures. */
class TokenCursor {
  s = '';
  n = 0;
  i = 0;
  /** The current token is s[a, b). */
  a = 0;
  b = 0;
  tok = 0;
  /** Something only the full parse can decide: a quoted token that may be an option, `!` or empty; an open quote. */
  doubt = false;
  /** The current token had quotes: its raw text is not its value. */
  quoted = false;

  reset(s: string): void { this.s = s; this.n = s.length; this.i = 0; this.a = 0; this.b = 0; this.tok = 0; this.doubt = false; this.quoted = false; }

  /** Moves to the next token; false at the end of the line or on doubt. */
  next(): boolean {
    const s = this.s;
    const n = this.n;
    let i = this.i;
    while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= n) { this.i = i; return false; }
    this.a = i;
    let quote = 0;
    let hasQuote = false;
    let first = -1; // the first character of the token's unquoted text
    for (; i < n; i++) {
      let c = s.charCodeAt(i);
      if (quote) {
        if (c === quote) { quote = 0; continue; }
        if (c === 92 && quote === 34 && i + 1 < n) c = s.charCodeAt(++i);
        if (first < 0) first = c;
        continue;
      }
      if (c === 34 || c === 39) { quote = c; hasQuote = true; continue; }
      if (c === 32 || c === 9) break;
      if (first < 0) first = c;
    }
    this.i = i;
    this.b = i;
    // a quoted token is a value unless its unquoted text starts with `-` or `!`, or is empty: then give up
    if (quote || (hasQuote && (first < 0 || first === 45 || first === 33))) { this.doubt = true; return false; }
    this.quoted = hasQuote;
    this.tok++;
    return true;
  }

  /** `-s`, `--dport` (not `-1`). */
  opt(): boolean {
    const c = this.s.charCodeAt(this.a + 1);
    return this.b - this.a >= 2 && this.s.charCodeAt(this.a) === 45 && (c < 48 || c > 57);
  }

  bang(): boolean { return this.b - this.a === 1 && this.s.charCodeAt(this.a) === 33; }

  text(): string { return this.s.slice(this.a, this.b); }
}
const cursor = new TokenCursor();

/**
 * One pass over a rule's characters with the control flow of `parseRuleTokens`, allocating nothing but its
 * result and the jump's name: `ok` when parsing would report no problem (quotes make it give up: the full parse decides), and
 * the jump it would find. Kept equal to `parseRuleTokens` by a property test.
 */
export function scanRule(s: string, startToken: number, names?: SharedNames): RuleScan {
  const t = cursor;
  t.reset(s);
  while (t.tok < startToken) if (!t.next()) return { ok: !t.doubt && t.tok >= startToken };
  let jump: RuleScan['jump'];
  let counters: RuleScan['counters'];
  let pending = false; // a token read ahead that the loop has not looked at yet
  for (;;) {
    if (!pending && !t.next()) break;
    pending = false;
    if (t.bang()) continue;
    const len = t.b - t.a;
    const short = len === 2 && s.charCodeAt(t.a) === 45 ? s.charCodeAt(t.a + 1) : 0;
    const long = len > 2 && s.charCodeAt(t.a + 1) === 45 ? longKind(s, t.a, t.b) : 0;
    if (short === 109 || long === LONG_MATCH) { if (!t.next()) return { ok: false }; continue; }
    if (short === 106 || short === 103 || long === LONG_JUMP || long === LONG_GOTO) {
      const goto = short === 103 || long === LONG_GOTO;
      if (!t.next() || t.quoted) return { ok: false };
      jump = names ? names.jump(t.text(), goto) : { name: t.text(), goto };
      continue;
    }
    if (short === 99) { // -c P B, the numbers as parseRuleTokens reads them (Number(), so `1e3` counts too)
      const { i, a, b, tok } = t;
      const packets = t.next() && !t.quoted ? Number(t.text()) : NaN;
      const bytes = Number.isFinite(packets) && t.next() && !t.quoted ? Number(t.text()) : NaN;
      if (t.doubt || t.quoted) return { ok: false };
      if (Number.isFinite(packets) && Number.isFinite(bytes)) { counters = { packets, bytes }; continue; }
      t.i = i; t.a = a; t.b = b; t.tok = tok;
    }
    if (!t.opt()) return { ok: false };
    if (short === 102 || long === LONG_FLAG) continue;
    // values: an optional `!`, then every token up to the next option or `!`
    if (!t.next()) break;
    if (t.bang() && !t.next()) break;
    let more = true;
    while (!t.opt() && !t.bang()) if (!t.next()) { more = false; break; }
    if (!more) break;
    pending = true;
  }
  // built field by field: spreading optional parts would allocate two more objects per rule
  const scan: RuleScan = { ok: !t.doubt };
  if (jump) scan.jump = jump;
  if (counters) scan.counters = counters;
  return scan;
}

/**
 * The common rule in one native match, from the end of its chain name: what `scanRule` reads the same way and
 * accepts. Tokens without quotes, or one double-quoted string whose text starts plainly (`"ns/svc:http"`); at
 * most one `-j`/`-g`; no `-c`. Every token has one role: `!`, `-m MODULE`, a flag, or an option with its values
 * (a `!` before them only when values follow, so no line can be read two ways and the match stays linear).
 * Anything else goes through `scanRule`. Captures: 1 set on a goto, 2 the jump's target.
 */
const PLAIN_RULE_REST = (() => {
  const end = String.raw`(?=[ \t]|$)`;
  const gap = String.raw`[ \t]+`;
  const plain = String.raw`[^ \t"']+`;
  const quoted = String.raw`"(?![-!"\\])(?:[^"\\]|\\[^])*"`;
  const token = `(?:${plain}|${quoted})${end}`;
  const flags = [...new Set([...Object.keys(BASE_SHORT), ...FLAGS])]
    .filter((n) => n === '-f' || (n.startsWith('--') && FLAGS.has(BASE_SHORT[n] ?? n)))
    .sort((a, b) => b.length - a.length);
  const flag = `(?:${flags.join('|')})${end}`;
  const special = String.raw`(?:-[mjgc]|--match|--jump|--goto)${end}`;
  const option = `(?!${special}|${flag})-[^0-9 \\t"'][^ \\t"']*${end}`;
  const bang = `!${end}`;
  const value = `(?!-[^0-9 \\t"']|${bang})${token}`;
  const match = `(?:-m|--match)${end}${gap}${token}`;
  const item = `(?:${bang}|${match}|${flag}|${option}(?:${gap}${bang}(?:${gap}${value})+|(?:${gap}${value})*))`;
  const jump = `(?:-j|--jump|(-g|--goto))${end}${gap}(${plain})${end}`;
  return new RegExp(`(?:${gap}${item})*(?:${gap}${jump}(?:${gap}${item})*)?[ \\t]*$`, 'y');
})();

/** `scanRule` for the common rule (see PLAIN_RULE_REST), from `from` (the end of the chain); null: ask scanRule. */
export function scanPlainRule(s: string, from: number, names?: SharedNames): RuleScan | null {
  PLAIN_RULE_REST.lastIndex = from;
  const m = PLAIN_RULE_REST.exec(s);
  if (!m) return null;
  const name = m[2];
  if (name === undefined) return { ok: true };
  const goto = m[1] !== undefined;
  return { ok: true, jump: names ? names.jump(name, goto) : { name, goto } };
}

/** `-A CHAIN …` (also `-I CHAIN [N] …`) → rule; null when the line is not a rule. */
/** `names`: share jump objects and chain names between the rules of one parse. */
/** The problems of a rule that has none: one shared empty list, not a new one per rule. */
const NO_PROBLEMS: readonly string[] = Object.freeze([]);

export function parseRuleLine(line: string, table?: string, names?: SharedNames): { rule: IptablesRule; problems: readonly string[] } | null {
  let text = line.trim();
  let counters: { packets: number; bytes: number } | undefined;
  if (text.charCodeAt(0) === 91) { // [packets:bytes]
    const m = /^\[(\d+):(\d+)\]\s+/.exec(text);
    if (m) { counters = { packets: Number(m[1]), bytes: Number(m[2]) }; text = text.slice(m[0].length); }
  }
  if (!(text.startsWith('-A ') || text.startsWith('-I ') || text.startsWith('--append '))) return null;
  // the chain: the second token (no quotes in chain names)
  let c0 = text.indexOf(' ') + 1;
  while (text.charCodeAt(c0) === 32 || text.charCodeAt(c0) === 9) c0++;
  let c1 = c0;
  while (c1 < text.length && text.charCodeAt(c1) !== 32 && text.charCodeAt(c1) !== 9) c1++;
  const chain = names ? names.chain(text, c0, c1) : text.slice(c0, c1);
  if (!chain) return null;
  let start = 2;
  if (text.startsWith('-I ')) {
    let d0 = c1; while (text.charCodeAt(d0) === 32) d0++;
    let d1 = d0; while (d1 < text.length && text.charCodeAt(d1) !== 32) d1++;
    if (isDigits(text, d0, d1)) start = 3;
  }
  const scan = chain.includes('"') || chain.includes("'") ? { ok: false }
    : (start === 2 ? scanPlainRule(text, c1, names) : null) ?? scanRule(text, start, names);
  if (scan.ok) {
    const rule = new SavedRule(text, chain, start, scan.jump, scan.counters ?? counters, table || undefined);
    return { rule, problems: NO_PROBLEMS };
  }
  // a rule the scan doubts: parse it now, so its problems are named with its line
  const toks = tokenize(text);
  if (!toks[1]) return null;
  const rule: IptablesRule = { type: 'rule', chain: toks[1], matches: [], text };
  if (table) rule.table = table;
  if (counters) rule.counters = counters;
  const problems = parseRuleTokens(toks, toks[0] === '-I' && /^\d+$/.test(toks[2] ?? '') ? 3 : 2, rule);
  return { rule, problems };
}

/** The value of an option anywhere in the rule, e.g. `optionOf(rule, '--comment')`. */
export function optionOf(rule: IptablesRule, name: string): RuleOption | undefined {
  for (const m of rule.matches) for (const o of m.options) if (o.name === name) return o;
  return rule.target?.options.find((o) => o.name === name);
}

/** Splits rules flattened onto one line (seed 001): before every ` -A `, ` -N `, ` -P `, ` :CHAIN POLICY [p:b]`, `*table`, `COMMIT`. */
export function reflowIptablesLine(flat: string): string[] {
  const parts: string[] = [];
  // Respect quotes: a comment may contain " -A ".
  let last = 0;
  let quote = '';
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i];
    if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
    if (c === '"') { quote = c; continue; }
    if (c !== ' ' || i === 0) continue;
    const rest = flat.slice(i + 1, i + 80);
    if (/^(-[APNIX] \S|\*(nat|filter|mangle|raw|security)\b|COMMIT\b|# (Generated|Completed) by|:[\w.:-]+ (ACCEPT|DROP|RETURN|-) \[\d+:\d+\])/.test(rest)) {
      const piece = flat.slice(last, i).trim();
      if (piece) parts.push(piece);
      last = i + 1;
    }
  }
  const tail = flat.slice(last).trim();
  if (tail) parts.push(tail);
  return parts;
}

/** A parser's `reflow` for iptables text: one flattened line → its rules, or null when it is not flattened. */
export function reflowIptables(text: string): string[] | null {
  const flat = text.trim();
  if (flat.includes('\n')) return null;
  const parts = reflowIptablesLine(flat);
  return parts.length > 1 ? parts : null;
}

/** iptables-nft's first line when iptables-legacy holds rules too: those rules are in neither listing. */
export const LEGACY_TABLES_PRESENT = /^#\s*Warning: iptables-legacy tables present/;
export const legacyTablesAdvice = (capture: string, listing: string): string =>
  `iptables-nft says iptables-legacy tables are present too: capture \`${capture}\` as well, its rules are not in this ${listing}`;
