// The phase diagram in the browser: reached from the header, measured in its worker
// cell by cell (coarse first), with the theory's lines and the lab's run marked; a cell
// opens in the lab or beside run A; cancel; export; its lessons; a bad link corrected.
import { readFile } from 'node:fs/promises';
import { presetById, presetQuery } from '../src/url/presets';
import { expect, test } from './fixtures';

/** A small grid: ReLU + He at width 16, gains 0.5 to 2 across, depths 2 to 20 up, 6 x 6, 2 seeds. */
const SMALL = 'v=1&width=16&backend=wasm&view=phase&px=gain&xr=0.5,2&nx=6&py=depth&yr=2,20&ny=6&pseeds=2';

test('the header opens the phase diagram: the lab pauses, every cell is measured, the theory line and this run are drawn, the link says view=phase', async ({ app, page }) => {
  await app.open('v=1&width=16&backend=wasm');
  await app.waitForSteps(2);
  // Steps per second while the lab trains, to tell a paused lab from one that went on.
  const [s0, t0] = [await app.step(), Date.now()];
  await page.waitForTimeout(1500);
  const atSwitch = await app.step();
  const rate = (atSwitch - s0) / ((Date.now() - t0) / 1000);
  const switched = Date.now();
  await page.getByTestId('page-phase').click();
  await expect(page).toHaveURL(/view=phase/);
  await expect(page).toHaveURL(/px=gain/);
  await expect(page.getByTestId('phase-view')).toBeVisible();
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('phase-status')).toContainText('576 cells in');
  await expect(page.getByTestId('phase-cells').locator('rect')).toHaveCount(576);
  // The critical line (ReLU + He: gain 1 at every depth) is a vertical path.
  await expect(page.getByTestId('phase-line-critical')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(page.getByTestId('phase-here')).toBeVisible();
  // ReLU without biases: no 6 ξ_c line, and the note says why.
  await expect(page.getByTestId('phase-notes')).toContainText('ξ_c is infinite');
  await expect(page.getByTestId('phase-summary')).toContainText('576 of 576 cells measured');
  // Back in the lab, the run goes on from where it paused: it did not train while the sweep ran (seconds, hundreds of steps at full speed).
  await page.getByTestId('page-lab').click();
  await expect(page).not.toHaveURL(/view=phase/);
  const back = await app.step();
  expect(back - atSwitch).toBeLessThan((rate * (Date.now() - switched)) / 1000 / 3);
  await app.waitForSteps(back + 2);
});

test('a cell reads its measurement and theory, opens that network in the lab, and is added beside run A for comparison', async ({ app, page }) => {
  await app.open(SMALL);
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const map = page.getByTestId('phase-map');
  // The top-right cell: gain 2, depth 20: about 19 x log10 2 = 5.7 decades by theory.
  const box = await map.boundingBox();
  if (!box) throw new Error('no map');
  const focusOn = async () => {
    await page.getByTestId('phase-map-keys').focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowUp');
  };
  await focusOn();
  await expect(page.getByTestId('phase-cell')).toContainText('Gain 2, Depth 20');
  const measured = await page.getByTestId('phase-cell-measured').textContent();
  const predicted = await page.getByTestId('phase-cell-predicted').textContent();
  const decades = (text: string | null) => Number((text ?? '').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻·]/g, (c) => '0123456789-.'['⁰¹²³⁴⁵⁶⁷⁸⁹⁻·'.indexOf(c)]).match(/10(-?[\d.]+)/)?.[1]);
  expect(decades(predicted)).toBeCloseTo(19 * Math.log10(2), 0);
  expect(Math.abs(decades(measured) - decades(predicted))).toBeLessThan(1.5);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('phase-cell')).toHaveAttribute('data-pinned', 'true');
  await page.getByTestId('phase-compare').click();
  // Beside run A: run B is the cell's network.
  await expect(page.getByTestId('app')).toHaveAttribute('data-page', 'lab');
  await expect(page.getByTestId('app')).toHaveAttribute('data-run-count', '2');
  await expect(page).toHaveURL(/b\.gain=2/);
  await app.waitForSteps(1);
  // Back on the phase diagram, the same cell opened on its own replaces the runs.
  await page.getByTestId('page-phase').click();
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await focusOn();
  await page.keyboard.press('Enter');
  await page.getByTestId('phase-open').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-run-count', '1');
  await expect(page).toHaveURL(/[?&]depth=20&/);
  await expect(page).toHaveURL(/[?&]gain=2&/);
  await app.waitForSteps(1);
  // Gain 2 at depth 20: it explodes, and at full speed on wasm it may already have diverged.
  await expect(app.healthAlert).toHaveAttribute('data-status', /exploding|diverged/);
});

