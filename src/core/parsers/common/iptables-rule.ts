/**
 * One iptables rule as printed by `iptables-save` and `iptables -S`: `-A CHAIN [matches] [-j|-g TARGET [opts]]`.
 * Shared by the iptables-save and iptables -S parsers, so both yield the same record for the same rule.
 * This is the hot path of a 150,000-line kube-proxy dump: one pass over the characters, no regex per token.
 */

export interface RuleOption {
  /** `-s`, `--dport`, `--match-set` … as written (short options are kept short). */
  name: string;
  negated: boolean;
  values: string[];
}

export interface RuleMatch {
  /** The `-m` module (`tcp`, `conntrack`, `set` …); `''` for the base options `-s -d -p -i -o -f`. */
  module: string;
  options: RuleOption[];
}

export interface RuleTarget {
  name: string;
  /** `-g` (goto) does not return to the calling chain; `-j` does. */
  goto: boolean;
  options: RuleOption[];
}

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

/** `-A CHAIN …` (also `-I CHAIN [N] …`) → rule; null when the line is not a rule. */
export function parseRuleLine(line: string, table?: string): { rule: IptablesRule; problems: string[] } | null {
  let text = line.trim();
  let counters: { packets: number; bytes: number } | undefined;
  if (text[0] === '[') {
    const m = /^\[(\d+):(\d+)\]\s+/.exec(text);
    if (m) { counters = { packets: Number(m[1]), bytes: Number(m[2]) }; text = text.slice(m[0].length); }
  }
  if (!(text.startsWith('-A ') || text.startsWith('-I ') || text.startsWith('--append '))) return null;
  const toks = tokenize(text);
  const chain = toks[1];
  if (!chain) return null;
  const rule: IptablesRule = { type: 'rule', chain, matches: [], text };
  if (table) rule.table = table;
  if (counters) rule.counters = counters;
  let start = 2;
  if (toks[0] === '-I' && /^\d+$/.test(toks[2] ?? '')) start = 3;
  const problems = parseRuleTokens(toks, start, rule);
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
