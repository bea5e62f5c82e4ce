/** `packetpath share` and `packetpath open`, and the evidence-only link of the 110,000-rule node (≤ 8 KiB). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubeProxyNode } from '../../bench/kube-proxy-table.ts';
import { runPipeline } from '../core/pipeline.ts';
import { indexBlocks } from '../core/session/evidence.ts';
import { linkOf, readLink } from '../core/session/codec.ts';
import { resolveInputs } from '../core/session/inputs.ts';
import { prepareShare } from '../core/session/share.ts';
import { emptySession } from '../core/session/types.ts';
import { buildModel } from '../core/pipeline.ts';
import { trace } from '../core/trace/engine.ts';
import type { Trace } from '../core/trace/types.ts';

const bin = new URL('./bin.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const ok = (...args: string[]): string => execFileSync('node', [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const seed = (n: string): string => new URL(`../scenarios/seed-${n}.txt`, import.meta.url).pathname;
const kernel = (n: string): string => new URL(`../core/trace/fixtures/kernel/${n}`, import.meta.url).pathname;

describe('packetpath share / open', { timeout: 60_000 }, () => {
  it('shares a built-in scenario by id, and open prints its session and re-runs its trace', () => {
    const link = ok('share', seed('001'), '--from', 'default/kuard-vnode', '--to', '10.13.76.19', '--port', '8080', '--base', 'https://pp.example/').trim();
    expect(link).toMatch(/^https:\/\/pp\.example\/#v1=[\w-]+$/);
    expect(link.length).toBeLessThan(400);
    expect(ok('open', link)).toMatch(/built-in scenario azure-cni-calico[\s\S]*trace: default\/kuard-vnode → 10\.13\.76\.19 port 8080/);
    const t = JSON.parse(ok('open', link, '--trace', '--json')) as Trace;
    expect([t.verdict, t.droppedBy?.chain]).toEqual(['dropped', 'cali-tw-calid3b581beed8']);
    expect(ok('open', link, '--trace')).toMatch(/verdict: dropped/);
  });

  it('shares a kernel-checked cluster redacted and cut to its evidence: the link traces the same, with none of the names', () => {
    const res = run('share', kernel('calico-vxlan'), '--from', 'prod/frontend-0', '--to', 'prod/api-0:8080', '--redact', '--evidence-only');
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/evidence only: \d+ of 366 lines kept .*same answer: delivered, 5 hops/);
    expect(res.stderr).toMatch(/checked: the shared inputs trace to the same verdict and hops \(delivered, 5 hops\)/);
    const link = res.stdout.trim();
    const session = ok('open', link, '--json');
    for (const name of ['frontend-0', 'api-0', 'aks-calico-0', 'aks-calico-1', '192.168.10.5', '10.240.0.4']) expect(session).not.toContain(name);
    const t = JSON.parse(ok('open', link, '--trace', '--json')) as Trace;
    expect([t.verdict, t.hops.length]).toEqual(['delivered', 5]);
  });

  it('writes a session file with --out, and open reads it back', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pp-share-')), 'seed-002.packetpath');
    ok('share', seed('002'), '--from', '10.100.1.18', '--to', '8.8.8.8:443', '--out', out);
    expect([...readFileSync(out).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(ok('open', out, '--trace')).toMatch(/nat: MASQUERADE/);
  });

  it('says what is wrong: usage errors exit 2, a damaged or unknown link exits 1 with its message', () => {
    expect(run('share', seed('001'), '--evidence-only').status).toBe(2);
    expect(run('share', seed('001'), '--port', '80').stderr).toMatch(/give --from X --to Y too/);
    expect(run('share', seed('001'), '--from', 'nobody', '--to', '10.0.0.1').stderr).toMatch(/the trace does not resolve/);
    const bad = run('open', 'http://localhost:5173/#v1=not*base64');
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringMatching(/This link is damaged: its data holds "\*"/)]);
    expect(run('open', 'http://localhost:5173/#v7=AAAA').stderr).toMatch(/newer PacketPath \(link format v7\)/);
  });
});

describe('the evidence-only link of a trace on the 110,000-rule node', { timeout: 120_000 }, () => {
  it('is at most 8 KiB and traces to the same answer', () => {
    const files = kubeProxyNode(10_000);
    const r = runPipeline(files);
    const request = { from: '10.244.0.10', to: '10.96.39.15:80' };
    const made = prepareShare({ files, origins: files.map(() => 'folder'), blocks: indexBlocks(r.blocks, r.snapshot), snapshot: r.snapshot, promptHosts: [] },
      { ...emptySession(), trace: request }, { evidenceOnly: true });
    if ('error' in made) throw new Error(made.error);
    expect(made.evidence).toMatchObject({ level: 'lines', same: true });
    const link = linkOf(made.session);
    expect(link.length).toBeLessThanOrEqual(8 * 1024);
    const back = resolveInputs(readLink(link).session, []).files;
    const original = trace(r.snapshot, request);
    const again = trace(buildModel(back), request);
    if ('error' in original || 'error' in again) throw new Error('no trace');
    expect([again.verdict, again.hops.length, again.branches.length, again.nat]).toEqual([original.verdict, original.hops.length, original.branches.length, original.nat]);
  });
});
