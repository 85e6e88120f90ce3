// The health banner offers fixes the worker has tried ahead on the same seed, best
// first, each saying what it measured; the presets gallery closes on Escape.
import { expect, test } from './fixtures';

test('lr=10 diverges; the fixes are tried ahead, ranked, and the top one trains when clicked', async ({ app, page }) => {
  await app.open('lr=10&backend=wasm');
  await expect(app.healthAlert).toHaveAttribute('data-status', 'diverged');
  // While the trials run, the banner says so; then every fix states what it measured.
  await expect(page.getByTestId('fix-progress')).toHaveCount(0, { timeout: 120_000 });
  const fixes = app.healthAlert.locator('[data-fix]');
  expect(await fixes.count()).toBeGreaterThan(2);
  for (const text of await fixes.allInnerTexts()) expect(text).toMatch(/trains: loss [\d.]+ after 200 steps|diverges at step \d+|vanishes|explodes|loss is still/);
  // Best first: the top one trains, and the ones that did not are set apart below.
  await expect(fixes.first()).toContainText('trains: loss');
  await expect(app.healthAlert.locator('.fixes-failed [data-fix]').first()).not.toContainText('trains');
  // The learning-rate fix picked a rate from its sweep, not lr / 10.
  await expect(app.healthAlert.locator('[data-fix="lr"]')).toContainText(/Lower learning rate to 0\.3.*(trains|healthy).*3, 1 did not/s);
  await fixes.first().click();
  await app.waitForSteps(120, 90_000);
  await expect(app.healthAlert).toHaveCount(0);
  expect(Number.isFinite(await app.loss())).toBe(true);
});

test('Escape closes the presets gallery and gives focus back to its button', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('presets-button').click();
  await expect(page.getByRole('dialog', { name: 'Preset gallery' })).toBeVisible();
  await page.locator('[data-preset="exploding"]').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Preset gallery' })).toHaveCount(0);
  await expect(page.getByTestId('presets-button')).toBeFocused();
});
