import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test('the default run streams points into every chart', async ({ app, page }) => {
  await app.open();
  await app.waitForSteps(20);
  await expect.poll(() => app.seriesPoints('series-flow-measured')).toBe(21);
  await expect.poll(() => app.seriesPoints('series-flow-theory')).toBe(21);
  for (const id of ['series-train-loss', 'series-layer-0', 'series-update-0', 'series-norm-before', 'series-norm-after']) {
    await expect.poll(() => app.seriesPoints(id), { message: id }).toBeGreaterThan(10);
  }
  await expect.poll(async () => Number(await app.chartAttribute('heatmap-canvas', 'data-columns'))).toBeGreaterThan(10);
  await expect(page.getByTestId('data-canvas')).toHaveAttribute('data-boundary-step', /\d+/);
  // It keeps streaming.
  const before = await app.seriesPoints('series-layer-0');
  await app.waitForSteps((await app.step()) + 20);
  await expect.poll(() => app.seriesPoints('series-layer-0')).toBeGreaterThan(before);
});

test('a chart scrolled out of view rests, and shows the current step as soon as it is looked at', async ({ app, page }) => {
  await app.open();
  await app.waitForSteps(10);
  const norm = page.getByTestId('series-norm-before').first();
  await expect.poll(() => app.seriesPoints('series-norm-before')).toBeGreaterThan(5);
  // Back to the top: the global-norm chart, near the end of the page, is out of view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect.poll(() => norm.evaluate((el) => el.getBoundingClientRect().top > innerHeight * 1.2)).toBe(true);
  await page.waitForTimeout(300);
  const points = async () => Number(await norm.getAttribute('data-points'));
  let resting = await points();
  await app.waitForSteps((await app.step()) + 30);
  expect(await points(), 'nothing is drawn out of view').toBe(resting);
  // Printing draws every chart as it stands; afterwards the ones out of view rest again.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  expect(await points()).toBeGreaterThan(resting + 20);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.waitForTimeout(300);
  resting = await points();
  await app.waitForSteps((await app.step()) + 30);
  expect(await points(), 'nothing is drawn out of view after printing').toBe(resting);
  // Looked at: it draws every step it missed at once.
  await expect.poll(() => app.seriesPoints('series-norm-before'), { timeout: 5_000 }).toBeGreaterThan(resting + 20);
});

test('pause, step and reset do what they say', async ({ app }) => {
  await app.open();
  await app.waitForSteps(5);
  await app.pause();
  const paused = await app.step();
  await app.page.waitForTimeout(1000);
  expect(await app.step()).toBe(paused);
  await app.stepButton.click();
  await expect.poll(() => app.step()).toBe(paused + 1);
  await app.page.waitForTimeout(500);
  expect(await app.step()).toBe(paused + 1);
  await app.resetButton.click();
  await expect.poll(() => app.step()).toBe(0); // a fresh run, still paused
  await expect(app.status).toHaveText('paused');
  await app.playPause.click();
  await app.waitForSteps(5);
  await expect(app.status).toHaveText('running');
});

test('an exploding network raises the alert with a layer, and the clip-by-norm fix keeps it finite', async ({ app, page }) => {
  await app.open('depth=40&act=relu&init=he_normal&gain=3&opt=sgd&lr=0.01');
  await expect(app.healthAlert).toBeVisible();
  await expect(app.healthAlert).toHaveAttribute('data-status', /exploding|diverged/);
  await expect(app.healthAlert).toHaveAttribute('data-layer', /^\d+$/);
  await expect(app.healthAlert).toContainText(/in layer \d+ since step \d+/);
  // The fix is offered once its trial ahead has run, saying what it measured.
  const clip = app.healthAlert.locator('[data-fix="clip"]');
  await expect(clip).toContainText(/after 200 steps|at step \d+/, { timeout: 80_000 });
  await clip.click();
  await expect(page).toHaveURL(/clip=norm/);
  await app.waitForSteps(40);
  // Clipped: the gradients may still explode across depth, but nothing turns NaN.
  await expect(app.healthAlert).not.toHaveAttribute('data-status', 'diverged');
  await expect(app.status).toHaveText('running');
  expect(Number.isFinite(await app.loss())).toBe(true);
  await expect.poll(() => app.seriesPoints('series-norm-after')).toBeGreaterThan(10);
});

test('switching to the cpu backend restarts the run there', async ({ app, page }) => {
  await app.open('backend=webgl');
  expect(await app.backend()).toBe('webgl');
  await app.waitForSteps(3);
  await page.getByLabel('Backend', { exact: true }).selectOption('cpu');
  await expect(app.backendBadge).toHaveAttribute('data-backend', 'cpu');
  await expect(page).toHaveURL(/backend=cpu/);
  await app.waitForSteps(20);
  expect(Number.isFinite(await app.loss())).toBe(true);
});

