/**
 * Reads a walk file (YAML, the schema in README "Walks") into a Walk. Never throws: a YAML error, an unknown
 * key, a value of the wrong type, a mode or verdict that does not exist — each becomes a message with its line,
 * and everything around it is still read (a flow without `to` is kept, marked broken, with its notes).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { StepKind } from '../../trace/types.ts';
import { compilePattern } from './pattern.ts';
import {
  PLUGINS, POLICIES, VERDICTS, WALK_FORMAT,
  type Checkpoint, type EvidenceRef, type Note, type PredictKind, type Question, type StepMatcher, type Walk, type WalkExpect,
  type WalkFlow, type WalkInput, type WalkMessage, type WalkPart, type WalkTalk,
} from './types.ts';

export interface ParseOptions {
  /** The file's name: messages and the default id come from it. */
  file?: string;
  /** The built-in scenario ids a `scenario:` may name (src/scenarios/index.ts); unchecked when absent. */
  scenarios?: readonly string[];
}

export interface ParsedWalk { walk: Walk; messages: WalkMessage[] }

const STEP_KINDS: readonly StepKind[] = ['route', 'bridge', 'netfilter', 'nat', 'fabric', 'encap', 'decap', 'deliver', 'drop'];
const PROTOS = ['tcp', 'udp', 'icmp', 'sctp'] as const;
const PREDICTS: readonly PredictKind[] = ['interface', 'chain', 'action', 'verdict', 'nat'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const KEYS = {
  walk: ['walk', 'id', 'title', 'summary', 'goals', 'minutes', 'scenario', 'inputs', 'flows', 'questions'],
  input: ['path', 'name', 'node', 'text'],
  flow: ['id', 'title', 'from', 'to', 'port', 'proto', 'established', 'as', 'flip', 'branch', 'expect', 'intro', 'outro', 'notes', 'checkpoints'],
  talk: ['talk', 'id', 'text', 'evidence', 'questions'],
  note: ['at', 'text', 'evidence'],
  matcher: ['kind', 'table', 'chain', 'rule', 'action', 'text', 'interface', 'node', 'netns', 'nth', 'index'],
  checkpoint: ['id', 'at', 'predict', 'ask', 'choices', 'answer', 'why'],
  question: ['id', 'ask', 'choices', 'answer', 'why'],
  expect: ['verdict', 'by', 'to'],
  evidence: ['find', 'input'],
} as const;

type Entries = Map<string, { value: YamlNode | null; line: number }>;

/** One read of one file: the line counter and the messages so far. */
class Reader {
  readonly messages: WalkMessage[] = [];
  constructor(private readonly lines: LineCounter) {}

  line(node: YamlNode | null | undefined): number {
    const at = node?.range?.[0];
    return at === undefined ? 0 : this.lines.linePos(at).line;
  }
  say(line: number, severity: WalkMessage['severity'], message: string): void { this.messages.push({ line, severity, message }); }

  /** A mapping's entries by key; unknown keys are named and skipped. */
  entries(node: YamlNode | null, where: string, known: readonly string[], line: number): Entries | null {
    if (!isMap(node)) {
      this.say(this.line(node) || line, 'error', `${where}: expected a mapping of keys (${known.slice(0, 4).join(', ')} …)${node ? `, got ${describe(node)}` : ''}`);
      return null;
    }
    const out: Entries = new Map();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const keyLine = this.line(keyNode) || this.line(node);
      if (!known.includes(key)) {
        this.say(keyLine, 'warning', `${where}: unknown key "${key}" ignored (known: ${known.join(', ')})`);
        continue;
      }
      out.set(key, { value: (pair.value as YamlNode | null) ?? null, line: keyLine });
    }
    return out;
  }

  str(e: Entries, key: string, where: string): string | undefined {
    const v = e.get(key);
    if (!v || v.value === null) return undefined;
    if (isScalar(v.value) && v.value.value !== null && typeof v.value.value !== 'object') {
      const s = String(v.value.value).replace(/\s+$/, '');
      return s === '' ? undefined : s;
    }
    this.say(v.line, 'error', `${where}.${key}: expected text, got ${describe(v.value)}`);
    return undefined;
  }

  num(e: Entries, key: string, where: string, min = 0): number | undefined {
    const v = e.get(key);
    if (!v || v.value === null) return undefined;
    const n = isScalar(v.value) ? Number(v.value.value) : NaN;
    if (Number.isInteger(n) && n >= min) return n;
    this.say(v.line, 'error', `${where}.${key}: expected a whole number ≥ ${min}, got ${describe(v.value)}`);
    return undefined;
  }

  bool(e: Entries, key: string, where: string): boolean | undefined {
    const v = e.get(key);
    if (!v || v.value === null) return undefined;
    if (isScalar(v.value) && typeof v.value.value === 'boolean') return v.value.value;
    this.say(v.line, 'error', `${where}.${key}: expected true or false, got ${describe(v.value)}`);
    return undefined;
  }

  oneOf<T extends string>(e: Entries, key: string, where: string, valid: readonly T[]): T | undefined {
    const s = this.str(e, key, where);
    if (s === undefined) return undefined;
    if ((valid as readonly string[]).includes(s)) return s as T;
    this.say(e.get(key)?.line ?? 0, 'error', `${where}.${key}: "${s}" is not one of ${valid.join(', ')}`);
    return undefined;
  }

  /** A list (a single value counts as a list of one); each item read by `item`, failures skipped. */
  list<T>(e: Entries, key: string, where: string, item: (node: YamlNode | null, where: string, line: number) => T | null): T[] {
    const v = e.get(key);
    if (!v || v.value === null) return [];
    const items = isSeq(v.value) ? (v.value.items as (YamlNode | null)[]) : [v.value];
    const out: T[] = [];
    items.forEach((node, i) => {
      const r = item(node, isSeq(v.value) ? `${where}.${key}[${i + 1}]` : `${where}.${key}`, this.line(node) || v.line);
      if (r !== null) out.push(r);
    });
    return out;
  }

  text(node: YamlNode | null, where: string, line: number): string | null {
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
      const s = String(node.value).replace(/\s+$/, '');
      return s === '' ? null : s;
    }
    this.say(line, 'error', `${where}: expected text, got ${describe(node)}`);
    return null;
  }
}

