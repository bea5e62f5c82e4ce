/**
 * The `packetpath` command over core/pipeline: detect, parse, model, trace; share and open (share.ts).
 * Prints JSON on stdout; usage errors on stderr with exit code 2 (an unknown command, option or value included).
 */
import { readFileSync } from 'node:fs';
import { readInputs } from './files.ts';
import { oneOf, parseCommand, portOf, UsageError, type OptionSpec, type Parsed } from './args.ts';
import { detectFile, parseAs, parseBlock } from '../core/ingest/ingest.ts';
import { parserById, PARSERS } from '../core/parsers/registry.ts';
import { buildModel } from '../core/pipeline.ts';
import { trace } from '../core/trace/engine.ts';
import { formatTrace } from '../core/trace/format.ts';
import { open, OPEN_OPTIONS, share, SHARE_OPTIONS } from './share.ts';

const USAGE = `usage:
  packetpath detect <path…>                  [{ file, block, kind, confidence, node?, netns? }]
  packetpath parse  [--kind K] <file>        { kind, records, warnings }
  packetpath model  <path…>                  the Snapshot as JSON
  packetpath trace  <path…> --from X --to Y [--port N] [--proto tcp|udp|icmp] [--established] [--json]
      X: pod (ns/name or name) or IP; Y: pod, service (ns/name) or IP[:port][/tcp|udp|icmp]
      --established: a packet of an existing connection (a reply: swap X and Y), conntrack state ESTABLISHED
  packetpath share  <path…> [--from X --to Y [--port N] [--proto P] [--established]] [--redact] [--evidence-only]
                    [--base URL] [--out FILE.packetpath]       prints a link (#v1=…) that opens the same analysis
      --redact: names, addresses, MACs, Azure ids and secrets replaced, checked to trace the same way
      --evidence-only: just the lines the trace rests on (for a link of a big node); --out: a session file too
  packetpath open   <link|FILE.packetpath> [--json] [--trace]  the session it carries; --trace runs its trace
kinds: ${PARSERS.map((p) => p.info.id).join(', ')}`;

const PROTOS = ['tcp', 'udp', 'icmp'] as const;

/** JSON out; a Map (a table's chains) prints as an object of its entries. */
const asJson = (_key: string, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v) : v);
const print = (v: unknown): void => { process.stdout.write(`${JSON.stringify(v, asJson, 2)}\n`); };
const str = (p: Parsed, name: string): string | undefined => p.values[name] as string | undefined;

interface Command { options: OptionSpec; run: (p: Parsed) => number }

function needPaths(p: Parsed, what = 'a path (file, folder or zip)'): string[] {
  if (!p.positionals.length) throw new UsageError(`missing ${what}`);
  return p.positionals;
}

const COMMANDS: Record<string, Command> = {
  detect: {
    options: {},
    run(p) {
      const { files, skipped } = readInputs(needPaths(p));
      print(files.flatMap((f) => detectFile(f).blocks.map((b) => ({
        file: b.file, block: b.index, kind: b.kind, confidence: b.confidence,
        ...(b.command ? { command: b.command } : {}),
        ...(b.node ? { node: b.node } : {}),
        ...(b.podView ? { netns: b.podView.via === 'nsenter' ? `pid:${b.podView.pid}` : b.podView.name } : {}),
        lines: [b.lines.nos[0], b.lines.nos[b.lines.nos.length - 1]],
        ...(b.skipped ? { skipped: b.skipped } : {}),
      }))));
      for (const s of skipped) process.stderr.write(`skipped ${s.path}: ${s.why}\n`);
      return 0;
    },
  },
  parse: {
    options: { kind: { type: 'string' } },
    run(p) {
      const paths = needPaths(p, 'one file');
      if (paths.length !== 1) throw new UsageError('parse reads one file');
      const path = paths[0] as string;
      const kind = oneOf('kind', str(p, 'kind'), PARSERS.map((x) => x.info.id));
      if (kind && parserById(kind)) { print({ kind, ...parseAs(kind, readFileSync(path, 'utf8')) }); return 0; }
      const { files } = readInputs([path]);
      const blocks = files.flatMap((f) => detectFile(f).blocks.map(parseBlock));
      if (blocks.length === 1) {
        const b = blocks[0] as ReturnType<typeof parseBlock>;
        print({ kind: b.kind, records: b.records, warnings: b.warnings });
      } else {
        print(blocks.map((b) => ({ kind: b.kind, block: b.index, ...(b.command ? { command: b.command } : {}), records: b.records, warnings: b.warnings })));
      }
      return 0;
    },
  },
  model: {
    options: {},
    run(p) {
      const { files, skipped } = readInputs(needPaths(p));
      const snapshot = buildModel(files);
      for (const s of skipped) snapshot.warnings.push({ severity: 'info', message: `skipped ${s.path}: ${s.why}` });
      print(snapshot);
      return 0;
    },
  },
  trace: {
    options: { from: { type: 'string' }, to: { type: 'string' }, port: { type: 'string' }, proto: { type: 'string' },
      established: { type: 'boolean' }, json: { type: 'boolean' } },
    run(p) {
      const paths = needPaths(p);
      const from = str(p, 'from');
      const to = str(p, 'to');
      if (!from || !to) throw new UsageError('trace needs --from X and --to Y');
      const port = portOf('port', str(p, 'port'));
      const proto = oneOf('proto', str(p, 'proto'), PROTOS);
      const { files } = readInputs(paths);
      const result = trace(buildModel(files), { from, to, ...(port ? { port } : {}), ...(proto ? { proto } : {}),
        ...(p.values.established ? { ctstate: 'ESTABLISHED' as const } : {}) });
      if ('error' in result) { process.stderr.write(`${result.error}\n`); return 1; }
      if (p.values.json) print(result);
      else process.stdout.write(`${formatTrace(result)}\n`);
      return 0;
    },
  },
  share: { options: SHARE_OPTIONS, run: share },
  open: { options: OPEN_OPTIONS, run: open },
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '-h' || cmd === '--help' || cmd === 'help') { process.stdout.write(`${USAGE}\n`); return 0; }
  const command = cmd ? COMMANDS[cmd] : undefined;
  try {
    if (!command) throw new UsageError(cmd ? `unknown command ${cmd}; valid commands: ${Object.keys(COMMANDS).join(', ')}` : 'missing command');
    return command.run(parseCommand(cmd as string, rest, command.options));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`packetpath: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
}
