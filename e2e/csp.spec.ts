/**
 * Nothing leaves the browser, and the page enforces it: the built page carries a strict Content-Security-Policy,
 * a session of real use (scenarios, pastes, a folder, a zip, traces, the chains view, the line viewer) makes no
 * request off the page's origin and trips no policy, and what the policy forbids — a request off the origin, an
 * inline script, a blob: worker over http — is refused. (eval is not tried: code run by the test driver is exempt.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { App, watchRequests } from './app.ts';
import { supportBundle, zipOf } from '../bench/zips.ts';

const builtHtml = () => readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k as string, v]));

test('the built page holds a strict CSP and no inline script', () => {
  const html = builtHtml();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  expect(meta, 'a CSP meta element').not.toBeNull();
  const d = directives(meta![1] as string);
  expect(d.get('default-src')).toEqual(["'none'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('connect-src')).toEqual(["'self'"]);
  // blob: only for file://, where Chromium starts no worker from a file; the http page narrows it to 'self'
  expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(meta![1]).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  // every script is a file of the page's own, none inline
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc="\.\/assets\/[\w.-]+\.js"/);
    expect((body as string).trim()).toBe('');
  }
});

test('a session of real use makes no request off the origin and trips no policy; what the policy forbids is refused', async ({ page, context }, info) => {
  const { requests, violations } = await watchRequests(page, context);
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  await page.getByTestId('view.chains').click();
  await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /[1-9]/);
  await page.getByTestId('view.topology').click();
  await page.getByTestId('input.folder').setInputFiles(fileURLToPath(new URL('./fixtures/two-nodes', import.meta.url)));
  await app.ready();
  const zip = info.outputPath('support.zip');
  (await import('node:fs')).writeFileSync(zip, zipOf(supportBundle(30, 3)));
  await page.getByTestId('input.files').setInputFiles(zip);
  await app.ready();
  await page.getByTestId('theme.toggle').click();
  await page.getByTestId('input.item').first().getByTestId('input.open').click();
  await page.getByTestId('input.warning').first().click();
  await expect(page.getByTestId('line.current')).toBeVisible();
  await page.keyboard.press('Escape');

  const origin = new URL(page.url()).origin;
  const off = requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin);
  expect(off).toEqual([]);
  expect(requests.some((u) => /\/assets\/pipeline\.worker-[\w-]+\.js$/.test(u)), 'the worker came from the origin').toBe(true);
  expect(await violations()).toEqual([]);

  const refused = await page.evaluate(async () => {
    const out: Record<string, string> = {};
    // a loopback address of another origin: the policy stops it before any connection
    try { await fetch('http://127.0.0.2:9/'); out.fetch = 'sent'; } catch (e) { out.fetch = (e as Error).name; }
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    out.inline = String((window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false);
    try {
      const w = new Worker(URL.createObjectURL(new Blob(['postMessage(1)'], { type: 'text/javascript' })));
      out.blobWorker = await new Promise((r) => { w.onmessage = () => r('ran'); w.onerror = () => r('refused'); setTimeout(() => r('refused'), 2000); });
    } catch (e) { out.blobWorker = (e as Error).name; }
    await new Promise((r) => setTimeout(r, 100));
    return { out, violations: (window as unknown as { __violations: string[] }).__violations.map((v) => v.split(' ')[0]) };
  });
  expect(refused.out).toEqual({ fetch: 'TypeError', inline: 'false', blobWorker: expect.stringMatching(/refused|SecurityError/) });
  expect(new Set(refused.violations)).toEqual(new Set(['connect-src', 'script-src-elem', 'worker-src']));
  expect(requests.filter((u) => u.includes('127.0.0.2'))).toEqual([]);
});
