/**
 * Workshops (issue #15) as a trainer and a room use them: every built-in walk played to its end with the keyboard
 * alone, a checkpoint answered right and wrong, a deep link to a step (and to presenter mode), presenter mode's label
 * sizes read from the canvas, a trainer's walk file with mistakes. Nothing leaves the page's origin.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { App, watchRequests } from './app.ts';

interface WalkHook { id: string; title: string; step: number; steps: number; presenting: boolean; asking: string | null }
interface LayoutNode { id: string; visible: boolean; labelPx: number; label: string }

const walkOf = (app: App) => app.hook((h) => (h as unknown as { walk(): WalkHook | null }).walk());
const walksOf = (app: App) => app.hook((h) => (h as unknown as { walks(): { id: string; title: string; steps: number }[] }).walks());
/** The labels on screen once the canvas has drawn every element; [] while it is drawing. */
const visibleLabels = (app: App) => app.hook((h) => {
  const l = (h as unknown as { layout(): { nodes: LayoutNode[]; settled: boolean } | null }).layout();
  return l?.settled ? l.nodes.filter((n) => n.visible && n.label !== '').map((n) => ({ id: n.id, px: n.labelPx })) : [];
});

function offOrigin(page: Page, requests: string[]): string[] {
  const origin = new URL(page.url()).origin;
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
}

/** Waits until the page shows the walk at `step` (its trace run, the canvas painted). */
async function atStep(app: App, step: number): Promise<void> {
  await expect.poll(async () => (await walkOf(app))?.step, { timeout: 20_000 }).toBe(step);
  await expect(app.page.getByTestId('walk.step').first()).toHaveText(new RegExp(`step ${step} /`));
  await app.ready();
}

test('every built-in walk plays to its end with the keyboard alone', async ({ page, context }) => {
  test.setTimeout(300_000);
  const { requests } = await watchRequests(page, context);
  const app = new App(page);
  await app.open();
  await expect.poll(async () => (await walksOf(app)).length, { timeout: 60_000 }).toBe(5);
  const walks = await walksOf(app);
  expect(walks.map((w) => w.id)).toEqual(['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']);
  for (const w of walks) {
    await page.keyboard.press('Escape');
    await page.getByTestId('walks.open').click();
    await page.getByTestId(`walks.item.${w.id}`).click();
    await atStep(app, 1);
    expect(await walkOf(app)).toMatchObject({ id: w.id, title: w.title, steps: w.steps, presenting: false });
    await expect(page.getByTestId('walk.title')).toHaveText(w.title);
    let presses = 0;
    let packets = 0;
    for (;;) {
      const now = await walkOf(app) as WalkHook;
      if (now.step === now.steps && !now.asking) break;
      // a checkpoint is revealed by the first press, the next one moves on
      await page.keyboard.press('ArrowRight');
      presses++;
      if (now.asking) await expect.poll(async () => (await walkOf(app))?.asking ?? null).toBeNull();
      else await atStep(app, now.step + 1);
      const kind = await page.getByTestId('walk.body').getAttribute('data-kind');
      // a packet step: the card says the packet before and after, and the trace's step at the marker is lit
      if (kind === 'packet' && !(await walkOf(app))?.asking) {
        packets++;
        await expect(page.getByTestId('walk.body').getByTestId('packet.card')).toBeVisible();
      }
      expect(presses).toBeLessThan(2 * w.steps + 2);
    }
    expect(packets).toBeGreaterThan(5);
    await expect(page.getByTestId('walk.next')).toBeDisabled();
    await expect(page.getByTestId('app.error')).toHaveCount(0);
    // the step list holds every step, the last one current
    await expect(page.getByTestId('walk.steps').locator('li')).toHaveCount(w.steps);
  }
  expect(offOrigin(page, requests)).toEqual([]);
});

test('a checkpoint answered right and wrong: the evidence is shown and the score counts', async ({ page }) => {
  const app = new App(page);
  await page.goto('/#walk=seed-001&step=6');
  await atStep(app, 6);
  const cp = page.getByTestId('walk.body').getByTestId('checkpoint');
  const choice = (label: string) => cp.locator('[data-testid^="checkpoint.choice."]', { hasText: label });
  await expect(cp).toHaveAttribute('data-state', 'asking');
  const asking = (await walkOf(app))?.asking;
  expect(asking).toBeTruthy();
  await expect(choice('cali-tw-calid3b581beed8')).toBeVisible();
  await choice('cali-tw-calid3b581beed8').click();
  await expect(cp).toHaveAttribute('data-state', 'right');
  await expect(page.getByTestId('checkpoint.result')).toContainText(/cali-to-wl-dispatch-d matched the packet/);
  await expect(page.getByTestId('walk.score')).toHaveText('score 1 / 5');
  // a new group: restart clears the answers; this time the wrong chain, chosen by its number key
  await page.keyboard.press('Home');
  await atStep(app, 1);
  await expect(page.getByTestId('walk.score')).toHaveText('score 0 / 5');
  await page.getByTestId('walk.steps').locator('li[data-n="6"] button').click();
  await atStep(app, 6);
  const labels = await cp.locator('[data-testid^="checkpoint.choice."]').allTextContents();
  const wrong = labels.findIndex((l) => !l.includes('cali-tw-calid3b581beed8'));
  await page.keyboard.press(String(wrong + 1));
  await expect(cp).toHaveAttribute('data-state', 'wrong');
  await expect(page.getByTestId('checkpoint.result')).toContainText('cali-tw-calid3b581beed8');
  await expect(page.getByTestId('walk.score')).toHaveText('score 0 / 5');
});

