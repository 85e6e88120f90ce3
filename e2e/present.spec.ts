// Presentation mode on a projector: one screen with no page scroll at 1280 x 720 and
// 1920 x 1080, the charts the teacher picked (a key per layout, or ticked), chart text
// at least ~2% of the screen's height, the run's state on screen; with a comparison and
// in a guided lesson too; in both languages (screenshots kept with the test's output).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Page scroll (should be none), and whether every element matched lies inside the window. */
async function fits(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const inside = [...document.querySelectorAll(sel)].map((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
    });
    return { scroll: document.documentElement.scrollHeight - innerHeight, count: inside.length, allInside: inside.every(Boolean) };
  }, selector);
}

/** The chart ids on screen, in order. */
const shownCharts = (page: Page) => page.locator('.chart-grid > .chart-slot').evaluateAll((slots) => slots.map((s) => s.getAttribute('data-slot')));

/** The smallest axis tick's font size, CSS px. */
const tickFont = (page: Page) =>
  page.evaluate(() => Math.min(...[...document.querySelectorAll('.recharts-cartesian-axis-tick text')].map((t) => Number.parseFloat(getComputedStyle(t).fontSize))));

test('one screen at 1280x720 and 1920x1080, in both languages: no page scroll, the picked charts, type for the back of the room; keys 1-4 pick a layout', async ({ app, page }, info) => {
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width, height });
    for (const lang of ['en', 'zh-CN']) {
      await app.open(`present=1&lang=${lang}&backend=wasm`);
      await app.waitForSteps(20);
      await expect.poll(() => shownCharts(page)).toEqual(['flow', 'heatmap', 'loss']);
      const fit = await fits(page, '.chart-slot, .run-bar');
      expect(fit).toEqual({ scroll: 0, count: 4, allInside: true });
      expect(await tickFont(page)).toBeGreaterThanOrEqual(0.02 * height);
      // The run's state: step, loss and status.
      await expect(page.getByTestId('step-count')).toBeInViewport();
      await expect(page.getByTestId('run-status')).toBeInViewport();
      await page.screenshot({ path: info.outputPath(`present-${width}x${height}-${lang}.png`) });
    }
  }
  // Key 1: two charts; key 4: four; the link keeps the pick and reopens it.
  await app.open('present=1&backend=wasm');
  await app.waitForSteps(5);
  await page.keyboard.press('1');
  await expect.poll(() => shownCharts(page)).toEqual(['flow', 'loss']);
  await expect(page).toHaveURL(/charts=flow,loss/);
  await page.keyboard.press('4');
  await expect.poll(() => shownCharts(page)).toEqual(['loss', 'global-norm', 'update-ratio', 'layer-norms']);
  expect((await fits(page, '.chart-slot')).allInside).toBe(true);
  // The menu: a box per chart, never fewer than two nor more than four.
  await page.getByTestId('present-charts-button').click();
  const dialog = page.getByRole('dialog', { name: 'Charts on the screen' });
  await expect(dialog.locator('[data-chart-pick="flow"]')).toBeDisabled();
  await dialog.locator('[data-chart-pick="global-norm"]').uncheck();
  await dialog.locator('[data-chart-pick="data"]').check();
  await expect.poll(() => shownCharts(page)).toEqual(['loss', 'update-ratio', 'layer-norms', 'data']);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.reload();
  await expect.poll(() => shownCharts(page)).toEqual(['loss', 'update-ratio', 'layer-norms', 'data']);
  expect(await fits(page, '.chart-slot')).toMatchObject({ scroll: 0, allInside: true });
  await page.screenshot({ path: info.outputPath('present-four-charts.png') });
});

test('presentation mode fits a diverged comparison and a guided lesson at 1280x720, its question on screen', async ({ app, page }, info) => {
  // Clipping rescues it: A diverges, B is clipped; the verdicts stay on screen.
  await app.open('present=1&backend=wasm');
  await page.getByTestId('presets-button').click();
  await page.locator('[data-preset="clipping-rescues"]').click();
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('run-table').locator('tbody tr').first()).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 });
  await app.waitForSteps(30);
  expect(await fits(page, '.chart-slot, .run-table-card, [data-testid="health-alert"]')).toEqual({ scroll: 0, count: 5, allInside: true });
  await expect(page.getByTestId('run-verdict').first()).toBeInViewport();
  await page.screenshot({ path: info.outputPath('present-comparison.png') });

  // A lesson: its chart first and marked, the question under the chapter's title.
  await app.open('guide=3&present=1&backend=wasm');
  await expect(page.getByTestId('guide-question')).toBeVisible();
  await expect.poll(() => shownCharts(page)).toEqual(['flow', 'heatmap', 'loss']);
  await expect(page.locator('.chart-slot').first()).toHaveAttribute('data-look', '');
  expect(await fits(page, '.chart-slot, [data-testid="guide-question"]')).toEqual({ scroll: 0, count: 4, allInside: true });
  await page.keyboard.press('1');
  await expect.poll(() => shownCharts(page)).toEqual(['flow', 'loss']);
  await page.screenshot({ path: info.outputPath('present-lesson.png') });
});
