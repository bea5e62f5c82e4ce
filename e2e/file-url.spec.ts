/**
 * User story: a trainer hands out the built app as files for an offline workshop. Opened from file://, it opens on
 * its built-in scenario with the trace drawn, reads pastes and zips in its worker (started from a blob: URL, since
 * Chromium starts no worker from a file), traces, and trips no policy — with nothing but file: and blob: URLs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { App, watchRequests } from './app.ts';
import { supportBundle, zipOf } from '../bench/zips.ts';

const page = pathToFileURL(fileURLToPath(new URL('../dist/index.html', import.meta.url))).href;
const seed = (n: string) => readFileSync(new URL(`../src/scenarios/seed-${n}.txt`, import.meta.url), 'utf8');

test('the built app works from file://: scenario, paste, zip, trace, its worker from a blob: URL', async ({ page: tab, context }, info) => {
  const { requests, violations } = await watchRequests(tab, context);
  await tab.goto(page);
  const app = new App(tab);
  await app.ready();
  await expect(tab.getByTestId('mode.badge')).toContainText('Azure CNI (transparent)');
  expect((await app.graph()).nodes.filter((n) => n.kind === 'node')).toHaveLength(1);
  await app.pickScenario('azure-cni-calico');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  expect(t.verdict).toBe('dropped');
  await app.clearInputs();
  await app.paste(seed('002'));
  expect((await app.graph()).nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(true);
  const zip = info.outputPath('bundle.zip');
  (await import('node:fs')).writeFileSync(zip, zipOf(supportBundle(9, 3)));
  await tab.getByTestId('input.files').setInputFiles(zip);
  await app.ready();
  expect((await app.graph()).nodes.filter((n) => n.kind === 'node').map((n) => n.id)).toEqual(expect.arrayContaining(['node:aks-node-0', 'node:aks-node-1', 'node:aks-node-2']));

  expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:'))).toEqual([]);
  expect(requests.some((u) => u.startsWith('blob:')), 'the worker started from a blob: URL').toBe(true);
  expect(requests.some((u) => /\/assets\/pipeline\.worker-[\w-]+\.js$/.test(u)), 'its source loaded as a script').toBe(true);
  expect(await violations()).toEqual([]);
});
