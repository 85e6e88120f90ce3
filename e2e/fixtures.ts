// Page object for the Gradscope page: tests speak in what a person sees and does.
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export class GradscopePage {
  constructor(readonly page: Page) {}

  async open(query = ''): Promise<void> {
    this.page.on('pageerror', (error) => {
      throw error;
    });
    await this.page.goto(`/${query ? `?${query}` : ''}`);
  }

  get backendBadge(): Locator {
    return this.page.getByTestId('backend-badge');
  }

  /** Waits for the worker to report its backend and returns it. */
  async backend(): Promise<string> {
    await expect(this.backendBadge).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
    return (await this.backendBadge.getAttribute('data-backend')) ?? '';
  }

  async step(): Promise<number> {
    return Number(await this.page.getByTestId('step-count').textContent());
  }

  /** Waits until the run has done at least `n` steps. */
  async waitForSteps(n: number, timeout = 60_000): Promise<number> {
    await expect.poll(() => this.step(), { timeout }).toBeGreaterThanOrEqual(n);
    return this.step();
  }

  async loss(): Promise<number> {
    return Number(await this.page.getByTestId('loss').textContent());
  }

  get status(): Locator {
    return this.page.getByTestId('run-status');
  }
  get playPause(): Locator {
    return this.page.getByTestId('play-pause');
  }
  get stepButton(): Locator {
    return this.page.getByTestId('step');
  }
  get resetButton(): Locator {
    return this.page.getByTestId('reset');
  }
  get healthAlert(): Locator {
    return this.page.getByTestId('health-alert');
  }

  /** The health banner of one run of a set ('a', 'b', ...). */
  runAlert(letter: string): Locator {
    return this.page.locator(`[data-testid="health-alert"][data-run="${letter}"]`);
  }

  chart(id: string): Locator {
    return this.page.locator(`[data-chart="${id}"]`);
  }

  /** Number of points drawn in a series (its data-points attribute), looking at its chart. */
  async seriesPoints(testId: string): Promise<number> {
    const el = this.page.getByTestId(testId).first();
    await this.lookAt(el);
    return Number((await el.getAttribute('data-points')) ?? '0');
  }

  /** An attribute of a chart's element (a canvas's data-columns), looking at its chart. */
  async chartAttribute(testId: string, name: string): Promise<string | null> {
    const el = this.page.getByTestId(testId).first();
    await this.lookAt(el);
    return el.getAttribute(name);
  }

  /** Scrolls every chart into view in turn, so that each has drawn, then back to the top. */
  async lookAtEveryChart(): Promise<void> {
    for (const slot of await this.page.locator('.chart-slot').all()) {
      await slot.scrollIntoViewIfNeeded();
      await this.page.waitForTimeout(150);
    }
    await this.page.evaluate(() => window.scrollTo(0, 0));
  }

  /**
   * Scrolls the chart around `el` into view, as a person looks at it: a chart off screen
   * does not draw (ui/onScreen.ts), and catches up once it is back.
   */
  async lookAt(el: Locator): Promise<void> {
    await el.evaluate((node) => {
      const slot = node.closest('.chart-slot');
      if (!slot) return;
      const box = slot.getBoundingClientRect();
      if (box.bottom < 0 || box.top > innerHeight) slot.scrollIntoView({ block: 'nearest' });
    });
  }

  async pause(): Promise<void> {
    await expect(this.playPause).toHaveText('Pause');
    await this.playPause.click();
    await expect(this.status).toHaveText(/paused/);
  }

  /** Sets a select control by its label. */
  async select(label: string, value: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).selectOption(value);
  }

  /** Types a number into a numeric control by its label. */
  async setNumber(label: string, value: number): Promise<void> {
    const box = this.page.getByLabel(`${label} value`, { exact: true });
    await box.fill(String(value));
    await box.press('Enter');
  }
}

export const test = base.extend<{ app: GradscopePage }>({
  app: async ({ page }, use) => {
    await use(new GradscopePage(page));
  },
});

export { expect };
