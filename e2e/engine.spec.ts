import { expect, test } from './fixtures';

test('the default run trains at once on the WebGL backend and shows a live loss', async ({ app }) => {
  await app.open();
  expect(await app.backend()).toBe('webgl');
  await expect(app.backendBadge).toContainText('webgl');
  const first = await app.waitForSteps(5);
  const loss = await app.loss();
  expect(Number.isFinite(loss)).toBe(true);
  expect(loss).toBeGreaterThan(0);
  await expect(app.status).toHaveText('running');
  // Still going: more steps and a loss curve with points.
  await app.waitForSteps(first + 10);
  expect(await app.seriesPoints('series-train-loss')).toBeGreaterThan(5);
});
