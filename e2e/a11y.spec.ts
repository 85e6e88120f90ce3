// Accessibility: axe-core finds no serious or critical violation on the default page,
// presentation mode, a comparison, a guided-lesson chapter, the phase diagram and a
// diverged run, in English and in Chinese; and the lab can be run by keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')), summary: v.nodes[0]?.failureSummary }));
}

const PAGES: [string, string, (page: Page) => Promise<void>][] = [
  ['the default page', 'backend=wasm', async (page) => void (await expect.poll(async () => Number(await page.getByTestId('step-count').textContent())).toBeGreaterThan(5))],
  ['presentation mode', 'present=1&backend=wasm', async (page) => void (await expect.poll(async () => Number(await page.getByTestId('step-count').textContent())).toBeGreaterThan(5))],
  ['a comparison', 'preset=clipping-rescues&depth=10&lr=3&b.clip=norm&b.clipv=0.1&b.name=clip&backend=wasm', async (page) => void (await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(2))],
  ['a guided-lesson chapter', 'guide=3&backend=wasm', async (page) => void (await expect(page.getByTestId('guide-question')).toBeVisible())],
  ['the phase diagram', 'view=phase&backend=wasm', async (page) => void (await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 }))],
  ['a diverged run', 'depth=30&gain=2&backend=wasm', async (page) => void (await expect(page.getByTestId('health-alert')).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 }))],
];

for (const lang of ['en', 'zh-CN']) {
  test(`axe: no serious or critical violations (${lang})`, async ({ app, page }) => {
    const found: Record<string, unknown> = {};
    for (const [name, query, ready] of PAGES) {
      await app.open(`${query}&lang=${lang}`);
      await ready(page);
      const v = await seriousViolations(page);
      if (v.length > 0) found[name] = v;
    }
    expect(found).toEqual({});
  });
}

/** Presses Tab until focus is on an element matching `selector` (at most `max` presses); fails if it never gets there. */
async function tabTo(page: Page, selector: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('keyboard only: change the depth, play, pause, open a preset and copy the link, the focused control outlined', async ({ app, page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('run=0&depth=4&backend=wasm');
  await expect(app.status).toHaveText('paused');
  // Depth: the slider labelled "Depth", one step up with the arrow key.
  const depthId = await page.getByRole('slider', { name: 'Depth', exact: true }).getAttribute('id');
  await tabTo(page, `input[type="range"][id="${depthId}"]`);
  // The focused control is outlined (a visible focus indicator).
  expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe('none');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/depth=5&/);
  // Play, then pause, from the run bar's button.
  await tabTo(page, '[data-testid="play-pause"]');
  await page.keyboard.press('Enter');
  await expect(app.status).toHaveText('running');
  await app.waitForSteps(3);
  await page.keyboard.press('Enter');
  await expect(app.status).toHaveText('paused');
  // A preset: open the gallery, move to a lesson, open it.
  await tabTo(page, '[data-testid="presets-button"]');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-preset="vanishing"]', 30);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/preset=vanishing/);
  await expect(page.getByTestId('preset-card')).toHaveAttribute('data-preset', 'vanishing');
  // Copy link.
  await tabTo(page, '[data-testid="copy-link"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('preset=vanishing');
});

test('a system asking for more contrast gets text at 7:1 (axe enhanced contrast); forced colours keep the charts’ colours; reduced motion drops transitions', async ({ app, page }) => {
  await page.emulateMedia({ contrast: 'more', reducedMotion: 'reduce' });
  await app.open('backend=wasm&guide=3');
  await expect(page.getByTestId('guide-question')).toBeVisible();
  const enhanced = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
  expect(enhanced.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`))).toEqual([]);
  expect(await page.evaluate(() => getComputedStyle(document.querySelector('.guide [data-sym]') as Element).transitionDuration)).toBe('0s');
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await page.locator('.chart-frame').first().evaluate((el) => getComputedStyle(el).forcedColorAdjust)).toBe('none');
});

test('each chart has a sentence of what it shows now, the first one spoken politely as it changes', async ({ app, page }) => {
  await app.open('depth=30&gain=2&run=0&backend=wasm');
  const flow = page.getByTestId('summary-flow');
  await expect(flow).toHaveText('Waiting for the first step.');
  await expect(flow).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('summary-loss')).not.toHaveAttribute('aria-live', /.*/);
  await page.keyboard.press('s');
  // Refreshed every few seconds, not on every step.
  await expect(flow).toHaveText(/^At step 0, the gradient grows .* times from the last layer to the first/, { timeout: 10_000 });
  await expect(page.getByTestId('summary-loss')).toHaveText(/^At step 0, the training loss is/);
});