function describe(node: YamlNode | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'nothing' : JSON.stringify(node.value);
  return 'an alias';
}

function matcherOf(r: Reader, node: YamlNode | null, where: string, line: number): StepMatcher | null {
  // a bare number is an index alone: allowed, but it shifts whenever the engine adds a step
  if (isScalar(node) && typeof node.value === 'number') {
    const index = node.value;
    if (!Number.isInteger(index) || index < 1) { r.say(line, 'error', `${where}: a step number is a whole number ≥ 1`); return null; }
    r.say(line, 'warning', `${where}: step ${index} by its number alone — it shifts whenever the engine adds a step; name the step (kind, chain, rule, interface …)`);
    return { index, line };
  }
  const e = r.entries(node, where, KEYS.matcher, line);
  if (!e) return null;
  const m: StepMatcher = { line: r.line(node) || line };
  const kind = r.oneOf(e, 'kind', where, STEP_KINDS);
  if (kind) m.kind = kind;
  for (const key of ['table', 'chain', 'rule', 'action', 'text', 'interface', 'node', 'netns'] as const) {
    const s = r.str(e, key, where);
    if (s === undefined) continue;
    const compiled = compilePattern(s, key === 'rule' || key === 'text' || key === 'action' ? 'part' : 'whole');
    if ('error' in compiled) r.say(e.get(key)?.line ?? line, 'error', `${where}.${key}: ${compiled.error}`);
    m[key] = s;
  }
  const nth = r.num(e, 'nth', where, 1);
  if (nth !== undefined) m.nth = nth;
  const index = r.num(e, 'index', where, 1);
  if (index !== undefined) m.index = index;
  const named = Object.keys(m).filter((k) => !['line', 'nth', 'index'].includes(k));
  if (!named.length) {
    if (m.index === undefined) { r.say(m.line, 'error', `${where}: names nothing to match (give kind, chain, rule, interface …)`); return null; }
    r.say(m.line, 'warning', `${where}: step ${m.index} by its number alone — it shifts whenever the engine adds a step; name the step (kind, chain, rule, interface …)`);
  }
  return m;
}

