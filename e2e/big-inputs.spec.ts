/**
 * User stories around big and many inputs: a support bundle of thousands of files is one input with a list that
 * scrolls; a zip bomb, a 600 MiB file in a zip and a damaged zip are refused with what and why; a big paste goes
 * straight to the analysis and never into the box; a paste and a file meet the same size policy, in the same words
 * the panel states; Cancel says cancelled. (Timings are the page benchmark's, `npm run bench:page`, not asserted.)
 */
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { App } from './app.ts';
import { supportBundle, zipBomb, zipOf, stored } from '../bench/zips.ts';
import { kubeProxyNat } from '../bench/kube-proxy-table.ts';
import { describeSizePolicy } from '../src/core/ingest/bundle.ts';

/** A paste as the browser makes one: a ClipboardEvent on the box, its text built in the page. */
async function pasteInBox(page: Page, build: string): Promise<void> {
  await page.getByTestId('input.paste').evaluate((box, code) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', (0, eval)(code) as string);
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, build);
}

test('a support bundle of 2,000 files is one input whose list shows only the rows in view', async ({ page }, info) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  const zip = info.outputPath('support-2000.zip');
  writeFileSync(zip, zipOf(supportBundle(2000, 5)));
  await page.getByTestId('input.files').setInputFiles(zip);
  await app.ready();
  await expect(page.getByTestId('input.item')).toHaveCount(1);
  const bundle = page.getByTestId('input.bundle');
  await expect(bundle).toContainText('support-2000.zip');
  await expect(bundle).toContainText('2,000 files');
  expect((await app.graph()).nodes.filter((n) => n.kind === 'node').map((n) => n.id).sort()).toEqual([0, 1, 2, 3, 4].map((n) => `node:aks-node-${n}`));
  expect((await app.hook((h) => h.inputs())).filter((i) => i.kind === 'azure-cni-log').length).toBeGreaterThan(1980);
  // virtualised: a few dozen rows in the page, not 2,000; the last file is reached by scrolling
  expect(await page.getByTestId('input.bundle.row').count()).toBeLessThan(60);
  const list = page.getByTestId('input.bundle.files');
  await list.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const last = page.getByTestId('input.bundle.row').filter({ hasText: 'azure-vnet-01984.log' });
  await expect(last).toBeVisible();
  await last.click();
  await expect(page.getByTestId('input.bundle.file')).toContainText('bundle/aks-node-4/logs/azure-vnet-01984.log');
  await expect(page.getByTestId('input.bundle.file').getByTestId('input.block').first()).toContainText('azure-cni-log');
  // the node of one file of the bundle, changed by hand
  await list.evaluate((el) => { el.scrollTop = 0; });
  await page.locator('[data-testid="input.bundle.row"][title="bundle/aks-node-0/ip-addr.txt"]').click();
  const node = page.getByTestId('input.bundle.file').getByTestId('input.node');
  await expect(node).toHaveValue('aks-node-0');
  await node.fill('renamed-node');
  await node.blur();
  await app.ready();
  expect((await app.graph()).nodes.some((n) => n.id === 'node:renamed-node')).toBe(true);
});

