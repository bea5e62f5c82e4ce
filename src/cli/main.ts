/**
 * The `packetpath` command over core/pipeline: detect, parse, model, trace.
 * Prints JSON on stdout; usage errors on stderr with exit code 2.
 */
import { readFileSync } from 'node:fs';
import { readInputs } from './files.ts';
import { detectFile, parseAs, parseBlock } from '../core/ingest/ingest.ts';
import { parserById, PARSERS } from '../core/parsers/registry.ts';
import { buildModel } from '../core/pipeline.ts';
import { trace } from '../core/trace/engine.ts';
import { formatTrace } from '../core/trace/format.ts';
import type { Flow } from '../core/trace/types.ts';

const USAGE = `usage:
  packetpath detect <path…>                  [{ file, block, kind, confidence, node?, netns? }]
  packetpath parse  [--kind K] <file>        { kind, records, warnings }
  packetpath model  <path…>                  the Snapshot as JSON
  packetpath trace  <path…> --from X --to Y [--port N] [--proto tcp|udp|icmp] [--established] [--json]
      X: pod (ns/name or name) or IP; Y: pod, service (ns/name) or IP[:port][/tcp|udp|icmp]
      --established: a packet of an existing connection (a reply: swap X and Y), conntrack state ESTABLISHED
kinds: ${PARSERS.map((p) => p.info.id).join(', ')}`;

/** JSON out; a Map (a table's chains) prints as an object of its entries. */
const asJson = (_key: string, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v) : v);
const print = (v: unknown): void => { process.stdout.write(`${JSON.stringify(v, asJson, 2)}\n`); };

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help') { process.stderr.write(`${USAGE}\n`); return cmd ? 0 : 2; }
  if (cmd === 'detect') {
    if (!rest.length) { process.stderr.write(`${USAGE}\n`); return 2; }
    const { files, skipped } = readInputs(rest);
    const out = files.flatMap((f) => detectFile(f).blocks.map((b) => ({
      file: b.file, block: b.index, kind: b.kind, confidence: b.confidence,
      ...(b.command ? { command: b.command } : {}),
      ...(b.node ? { node: b.node } : {}),
      ...(b.podView ? { netns: b.podView.via === 'nsenter' ? `pid:${b.podView.pid}` : b.podView.name } : {}),
      lines: [b.lines.nos[0], b.lines.nos[b.lines.nos.length - 1]],
      ...(b.skipped ? { skipped: b.skipped } : {}),
    })));
    print(out);
    for (const s of skipped) process.stderr.write(`skipped ${s.path}: ${s.why}\n`);
    return 0;
  }
  if (cmd === 'parse') {
    let kind: string | undefined;
    const paths: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--kind') kind = rest[++i];
      else paths.push(rest[i] as string);
    }
    if (paths.length !== 1) { process.stderr.write(`${USAGE}\n`); return 2; }
    const path = paths[0] as string;
    if (kind) {
      if (!parserById(kind)) { process.stderr.write(`unknown kind ${kind}\n${USAGE}\n`); return 2; }
      print({ kind, ...parseAs(kind, readFileSync(path, 'utf8')) });
      return 0;
    }
    const { files } = readInputs([path]);
    const blocks = files.flatMap((f) => detectFile(f).blocks.map(parseBlock));
    if (blocks.length === 1) {
      const b = blocks[0] as ReturnType<typeof parseBlock>;
      print({ kind: b.kind, records: b.records, warnings: b.warnings });
    } else {
      print(blocks.map((b) => ({ kind: b.kind, block: b.index, ...(b.command ? { command: b.command } : {}), records: b.records, warnings: b.warnings })));
    }
    return 0;
  }
  if (cmd === 'model') {
    if (!rest.length) { process.stderr.write(`${USAGE}\n`); return 2; }
    const { files, skipped } = readInputs(rest);
    const snapshot = buildModel(files);
    for (const s of skipped) snapshot.warnings.push({ severity: 'info', message: `skipped ${s.path}: ${s.why}` });
    print(snapshot);
    return 0;
  }
  if (cmd === 'trace') return traceCommand(rest);
  process.stderr.write(`unknown command ${cmd}\n${USAGE}\n`);
  return 2;
}

function traceCommand(args: string[]): number {
  const paths: string[] = [];
  const opts: { from?: string; to?: string; port?: number; proto?: Flow['proto']; json: boolean; established?: boolean } = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--from') opts.from = args[++i];
    else if (a === '--to') opts.to = args[++i];
    else if (a === '--port') opts.port = Number(args[++i]);
    else if (a === '--proto') opts.proto = args[++i] as Flow['proto'];
    else if (a === '--json') opts.json = true;
    else if (a === '--established') opts.established = true;
    else paths.push(a);
  }
  if (!paths.length || !opts.from || !opts.to) { process.stderr.write(`${USAGE}\n`); return 2; }
  const { files } = readInputs(paths);
  const result = trace(buildModel(files), { from: opts.from, to: opts.to, ...(opts.port ? { port: opts.port } : {}), ...(opts.proto ? { proto: opts.proto } : {}),
    ...(opts.established ? { ctstate: 'ESTABLISHED' as const } : {}) });
  if ('error' in result) { process.stderr.write(`${result.error}\n`); return 1; }
  if (opts.json) print(result);
  else process.stdout.write(`${formatTrace(result)}\n`);
  return 0;
}
