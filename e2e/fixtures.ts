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

  /** Number of points drawn in a series (its data-points attribute). */
  async seriesPoints(testId: string): Promise<number> {
    const el = this.page.getByTestId(testId).first();
    return Number((await el.getAttribute('data-points')) ?? '0');
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
