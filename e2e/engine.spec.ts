import { expect, test } from './fixtures';

/** The WebGL renderers auto treats as software (as src/worker/backend.ts does). */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software rasterizer|microsoft basic render/i;

test('backend=webgl trains on WebGL and shows a live loss', async ({ app }) => {
  await app.open('backend=webgl');
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

test('auto runs wasm where WebGL is software-rendered, and says why in words', async ({ app, page }) => {
  await app.open();
  const backend = await app.backend();
  const renderer = (await app.backendBadge.getAttribute('data-renderer')) ?? '';
  await app.waitForSteps(5);
  if (SOFTWARE.test(renderer)) {
    // This machine's headless Chromium: WebGL over SwiftShader.
    expect(backend).toBe('wasm');
    await expect(page.getByTestId('backend-reason')).toBeVisible();
    await expect(page.getByTestId('backend-reason')).toContainText('WebGL is software');
    // The whole sentence, for screen readers and in the tooltip.
    await expect(page.getByTestId('backend-reason')).toContainText(/WebGL is software-rendered here \(\w+/);
    await expect(app.backendBadge).toHaveAttribute('title', /software-rendered here/);
  } else if (backend === 'wasm') {
    // Hardware WebGL that the probe found more than twice as slow as wasm.
    await expect(page.getByTestId('backend-reason')).toContainText(/WebGL is \d+(\.\d)?x slower than wasm/);
  } else {
    expect(backend).toBe('webgl');
    await expect(page.getByTestId('backend-reason')).toHaveCount(0);
  }
});
