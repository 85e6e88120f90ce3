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
