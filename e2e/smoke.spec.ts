import { expect, test } from '@playwright/test';

test('opens on a built-in scenario and shows what the pipeline read', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('model.summary')).toBeVisible();
  await expect(page.getByTestId('mode.badge')).toContainText('azure-cni-transparent');
  const inputs = await page.evaluate(() => (window as unknown as { __packetpath: { inputs(): { kind: string | null }[] } }).__packetpath.inputs());
  expect(inputs.map((i) => i.kind)).toEqual(expect.arrayContaining(['kubectl-table', 'route-n', 'ip-addr', 'cni-conflist', 'iptables-rules']));
  const graph = await page.evaluate(() => (window as unknown as { __packetpath: { graph(): { nodes: { kind: string; classes: string[] }[]; edges: { kind: string }[] } } }).__packetpath.graph());
  expect(graph.nodes.filter((n) => n.classes.includes('pod-netns')).length).toBe(4);
  expect(graph.edges.filter((e) => e.kind === 'veth').length).toBe(4);
});

test('switching to the flattened Calico blog (seed 001) reads its one-line tables', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('model.summary')).toBeVisible();
  await page.getByTestId('scenario.pick').selectOption('azure-cni-calico');
  await expect(page.getByTestId('mode.badge')).toContainText('policy calico');
  const inputs = await page.evaluate(() => (window as unknown as { __packetpath: { inputs(): { kind: string | null }[] } }).__packetpath.inputs());
  expect(inputs.filter((i) => i.kind === 'iptables-save').length).toBeGreaterThan(0);
  expect(inputs.filter((i) => i.kind === 'ipset').length).toBe(1);
});
