/**
 * The CLI from a production install: `npm install --omit=dev` of this package.json and lockfile in a fresh folder
 * with a copy of src/, then `npx packetpath …` there. Fails when the CLI needs at run time a package that only
 * devDependencies bring (tsx did). npm takes the packages from its cache (`--prefer-offline`): after the checkout's
 * own `npm install` it needs no network.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
let dir = '';

describe('packetpath from npm install --omit=dev', { timeout: 180_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pp-omit-dev-'));
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(repo, f), join(dir, f));
    cpSync(join(repo, 'src'), join(dir, 'src'), { recursive: true, filter: (p) => !p.includes('/fixtures/') });
    execFileSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  }, 180_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('installs no devDependency', () => {
    for (const dev of ['vitest', 'vite', 'typescript', 'eslint', '@playwright/test']) expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(dir, 'node_modules', 'tsx'))).toBe(true);
  });

  it('traces a seed scenario: dropped by the Calico policy', () => {
    const out = execFileSync('npx', ['--no-install', 'packetpath', 'trace', 'src/scenarios/seed-001.txt', '--from', 'default/kuard-vnode',
      '--to', '10.13.76.19:8080', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const t = JSON.parse(out) as { verdict: string; droppedBy: { chain: string } | null };
    expect(t.verdict).toBe('dropped');
    expect(t.droppedBy?.chain).toBe('cali-tw-calid3b581beed8');
  });

  it('still rejects an unknown command with exit code 2', () => {
    const r = spawnSync('npx', ['--no-install', 'packetpath', 'frobnicate'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('valid commands: detect, parse, model, trace');
  });
});
