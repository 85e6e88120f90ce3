// Recurrent networks in the browser: switching the model family, the charts through
// time, a verdict that names a time step, the RNN presets, a comparison of cells, and
// the export of what is measured per time step.
import { readFile } from 'node:fs/promises';
import { presetById, presetQuery } from '../src/url/presets';
import { expect, test } from './fixtures';

const query = (id: string) => {
  const preset = presetById(id);
  if (!preset) throw new Error(`no preset ${id}`);
  return `${presetQuery(preset)}&backend=wasm`;
};

test('switching the model to RNN trains a recurrent network: charts through time, a time step named, model=rnn in the link', async ({ app, page }) => {
  await app.open('v=1&backend=wasm');
  await app.waitForSteps(2);
  await expect(app.chart('data')).toBeVisible();
  await app.select('Model', 'rnn');
  // The family's own settings: a cell, a sequence length, a sequence task; no depth.
  await expect(page.getByLabel('Cell', { exact: true })).toHaveValue('rnn');
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('adding');
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('tanh');
  await expect(page.getByLabel('Depth', { exact: true })).toHaveCount(0);
  await expect(page).toHaveURL(/model=rnn/);
  await expect(page).toHaveURL(/seq=50/);
  await expect(page.getByTestId('app')).toHaveAttribute('data-model', 'rnn');
  await app.waitForSteps(5);
  // The gradient through time has a point per time step; the data plot is gone; the spectral chart reads the line at 1.
  await expect.poll(() => app.seriesPoints('series-time-measured')).toBe(50);
  await expect(app.chart('flow')).toContainText('Gradient through time');
  await expect(app.chart('data')).toHaveCount(0);
  await expect(page.getByTestId('recurrent-theory')).toContainText('γ·σ_max(W_rec) = 1 × 1 = 1');
  await expect(page.getByTestId('spectral-latest')).toContainText('σ_max =');
  await expect.poll(() => app.seriesPoints('series-spectral')).toBeGreaterThan(1);
  await expect(app.chart('heatmap')).toContainText('Time step × training step heatmap');
  // Pascanu's bound on the chart: the upper envelope is drawn beside the measurement.
  await expect.poll(() => app.seriesPoints('series-time-upper')).toBe(50);
  // A shorter gain: vanishing through time, named at a time step.
  await app.setNumber('Gain', 0.8);
  await expect(page.getByTestId('recurrent-theory')).toContainText('< 1: sufficient for the gradient to vanish');
  await expect(app.healthAlert).toHaveAttribute('data-status', 'vanishing');
  await expect(app.healthAlert).toContainText(/at time step \d+/);
  // Back to the MLP: its charts and data return, and its link carries no RNN field.
  await app.select('Model', 'mlp');
  await expect(app.chart('data')).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/model=mlp/);
  await expect(page).not.toHaveURL(/seq=/);
});

test('the exploding RNN preset: the gradient grows a thousandfold through time, the fixes include clipping, presentation mode keeps the charts', async ({ app, page }) => {
  // Opened paused, one step at a time: on wasm it diverges within a second or two of training.
  await app.open(`${query('rnn-exploding')}&run=0`);
  await expect(page.getByTestId('preset-card')).toContainText('An RNN explodes through time');
  await app.backend();
  await app.stepButton.click();
  await app.waitForSteps(1);
  await expect(app.healthAlert).toHaveAttribute('data-status', 'exploding');
  await expect
    .poll(async () => Number((await page.getByTestId('time-ratio').textContent())?.split('=')[1]))
    .toBeGreaterThan(1000);
  await expect(page.getByTestId('recurrent-theory')).toContainText('> 1: the condition necessary for exploding');
  await app.playPause.click();
  // It diverges, and the fixes tried include clipping by norm at 1 and the gated cells.
  await expect(app.healthAlert).toHaveAttribute('data-status', 'diverged', { timeout: 60_000 });
  await expect(app.healthAlert.locator('[data-fix="clip"]')).toContainText('Clip by norm (1)', { timeout: 120_000 });
  await expect(app.healthAlert.locator('[data-fix="lstm"]')).toBeVisible({ timeout: 120_000 });
  await page.goto(`/?${query('rnn-exploding')}&present=1`);
  await expect(page.getByTestId('app')).toHaveClass(/present/);
  for (const chart of ['flow', 'heatmap', 'loss']) await expect(app.chart(chart)).toBeVisible();
  // Layout 3 brings in the recurrent matrix's chart.
  await page.keyboard.press('3');
  for (const chart of ['flow', 'loss', 'heatmap', 'spectral']) await expect(app.chart(chart)).toBeVisible();
});

test('an LSTM beside a vanilla RNN: both through time on one chart, and the export has every time step', async ({ app, page }) => {
  await app.open(query('lstm-keeps-gradient'));
  await expect(page.getByTestId('run-table').locator('tbody tr')).toHaveCount(2);
  await app.waitForSteps(5);
  await expect.poll(() => app.seriesPoints('series-time-measured')).toBe(100);
  await expect.poll(() => app.seriesPoints('series-time-measured-1')).toBe(100);
  // A vanishes through time; B, the LSTM, is healthy.
  await expect(app.runAlert('a')).toHaveAttribute('data-status', 'vanishing');
  await expect(page.getByTestId('run-table').locator('tbody tr').nth(1)).toHaveAttribute('data-status', 'healthy');
  await app.pause();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-json').click();
  const json = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  expect(json.runs.map((r: { config: { cell: string } }) => r.config.cell)).toEqual(['rnn', 'lstm']);
  for (const run of json.runs) {
    expect(run.numLayers).toBe(100);
    const step = run.steps[run.steps.length - 1];
    expect(step.timeGradNorm).toHaveLength(100);
    expect(step.recurrentSigmaMax).toBeGreaterThan(0);
    expect(Object.keys(step.groupUpdateRatio)).toEqual(['input', 'recurrent', 'bias', 'readout']);
  }
  // The vanilla cell has no gate; the LSTM's mean forget gate lies in (0, 1).
  expect(json.runs[0].steps[0].gateMean).toBeNull();
  expect(json.runs[1].steps[0].gateMean).toBeGreaterThan(0);
  expect(json.runs[1].steps[0].gateMean).toBeLessThan(1);
  // The first step's gradient reaching t = 1, relative to t = T: below 1e-3 for A, above for B.
  const ratio = (run: { steps: { timeGradNorm: number[] }[] }) => run.steps[0].timeGradNorm[0] / run.steps[0].timeGradNorm[99];
  expect(ratio(json.runs[0])).toBeLessThan(1e-3);
  expect(ratio(json.runs[1])).toBeGreaterThan(1e-3);
});
