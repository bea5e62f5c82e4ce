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

/** The canvas once it has drawn every element (a picture is drawn a few dozen elements a frame). */
async function layout(app: App): Promise<Layout> {
  await expect.poll(() => app.hook((h) => {
    const l = (h as unknown as { layout(): (Layout & { settled: boolean }) | null }).layout();
    return !!l?.settled && l.nodes.length > 0;
  })).toBe(true);
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

const inside = (b: Box, v: Layout['viewport']) => b.x1 >= v.x - 0.5 && b.y1 >= v.y - 0.5 && b.x2 <= v.x + v.w + 0.5 && b.y2 <= v.y + v.h + 0.5;

/**
 * After fit: the topology shows every node whole (its box and its name) and the fabric lane at 11 px or more; the
 * chains view shows every chain whole, or — only where the chains cannot all be read at 11 px in this canvas —
 * every element of the trace's path.
 */
async function checkFit(app: App, view: 'topology' | 'chains', name: string): Promise<void> {
  // the canvas settles first: the mode bar above it appears with the analysis, and a canvas that changed size is
  // laid out and fitted again a moment later
  await expect(async () => checkFitNow(app, view, name)).toPass({ timeout: 10_000 });
}

async function checkFitNow(app: App, view: 'topology' | 'chains', name: string): Promise<void> {
  const l = await layout(app);
  const v = l.viewport;
  expect(l.view).toBe(view);
  const labels = l.nodes.filter((n) => n.visible && n.label && n.labelPx > 0);
  expect(labels.filter((n) => n.labelPx < 11).map((n) => `${n.id}: ${n.labelPx} px`), `${name}: labels under 11 px after fit`).toEqual([]);
  const out = (ns: Layout['nodes']) => ns.filter((n) => !inside(n.box, v) || (n.labelBox && !inside(n.labelBox, v))).map((n) => n.id);
  if (view === 'topology') {
    const nodes = l.nodes.filter((n) => n.kind === 'node' || n.kind === 'fabric');
    expect(nodes.length, `${name}: nodes drawn`).toBeGreaterThan(0);
    expect(out(nodes), `${name}: node boxes or fabric lanes (or their names) outside the canvas after fit`).toEqual([]);
    return;
  }
  const chains = l.nodes.filter((n) => n.kind === 'chain' || n.kind === 'bundle' || n.kind === 'hook');
  if (!out(chains).length) return;
  // not all on screen: only right when they cannot all be read at 11 px here
  const ext = chains.reduce((a, n) => ({ x1: Math.min(a.x1, n.box.x1), y1: Math.min(a.y1, n.labelBox?.y1 ?? n.box.y1), x2: Math.max(a.x2, n.box.x2), y2: Math.max(a.y2, n.box.y2) }),
    { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity });
  const px = Math.min(...labels.map((n) => n.labelPx));
  const scale = 11 / px;
  expect((ext.x2 - ext.x1) * scale > v.w - 24 || (ext.y2 - ext.y1) * scale > v.h - 76, `${name}: the chains would fit at 11 px, yet some are off screen: ${out(chains).join(', ')}`).toBe(true);
  const path = l.nodes.filter((n) => n.classes.includes('path'));
  expect(out(path), `${name}: path elements outside the canvas after fit`).toEqual([]);
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
      if (theme === 'light') await checkFit(app, 'topology', `${src.name} at 1440×900`);
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
      if (rules && theme === 'light') await checkFit(app, 'chains', `${src.name} chains at 1440×900`);
      if (rules) await checkReadable(app, info, `${src.name}-chains-${theme}`);
      else await expect(page.getByTestId('canvas.empty')).toBeVisible();
    }
  });
}

