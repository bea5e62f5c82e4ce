/** Page object: the app and its test hook `window.__packetpath`. */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { Trace } from '../src/core/trace/types.ts';

export interface HookGraph { nodes: { id: string; kind: string; label: string; classes: string[] }[]; edges: { id: string; source: string; target: string; kind: string; classes: string[] }[] }
interface Hook { graph(): HookGraph; chains(): HookGraph; trace(): Trace | null; inputs(): { name: string; kind: string | null; node: string | null; warnings: unknown[] }[]; status(): string; permalink(): Promise<string> }

export class App {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.ready();
  }

  /** Waits until the worker answered and the canvas painted what it answered. */
  async ready(): Promise<void> {
    await expect.poll(() => this.hook((h) => h.status()), { timeout: 30_000 }).toBe('ready');
    await expect(this.page.locator('[data-painted]')).toHaveAttribute('data-painted', /[1-9]/);
  }

  /** Switches to a built-in scenario and waits until it is drawn. */
  async pickScenario(id: string): Promise<void> {
    await this.page.getByTestId('scenario.pick').selectOption(id);
    await this.ready();
  }

  hook<T>(fn: (h: Hook) => T): Promise<T> {
    return this.page.evaluate(`(${fn.toString()})(window.__packetpath)`) as Promise<T>;
  }

  graph(): Promise<HookGraph> { return this.hook((h) => h.graph()); }

  async clearInputs(): Promise<void> {
    const remove = this.page.getByTestId('input.remove');
    while (await remove.count()) { await remove.first().click(); }
    await expect(this.page.getByTestId('input.empty')).toBeVisible();
  }

  async paste(text: string): Promise<void> {
    await this.page.getByTestId('input.paste').fill(text);
    await this.page.getByTestId('input.add').click();
    await this.ready();
  }

  async trace(from: string, to: string): Promise<Trace> {
    await this.page.getByTestId('trace.from').fill(from);
    await this.page.getByTestId('trace.to').fill(to);
    await this.page.getByTestId('trace.run').click();
    await expect(this.page.getByTestId('trace.verdict')).toBeVisible();
    const t = await this.hook((h) => h.trace());
    if (!t) throw new Error('no trace');
    return t;
  }
}

/**
 * Records every request of the context (the page's and its workers') and every Content-Security-Policy violation the
 * page reports, from before the first load. `violations()` reads them as `directive blocked-uri`.
 */
export async function watchRequests(page: Page, context: BrowserContext): Promise<{ requests: string[]; violations: () => Promise<string[]> }> {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { requests, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) };
}