function evidenceOf(r: Reader, node: YamlNode | null, where: string, line: number): EvidenceRef | null {
  if (isScalar(node)) { const find = r.text(node, where, line); return find ? { find, line } : null; }
  const e = r.entries(node, where, KEYS.evidence, line);
  if (!e) return null;
  const find = r.str(e, 'find', where);
  if (!find) { r.say(line, 'error', `${where}: needs "find", the text of the line to point at`); return null; }
  const input = r.str(e, 'input', where);
  return { find, ...(input ? { input } : {}), line };
}

/** Choices and their answer, shared by checkpoints and questions: the answer must be one of the choices. */
function choicesOf(r: Reader, e: Entries, where: string, line: number): { choices?: string[]; answer?: string } {
  const choices = r.list(e, 'choices', where, (n, w, l) => r.text(n, w, l));
  const answer = r.str(e, 'answer', where);
  if (!e.has('choices')) return answer ? { answer } : {};
  if (choices.length < 2) { r.say(e.get('choices')?.line ?? line, 'error', `${where}.choices: needs at least two choices`); return answer ? { answer } : {}; }
  if (!answer) { r.say(line, 'error', `${where}: has choices but no answer`); return { choices }; }
  if (!choices.includes(answer)) r.say(e.get('answer')?.line ?? line, 'error', `${where}.answer: "${answer}" is not one of its choices`);
  return { choices, answer };
}

function questionOf(r: Reader, node: YamlNode | null, where: string, line: number, id: string): Question | null {
  if (isScalar(node)) { const ask = r.text(node, where, line); return ask ? { id, ask, line } : null; }
  const e = r.entries(node, where, KEYS.question, line);
  if (!e) return null;
  const ask = r.str(e, 'ask', where);
  if (!ask) { r.say(line, 'error', `${where}: needs "ask", the question`); return null; }
  const why = r.str(e, 'why', where);
  return { id: r.str(e, 'id', where) ?? id, ask, ...choicesOf(r, e, where, line), ...(why ? { why } : {}), line };
}

function checkpointOf(r: Reader, node: YamlNode | null, where: string, line: number, id: string): Checkpoint | null {
  const e = r.entries(node, where, KEYS.checkpoint, line);
  if (!e) return null;
  const atEntry = e.get('at');
  if (!atEntry) { r.say(line, 'error', `${where}: needs "at", the step whose outcome the room predicts`); return null; }
  const at = matcherOf(r, atEntry.value, `${where}.at`, atEntry.line);
  if (!at) return null;
  const predict = r.oneOf(e, 'predict', where, PREDICTS);
  const ask = r.str(e, 'ask', where);
  const why = r.str(e, 'why', where);
  return { id: r.str(e, 'id', where) ?? id, at, ...(predict ? { predict } : {}), ...(ask ? { ask } : {}), ...choicesOf(r, e, where, line),
    ...(why ? { why } : {}), line };
}

function noteOf(r: Reader, node: YamlNode | null, where: string, line: number): Note | null {
  const e = r.entries(node, where, KEYS.note, line);
  if (!e) return null;
  const text = r.str(e, 'text', where);
  const atEntry = e.get('at');
  const at = atEntry ? matcherOf(r, atEntry.value, `${where}.at`, atEntry.line) : null;
  if (!atEntry) r.say(line, 'error', `${where}: needs "at", the step it explains`);
  if (!text) r.say(line, 'error', `${where}: needs "text"`);
  if (!at || !text) return null;
  return { at, text, evidence: r.list(e, 'evidence', where, (n, w, l) => evidenceOf(r, n, w, l)), line };
}

