/**
 * The built-in walks, as a trainer's walk files go through the parser: each parses without a message, each flow
 * traces (pipeline + trace engine on the scenario's inputs, the CLI's path) to the verdict the walk states, every
 * note and checkpoint finds its step, every evidence line is in the inputs. A built-in walk that drifts from the
 * engine fails here. Flows under a what-if mode are traced through the mode profiles (issue #13), as the page's
 * toggle and `packetpath trace --as` trace them, and must agree with the CLI.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { runWalk, type WalkFlow } from '../../core/session/walk/index.ts';
import type { InputFile } from '../../core/ingest/ingest.ts';
import type { Trace } from '../../core/trace/types.ts';
import { SCENARIOS } from '../index.ts';
import { filesOfWalk, loadBuiltinWalks, profilesWhatIf, runAndPlay } from './index.ts';

/** `packetpath …` in this process: exit code, stdout, stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => { out += String(c); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { err += String(c); return true; });
  try { return { code: await main(args), out, err }; } finally { o.mockRestore(); e.mockRestore(); }
}

/** The walk's inputs as files on disk, for the CLI. */
function onDisk(files: InputFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'pp-walk-'));
  for (const f of files) writeFileSync(join(dir, f.path.replace(/\//g, '__')), f.text);
  return dir;
}

const cliArgs = (flow: WalkFlow): string[] => ['--from', flow.from, '--to', flow.to, ...(flow.port ? ['--port', String(flow.port)] : []),
  ...(flow.proto ? ['--proto', flow.proto] : []), ...(flow.established ? ['--established'] : [])];

const BUILTIN_WALKS = await loadBuiltinWalks();

describe('built-in walks', { timeout: 60_000 }, () => {
  it('there is one per seed, each with goals, flows, notes, checkpoints and questions — 30 minutes in all', () => {
    expect(BUILTIN_WALKS.map((w) => w.walk.id)).toEqual(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']);
    expect(BUILTIN_WALKS.map((w) => w.walk.scenario).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
    for (const { walk } of BUILTIN_WALKS) {
      const flows = walk.parts.filter((p): p is WalkFlow => p.type === 'flow');
      expect(walk.goals.length, walk.id).toBeGreaterThanOrEqual(3);
      expect(flows.length, walk.id).toBeGreaterThanOrEqual(2);
      expect(flows.every((f) => f.expect), walk.id).toBe(true);
      expect(flows.flatMap((f) => f.notes).length, walk.id).toBeGreaterThanOrEqual(5);
      expect(flows.flatMap((f) => f.checkpoints).length, walk.id).toBeGreaterThanOrEqual(2);
      expect(walk.questions.length, walk.id).toBeGreaterThanOrEqual(2);
    }
    expect(BUILTIN_WALKS.reduce((m, w) => m + (w.walk.minutes ?? 0), 0)).toBeGreaterThanOrEqual(30);
  });

  for (const { file, walk, messages } of BUILTIN_WALKS) {
    describe(walk.id, () => {
      it(`${file} parses without a message`, () => expect(messages).toEqual([]));

      it('plays: every flow traces to its stated verdict, every note and checkpoint finds its step, every evidence line is found', () => {
        const play = runAndPlay(walk);
        expect(play.messages).toEqual([]);
        expect(play.steps.filter((s) => s.kind === 'pending')).toEqual([]);
        for (const s of play.steps) if (s.kind === 'verdict') expect(s.ok, `${walk.id} ${s.flow}`).toBe(true);
        const notes = walk.parts.flatMap((p) => (p.type === 'flow' ? p.notes : []));
        const placed = play.steps.flatMap((s) => (s.kind === 'packet' ? s.notes : []));
        expect(placed).toHaveLength(notes.length);
        expect(play.checkpoints.length).toBeGreaterThanOrEqual(3);
      });

      it('traces each captured flow as the CLI does', async () => {
        const { files } = filesOfWalk(walk);
        const run = runWalk(walk, files);
        const dir = onDisk(files);
        for (const flow of walk.parts.filter((p): p is WalkFlow => p.type === 'flow' && !p.as)) {
          const r = await cli(['trace', dir, ...cliArgs(flow), '--json']);
          expect(r.code, r.err).toBe(0);
          const t = JSON.parse(r.out) as Trace;
          const ours = run.flows[flow.id];
          expect(ours?.status).toBe('traced');
          if (ours?.status !== 'traced') continue;
          expect([t.verdict, t.hops.flatMap((h) => h.steps).length, t.branches.length]).toEqual([ours.trace.verdict, ours.trace.hops.flatMap((h) => h.steps).length, ours.trace.branches.length]);
          expect(t.verdict).toBe(flow.expect?.verdict);
        }
      });

      const whatIf = walk.parts.filter((p): p is WalkFlow => p.type === 'flow' && !!p.as);
      if (!whatIf.length) return;
      it(`what-if flows (${whatIf.map((f) => f.id).join(', ')}) trace as \`packetpath trace --as\` does`, async () => {
        const { files } = filesOfWalk(walk);
        const dir = onDisk(files);
        const run = runWalk(walk, files, { whatIf: profilesWhatIf });
        for (const flow of whatIf) {
          const modes = [...new Set(Object.values(flow.as ?? {}))];
          expect(modes, `${flow.id}: one mode for all its nodes, as --as takes`).toHaveLength(1);
          const r = await cli(['trace', dir, ...cliArgs(flow), '--as', modes[0] as string, '--json']);
          expect(r.code, r.err).toBe(0);
          const t = JSON.parse(r.out) as Trace;
          const ours = run.flows[flow.id];
          expect(ours?.status, flow.id).toBe('traced');
          if (ours?.status !== 'traced') continue;
          expect([t.verdict, t.hops.flatMap((h) => h.steps).length, t.branches.length]).toEqual([ours.trace.verdict, ours.trace.hops.flatMap((h) => h.steps).length, ours.trace.branches.length]);
        }
      });
    });
  }

  it('a built-in walk that drifts from the engine is caught', () => {
    const w = structuredClone(BUILTIN_WALKS.find((b) => b.walk.id === 'seed-001')?.walk);
    if (!w) throw new Error('no seed-001 walk');
    const note = (w.parts[0] as WalkFlow).notes[0] as WalkFlow['notes'][number];
    note.at = { chain: 'cali-tw-*', rule: 'a rule the engine never shows', line: note.at.line };
    expect(runAndPlay(w).messages).toEqual([{ line: note.line, severity: 'error', message: expect.stringContaining('finds no step — the walk has drifted') }]);
  });
});