test('cancel stops a sweep part way and keeps what was measured; Measure starts it again', async ({ app, page }) => {
  await app.open('v=1&width=64&backend=wasm&view=phase&nx=32&ny=32');
  await expect.poll(async () => Number((await page.getByTestId('phase-progress').locator('progress').getAttribute('value')) ?? 0)).toBeGreaterThan(0);
  await page.getByTestId('phase-cancel').click();
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'cancelled');
  const stopped = Number(await page.getByTestId('phase-progress').locator('progress').getAttribute('value'));
  expect(stopped).toBeGreaterThan(0);
  expect(stopped).toBeLessThan(1024);
  await page.waitForTimeout(500);
  expect(Number(await page.getByTestId('phase-progress').locator('progress').getAttribute('value'))).toBe(stopped);
  await page.getByTestId('phase-restart').click();
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'running');
});

test('export: JSON rows follow y and columns x with the measured, spread and predicted log10 ratios; PNG and SVG are images of the map', async ({ app, page }) => {
  await app.open(SMALL);
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('phase-export-json').click()]);
  const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
  expect(doc.x).toEqual({ field: 'gain', values: [0.5, 0.659754, 0.870551, 1.1487, 1.51572, 2] });
  expect(doc.y).toEqual({ field: 'depth', values: [2, 6, 9, 13, 16, 20] });
  expect(doc.seeds).toBe(2);
  expect(doc.measured).toHaveLength(6);
  for (const row of [...doc.measured, ...doc.predicted, ...doc.spread]) expect(row).toHaveLength(6);
  // Gain 2, depth 20 (last row, last column) explodes; gain 0.5 at depth 20 vanishes; depth 2 is level.
  expect(doc.measured[5][5]).toBeGreaterThan(4);
  expect(doc.measured[5][0]).toBeLessThan(-4);
  expect(Math.abs(doc.predicted[0][3])).toBeLessThan(0.2);
  expect(doc.config.width).toBe(16);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('phase-export-png').click()]);
  const bytes = await readFile(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(10_000);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('phase-export-svg').click()]);
  const text = await readFile(await svg.path(), 'utf8');
  expect(text).toContain('<svg');
  expect((text.match(/<rect /g) ?? []).length).toBeGreaterThan(36);
});

test('the lesson “The edge of chaos for tanh” opens the σ_w² x σ_b² map with its critical line bending right and the 6 ξ_c band; a bad link is corrected', async ({ app, page }) => {
  const preset = presetById('phase-edge-of-chaos');
  if (!preset) throw new Error('no preset');
  // The lesson's own grid at 8 x 8 (the link changes only the grid, so the lesson card stays).
  await app.open(`${presetQuery(preset).replace('nx=24', 'nx=8').replace('ny=24', 'ny=8')}&backend=wasm`);
  await expect(page.getByTestId('preset-card')).toContainText('The edge of chaos for tanh');
  await expect(page.getByTestId('phase-status')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('phase-line-critical')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(page.getByTestId('phase-line-trainable')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(page.getByTestId('phase-map')).toContainText('σ_b²');
  await app.open('v=1&view=phase&px=nope&nx=999&pseeds=0&backend=wasm');
  await expect(page.getByTestId('url-notice')).toContainText('px="nope" is not one of');
  await expect(page.getByTestId('url-notice')).toContainText('nx="999"');
  await expect(page).toHaveURL(/px=gain/);
  await expect(page).toHaveURL(/nx=24/);
  await expect(page.getByTestId('phase-view')).toBeVisible();
});
