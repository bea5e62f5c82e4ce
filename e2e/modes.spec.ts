/**
 * User story: the same cluster under another network mode. The mode bar shows each node's detected mode with its
 * evidence; choosing another plugin or policy engine redraws the node as a what-if and re-runs the trace on screen;
 * the split view puts captured and what-if side by side and the diff says what changed.
 */
import { expect, test, type Page } from '@playwright/test';
import { App } from './app.ts';

type WhatIfHook = { modes: Record<string, string>; report: { mapping: unknown[]; limits: { ok: boolean }[] } | null; capturedTrace: { verdict: string } | null };
const whatIf = (app: App) => app.hook((h) => (h as unknown as { whatIf(): WhatIfHook }).whatIf());

/** Picks the first node's plugin and waits until the trace on screen is the what-if's. */
async function choosePlugin(app: App, page: Page, plugin: string, node = 0): Promise<void> {
  await page.getByTestId('modebar.plugin').nth(node).selectOption(plugin);
  await expect.poll(async () => Object.values((await whatIf(app)).modes).some((m) => m.startsWith(`${plugin}+`))).toBe(true);
  await app.ready();
}

test('the mode bar shows the detected mode with its evidence; another plugin redraws the node as a what-if and re-runs the trace', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-npm');
  const before = await app.trace('kube-system/coredns-76b9877f49-sh2lz', '192.168.1.44:443');
  expect(before.whatIf).toBeUndefined();
  await expect(page.getByTestId('modebar.node')).toHaveCount(1);
  await expect(page.getByTestId('modebar.detected')).toHaveText('captured: Azure CNI (transparent) + Azure NPM');
  // the evidence, each line linked to its source
  await page.getByTestId('modebar.detected').click();
  await expect(page.getByTestId('modebar.evidence')).toContainText('AZURE-NPM* chains in filter');
  await page.getByTestId('modebar.evidence').getByRole('button', { name: /seed-000\.txt:\d+/ }).first().click();
  await expect(page.getByTestId('line.viewer')).toBeVisible();
  await page.keyboard.press('Escape');

  await choosePlugin(app, page, 'kubenet');
  await expect(page.getByTestId('modebar.what-if')).toBeVisible();
  await expect(page.getByTestId('mode.badge')).toHaveText('kubenet (what-if)');
  // the node is drawn as kubenet wires it: cbr0, every element marked what-if
  const g = await app.graph();
  expect(g.nodes.some((n) => n.id === 'link:aks-nodepool1-29364957-vmss000000/host/cbr0' && n.classes.includes('what-if'))).toBe(true);
  expect(g.nodes.filter((n) => n.kind === 'link').every((n) => n.classes.includes('what-if'))).toBe(true);
  // the trace on screen was re-run through the what-if, its synthesised steps marked, the pods' new addresses shown
  const after = await app.hook((h) => h.trace());
  expect(after?.whatIf?.modes).toEqual({ 'aks-nodepool1-29364957-vmss000000': 'kubenet+none' });
  expect(after?.flow.src).toMatch(/^10\.244\.0\./);
  expect(after?.hops.flatMap((h) => h.steps).some((s) => s.whatIf && /cbr0/.test(s.detail))).toBe(true);
  await expect(page.getByTestId('trace.what-if').first()).toBeVisible();
  await page.getByTestId('modebar.report').locator('summary').click();
  await expect(page.getByTestId('modebar.mapping')).toContainText('kube-system/coredns-76b9877f49-sh2lz');

  // the policy engine too: Calico on kubenet swaps cbr0 for cali* veths
  await page.getByTestId('modebar.policy').selectOption('calico');
  await expect.poll(async () => (await whatIf(app)).modes['aks-nodepool1-29364957-vmss000000']).toBe('kubenet+calico');
  await app.ready();
  const calico = await app.graph();
  expect(calico.nodes.some((n) => n.id.endsWith('/host/cbr0'))).toBe(false);
  expect(calico.nodes.some((n) => /\/host\/cali[0-9a-f]{11}$/.test(n.id))).toBe(true);

  // split view: captured and what-if side by side, the same flow in both, the differences highlighted
  await page.getByTestId('modebar.split').check();
  await expect(page.getByTestId('split.captured.canvas')).toHaveAttribute('data-painted', /[1-9]/);
  await expect(page.getByTestId('split.what-if.canvas')).toHaveAttribute('data-painted', /[1-9]/);
  await expect(page.getByTestId('split.captured.verdict')).toHaveText('delivered');
  await expect(page.getByTestId('split.what-if.verdict')).toHaveText('delivered');
  await expect(page.getByTestId('diff')).toBeVisible();
  await expect(page.locator('[data-testid="diff.hop"][data-changed="true"]').first()).toBeVisible();
  // the capture forks on NPM's unsupported matches; the what-if (no policy engine) delivers in one walk
  await expect(page.locator('[data-testid="diff.row"][data-aspect="delivered"]')).toHaveAttribute('data-changed', 'false');

  // back to the capture: no what-if left anywhere
  await page.getByTestId('modebar.reset').click();
  await expect.poll(async () => Object.keys((await whatIf(app)).modes).length).toBe(0);
  await app.ready();
  expect((await app.graph()).nodes.some((n) => n.classes.includes('what-if'))).toBe(false);
  await expect.poll(async () => (await app.hook((h) => h.trace()))?.whatIf).toBeUndefined();
  await expect(page.getByTestId('split')).toHaveCount(0);
});