/** `azure-cni-bridge+none` → an error message, or null when the plugin and policy exist. */
export function modeProblem(mode: string): string | null {
  const [plugin, policy, extra] = mode.split('+');
  if (extra !== undefined || !plugin) return `"${mode}" is not <plugin>[+<policy>]`;
  if (!(PLUGINS as readonly string[]).includes(plugin)) return `"${plugin}" is not a plugin (${PLUGINS.join(', ')})`;
  if (policy !== undefined && !(POLICIES as readonly string[]).includes(policy)) return `"${policy}" is not a policy engine (${POLICIES.join(', ')})`;
  return null;
}

function modesOf(r: Reader, e: Entries, where: string): Record<string, string> | undefined {
  const v = e.get('as');
  if (!v || v.value === null) return undefined;
  const out: Record<string, string> = {};
  const take = (node: string, mode: string, line: number): void => {
    const problem = modeProblem(mode);
    if (problem) r.say(line, 'error', `${where}.as: ${problem}`);
    else out[node] = mode;
  };
  if (isScalar(v.value)) take('*', String(v.value.value), v.line);
  else if (isMap(v.value)) {
    for (const pair of v.value.items) {
      const k = pair.key as YamlNode | null;
      const val = pair.value as YamlNode | null;
      const l = r.line(k) || v.line;
      if (isScalar(k) && isScalar(val)) take(String(k.value), String(val.value), l);
      else r.say(l, 'error', `${where}.as: each entry is <node>: <plugin>[+<policy>]`);
    }
  } else r.say(v.line, 'error', `${where}.as: expected a mode or a mapping of node → mode, got ${describe(v.value)}`);
  return Object.keys(out).length ? out : undefined;
}

function expectOf(r: Reader, e: Entries, where: string): WalkExpect | undefined {
  const v = e.get('expect');
  if (!v || v.value === null) return undefined;
  if (isScalar(v.value)) {
    const verdict = String(v.value.value);
    if ((VERDICTS as readonly string[]).includes(verdict)) return { verdict: verdict as WalkExpect['verdict'] };
    r.say(v.line, 'error', `${where}.expect: "${verdict}" is not one of ${VERDICTS.join(', ')}`);
    return undefined;
  }
  const x = r.entries(v.value, `${where}.expect`, KEYS.expect, v.line);
  if (!x) return undefined;
  const verdict = r.oneOf(x, 'verdict', `${where}.expect`, VERDICTS);
  if (!verdict) { r.say(v.line, 'error', `${where}.expect: needs a verdict (${VERDICTS.join(', ')})`); return undefined; }
  const by = r.str(x, 'by', `${where}.expect`);
  const to = r.str(x, 'to', `${where}.expect`);
  return { verdict, ...(by ? { by } : {}), ...(to ? { to } : {}) };
}

function flowOf(r: Reader, e: Entries, where: string, line: number, n: number): WalkFlow {
  const id = r.str(e, 'id', where) ?? `flow-${n}`;
  const from = r.str(e, 'from', where) ?? '';
  const to = r.str(e, 'to', where) ?? '';
  const missing = [!from && 'from', !to && 'to'].filter(Boolean).join(' and ');
  if (missing) r.say(line, 'error', `${where}: needs ${missing} (a pod, service or IP) — kept, but it cannot be traced`);
  const port = r.num(e, 'port', where, 1);
  if (port !== undefined && port > 65535) r.say(e.get('port')?.line ?? line, 'error', `${where}.port: ${port} is not a port`);
  const proto = r.oneOf(e, 'proto', where, PROTOS);
  const established = r.bool(e, 'established', where);
  const as = modesOf(r, e, where);
  const branchEntry = e.get('branch');
  let branch: WalkFlow['branch'];
  if (branchEntry && isScalar(branchEntry.value) && typeof branchEntry.value.value === 'number') {
    const b = branchEntry.value.value;
    if (Number.isInteger(b) && b >= 1) branch = b;
    else r.say(branchEntry.line, 'error', `${where}.branch: a branch number is a whole number ≥ 1`);
  } else if (branchEntry && branchEntry.value !== null) {
    branch = matcherOf(r, branchEntry.value, `${where}.branch`, branchEntry.line) ?? undefined;
  }
  const flow: WalkFlow = {
    type: 'flow', id, title: r.str(e, 'title', where) ?? (from && to ? `${from} → ${to}` : id), from, to,
    ...(port !== undefined && port <= 65535 ? { port } : {}), ...(proto ? { proto } : {}), ...(established !== undefined ? { established } : {}),
    ...(as ? { as } : {}), notes: [], checkpoints: [], line,
  };
  const flip = r.str(e, 'flip', where);
  if (flip) flow.flip = flip;
  if (flip && !as && n === 1) r.say(e.get('flip')?.line ?? line, 'warning', `${where}.flip: the first flow has no mode to flip from`);
  if (branch !== undefined) flow.branch = branch;
  const expect = expectOf(r, e, where);
  if (expect) flow.expect = expect;
  for (const key of ['intro', 'outro'] as const) { const s = r.str(e, key, where); if (s) flow[key] = s; }
  flow.notes = r.list(e, 'notes', where, (node, w, l) => noteOf(r, node, w, l));
  let cp = 0;
  flow.checkpoints = r.list(e, 'checkpoints', where, (node, w, l) => checkpointOf(r, node, w, l, `${id}-checkpoint-${++cp}`));
  if (missing) flow.broken = `needs ${missing}`;
  return flow;
}

