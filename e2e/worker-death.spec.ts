/**
 * User story: the analysis worker dies (or the pipeline throws) on my input. The page says what failed, keeps the
 * input (set aside, with Retry), keeps what was loaded before, and goes on working: a later good paste is analysed,
 * traces answer. The worker's script is served with a fault injected before it — an uncaught error or an error
 * answer on an analysis that holds a marker — since no real input must be able to do that.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { App } from './app.ts';

const seed = (n: string) => readFileSync(new URL(`../src/scenarios/seed-${n}.txt`, import.meta.url), 'utf8');

const FAULTS = `self.addEventListener('message', (e) => {
  const b = e.data && e.data.body;
  if (!b || b.type !== 'analyse') return;
  const text = JSON.stringify(b.inputs);
  if (text.includes('E2E-KILL-THE-WORKER')) { e.stopImmediatePropagation(); throw new Error('simulated crash'); }
  if (text.includes('E2E-THROW-IN-PIPELINE')) { e.stopImmediatePropagation(); self.postMessage({ id: e.data.id, body: { type: 'error', error: "TypeError: Cannot read properties of undefined (reading 'get')" } }); }
});
`;

async function injectFaults(page: Page): Promise<void> {
  await page.route(/\/assets\/pipeline\.worker-[\w-]+\.js$/, async (route) => {
    const original = await route.fetch();
    await route.fulfill({ response: original, body: FAULTS + (await original.text()) });
  });
}

test('the worker dies on a paste: the page says so, sets the paste aside, and the next paste and a trace work', async ({ page }) => {
  await injectFaults(page);
  const app = new App(page);
  await app.open();
  const before = await app.graph();
  await page.getByTestId('input.paste').fill('E2E-KILL-THE-WORKER\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN');
  await page.getByTestId('input.add').click();
  const notice = page.getByTestId('app.notice');
  await expect(notice).toContainText('The analysis worker stopped: Error: simulated crash');
  await expect(notice).toContainText('"paste 1" is kept but set aside (not analysed)');
  await expect(notice).not.toContainText('Nobody recognises');
  await app.ready();
  // the scenario is analysed again in the new worker: same graph, details and traces answer
  expect((await app.graph()).nodes.length).toBe(before.nodes.length);
  const card = page.getByTestId('input.item').filter({ hasText: 'paste 1' });
  await expect(card.getByTestId('input.aside')).toContainText('the analysis worker stopped on it (Error: simulated crash)');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  expect(t.verdict).toBe('dropped');
  // a later good paste is analysed with the rest; the set-aside one stays out
  await app.paste(seed('002'));
  expect((await app.graph()).nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(true);
  await expect(notice).toHaveCount(0);
  await expect(card.getByTestId('input.aside')).toBeVisible();
  // Retry takes it back in: it fails again and is set aside again, the rest untouched
  await card.getByTestId('input.retry').click();
  await expect(notice).toContainText('The analysis worker stopped');
  await app.ready();
  expect((await app.graph()).nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(true);
  await card.getByTestId('input.remove').click();
  await app.ready();
  await expect(page.getByTestId('input.aside')).toHaveCount(0);
});

test('the pipeline throws on a paste: a clear message, the paste set aside, later pastes not poisoned', async ({ page }) => {
  await injectFaults(page);
  const app = new App(page);
  await app.open();
  await page.getByTestId('input.paste').fill('E2E-THROW-IN-PIPELINE\n{"nexthops": "not a list"}');
  await page.getByTestId('input.add').click();
  const notice = page.getByTestId('app.notice');
  await expect(notice).toContainText("The analysis failed: TypeError: Cannot read properties of undefined (reading 'get')");
  await expect(notice).toContainText('"paste 1" is kept but set aside');
  await expect(page.getByTestId('app.error')).toHaveCount(0);
  await app.paste(seed('002'));
  await expect(page.getByTestId('mode.badge')).toBeVisible();
  expect((await app.graph()).nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(true);
  await expect(page.getByTestId('app.error')).toHaveCount(0);
});

test('a worker whose script cannot load: the page says it could not start, keeps the inputs, and Retry works once it can', async ({ page }) => {
  let broken = true;
  await page.route(/\/assets\/pipeline\.worker-[\w-]+\.js$/, (route) => (broken ? route.fulfill({ status: 404, body: 'gone' }) : route.fallback()));
  const app = new App(page);
  await page.goto('/');
  await expect(page.getByTestId('app.notice')).toContainText('The analysis worker could not start');
  await expect(page.getByTestId('app.notice')).toContainText('your inputs are all kept');
  await expect(page.getByTestId('input.item')).toHaveCount(1);
  await expect(page.getByTestId('input.aside')).toHaveCount(0);
  broken = false;
  await page.getByTestId('input.retry-analysis').click();
  await app.ready();
  await expect(page.getByTestId('mode.badge')).toBeVisible();
  expect((await app.graph()).nodes.some((n) => n.kind === 'node')).toBe(true);
});