test('a deep link opens a walk at its step; the link follows the room; present=1 opens presenter mode', async ({ page }, info) => {
  const app = new App(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/#walk=seed-001&step=4');
  await atStep(app, 4);
  expect(await walkOf(app)).toMatchObject({ id: 'seed-001', step: 4, presenting: false });
  await expect(page.getByTestId('walk.body')).toHaveAttribute('data-kind', 'packet');
  await expect(page.getByTestId('walk.note')).toContainText('no azure0 bridge');
  // the trace panel lights the step the walk is on, and the packet card there says where the packet goes out
  const card = page.getByTestId('walk.body').getByTestId('packet.card');
  await expect(card).toContainText('calid3b581beed8');
  await page.keyboard.press('ArrowRight');
  await atStep(app, 5);
  await expect(page).toHaveURL(/#walk=seed-001&step=5$/);

  await page.goto('/#walk=seed-001&step=7&present=1');
  await page.reload();
  await expect(page.getByTestId('presenter')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await walkOf(app))?.step).toBe(7);
  await app.ready();
  expect((await walkOf(app))?.presenting).toBe(true);
  await expect(page.getByTestId('input.paste')).toHaveCount(0);
  await expect(page.getByTestId('presenter.caption')).toBeVisible();
  // labels of 18 px or more at fit on 1920×1080, for the back of the room
  await expect.poll(async () => (await visibleLabels(app)).length).toBeGreaterThan(10);
  const small = (await visibleLabels(app)).filter((n) => n.px < 18);
  expect(small).toEqual([]);
  await info.attach('presenter-seed-001-step-7', { body: await page.screenshot(), contentType: 'image/png' });
  // the keyboard drives it; Esc goes back to the page at the same step
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await walkOf(app))?.step).toBeGreaterThan(7);
  await app.ready();
  await info.attach('presenter-seed-001-next', { body: await page.screenshot(), contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presenter')).toHaveCount(0);
  await expect(page.getByTestId('walk.panel')).toBeVisible();
  expect((await walkOf(app))?.presenting).toBe(false);
  await expect(page).not.toHaveURL(/present=1/);
});

test('a link to a walk this page does not have says so and opens the built-in scenario', async ({ page }) => {
  const app = new App(page);
  await page.goto('/#walk=no-such-walk&step=3');
  await app.ready();
  await expect(page.getByTestId('app.notice')).toContainText('no-such-walk');
  expect(await walkOf(app)).toBeNull();
  expect((await app.graph()).nodes.length).toBeGreaterThan(0);
});

test('a trainer\'s walk file with mistakes: each named by line, the rest plays', async ({ page, context }) => {
  const { requests } = await watchRequests(page, context);
  const app = new App(page);
  await app.open();
  await page.getByTestId('walks.open').click();
  await page.getByTestId('walks.file.input').setInputFiles({
    name: 'broken.walk.yaml', mimeType: 'application/yaml', buffer: readFileSync(new URL('./fixtures/broken.walk.yaml', import.meta.url)),
  });
  await atStep(app, 1);
  expect(await walkOf(app)).toMatchObject({ id: 'trainer-broken', title: "A trainer's walk with mistakes", presenting: false });
  const messages = page.getByTestId('walk.messages').locator('li');
  await expect(messages).toHaveCount(4);
  await expect(messages.nth(0)).toHaveText(/^line 6: walk: unknown key "colour"/);
  await expect(messages.nth(0)).toHaveAttribute('data-severity', 'warning');
  await expect(messages.nth(2)).toHaveText(/^line 19: .*no-such-pod/);
  await expect(messages.nth(3)).toHaveAttribute('data-severity', 'error');
  // the flow that could be traced plays to its verdict; a trainer's file is not put in the link
  const steps = (await walkOf(app))?.steps ?? 0;
  const verdict = page.getByTestId('walk.steps').locator('li', { hasText: 'verdict · dropped in cali-tw-calid3b581beed8' });
  await verdict.locator('button').click();
  await expect(page.getByTestId('walk.verdict')).toContainText('dropped');
  await expect(page.getByTestId('trace.verdict')).toContainText('dropped');
  expect(steps).toBeGreaterThan(10);
  await expect(page).not.toHaveURL(/walk=/);
  expect(offOrigin(page, requests)).toEqual([]);
});

test('a walk pasted into the paste box opens its walk instead of being analysed as a dump', async ({ page }) => {
  const app = new App(page);
  await app.open();
  const text = 'walk: 1\nid: pasted\ntitle: Pasted walk\nscenario: kubenet-azure-cni\nflows:\n  - id: out\n    from: default/nginx-7cf567cc7-bnvk9\n    to: 8.8.8.8:53/udp\n';
  await page.getByTestId('input.paste').fill(text);
  await page.getByTestId('input.add').click();
  await atStep(app, 1);
  expect(await walkOf(app)).toMatchObject({ id: 'pasted', title: 'Pasted walk' });
  expect((await app.hook((h) => h.inputs())).map((i) => i.name)).not.toContain('paste 1');
});
