/**
 * Hostile links are data: bad base64, a link cut short, a future or unknown version, an oversize fragment, a deflate
 * bomb, a link whose names hold script — each opens to a clear message, executes nothing, and the page keeps
 * working (it opens its default scenario, or keeps the work it had). A committed v1 link keeps opening.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { App } from './app.ts';
import { encodePayload } from '../src/core/session/codec.ts';
import { emptySession } from '../src/core/session/types.ts';

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const valid = encodePayload({ ...emptySession(), inputs: [{ path: 'paste 1', origin: 'paste', text: '1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n' }] });

/** Opens `fragment`, expects `message` in the notice and a working page: nothing ran, the default scenario is drawn. */
async function opensSafely(page: Page, fragment: string, message: RegExp): Promise<void> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const app = new App(page);
  await page.goto(`/#${fragment}`);
  await app.ready();
  await expect(page.getByTestId('app.notice')).toContainText(message);
  expect((await app.graph()).nodes.length).toBeGreaterThan(3);
  await expect(page.getByTestId('scenario.pick')).toHaveValue('azure-cni-calico');
  expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // and it still works: a trace runs
  await app.trace('kube-system/coredns-754f947b4-tcct9', '10.13.76.19:8080');
}

test('bad base64', async ({ page }) => {
  await opensSafely(page, `v1=${valid.slice(0, 8)}<script>${valid.slice(8)}`, /This link is damaged: its data holds "%"/);
});

test('a link cut short', async ({ page }) => {
  await opensSafely(page, `v1=${valid.slice(0, Math.floor(valid.length / 2))}`, /This link is damaged: its data does not decompress/);
});

test('a future version and an unknown one', async ({ page }) => {
  await opensSafely(page, `v2=${valid}`, /made by a newer PacketPath \(link format v2\)/);
  await opensSafely(page, `v0=${valid}`, /format v0, which no PacketPath ever made/);
});

test('an oversize fragment', async ({ page }) => {
  await opensSafely(page, `v1=${'A'.repeat(1024 * 1024 + 10)}`, /too long to open/);
});

test('a deflate bomb is inflated with a bound', async ({ page }) => {
  const bomb = b64url(deflateSync(new Uint8Array(24 * 1024 * 1024), { level: 1 }));
  await opensSafely(page, `v1=${bomb}`, /expands to more than 16 MiB/);
});

test('a link whose names hold script opens them as text, and runs nothing', async ({ page }) => {
  const script = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>';
  const payload = encodePayload({
    ...emptySession(),
    inputs: [{ path: script, origin: 'paste', node: script, text: `2: eth0: <UP> mtu 1500\n    inet 10.0.0.4/24 scope global eth0\n${script}\n` }],
    view: { selected: script },
    trace: { from: script, to: `javascript:alert(1)` },
  });
  const app = new App(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.goto(`/#v1=${payload}`);
  await app.ready();
  await expect(page.getByTestId('input.item').first()).toContainText('<img src=x onerror=');
  await expect(page.getByTestId('trace.from')).toHaveValue(script);
  await expect(page.getByTestId('trace.error')).toBeVisible();
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"], main script').length)).toBe(0);
  expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('a hostile link pasted into a working page leaves its work as it was', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('kubenet-azure-cni');
  const before = (await app.graph()).nodes.length;
  await page.evaluate(() => { location.hash = 'v1=%%%garbage'; });
  await expect(page.getByTestId('app.notice')).toContainText('This link is damaged');
  await app.ready();
  expect((await app.graph()).nodes.length).toBe(before);
  await expect(page.getByTestId('scenario.pick')).toHaveValue('kubenet-azure-cni');
  await expect(page).toHaveURL(/#v1=[\w-]+$/);
});

test('a committed v1 link keeps opening: scenario, paste, chains view, trace', async ({ page }) => {
  const committed = readFileSync(new URL('../src/core/session/fixtures/v1-seed-001.link', import.meta.url), 'utf8').trim();
  const app = new App(page);
  await page.goto(`/${committed.slice(committed.indexOf('#'))}`);
  await expect.poll(() => app.hook((h) => h.trace()?.verdict ?? null), { timeout: 30_000 }).toBe('dropped');
  await expect(page.getByTestId('input.item')).toHaveCount(2);
  await expect(page.getByTestId('view.chains')).toHaveClass(/accent/);
  expect((await app.hook((h) => h.trace()))?.droppedBy?.chain).toBe('cali-tw-calid3b581beed8');
});
