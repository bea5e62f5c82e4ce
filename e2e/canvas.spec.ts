/**
 * The canvas as a person sees it, read through `__packetpath.layout()` (page pixels of what is drawn): every
 * built-in scenario and the kernel-captured two-node folders, topology and chains, light and dark, at
 * 1440×900 — no two leaf boxes overlap, no two labels overlap, every label on screen renders at 11 px or more,
 * every veth pair and bridge port is a drawn edge of 12 px or more on first paint, and the trace's path is
 * marked. A screenshot of each is attached to the test's results.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { App } from './app.ts';

interface Box { x1: number; y1: number; x2: number; y2: number }
interface Layout {
  view: string; viewport: { w: number; h: number; x: number; y: number };
  nodes: { id: string; kind: string; classes: string[]; compound: boolean; visible: boolean; box: Box; labelPx: number; label: string; labelBox: Box | null }[];
  edges: { id: string; kind: string; classes: string[]; source: string; target: string; visible: boolean; lengthPx: number }[];
}

const overlap = (a: Box, b: Box, slack = 0.5) => a.x1 < b.x2 - slack && b.x1 < a.x2 - slack && a.y1 < b.y2 - slack && b.y1 < a.y2 - slack;

function pairs<T>(xs: T[], hit: (a: T, b: T) => boolean): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (hit(xs[i] as T, xs[j] as T)) out.push([xs[i] as T, xs[j] as T]);
  return out;
}

async function layout(app: App): Promise<Layout> {
  await expect.poll(() => app.hook((h) => (h as unknown as { layout(): Layout | null }).layout()?.nodes.length ?? 0)).toBeGreaterThan(0);
  return app.hook((h) => (h as unknown as { layout(): Layout }).layout());
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== theme) await page.keyboard.press('t');
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function checkReadable(app: App, info: TestInfo, name: string): Promise<Layout> {
  const l = await layout(app);
  const shown = l.nodes.filter((n) => n.visible);
  const leaves = shown.filter((n) => !n.compound);
  expect(pairs(leaves, (a, b) => overlap(a.box, b.box)).map(([a, b]) => `${a.id} × ${b.id}`), `${name}: leaf boxes overlap`).toEqual([]);
  expect(shown.filter((n) => n.label && n.labelPx < 11).map((n) => `${n.id}: ${n.labelPx} px`), `${name}: labels under 11 px`).toEqual([]);
  const labelled = shown.filter((n) => n.labelBox);
  expect(pairs(labelled, (a, b) => overlap(a.labelBox as Box, b.labelBox as Box, 1) && a.id !== b.id).map(([a, b]) => `${a.id} × ${b.id}`), `${name}: labels overlap`).toEqual([]);
  // kept as a file in the test's output folder (test-results/…), and attached to the report
  const file = info.outputPath(`${name}.png`);
  await app.page.screenshot({ path: file });
  await info.attach(`${name}.png`, { path: file, contentType: 'image/png' });
  return l;
}

/** The built-in scenarios (a test below checks that the picker lists exactly these). */
const SCENARIOS = ['azure-cni-npm', 'azure-cni-calico', 'kubenet-azure-cni', 'transparent-calico', 'azure-cni-modes'];

const sources: { name: string; open: (app: App) => Promise<void> }[] = [
  ...SCENARIOS.map((id) => ({ name: id, open: (app: App) => app.pickScenario(id) })),
  ...['../src/core/trace/fixtures/kernel/calico-vxlan', './fixtures/two-nodes'].map((dir) => ({
    name: dir.split('/').pop() as string,
    open: async (app: App) => {
      await app.clearInputs();
      await app.page.getByTestId('input.folder').setInputFiles(fileURLToPath(new URL(dir, import.meta.url)));
      await app.ready();
    },
  })),
];

test.use({ viewport: { width: 1440, height: 900 } });

