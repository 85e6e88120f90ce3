// Runs side by side: a comparison URL, a fix opened beside the failing run, removing a
// variant, Compare from the settings, and exporting every run.
import { readFile } from 'node:fs/promises';
import { expect, type GradscopePage, test } from './fixtures';

const COMPARISON = 'v=1&depth=30&gain=2&b.clip=norm&b.clipv=1&c.opt=adam&c.lr=0.001&c.name=Adam&backend=wasm';

const rows = (app: GradscopePage) => app.page.getByTestId('run-table').locator('tbody tr');

test('a comparison URL shows every run in every chart and in the table', async ({ app }) => {
  await app.open(COMPARISON);
  await expect(rows(app)).toHaveCount(3);
  await app.waitForSteps(20);
  await expect(rows(app).nth(2)).toContainText('Adam');
  await expect(rows(app).nth(1)).toContainText('Gradient clipping: by global norm');
  // Overlaid: gradient flow, loss, global norm: one series per run (A diverges within
  // a step or two, so its lines over steps keep only the finite points before that).
  for (const base of ['series-flow-measured', 'series-train-loss', 'series-norm-before']) {
    for (const suffix of ['', '-1', '-2']) {
      const least = suffix === '' && base !== 'series-flow-measured' ? 0 : 1;
      await expect.poll(() => app.seriesPoints(`${base}${suffix}`), { message: base + suffix }).toBeGreaterThan(least);
    }
  }
  // Small multiples: a panel per run in the per-layer charts and the heatmap.
  for (const chart of ['layer-norms', 'update-ratio', 'heatmap']) await expect(app.chart(chart).locator('.run-panel')).toHaveCount(3);
  await expect.poll(() => app.seriesPoints('series-layer-0-1')).toBeGreaterThan(1);
  await expect.poll(async () => Number(await app.chartAttribute('heatmap-canvas-2', 'data-columns'))).toBeGreaterThan(0);
  // A explodes and diverges; B (clipped) stays finite; the others go on after A stops.
  await expect(app.runAlert('a')).toHaveAttribute('data-status', /exploding|diverged/);
  await expect(rows(app).nth(0)).toHaveAttribute('data-status', 'diverged');
  await expect(rows(app).nth(1)).not.toHaveAttribute('data-status', 'diverged');
  const stepOf = async (i: number) => Number(await rows(app).nth(i).locator('td.num').first().textContent());
  await app.waitForSteps(40);
  await app.pause();
  // Lockstep: the live runs have taken the same steps; the diverged one kept its last.
  expect(await stepOf(1)).toBe(await stepOf(2));
  expect(await stepOf(0)).toBeLessThan(await stepOf(1));
});

test('a fix opens side by side as a new run, and can be removed again', async ({ app, page }) => {
  await app.open('v=1&depth=30&gain=2&backend=wasm');
  await expect(app.runAlert('a')).toBeVisible();
  await app.runAlert('a').locator('[data-fix-side="clip"]').click({ timeout: 80_000 });
  await expect(rows(app)).toHaveCount(2);
  await expect(page).toHaveURL(/b\.clip=norm/);
  await expect(page).toHaveURL(/b\.name=clip/);
  await expect(page.getByRole('tab', { name: /clip by norm/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('differs-clip')).toBeVisible();
  // Both restarted from step 0 on the same seed: B stays finite while A blows up.
  await app.waitForSteps(30);
  await expect(rows(app).nth(1)).toHaveAttribute('data-status', /healthy|exploding/);
  await expect(app.runAlert('b').filter({ hasText: 'diverged' })).toHaveCount(0);
  await page.getByTestId('remove-variant').click();
  await expect(page.getByTestId('run-table')).toHaveCount(0);
  await expect(page).not.toHaveURL(/b\./);
});

test('Compare copies the run; the settings then edit the copy alone', async ({ app, page }) => {
  await app.open('v=1&backend=wasm');
  await app.waitForSteps(2);
  await page.getByTestId('compare').click();
  await expect(page.getByRole('tab')).toHaveCount(2);
  await app.select('Optimizer', 'adam');
  await expect(page).toHaveURL(/b\.opt=adam/);
  await expect(page).toHaveURL(/[?&]opt=sgd/);
  await expect(page.getByTestId('variant-diff')).toContainText('Optimizer: Adam');
  // Making B run A swaps them.
  await page.getByTestId('promote-variant').click();
  await expect(page).toHaveURL(/[?&]opt=adam/);
  await expect(page).toHaveURL(/b\.opt=sgd/);
});

test('Export JSON with variants writes every run, A first, each with its label', async ({ app, page }) => {
  await app.open(COMPARISON);
  await app.waitForSteps(5);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const json = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(json.runs.map((r: { label: string }) => r.label)).toEqual(['A', 'B', 'Adam']);
  expect(json.runs[1].config.clip).toBe('norm');
  expect(json.runs[2].config.optimizer).toBe('adam');
  for (const run of json.runs) {
    expect(run.format).toBe('gradscope-run');
    expect(run.numLayers).toBe(31);
    expect(run.steps.length).toBeGreaterThan(0);
  }
});

test('garbage variant keys are corrected with a notice, and the runs that remain still train', async ({ app, page }) => {
  await app.open('v=1&depth=8&e.depth=3&b.__proto__=1&b.depth=abc&b.lr=0.1&c.seed=5&backend=wasm');
  const notice = page.getByTestId('url-notice');
  await expect(notice).toContainText('e.depth');
  await expect(notice).toContainText('b.__proto__');
  await expect(notice).toContainText('b.depth');
  await expect(notice).toContainText('c.seed');
  // B keeps its valid field (lr) and takes A's depth; C differs in nothing it may change.
  await expect(rows(app)).toHaveCount(3);
  await expect(rows(app).nth(1)).toContainText('Learning rate: 0.1');
  await expect(page).toHaveURL(/b\.lr=0\.1/);
  await expect(page).not.toHaveURL(/e\.depth|__proto__|b\.depth|c\.seed/);
  await app.waitForSteps(3);
  expect(await page.evaluate(() => Object.hasOwn(Object.prototype, 'depth'))).toBe(false);
});
