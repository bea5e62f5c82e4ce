/** User stories around inputs: a folder of two nodes, garbage, scenarios, clicking a warning. */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { App } from './app.ts';

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

test('dropping a folder with two sub-folders gives two node boxes named after them', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  await page.getByTestId('input.folder').setInputFiles(fixture('two-nodes'));
  await app.ready();
  const g = await app.graph();
  expect(g.nodes.filter((n) => n.kind === 'node').map((n) => n.id).sort()).toEqual(['node:aks-node-a', 'node:aks-node-b']);
  const inputs = await app.hook((h) => h.inputs());
  expect(new Set(inputs.map((i) => i.node))).toEqual(new Set(['aks-node-a', 'aks-node-b']));
});

test('garbage gives a clear message and loses nothing already loaded', async ({ page }) => {
  const app = new App(page);
  await app.open();
  const before = await app.graph();
  await page.getByTestId('input.paste').fill('lorem ipsum dolor sit amet\n%%% not a dump %%%\n12 34 56');
  await page.getByTestId('input.add').click();
  await expect(page.getByTestId('app.notice')).toContainText('Nobody recognises');
  await app.ready();
  expect((await app.graph()).nodes.length).toBe(before.nodes.length);
  await page.getByTestId('input.files').setInputFiles(fixture('garbage.bin'));
  await expect(page.getByTestId('app.notice')).toContainText('binary');
  expect((await app.graph()).nodes.length).toBe(before.nodes.length);
  // the garbage paste is listed with a warning per line it could not read
  await page.getByTestId('input.item').filter({ hasText: 'paste 1' }).getByTestId('input.open').click();
  const warning = page.getByTestId('input.warning').first();
  await expect(warning).toContainText('line 1');
  await warning.click();
  await expect(page.getByTestId('line.current')).toContainText('lorem ipsum');
});

test('switching scenarios redraws the graph and the mode badge', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await expect(page.getByTestId('mode.badge')).toContainText('Azure CNI (transparent)');
  await app.pickScenario('kubenet-azure-cni');
  await expect(page.getByTestId('mode.badge')).toContainText('kubenet');
  expect((await app.graph()).nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(true);
  await app.pickScenario('azure-cni-modes');
  await expect(page.getByTestId('mode.badge')).toContainText('Overlay');
  // seed 004's four nodes with dumps and the one it runs tcpdump on
  expect((await app.graph()).nodes.filter((n) => n.kind === 'node')).toHaveLength(5);
});

test('searching an IP focuses its interface and lists its facts with the lines they came from', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-npm');
  await page.getByTestId('search').fill('192.168.1.44');
  await page.getByTestId('search').press('Enter');
  await expect(page.getByTestId('details.title')).toContainText('metrics-server-555d76c778-66s8q');
  const source = page.getByTestId('details').getByRole('button', { name: /seed-000\.txt:\d+/ }).first();
  await source.click();
  await expect(page.getByTestId('line.current')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('line.viewer')).toHaveCount(0);
});
