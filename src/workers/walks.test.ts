/** The worker's walks: the built-in list, and a trainer's file with mistakes opened with its messages by line. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listWalks, openWalk } from './walks.ts';

const broken = readFileSync(new URL('../../e2e/fixtures/broken.walk.yaml', import.meta.url), 'utf8');

describe('walks in the worker', () => {
  it('lists the five built-in walks with their step counts', async () => {
    const list = await listWalks();
    expect(list.map((w) => w.id)).toEqual(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']);
    for (const w of list) expect(w.steps).toBeGreaterThan(10);
  });

  it('opens a file with mistakes: each named once on its line, what can be played is played', async () => {
    const r = await openWalk({ text: broken, file: 'broken.walk.yaml' });
    if ('error' in r) throw new Error(r.error);
    const said = r.messages.map((m) => `${m.line} ${m.severity} ${m.message}`);
    expect(said).toEqual([
      expect.stringMatching(/^6 warning walk: unknown key "colour"/),
      expect.stringMatching(/^15 error .*note at chain no-such-chain finds no step/),
      expect.stringMatching(/^19 error flow ghost: no pod or IP "default\/no-such-pod"/),
      expect.stringMatching(/^23 error walk.flows\[3\]: needs to/),
    ]);
    expect(r.builtin).toBe(false);
    expect(r.scenario).toBe('azure-cni-calico');
    const kinds = r.play.steps.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'verdict')).toHaveLength(1);
    expect(r.play.steps.find((s) => s.kind === 'verdict')?.label).toMatch(/dropped in cali-tw-calid3b581beed8/);
    expect(r.play.checkpoints.length).toBe(2); // the dispatch checkpoint and the scored question
    expect(r.play.steps.filter((s) => s.kind === 'pending').map((s) => s.caption)).toEqual([
      expect.stringMatching(/no-such-pod/), 'not traced: it needs to',
    ]);
  });

  it('refuses an unknown built-in walk with its name', async () => {
    const r = await openWalk({ builtin: 'seed-999' });
    expect('error' in r && r.error).toMatch(/seed-999/);
  });
});