test('the policy engine toggles: NPM renders the same NetworkPolicy and drops; without an engine it is delivered, and the diff says so', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  expect(t.verdict).toBe('dropped');
  // Azure NPM renders the same NetworkPolicy: still dropped, now by NPM's chains
  await page.getByTestId('modebar.policy').selectOption('azure');
  await expect.poll(async () => (await app.hook((h) => h.trace()))?.whatIf?.modes).toEqual({ 'aks-nodepool1-26711606-0': 'azure-cni+azure' });
  // seed 001 did not capture the pods' labels, so who is in NPM's ipset is open: the trace says it depends, and
  // the branch where the policy selects the pod is dropped by NPM's chains
  const npm = await app.hook((h) => h.trace());
  expect(npm?.verdict).toBe('unknown');
  expect(npm?.branches.find((b) => b.trace.verdict === 'dropped')?.trace.droppedBy?.chain).toMatch(/^AZURE-NPM/);
  // no policy engine: delivered, and the diff marks the verdict changed
  await page.getByTestId('modebar.policy').selectOption('none');
  await expect.poll(async () => (await app.hook((h) => h.trace()))?.verdict).toBe('delivered');
  await expect(page.locator('[data-testid="diff.row"][data-aspect="verdict"]')).toHaveAttribute('data-changed', 'true');
});

test('every built-in scenario toggles: each node can be drawn under another plugin', async ({ page }) => {
  const app = new App(page);
  await app.open();
  const ids = await page.locator('[data-testid="scenario.pick"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  for (const id of ids) {
    await app.pickScenario(id);
    const nodes = await page.getByTestId('modebar.node').count();
    expect(nodes, id).toBeGreaterThan(0);
    const current = await page.getByTestId('modebar.plugin').first().inputValue();
    const other = current === 'kubenet' ? 'azure-cni' : 'kubenet';
    await choosePlugin(app, page, other);
    // the what-if is drawn once its analysis lands, which can be a frame after the page says ready
    await expect.poll(async () => (await app.graph()).nodes.some((n) => n.classes.includes('what-if')), { message: id }).toBe(true);
    await page.getByTestId('modebar.reset-all').click();
    await expect.poll(async () => Object.keys((await whatIf(app)).modes).length, { message: id }).toBe(0);
  }
});
