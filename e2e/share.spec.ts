/**
 * User stories of sharing: a reload keeps the work, the link opens the same graph and trace in another browser,
 * an analysis too big for a link is kept in this browser and shared as its evidence, session files save and open
 * (and drop), redaction shows its preview and its link traces the same without the names. No request leaves the page.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { App } from './app.ts';
import { kubeProxyNode } from '../bench/kube-proxy-table.ts';

/** Every request the page makes: all must stay on its origin (nothing leaves the browser). */
function sameOrigin(page: Page): () => void {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return () => {
    const origin = new URL(page.url()).origin;
    expect(urls.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
  };
}

const idsOf = async (app: App) => (await app.graph()).nodes.map((n) => n.id).sort();

test('a reload keeps the inputs, the assignments, the view and the trace', async ({ page }) => {
  const offOrigin = sameOrigin(page);
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  await app.paste('net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  await page.getByTestId('view.chains').click();
  await expect(page).toHaveURL(/#v1=[\w-]+$/);
  const graph = await idsOf(app);
  await page.reload();
  await app.ready();
  await expect(page.getByTestId('trace.verdict')).toContainText('dropped');
  expect((await app.hook((h) => h.trace()))?.droppedBy).toEqual(t.droppedBy);
  await expect(page.getByTestId('input.item')).toHaveCount(2);
  await expect(page.getByTestId('view.chains')).toHaveClass(/accent/);
  expect((await app.hook((h) => h.inputs())).map((i) => i.name)).toEqual(expect.arrayContaining(['seed-001.txt', 'paste 1']));
  await page.getByTestId('view.topology').click();
  expect(await idsOf(app)).toEqual(graph);
  offOrigin();
});

test('the link opened in another browser shows the same graph and the same trace', async ({ page, browser }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-npm');
  const t = await app.trace('kube-system/coredns-76b9877f49-sh2lz', '192.168.1.44:443');
  const link = await app.hook((h) => h.permalink());
  expect(link.length).toBeLessThan(16 * 1024);
  const other = await (await browser.newContext()).newPage();
  const offOrigin = sameOrigin(other);
  const there = new App(other);
  await other.goto(link);
  await there.ready();
  await expect(other.getByTestId('trace.verdict')).toBeVisible();
  const t2 = await there.hook((h) => h.trace());
  expect([t2?.verdict, t2?.hops.length, t2?.branches.length]).toEqual([t.verdict, t.hops.length, t.branches.length]);
  expect(await idsOf(there)).toEqual(await idsOf(app));
  await expect(other.getByTestId('scenario.pick')).toHaveValue('azure-cni-npm');
  offOrigin();
});

test('an analysis too big for a link is kept in this browser, and shared as its evidence-only link', async ({ page, browser }, info) => {
  const dir = info.outputPath('big');
  mkdirSync(join(dir, 'aks-big-0'), { recursive: true });
  for (const f of kubeProxyNode(600, 'aks-big-0')) writeFileSync(join(dir, f.path), f.text);
  const offOrigin = sameOrigin(page);
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  await page.getByTestId('input.folder').setInputFiles(dir);
  await app.ready();
  const t = await app.trace('10.244.0.10', '10.96.2.87:80');
  await expect(page).toHaveURL(/#local=[\w-]+$/);
  await page.getByTestId('share.open').click();
  await expect(page.getByTestId('share.toobig')).toContainText('more than the 16 KiB a link carries');
  await expect(page.getByTestId('share.kept')).toBeVisible();
  // a reload keeps it, from this browser's storage
  await page.reload();
  await app.ready();
  await expect(page.getByTestId('trace.verdict')).toBeVisible();
  expect((await app.hook((h) => h.trace()))?.verdict).toBe(t.verdict);
  await page.getByTestId('share.open').click();
  await page.getByTestId('share.evidence').click();
  await expect(page.getByTestId('share.evidence.result')).toContainText('the same answer');
  const link = await page.getByTestId('share.evidence.link').inputValue();
  expect(link.length).toBeLessThan(8 * 1024);
  // the local link opens nowhere else; the evidence link does
  const other = await (await browser.newContext()).newPage();
  const there = new App(other);
  await other.goto(page.url());
  await there.ready();
  await expect(other.getByTestId('app.notice')).toContainText('kept in the browser where it was made');
  await other.goto(link);
  await there.ready();
  await expect(other.getByTestId('app.notice')).toContainText('holds only the evidence of one trace');
  // the session's trace runs after its analysis is ready: wait for it rather than read it at once
  await expect.poll(() => there.hook((h) => h.trace()?.verdict ?? null), { timeout: 30_000 }).toBe(t.verdict);
  const t2 = await there.hook((h) => h.trace());
  expect([t2?.verdict, t2?.hops.length, t2?.branches.length]).toEqual([t.verdict, t.hops.length, t.branches.length]);
  offOrigin();
});

test('a session file saves the work, and opens it again, picked or dropped on the page', async ({ page, browser }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('kubenet-azure-cni');
  await app.trace('10.100.1.18', '8.8.8.8:443');
  await page.getByTestId('share.open').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share.save').click()]);
  expect(download.suggestedFilename()).toMatch(/^packetpath-kubenet-azure-cni-\d+\.packetpath$/);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  const other = await (await browser.newContext()).newPage();
  const there = new App(other);
  await there.open();
  await other.getByTestId('share.open').click();
  await other.getByTestId('share.openfile').setInputFiles({ name: 'saved.packetpath', mimeType: 'application/gzip', buffer: bytes });
  await expect(other.getByTestId('trace.verdict')).toContainText('delivered');
  expect((await there.hook((h) => h.trace()))?.nat.map((n) => n.kind)).toEqual(['MASQUERADE']);
  // dropped on the page
  await there.pickScenario('azure-cni-npm');
  await other.evaluate(async (data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'dropped.packetpath'));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [...bytes]);
  // seed 000's own default trace is delivered too: wait for the session's inputs, then its trace
  await expect(other.getByTestId('scenario.pick')).toHaveValue('kubenet-azure-cni');
  await expect.poll(async () => [...new Set((await there.hook((h) => h.inputs())).map((i) => i.name))]).toEqual(['seed-002.txt']);
  await expect.poll(async () => (await there.hook((h) => h.trace()))?.nat.map((n) => n.kind)).toEqual(['MASQUERADE']);
});

test('redaction shows what will be shared, and its link traces the same without the original names and addresses', async ({ page, browser }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  await page.getByTestId('share.open').click();
  await page.getByTestId('share.redact').check();
  await expect(page.getByTestId('redact.preview')).toBeVisible();
  await expect(page.getByTestId('redact.check')).toContainText('same verdict and hops (dropped, 2 hops)');
  await expect(page.getByTestId('redact.counts')).toContainText('IPv4');
  await expect(page.getByTestId('redact.original')).toContainText('kuard-vnode-bd88cbf77');
  await expect(page.getByTestId('redact.redacted')).not.toContainText('kuard-vnode');
  await page.getByTestId('redact.close').click();
  const link = await page.getByTestId('share.link').inputValue();
  // the page's own link stays the unredacted one
  expect(await app.hook((h) => h.permalink())).not.toBe(link);
  const other = await (await browser.newContext()).newPage();
  const there = new App(other);
  await other.goto(link);
  await there.ready();
  await expect(other.getByTestId('trace.verdict')).toContainText('dropped');
  const t2 = await there.hook((h) => h.trace());
  expect([t2?.verdict, t2?.hops.length, t2?.droppedBy?.chain]).toEqual([t.verdict, t.hops.length, t.droppedBy?.chain]);
  const seen = JSON.stringify([await there.graph(), t2, await there.hook((h) => h.inputs())]);
  for (const original of ['kuard-vnode', 'aks-nodepool1-26711606', '10.13.76.19', '10.13.76.26']) expect(seen).not.toContain(original);
  await expect(other.getByTestId('app.notice')).toContainText('was redacted');
});