test('export produces JSON whose per-layer arrays have one entry per layer', async ({ app, page }) => {
  await app.open('depth=6&backend=cpu');
  await app.waitForSteps(15);
  await app.pause();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const file = await (await download).path();
  const run = JSON.parse(await readFile(file, 'utf8'));
  expect(run.format).toBe('gradscope-run');
  expect(run.config.depth).toBe(6);
  expect(run.seed).toBe(42);
  expect(run.backend).toBe('cpu');
  expect(run.steps.length).toBeGreaterThanOrEqual(15);
  for (const step of run.steps) {
    // depth hidden layers plus the readout, input layer first
    expect(step.weightGradNorm).toHaveLength(7);
    expect(step.preactGradNorm).toHaveLength(7);
    expect(step.updateRatio).toHaveLength(7);
    expect(typeof step.loss).toBe('number');
    expect(step.health).toMatch(/healthy|vanishing|exploding|diverged/);
  }
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = await readFile(await (await csvDownload).path(), 'utf8');
  const header = csv.split('\n').find((line) => line.startsWith('step,'));
  expect(header).toContain('preact_grad_norm_L7');
});

test('the page reads well at 1280x720, on a 1920x1080 projector and in a narrow window', async ({ app, page }, info) => {
  const shots: [string, number, number, string][] = [
    ['laptop', 1280, 720, ''],
    ['projector', 1920, 1080, 'present=1'],
    ['narrow', 420, 900, ''],
  ];
  for (const [name, width, height, query] of shots) {
    await page.setViewportSize({ width, height });
    await app.open(query);
    await app.waitForSteps(10);
    // Nothing spills sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width + 1);
    // Charts draw only while on screen: look at each before the whole-page picture.
    if (name !== 'projector') await app.lookAtEveryChart();
    await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: name !== 'projector' });
  }
});

test('picking a layer shows everything measured of it, dead units included', async ({ app, page }) => {
  await app.open('depth=6&act=relu');
  await app.waitForSteps(10);
  const details = page.getByTestId('layer-details');
  await expect(details).toHaveCount(0);
  await page.getByRole('group', { name: 'Highlight a layer' }).getByRole('button', { name: 'layer 2', exact: true }).click();
  await expect(details).toBeVisible();
  for (const term of ['‖∇W‖', 'max |∇W|', '‖∇b‖', '‖δ‖', '‖W‖', 'update / weight', 'output mean ± std', 'dead units']) {
    await expect(details.getByText(term, { exact: true })).toBeVisible();
  }
  // A share of units.
  await expect(details.locator('div', { hasText: 'dead units' }).locator('dd')).toHaveText(/^\d+%$/);
  // The readout's details (no units to count) keep streaming.
  await page.getByRole('group', { name: 'Highlight a layer' }).getByRole('button', { name: 'readout', exact: true }).click();
  await expect(details.getByText('logits mean ± std', { exact: true })).toBeVisible();
  await expect(details.getByText('dead units', { exact: true })).toHaveCount(0);
  const gradient = () => details.locator('div', { has: page.getByText('‖∇W‖', { exact: true }) }).locator('dd').textContent();
  const first = await gradient();
  await expect.poll(gradient, { timeout: 20_000 }).not.toBe(first);
});

test('chart images carry what is drawn over the plot: heatmap cells, line canvases, the healthy band and the series', async ({ app, page }) => {
  await app.open('depth=8&backend=wasm');
  await app.waitForSteps(60);
  await app.pause();
  const heatmap = page.locator('section:has([data-testid=heatmap-canvas])');
  const download = page.waitForEvent('download');
  await heatmap.getByRole('button', { name: 'PNG' }).click();
  const png = await readFile(await (await download).path());
  // Decoded in the page: the plot area's pixels are coloured cells, not the white card.
  const coloured = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const cells = document.querySelector<HTMLCanvasElement>('canvas.heatmap-cells') as HTMLCanvasElement;
    const frame = document.querySelector<HTMLCanvasElement>('[data-testid=heatmap-canvas]') as HTMLCanvasElement;
    const scale = img.width / frame.getBoundingClientRect().width;
    // A pixel a little inside the plot's left edge, at mid height.
    const x = Math.round((Number.parseFloat(cells.style.left) + 3) * scale);
    const y = Math.round((Number.parseFloat(cells.style.top) + Number.parseFloat(cells.style.height) / 2) * scale);
    const [r, g, bl] = ctx.getImageData(x, y, 1, 1).data;
    return !(r > 240 && g > 240 && bl > 240);
  }, png.toString('base64'));
  expect(coloured).toBe(true);

  const ratio = page.locator('section:has([data-testid=series-update-0])');
  const svgDownload = page.waitForEvent('download');
  await ratio.getByRole('button', { name: 'SVG' }).click();
  const svg = await readFile(await (await svgDownload).path(), 'utf8');
  expect((svg.match(/<image /g) ?? []).length).toBe(2); // all layers, and the highlighted one
  expect(svg).toContain('healthy');

  // The loss chart's series (drawn in their own SVG over the axes) join the saved one.
  const loss = page.locator('section:has([data-testid=series-train-loss])');
  const lossDownload = page.waitForEvent('download');
  await loss.getByRole('button', { name: 'SVG' }).click();
  const lossSvg = await readFile(await (await lossDownload).path(), 'utf8');
  expect(lossSvg).toMatch(/data-testid="series-train-loss"[^>]*>\s*<path[^>]* d="M[\d.]+,[\d.]+L/);
});