function talkOf(r: Reader, e: Entries, where: string, line: number, n: number): WalkTalk {
  const title = r.str(e, 'talk', where) ?? `talk ${n}`;
  const id = r.str(e, 'id', where) ?? `talk-${n}`;
  const text = r.str(e, 'text', where) ?? '';
  if (!text) r.say(line, 'warning', `${where}: a talk without "text"`);
  let q = 0;
  return { type: 'talk', id, title, text, evidence: r.list(e, 'evidence', where, (node, w, l) => evidenceOf(r, node, w, l)),
    questions: r.list(e, 'questions', where, (node, w, l) => questionOf(r, node, w, l, `${id}-question-${++q}`)), line };
}

function inputOf(r: Reader, node: YamlNode | null, where: string, line: number): WalkInput | null {
  const e = r.entries(node, where, KEYS.input, line);
  if (!e) return null;
  const path = r.str(e, 'path', where) ?? r.str(e, 'name', where);
  const text = e.get('text');
  const body = text && isScalar(text.value) && typeof text.value.value === 'string' ? text.value.value : undefined;
  if (!path) r.say(line, 'error', `${where}: needs "path", the input's file name`);
  if (body === undefined) r.say(text?.line ?? line, 'error', `${where}: needs "text", the command output (a block scalar: text: |)`);
  if (!path || body === undefined) return null;
  const nodeName = r.str(e, 'node', where);
  return { path, ...(nodeName ? { node: nodeName } : {}), text: body, line };
}

/** Makes ids unique within a walk (a deep link and a score name them): a repeat gets a suffix and a warning. */
function dedupe<T extends { id: string; line: number }>(r: Reader, items: T[], what: string): void {
  const seen = new Set<string>();
  for (const it of items) {
    if (!ID.test(it.id)) { r.say(it.line, 'warning', `${what} id "${it.id}": use letters, digits, . _ - (it appears in links)`); it.id = it.id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || what; }
    let id = it.id;
    for (let k = 2; seen.has(id); k++) id = `${it.id}-${k}`;
    if (id !== it.id) { r.say(it.line, 'warning', `${what} id "${it.id}" is used twice: this one is "${id}"`); it.id = id; }
    seen.add(id);
  }
}