for (const src of sources) {
  test(`canvas reads at 1440×900: ${src.name}, topology and chains, light and dark`, async ({ page }, info) => {
    const app = new App(page);
    await app.open();
    await src.open(app);
    const graph = await app.graph();
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await page.keyboard.press('g');
      await page.keyboard.press('f');
      const l = await checkReadable(app, info, `${src.name}-topology-${theme}`);
      // every veth pair and bridge port whose two ends are on screen is drawn on first paint, long enough to see
      // (a picture too big to read whole is shown at the readable zoom: part of it is off screen)
      const v = l.viewport;
      const inside = (b: Box) => b.x1 >= v.x && b.y1 >= v.y && b.x2 <= v.x + v.w && b.y2 <= v.y + v.h;
      const onScreen = new Set(l.nodes.filter((n) => n.visible && inside(n.box)).map((n) => n.id));
      const wanted = graph.edges.filter((x) => (x.kind === 'veth' || x.kind === 'bridge-port') && onScreen.has(x.source) && onScreen.has(x.target));
      if (graph.edges.some((x) => x.kind === 'veth')) expect(wanted.length, 'veth pairs on screen').toBeGreaterThan(0);
      for (const e of wanted) {
        const drawn = l.edges.find((x) => x.id === e.id);
        expect(drawn?.visible, `${e.id} drawn`).toBe(true);
        expect(drawn?.lengthPx ?? 0, `${e.id} length`).toBeGreaterThanOrEqual(12);
      }
      const hidden = l.edges.filter((e) => !e.visible && onScreen.has(e.source) && onScreen.has(e.target));
      expect(hidden.map((e) => e.id), 'edges between elements on screen that are not drawn').toEqual([]);
      await page.keyboard.press('c');
      await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /\d/);
      await page.keyboard.press('f');
      const rules = (await app.hook((h) => h.chains())).nodes.length;
      if (rules) await checkReadable(app, info, `${src.name}-chains-${theme}`);
      else await expect(page.getByTestId('canvas.empty')).toBeVisible();
    }
  });
}

test('the picker lists the scenarios checked above, and each opens on its default trace', async ({ page }) => {
  const app = new App(page);
  await app.open();
  expect(await page.locator('[data-testid="scenario.pick"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))).toEqual(SCENARIOS);
  for (const id of SCENARIOS) {
    await app.pickScenario(id);
    await expect(page.getByTestId('trace.verdict')).toBeVisible();
  }
});

test('a scenario opens on its trace: the path is bold and numbered, a step and its element point at each other, the marker steps', async ({ page }, info) => {
  const app = new App(page);
  await app.open();
  await expect(page.getByTestId('trace.verdict')).toContainText('cali-tw-calid3b581beed8');
  const t = await app.hook((h) => h.trace());
  expect(t?.endpoints.src.pod).toBe('default/kuard-vnode-bd88cbf77-rmr66');
  let l = await layout(app);
  const onPath = l.nodes.filter((n) => n.classes.includes('path')).map((n) => n.id);
  const src = 'netns:aks-nodepool1-26711606-0/pod:default/kuard-vnode-bd88cbf77-rmr66';
  expect(onPath).toEqual(expect.arrayContaining([src, 'netns:aks-nodepool1-26711606-0/host', 'link:aks-nodepool1-26711606-0/host/cali17b90f98476']));
  expect(l.edges.filter((e) => e.classes.includes('path')).map((e) => e.kind)).toEqual(expect.arrayContaining(['veth', 'route']));
  expect(l.nodes.filter((n) => n.classes.includes('dim')).length).toBeGreaterThan(10);
  // hovering step 1 rings its element (the source pod)
  await page.getByTestId('trace.step.1').hover();
  await expect.poll(async () => (await layout(app)).nodes.find((n) => n.id === src)?.classes).toContain('hovered');
  // the marker steps forward and back, and the step list follows
  await page.getByTestId('marker.forward').click();
  await page.getByTestId('marker.forward').click();
  await expect(page.getByTestId('marker.step')).toHaveText(/step 2 \/ \d+/);
  await page.getByTestId('marker.back').click();
  await expect(page.getByTestId('marker.step')).toHaveText(/step 1 \//);
  // the chains view marks the visited rules and the one that decided
  await page.keyboard.press('c');
  await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /\d/);
  l = await layout(app);
  expect(l.view).toBe('chains');
  const decided = l.nodes.find((n) => n.id === 'rule:filter/cali-tw-calid3b581beed8/7');
  expect(decided?.classes).toEqual(expect.arrayContaining(['path', 'decided']));
  await info.attach('seed-001-chains-trace.png', { body: await page.screenshot(), contentType: 'image/png' });
});

test('load-balanced branches are shown one at a time; exports are PNG, SVG and Markdown', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('azure-cni-npm');
  await expect(page.getByTestId('trace.branch')).toHaveCount(2);
  await page.getByTestId('trace.branch').nth(1).click();
  await expect(page.getByTestId('trace.branch').nth(1)).toHaveAttribute('aria-selected', 'true');
  for (const [id, ext] of [['export.png', 'png'], ['export.svg', 'svg'], ['export.markdown', 'md']] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${ext}$`));
    const body = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(body);
    if (ext === 'svg') expect(text.toString('utf8')).toContain('<svg');
    if (ext === 'md') expect(text.toString('utf8')).toMatch(/verdict\*\*: \*\*delivered/);
    if (ext === 'png') expect(text.subarray(1, 4).toString()).toBe('PNG');
  }
});