test('zip bombs, a 600 MiB file in a zip and a damaged zip are refused with what and why; nothing loaded is lost', async ({ page }, info) => {
  const app = new App(page);
  await app.open();
  const before = (await app.graph()).nodes.length;
  const notice = page.getByTestId('app.notice');
  const drop = async (name: string, bytes: Uint8Array) => {
    const p = info.outputPath(name);
    writeFileSync(p, bytes);
    await page.getByTestId('input.files').setInputFiles(p);
  };
  await drop('bomb.zip', zipBomb(1536, { files: 24 }));
  await expect(notice).toContainText('Nothing to read: bomb.zip: it inflates to 1.5 GiB, more than the 256 MiB that can still be loaded');
  await drop('one-bomb.zip', zipBomb(1536));
  await expect(notice).toContainText('Nothing to read: bomb/part-0.txt: 1.5 GiB, more than the 64 MiB an input may be');
  await drop('liar.zip', zipBomb(1536, { lies: true, fill: 0x61 }));
  await expect(notice).toContainText('bomb/part-0.txt: inflates past the 64 MiB an input may be (its header said 1 KiB)');
  await drop('big-text.zip', zipBomb(600, { fill: 0x61 }));
  await expect(notice).toContainText('Nothing to read: bomb/part-0.txt: 600 MiB, more than the 64 MiB an input may be');
  await expect(notice).not.toContainText('empty');
  await drop('broken.zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]));
  await expect(notice).toContainText('Nothing to read: broken.zip: not a readable zip');
  await app.ready();
  expect((await app.graph()).nodes.length).toBe(before);
  await expect(page.getByTestId('input.item')).toHaveCount(1);
  // a zip with some files not read: the rest is loaded, the others named in the notice and on the card
  await drop('mixed.zip', zipOf([...supportBundle(3, 1), stored('bundle/core.bin', new Uint8Array([0, 1, 2])), stored('bundle/empty.txt', '\n')]));
  await app.ready();
  await expect(notice).toContainText('Skipped bundle/core.bin: a binary file, not text; bundle/empty.txt: empty');
  await expect(page.getByTestId('input.skipped')).toContainText('2 not read');
});

test('a big paste goes straight to the analysis, never into the box; its lines still open', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  // seed 004 many times over: ~3 MB
  await pasteInBox(page, `${JSON.stringify((await import('node:fs')).readFileSync(new URL('../src/scenarios/seed-004.txt', import.meta.url), 'utf8'))}.repeat(50)`);
  await expect(page.getByTestId('app.notice')).toContainText(/A paste of [\d.]+ MiB went straight to the analysis: the box holds up to 256 KiB/);
  await app.ready();
  await expect(page.getByTestId('input.paste')).toHaveValue('');
  const card = page.getByTestId('input.item').filter({ hasText: 'paste 1' });
  await expect(card).toHaveCount(1);
  await card.getByTestId('input.open').click();
  await card.getByTestId('input.warning').first().click();
  await expect(page.getByTestId('line.current')).toBeVisible();
  await page.keyboard.press('Escape');
  // text put in the box in one go other than by a paste (dropped into it, typed by a tool): the same
  await page.getByTestId('input.paste').evaluate((box: HTMLTextAreaElement) => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(box, 'x\n'.repeat(200_000));
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(page.getByTestId('input.paste')).toHaveValue('');
  await expect(page.getByTestId('input.item').filter({ hasText: 'paste 2' })).toHaveCount(1);
});

test('a paste and a file meet the same size policy, in the words the panel states', async ({ page }, info) => {
  const app = new App(page);
  await app.open();
  await expect(page.getByTestId('input.policy')).toContainText(describeSizePolicy());
  const notice = page.getByTestId('app.notice');
  await pasteInBox(page, `'ip addr\\n'.repeat(${Math.ceil((65 * 1024 * 1024) / 8)})`);
  await expect(notice).toContainText(/Nothing to read: paste \d+: 65 MiB, more than the 64 MiB an input may be/);
  const big = info.outputPath('big.txt');
  writeFileSync(big, Buffer.alloc(65 * 1024 * 1024, 'ip addr\n'));
  await page.getByTestId('input.files').setInputFiles(big);
  await expect(notice).toContainText('Nothing to read: big.txt: 65 MiB, more than the 64 MiB an input may be');
  await app.ready();
  await expect(page.getByTestId('input.item')).toHaveCount(1);
});

test('Cancel stops the analysis and says cancelled, keeping the input set aside, not "Nobody recognises"', async ({ page }, info) => {
  const app = new App(page);
  await app.open();
  const before = (await app.graph()).nodes.length;
  const big = info.outputPath('kube-proxy.txt');
  writeFileSync(big, kubeProxyNat(40_000, 3));
  await page.getByTestId('input.files').setInputFiles(big);
  // read by the worker, listed, being analysed: then Cancel
  await expect(page.getByTestId('input.item').filter({ hasText: 'kube-proxy.txt' })).toHaveCount(1);
  await page.getByTestId('input.cancel').click();
  const notice = page.getByTestId('app.notice');
  await expect(notice).toContainText('Cancelled. "kube-proxy.txt" is kept but set aside (not analysed)');
  await app.ready();
  await expect(notice).toContainText('Cancelled.');
  await expect(notice).not.toContainText('Nobody recognises');
  expect((await app.graph()).nodes.length).toBe(before);
  await expect(page.getByTestId('input.item').filter({ hasText: 'kube-proxy.txt' }).getByTestId('input.aside')).toContainText('cancelled');
});
