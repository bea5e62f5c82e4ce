/** User stories: the chains view, and tracing a delivered, a dropped and a load-balanced flow. */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { App } from './app.ts';
import { kubeProxyNat } from '../bench/kube-proxy-table.ts';

test('the chains view draws hooks and jumps, and a big kube-proxy family collapses into a bundle that expands', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  await app.paste(kubeProxyNat(20, 3));
  await page.getByTestId('view.chains').click();
  await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /[1-9]/);
  const g = await app.hook((h) => h.chains());
  expect(g.nodes.filter((n) => n.classes.includes('hook')).map((n) => n.id)).toEqual(expect.arrayContaining(['chain:nat/PREROUTING', 'chain:nat/OUTPUT']));
  const bundles = g.nodes.filter((n) => n.kind === 'bundle').map((n) => n.id);
  expect(bundles).toEqual(expect.arrayContaining(['chain-bundle:nat/KUBE-SVC-', 'chain-bundle:nat/KUBE-SEP-']));
  // jumps leave from the rule (or the chain's "… N more" for a rule not listed)
  expect(g.edges.some((e) => /^(rule:nat\/KUBE-SERVICES\/\d+|more:nat\/KUBE-SERVICES)$/.test(e.source) && e.target === 'chain-bundle:nat/KUBE-SVC-' && e.kind === 'jump')).toBe(true);
  // opening the bundle (search selects it, as a click does) shows its 60 endpoint chains
  await page.getByTestId('search').fill('KUBE-SEP-*');
  await page.getByTestId('search').press('Enter');
  await expect.poll(async () => (await app.hook((h) => h.chains())).nodes.filter((n) => n.id.startsWith('chain:nat/KUBE-SEP-')).length).toBe(60);
  const after = await app.hook((h) => h.chains());
  expect(after.nodes.some((n) => n.id === 'chain-bundle:nat/KUBE-SEP-')).toBe(false);
  expect(after.edges.some((e) => e.source === 'chain-bundle:nat/KUBE-SVC-' && e.target.startsWith('chain:nat/KUBE-SEP-'))).toBe(true);
});

test('a kube-system pod reaches the ingress pod on 8080 through Calico policy: delivered, the accepting policy rule on its step', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  const t = await app.trace('kube-system/coredns-754f947b4-tcct9', 'ingress/kuard-vnode-ingress-7b6868dd49-drldk:8080');
  expect(t.verdict).toBe('delivered');
  await expect(page.getByTestId('trace.verdict')).toContainText('delivered to ingress/kuard-vnode-ingress-7b6868dd49-drldk');
  await expect(page.getByTestId('trace.step.1')).toContainText('route');
  const steps = t.hops.flatMap((h) => h.steps);
  expect(steps.some((s) => s.chain === 'cali-pi-_FSXf14qKl1ZqjRcvUXU' && /0x10000/.test(s.detail))).toBe(true);
});

test('default/kuard-vnode to the ingress pod is dropped in cali-tw-calid3b581beed8, with the rule and the policy', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-calico');
  const t = await app.trace('default/kuard-vnode', '10.13.76.19:8080');
  expect(t.verdict).toBe('dropped');
  await expect(page.getByTestId('trace.verdict')).toContainText('cali-tw-calid3b581beed8');
  await expect(page.getByTestId('trace.verdict')).toContainText('ingress/drop-inter-namespace');
  await expect(page.getByTestId('trace.rule')).toContainText('Drop if no policies passed packet');
  // the chains view highlights the chains the packet went through
  await page.getByTestId('view.chains').click();
  await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /[1-9]/);
});

test('picking the two pods on the canvas (search selects, as a click does) traces between them', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-npm');
  const search = page.getByTestId('search');
  await search.fill('coredns-76b9877f49-sh2lz');
  await search.press('Enter');
  await page.getByTestId('details.trace-from').click();
  await search.fill('192.168.1.44');
  await search.press('Enter');
  await expect(page.getByTestId('details.title')).toContainText('metrics-server-555d76c778-66s8q');
  await page.getByTestId('details.trace-to').click();
  await expect(page.getByTestId('trace.verdict')).toContainText('delivered to kube-system/metrics-server-555d76c778-66s8q');
  const t = await app.hook((h) => h.trace());
  expect(t?.endpoints.src.pod).toBe('kube-system/coredns-76b9877f49-sh2lz');
});

test('a ClusterIP with two endpoints splits into two branches of probability 0.5, side by side', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  await page.getByTestId('input.folder').setInputFiles(fileURLToPath(new URL('./fixtures/kubenet-node', import.meta.url)));
  await app.ready();
  const t = await app.trace('10.244.0.10', '10.0.48.181:8080');
  expect(t.branches.map((b) => b.probability)).toEqual([0.5, 0.5]);
  expect(t.branches.map((b) => b.trace.nat.find((n) => n.kind === 'DNAT')?.to)).toEqual(['10.244.0.10:80', '10.244.0.11:80']);
  await expect(page.getByTestId('trace.branch')).toHaveCount(2);
});

test('screenshot smoke: the default scenario paints a graph', async ({ page }, info) => {
  const app = new App(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await app.open();
  const shot = await page.screenshot({ fullPage: false });
  await info.attach('default-scenario', { body: shot, contentType: 'image/png' });
  expect(shot.byteLength).toBeGreaterThan(20_000);
  await expect(page.getByTestId('topology.canvas').locator('canvas').first()).toBeVisible();
});

test('a kernel-captured Calico VXLAN cluster: the denied pod is dropped on the far node, the allowed one crosses vxlan.calico, and its reply is traced as ESTABLISHED', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.clearInputs();
  await page.getByTestId('input.folder').setInputFiles(fileURLToPath(new URL('../src/core/trace/fixtures/kernel/calico-vxlan', import.meta.url)));
  await app.ready();
  const denied = await app.trace('default/tester-0', 'prod/api-0:8080');
  expect(denied.verdict).toBe('dropped');
  await expect(page.getByTestId('trace.rule')).toContainText('Drop if no policies passed packet');
  const allowed = await app.trace('prod/frontend-0', 'prod/api-0:8080');
  expect(allowed.verdict).toBe('delivered');
  expect(allowed.hops.map((h) => [h.node, h.netns, h.in, h.via ?? [], h.out])).toEqual([
    ['aks-calico-0', 'pod:prod/frontend-0', null, [], 'eth0'],
    ['aks-calico-0', 'host', 'cali1f3a9c2e7b4', ['eth0'], 'vxlan.calico'],
    ['aks-calico-1', 'host', 'eth0', [], null],
    ['aks-calico-1', 'host', 'vxlan.calico', [], 'cali5b7d9e1f3a2'],
    ['aks-calico-1', 'pod:prod/api-0', 'eth0', [], null],
  ]);
  await page.getByTestId('trace.established').check();
  const reply = await app.trace('prod/api-0', '192.168.10.5:40000');
  expect(reply.flow.ctstate).toBe('ESTABLISHED');
  expect(reply.verdict).toBe('delivered');
  expect(reply.hops.flatMap((h) => h.steps).some((s) => s.chain === 'cali-fw-cali5b7d9e1f3a2' && /ESTABLISHED/.test(s.detail))).toBe(true);
});
