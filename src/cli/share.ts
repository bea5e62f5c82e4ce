/**
 * `packetpath share` and `packetpath open`: make a link (or a session file) from paths in a terminal, and read one
 * back — its inputs, view and trace request, or (`--trace`) the trace it carries, run again.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readInputs } from './files.ts';
import { builtinScenarios } from './scenarios.ts';
import { oneOf, portOf, UsageError, type Parsed } from './args.ts';
import { runPipeline, buildModel } from '../core/pipeline.ts';
import { trace } from '../core/trace/engine.ts';
import { formatTrace } from '../core/trace/format.ts';
import { DEFAULT_BASE, formatSize, LINK_BUDGET, linkOf, MAX_PAYLOAD_CHARS, readLink, SessionError } from '../core/session/codec.ts';
import { decodeSessionFile, encodeSessionFile, isSessionFile } from '../core/session/file.ts';
import { resolveInputs, sessionInputOf } from '../core/session/inputs.ts';
import { indexBlocks } from '../core/session/evidence.ts';
import { prepareShare, traceRequestOf } from '../core/session/share.ts';
import { SESSION_VERSION, TRACE_PROTOS, type InputOrigin, type Session, type SessionTrace } from '../core/session/types.ts';

const str = (p: Parsed, name: string): string | undefined => p.values[name] as string | undefined;
const say = (line: string): void => { process.stderr.write(`${line}\n`); };

export const SHARE_OPTIONS = { from: { type: 'string' }, to: { type: 'string' }, port: { type: 'string' }, proto: { type: 'string' },
  established: { type: 'boolean' }, redact: { type: 'boolean' }, 'evidence-only': { type: 'boolean' }, base: { type: 'string' },
  out: { type: 'string' } } as const;
export const OPEN_OPTIONS = { json: { type: 'boolean' }, trace: { type: 'boolean' } } as const;

function traceOf(p: Parsed): SessionTrace | null {
  const from = str(p, 'from');
  const to = str(p, 'to');
  if (!from && !to) {
    if (p.values.port || p.values.proto || p.values.established) throw new UsageError('--port, --proto and --established describe a trace: give --from X --to Y too');
    return null;
  }
  if (!from || !to) throw new UsageError('a trace needs both --from X and --to Y');
  const port = portOf('port', str(p, 'port'));
  const proto = oneOf('proto', str(p, 'proto'), TRACE_PROTOS);
  return { from, to, ...(port ? { port } : {}), ...(proto ? { proto } : {}), ...(p.values.established ? { established: true } : {}) };
}

export function share(p: Parsed): number {
  if (!p.positionals.length) throw new UsageError('missing a path (file, folder or zip)');
  const t = traceOf(p);
  const evidenceOnly = !!p.values['evidence-only'];
  const redact = !!p.values.redact;
  if (evidenceOnly && !t) throw new UsageError('--evidence-only keeps the evidence of a trace: give --from X --to Y');
  const { files, skipped } = readInputs(p.positionals);
  for (const s of skipped) say(`skipped ${s.path}: ${s.why}`);
  if (!files.length) { say('packetpath: nothing to share: no readable file in the paths given'); return 1; }
  const origin = (f: { node?: string }): InputOrigin => (p.positionals.some((x) => x.endsWith('.zip')) ? 'zip' : f.node ? 'folder' : 'file');
  const scenarios = builtinScenarios();
  let session: Session = { scenario: null, inputs: files.map((f) => sessionInputOf(f, origin(f), scenarios)), view: {}, trace: t, whatIf: {} };
  const picked = scenarios.find((s) => s.files.length === files.length && s.files.every((f, i) => session.inputs[i]?.scenario?.id === s.id && session.inputs[i]?.scenario?.file === i));
  if (picked) session.scenario = picked.id;
  if (t) {
    const check = trace(buildModel(files), traceRequestOf(t));
    if ('error' in check) { say(`packetpath: the trace does not resolve: ${check.error}`); return 1; }
  }
  if (evidenceOnly || redact) {
    const r = runPipeline(files);
    const blocks = indexBlocks(r.blocks, r.snapshot);
    const made = prepareShare({ files, origins: files.map(origin), blocks, snapshot: r.snapshot, promptHosts: [...new Set(blocks.flatMap((b) => (b.host ? [b.host] : [])))] },
      session, { evidenceOnly, redact, salt: Math.random().toString(36).slice(2) });
    if ('error' in made) { say(`packetpath: ${made.error}`); return 1; }
    session = made.session;
    if (made.evidence) {
      const e = made.evidence;
      say(`evidence only: ${e.keptLines} of ${e.totalLines} lines kept (${e.level === 'lines' ? 'cut to the lines' : e.level === 'all' ? 'nothing could be left out' : `widened to whole ${e.level}`}); `
        + `${e.same ? 'traced again, it gives the same answer' : 'traced again, it does NOT give the same answer'}: ${e.answer.verdict}, ${e.answer.hops} hops`);
    }
    if (made.redaction) {
      const c = made.redaction.counts;
      say(`redacted: ${c.ipv4} IPv4 and ${c.ipv6} IPv6 addresses, ${c.mac} MACs, ${c.node} nodes, ${c.namespace} namespaces, ${c.pod + c.workload} pod and workload names, `
        + `${c.service} services, ${c.resource + c.guid} Azure names and ids, ${c.secret} secrets`);
    }
    if (made.check) {
      const k = made.check;
      say(k.sameVerdictAndHops ? `checked: the shared inputs trace to the same verdict and hops (${k.original.verdict}, ${k.original.hops} hops)`
        : `WARNING: the shared inputs trace differently: ${k.error ?? `${k.shared?.verdict}, ${k.shared?.hops} hops instead of ${k.original.verdict}, ${k.original.hops}`}`);
    }
  }
  const out = str(p, 'out');
  if (out) {
    writeFileSync(out, encodeSessionFile(session));
    say(`session file: ${out} (${formatSize(statSync(out).size)})`);
  }
  const link = linkOf(session, str(p, 'base') ?? DEFAULT_BASE);
  const payload = link.length - link.indexOf('#');
  if (payload > MAX_PAYLOAD_CHARS) {
    say(`packetpath: the link would be ${formatSize(link.length)}, more than a link can hold${out ? '' : '; share it as a session file (--out FILE.packetpath) or as --evidence-only'}`);
    return out ? 0 : 1;
  }
  process.stdout.write(`${link}\n`);
  if (link.length > LINK_BUDGET) say(`note: the link is ${formatSize(link.length)}, over the ${formatSize(LINK_BUDGET)} that chat tools and tickets carry; ${evidenceOnly ? 'save a session file (--out)' : 'try --evidence-only, or save a session file (--out)'}`);
  else say(`link: ${link.length} characters (budget ${LINK_BUDGET})`);
  return 0;
}

function readSessionArg(arg: string): Session {
  if (existsSync(arg) && statSync(arg).isFile()) {
    const bytes = new Uint8Array(readFileSync(arg));
    if (isSessionFile(arg, bytes)) return decodeSessionFile(bytes, arg);
    return readLink(new TextDecoder().decode(bytes)).session;
  }
  return readLink(arg).session;
}

function describe(s: Session): string {
  const out: string[] = [`session (format v${SESSION_VERSION})${s.scenario ? `, built-in scenario ${s.scenario}` : ''}${s.evidence ? `, evidence only (${s.evidence.verdict}, ${s.evidence.hops} hops)` : ''}${s.redacted ? ', redacted' : ''}`];
  out.push('inputs:');
  s.inputs.forEach((i, n) => {
    const what = i.scenario ? `built-in scenario ${i.scenario.id}, file ${i.scenario.file + 1}`
      : i.sparse ? `evidence lines ${i.sparse.lines.length > 60 ? `${i.sparse.lines.slice(0, 60)}…` : i.sparse.lines}`
        : `${(i.text ?? '').split('\n').length} lines`;
    out.push(`  ${n + 1}. ${i.path} (${i.origin}; ${what})${i.node ? ` node ${i.node}` : ''}${i.pod ? ` pod ${i.pod}` : ''}`);
  });
  const v = s.view;
  const view = Object.entries(v).filter(([, x]) => x !== null && x !== undefined && !(Array.isArray(x) && !x.length)).map(([k, x]) => `${k} ${Array.isArray(x) ? x.join(', ') : String(x)}`);
  out.push(`view: ${view.length ? view.join('; ') : '(as the page opens)'}`);
  const t = s.trace;
  out.push(`trace: ${t ? `${t.from} → ${t.to}${t.port ? ` port ${t.port}` : ''}${t.proto ? ` ${t.proto}` : ''}${t.established ? ' (established)' : ''}` : '(none)'}`);
  const w = Object.entries(s.whatIf);
  if (w.length) out.push(`what-if: ${w.map(([node, mode]) => `${node} as ${mode}`).join('; ')}`);
  return out.join('\n');
}

export function open(p: Parsed): number {
  const [arg, ...rest] = p.positionals;
  if (!arg) throw new UsageError('missing a link (or a .packetpath file)');
  if (rest.length) throw new UsageError('open reads one link');
  let session: Session;
  try { session = readSessionArg(arg); } catch (err) {
    if (!(err instanceof SessionError)) throw err;
    say(`packetpath: ${err.message}`);
    return 1;
  }
  const { files, notes } = resolveInputs(session, builtinScenarios());
  for (const n of notes) say(`note: ${n}`);
  if (!p.values.trace) {
    process.stdout.write(p.values.json ? `${JSON.stringify(session, null, 2)}\n` : `${describe(session)}\n`);
    return 0;
  }
  if (!session.trace) { say('packetpath: this link carries no trace request to run'); return 1; }
  const result = trace(buildModel(files), traceRequestOf(session.trace));
  if ('error' in result) { say(result.error); return 1; }
  process.stdout.write(p.values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatTrace(result)}\n`);
  return 0;
}
