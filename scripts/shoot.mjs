// Copied from the workplace's shared/tools/shoot.mjs (2026-12-02); SHOOT_PORT picks the port.
// Screenshots of what a person sees: every built-in scenario of the built app, light and dark, at a laptop size and a
// projector size. Run from the project root after `npm run build`:
//   node scripts/shoot.mjs [out-dir]          (default: /tmp/packetpath-shots)
// Then open the PNGs with your file viewer and look at them: labels, edges, overlaps, the path.
// It serves dist/ with `vite preview` on port 4196 and uses Debian's Chromium through the project's Playwright.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const out = process.argv[2] ?? '/tmp/packetpath-shots';
fs.mkdirSync(out, { recursive: true });
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { chromium } = require('@playwright/test');
const port = Number(process.env.SHOOT_PORT ?? 4196);
const server = spawn('npx', ['--no-install', 'vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const sizes = [['laptop', 1440, 900], ['projector', 1920, 1080]];
try {
  const page = await browser.newPage();
  for (let i = 0; i < 40; i++) { try { await page.goto(`http://localhost:${port}/`, { timeout: 2000 }); break; } catch { await new Promise((r) => setTimeout(r, 500)); } }
  const ids = await page.locator('[data-testid="scenario.pick"] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  for (const [size, w, h] of sizes) {
    await page.setViewportSize({ width: w, height: h });
    for (const id of ids) {
      await page.goto(`http://localhost:${port}/`);
      await page.waitForFunction(() => window.__packetpath?.status?.() === 'ready', null, { timeout: 30000 }).catch(() => {});
      await page.getByTestId('scenario.pick').selectOption(id).catch(() => {});
      await page.waitForFunction(() => window.__packetpath?.status?.() === 'ready', null, { timeout: 30000 }).catch(() => {});
      await page.waitForTimeout(1500);
      for (const theme of ['light', 'dark']) {
        const file = path.join(out, `${size}-${id}-${theme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await page.keyboard.press('t');
        await page.waitForTimeout(500);
      }
    }
  }
  // workshops: each built-in walk a third of the way in, on the page at laptop size and presented at projector size
  await page.goto(`http://localhost:${port}/`);
  await page.waitForFunction(() => window.__packetpath?.walks?.().length > 0, null, { timeout: 60000 }).catch(() => {});
  const walks = await page.evaluate(() => window.__packetpath?.walks?.() ?? []);
  for (const w of walks) {
    const step = Math.max(2, Math.round(w.steps / 3));
    for (const [size, wd, ht, present] of [['laptop', 1440, 900, false], ['projector', 1920, 1080, true]]) {
      await page.setViewportSize({ width: wd, height: ht });
      await page.goto(`http://localhost:${port}/#walk=${w.id}&step=${step}${present ? '&present=1' : ''}`);
      await page.reload();
      await page.waitForFunction((n) => window.__packetpath?.walk?.()?.step === n && window.__packetpath.status() === 'ready', step, { timeout: 30000 }).catch(() => {});
      await page.waitForTimeout(1500);
      for (const theme of ['light', 'dark']) {
        const file = path.join(out, `walk-${size}-${w.id}-${theme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await page.keyboard.press('t');
        await page.waitForTimeout(500);
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}
