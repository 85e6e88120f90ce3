import { readFile } from 'node:fs/promises';
import { PRESETS, presetQuery } from '../src/url/presets';
import { expect, type GradscopePage, test } from './fixtures';

async function exportJson(app: GradscopePage) {
  const download = app.page.waitForEvent('download');
  await app.page.getByTestId('export-json').click();
  return JSON.parse(await readFile(await (await download).path(), 'utf8'));
}

test('opening a preset from the gallery is one click and gives a shareable URL', async ({ app, page }) => {
  await app.open();
  await app.waitForSteps(2);
  await page.getByTestId('presets-button').click();
  await page.locator('[data-preset="exploding"]').click();
  await expect(page).toHaveURL(/preset=exploding/);
  await expect(page).toHaveURL(/gain=2/);
  await expect(page.getByTestId('preset-card')).toContainText('Exploding');
  await expect(page.getByTestId('preset-card')).toContainText('Try next');
  await expect(app.healthAlert).toBeVisible();
  // Copy link puts the current URL on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Link copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('preset=exploding');
  expect(copied).toContain('depth=30');
});

// Each preset shows what its text promises (on the wasm backend, the fastest here; the
// unit tests train each preset for its full number of steps).
for (const preset of PRESETS) {
  test(`preset "${preset.id}" shows what its text promises`, async ({ app }) => {
    await app.open(presetQuery(preset).replace("backend=auto", "backend=wasm"));
    expect(await app.backend()).toBe('wasm');
    await expect(app.page.getByTestId('preset-card')).toContainText(preset.title);
    if (preset.phase) {
      // A phase-diagram lesson opens on its map, measured in full; its run A trains in the lab.
      await expect(app.page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(app.page.getByTestId('phase-line-critical')).toHaveCount(1);
      await app.page.getByTestId('page-lab').click();
    }
    // Every run of the preset (a comparison has run A and run B side by side).
    const runs = [{ letter: 'a', promise: preset.promise }, ...preset.variants.map((v) => ({ letter: v.letter, promise: v.promise }))];
    if (runs.length > 1) await expect(app.page.getByTestId('run-table').locator('tbody tr')).toHaveCount(runs.length);
    for (const { letter, promise } of runs) {
      const { status, within } = promise;
      const alert = app.runAlert(letter);
      if (status === 'never-unhealthy') {
        await app.waitForSteps(Math.min(within, 100), 90_000);
        await expect(alert).toHaveCount(0);
      } else if (status === 'finite') {
        // Any verdict but diverged (a clipped RNN may still explode through time).
        await app.waitForSteps(Math.min(within, 100), 90_000);
        await expect(app.page.locator(`[data-testid="health-alert"][data-run="${letter}"][data-status="diverged"]`)).toHaveCount(0);
      } else {
        await expect(alert).toBeVisible();
        if (status === 'diverged') await expect(alert).toHaveAttribute('data-status', 'diverged');
        else await expect(alert).toHaveAttribute('data-status', new RegExp(`${status}|diverged`));
      }
    }
  });
}

test('the same URL reproduces the first 50 steps exactly on the cpu backend', async ({ app, page }) => {
  const query = 'v=1&depth=8&width=16&act=tanh&init=xavier_normal&opt=adam&lr=0.003&data=circles&seed=1234&backend=cpu';
  const runOnce = async () => {
    await app.open(query);
    await app.waitForSteps(55);
    await app.pause();
    return exportJson(app);
  };
  const a = await runOnce();
  await page.reload();
  const b = await runOnce();
  expect(a.steps.length).toBeGreaterThanOrEqual(50);
  for (let i = 0; i < 50; i++) {
    expect(b.steps[i].step).toBe(i);
    expect(b.steps[i].preactGradNorm).toEqual(a.steps[i].preactGradNorm);
    expect(b.steps[i].weightGradNorm).toEqual(a.steps[i].weightGradNorm);
    expect(b.steps[i].loss).toBe(a.steps[i].loss);
  }
});

test('a garbage URL opens the default run with a notice listing what it corrected', async ({ app, page }) => {
  await app.open(`depth=999&act=%3Cscript%3Ealert(1)%3C%2Fscript%3E&lr=NaN&seed=${'9'.repeat(10_000)}&width=1&width=2&v=7`);
  const notice = page.getByTestId('url-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('depth');
  await expect(notice).toContainText('act');
  await expect(notice).toContainText('lr');
  await expect(notice).toContainText('seed');
  await expect(notice).toContainText('width');
  // Nothing from the URL became markup.
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await expect(page.getByLabel('Depth value', { exact: true })).toHaveValue('100');
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('relu');
  await app.waitForSteps(3);
  // The address bar now holds the corrected, valid URL.
  await expect(page).toHaveURL(/depth=100&width=32&act=relu/);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

test('run=0 opens paused; present=1, hide= and embed=1 shape the page; the lesson is text', async ({ app, page }) => {
  await app.open('run=0&present=1&lesson=%3Cimg%20src%3Dx%3EWatch%20layer%201');
  await expect(app.status).toHaveText('paused');
  expect(await app.step()).toBe(0);
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  await expect(page.getByTestId('controls')).toHaveCount(0);
  await expect(page.getByTestId('lesson-text')).toHaveText('<img src=x>Watch layer 1');
  expect(await page.locator('.lesson-panel img').count()).toBe(0);
  // Keyboard: s steps, space plays.
  await page.keyboard.press('s');
  await expect.poll(() => app.step()).toBe(1);
  await page.locator('body').press('Space');
  await app.waitForSteps(5);

  await app.open('hide=controls,theory,heatmap');
  await app.waitForSteps(5);
  await expect(page.getByTestId('controls')).toHaveCount(0);
  await expect(app.chart('heatmap')).toHaveCount(0);
  await expect(page.getByTestId('series-flow-measured')).toHaveCount(1);
  await expect(page.getByTestId('series-flow-theory')).toHaveCount(0);

  await app.open('embed=1');
  await expect(page.locator('.app-header')).toHaveCount(0);
  await app.waitForSteps(3);
});

test('the address bar follows the controls; back and forward apply the URL', async ({ app, page }) => {
  await app.open('backend=cpu');
  await app.waitForSteps(2);
  await app.setNumber('Depth', 7);
  await expect(page).toHaveURL(/depth=7/);
  const historyLength = await page.evaluate(() => window.history.length);
  await app.setNumber('Width', 20);
  await expect(page).toHaveURL(/width=20/);
  // replaceState: no history entry per control change.
  expect(await page.evaluate(() => window.history.length)).toBe(historyLength);

  await page.getByTestId('presets-button').click();
  await page.locator('[data-preset="vanishing"]').click();
  await expect(page).toHaveURL(/preset=vanishing/);
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('sigmoid');
  await page.goBack();
  await expect(page).toHaveURL(/depth=7&width=20/);
  await expect(page.getByLabel('Depth value', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('relu');
  await app.waitForSteps(3);
  await page.goForward();
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('sigmoid');
  await expect(page.getByTestId('preset-card')).toContainText('Vanishing');
});
