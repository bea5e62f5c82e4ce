/**
 * The registry holds every dump kind once: each claims the commands its parser documents and no other kind claims
 * them, and each converter turns its fixtures' records into pieces of the model or names what it leaves out.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, kindOfCommand } from './registry.ts';
import { convertWith } from './common/kind.ts';
import { commandFacts } from '../ingest/commands.ts';
import { parseAs } from '../ingest/ingest.ts';

const here = new URL('.', import.meta.url).pathname;
/** The documented commands as they would be typed: optional parts kept, placeholders filled; a packet list copied from Wireshark is no command. */
const typed = (c: string): string => c.replace(/[[\]]/g, '').replace(/…/g, 'x').replace(/(\w)\|\w+/g, '$1');
const isCommand = (c: string): boolean => !c.startsWith('Wireshark');

describe('the registry of dump kinds', () => {
  it.each(KINDS.map((k) => [k.parser.info.id, k] as const))('%s claims its own commands, and no other kind does', (id, kind) => {
    for (const c of kind.parser.info.commands.filter(isCommand).map(typed)) {
      const claiming = KINDS.filter((k) => k.commandLines.some((re) => re.test(c))).map((k) => k.parser.info.id);
      expect({ command: c, claiming }).toEqual({ command: c, claiming: [id] });
      expect(commandFacts(c).parser).toBe(id);
    }
  });

  it('resolves the commands two kinds used to share by order', () => {
    expect(kindOfCommand('ip -j addr')?.parser.info.id).toBe('ip-json');
    expect(kindOfCommand('ip -4 -o addr')?.parser.info.id).toBe('ip-addr');
    expect(kindOfCommand('iptables -t nat --list-rules')?.parser.info.id).toBe('iptables-rules');
    expect(kindOfCommand('iptables -t nat --list KUBE-SERVICES')?.parser.info.id).toBe('iptables-list');
    expect(kindOfCommand('kubectl get pods -o yaml')?.parser.info.id).toBe('kubectl-objects');
    expect(kindOfCommand('kubectl get pods -o wide')?.parser.info.id).toBe('kubectl-table');
    expect(kindOfCommand('cat /var/run/azure-vnet.json')?.parser.info.id).toBe('azure-vnet-json');
    expect(kindOfCommand('cat /etc/cni/net.d/10-azure.conflist')?.parser.info.id).toBe('cni-conflist');
    expect(kindOfCommand('cat policy.yaml')?.parser.info.id).toBe('kubectl-objects');
  });

  it.each(KINDS.map((k) => [k.parser.info.id, k] as const))('%s converts its fixtures: a piece or a note for what they hold', (id, kind) => {
    const dir = join(here, id, 'fixtures');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.txt') && f.startsWith(`${id}--`) && !f.includes('.kernel-')) : [];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const { records } = parseAs(id, readFileSync(join(dir, f), 'utf8'));
      const out = convertWith(kind, records, { input: f, block: `${f}#0`, at: { node: 'n', netns: 'host' }, line: (i) => i + 1 });
      if (records.length) expect({ f, made: out.pieces.length + out.notes.length > 0 }).toEqual({ f, made: true });
    }
  });
});