test.describe('on a projector (1920×1080)', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });
  test('every scenario and kernel folder fits: all nodes whole, the chains whole or their path, labels at 11 px or more', async ({ page }, info) => {
    const app = new App(page);
    await app.open();
    for (const src of sources) {
      await src.open(app);
      await page.keyboard.press('g');
      await expect(page.getByTestId('topology.canvas')).toHaveAttribute('data-painted', /[1-9]/);
      await page.keyboard.press('f');
      await checkFit(app, 'topology', `${src.name} at 1920×1080`);
      await info.attach(`${src.name}-topology-projector.png`, { body: await page.screenshot(), contentType: 'image/png' });
      await page.keyboard.press('c');
      await expect(page.getByTestId('chains.canvas')).toHaveAttribute('data-painted', /\d/);
      if ((await app.hook((h) => h.chains())).nodes.length) {
        await page.keyboard.press('f');
        await checkFit(app, 'chains', `${src.name} chains at 1920×1080`);
        await info.attach(`${src.name}-chains-projector.png`, { body: await page.screenshot(), contentType: 'image/png' });
      }
      // back to the topology: the next source is drawn there (a scenario without iptables has an empty chains view)
      await page.keyboard.press('g');
    }
  });
});

test('the trace form follows the inputs: a scenario opens on its own flow; a flow the new inputs lack is cleared, saying why', async ({ page }) => {
  const app = new App(page);
  await app.open();
  await app.pickScenario('transparent-calico');
  await expect(page.getByTestId('trace.from')).toHaveValue('10.244.0.10');
  await expect(page.getByTestId('trace.to')).toHaveValue('10.244.0.2:80');
  await expect(page.getByTestId('trace.verdict')).toBeVisible();
  await app.clearInputs();
  await expect(page.getByTestId('trace.notice')).toContainText('10.244.0.10 → 10.244.0.2:80 is not in them');
  await expect(page.getByTestId('trace.error')).toHaveCount(0);
  await expect(page.getByTestId('trace.verdict')).toHaveCount(0);
  await expect(page.getByTestId('trace.from')).toHaveValue('');
  await page.getByTestId('input.folder').setInputFiles(fileURLToPath(new URL('../src/core/trace/fixtures/kernel/calico-vxlan', import.meta.url)));
  await app.ready();
  await expect(page.getByTestId('trace.error')).toHaveCount(0);
  // a flow of these inputs traces; then the scenario picker brings back the scenario's own flow
  await app.trace('default/tester-0', 'prod/api-0:8080');
  await expect(page.getByTestId('trace.notice')).toHaveCount(0);
  await app.pickScenario('azure-cni-calico');
  await expect(page.getByTestId('trace.from')).toHaveValue('default/kuard-vnode');
  await expect(page.getByTestId('trace.verdict')).toContainText('cali-tw-calid3b581beed8');
});

test('the header is one line at 1280 and 1440 px wide, with seed 000\'s mode badge whole and seed 004\'s long one cut', async ({ page }) => {
  const app = new App(page);
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await app.open();
    await app.pickScenario('azure-cni-npm');
    const badge = page.getByTestId('mode.badge');
    await expect(badge).toContainText('Azure NPM');
    const [header, title] = await Promise.all([page.locator('header').boundingBox(), page.getByTestId('app.title').boundingBox()]);
    // one line: no taller than its tallest item and a padding; every item on the title's line
    expect(header?.height, `header at ${width}`).toBeLessThan(52);
    for (const id of ['mode.badge', 'search', 'theme.toggle']) {
      const b = await page.getByTestId(id).boundingBox();
      expect(Math.abs((b?.y ?? 0) + (b?.height ?? 0) / 2 - ((title?.y ?? 0) + (title?.height ?? 0) / 2)), `${id} on the title's line at ${width}`).toBeLessThan(6);
    }
    expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `badge not cut at ${width}`).toBe(true);
    // seed 004's five nodes in three modes make a long badge: cut, the header still one line and whole
    await app.pickScenario('azure-cni-modes');
    expect((await page.locator('header').boundingBox())?.height, `header at ${width}, seed 004`).toBeLessThan(52);
    const theme = await page.getByTestId('theme.toggle').boundingBox();
    expect((theme?.x ?? 0) + (theme?.width ?? 0), `theme button on screen at ${width}, seed 004`).toBeLessThanOrEqual(width);
  }
});

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