function baseId(file: string): string {
  const name = file.split('/').pop() ?? file;
  return name.replace(/\.(walk\.)?(ya?ml)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'walk';
}

function emptyWalk(file: string): Walk {
  return { format: WALK_FORMAT, id: baseId(file), title: baseId(file), goals: [], inputs: [], parts: [], questions: [], file };
}

function read(text: string, opts: ParseOptions): ParsedWalk {
  const file = opts.file ?? 'walk.yaml';
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(lines);
  const at = (pos: [number, number]): number => lines.linePos(pos[0]).line;
  for (const err of doc.errors) r.say(at(err.pos), 'error', `YAML: ${err.message.split('\n')[0]}`);
  for (const w of doc.warnings) r.say(at(w.pos), 'warning', `YAML: ${w.message.split('\n')[0]}`);
  const walk = emptyWalk(file);
  const root = doc.contents as YamlNode | null;
  if (!root) { r.say(0, 'error', 'the file is empty: a walk needs at least an id, a title, its inputs and a flow'); return { walk, messages: r.messages }; }
  const e = r.entries(root, 'walk', KEYS.walk, 1);
  if (!e) return { walk, messages: r.messages };

  const format = r.num(e, 'walk', 'walk', 1);
  if (format === undefined && !e.has('walk')) r.say(1, 'warning', `no "walk: ${WALK_FORMAT}" line: read as walk format ${WALK_FORMAT}`);
  if (format !== undefined && format > WALK_FORMAT) r.say(e.get('walk')?.line ?? 1, 'error', `written for walk format ${format}; this build reads format ${WALK_FORMAT} (read as far as it can)`);
  if (format !== undefined) walk.format = format;
  const id = r.str(e, 'id', 'walk');
  if (id && ID.test(id)) walk.id = id;
  else r.say(e.get('id')?.line ?? 1, id ? 'error' : 'warning', id ? `walk.id "${id}": use letters, digits, . _ - (it appears in links); read as "${walk.id}"` : `no "id": the walk is "${walk.id}", after its file`);
  const title = r.str(e, 'title', 'walk');
  if (title) walk.title = title;
  else r.say(1, 'warning', `no "title": the walk is titled "${walk.title}"`);
  const summary = r.str(e, 'summary', 'walk');
  if (summary) walk.summary = summary;
  walk.goals = r.list(e, 'goals', 'walk', (n, w, l) => r.text(n, w, l));
  const minutes = r.num(e, 'minutes', 'walk', 1);
  if (minutes !== undefined) walk.minutes = minutes;

  const scenario = r.str(e, 'scenario', 'walk');
  if (scenario && opts.scenarios && !opts.scenarios.includes(scenario)) {
    r.say(e.get('scenario')?.line ?? 1, 'error', `walk.scenario: "${scenario}" is not a built-in scenario (${opts.scenarios.join(', ')})`);
  } else if (scenario) walk.scenario = scenario;
  walk.inputs = r.list(e, 'inputs', 'walk', (n, w, l) => inputOf(r, n, w, l));
  if (!scenario && !walk.inputs.length) r.say(1, 'error', 'no inputs: name a built-in "scenario" or give "inputs" (path and text of each capture)');

  let flows = 0;
  let talks = 0;
  walk.parts = r.list(e, 'flows', 'walk', (node, where, line): WalkPart | null => {
    const isTalk = isMap(node) && node.items.some((p) => isScalar(p.key) && p.key.value === 'talk');
    const x = r.entries(node, where, isTalk ? KEYS.talk : KEYS.flow, line);
    if (!x) return null;
    return isTalk ? talkOf(r, x, where, line, ++talks) : flowOf(r, x, where, line, ++flows);
  });
  if (!walk.parts.some((p) => p.type === 'flow')) r.say(e.get('flows')?.line ?? 1, 'warning', 'no flows: the walk traces nothing');
  let q = 0;
  walk.questions = r.list(e, 'questions', 'walk', (node, w, l) => questionOf(r, node, w, l, `question-${++q}`));

  dedupe(r, walk.parts, 'flow');
  const scored: { id: string; line: number }[] = [...walk.parts.flatMap((p): { id: string; line: number }[] => (p.type === 'flow' ? p.checkpoints : p.questions)), ...walk.questions];
  dedupe(r, scored, 'checkpoint');
  return { walk, messages: r.messages };
}

export function parseWalk(text: string, opts: ParseOptions = {}): ParsedWalk {
  try {
    return read(typeof text === 'string' ? text : String(text ?? ''), opts);
  } catch (err) {
    // the reader guards every value; this is a last resort so a trainer's file can never take the page down
    return { walk: emptyWalk(opts.file ?? 'walk.yaml'), messages: [{ line: 0, severity: 'error', message: `could not read the walk: ${(err as Error).message}` }] };
  }
}
