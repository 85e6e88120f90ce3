// Fixes tried before they are offered, on measured numbers (cpu backend): for three
// classic failures the top-ranked fix trains healthy for the whole horizon.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { clipThresholdFrom, fixCandidates, rateSweep } from './fixes';
import { chanceLoss, createTrialJob, type FixTrial, judgeTrial, rankTrials, rescues, TRIAL_STEPS, type TrialStep } from './fixTrials';
import { createTrainer } from './trainer';
// The banner's words for these same measurements (pure: no React).
import { formatNumber } from '../ui/charts/scale';
import { rankedFixes } from '../ui/fixes';

const make = (config: RunConfig) => createTrainer(config, { testEvery: TRIAL_STEPS + 1 });

/** Trains the failing config until its verdict turns bad, then tries every candidate (once per config). */
const tried = new Map<string, Promise<{ status: string; ranked: FixTrial[] }>>();
function tryFixes(overrides: Partial<RunConfig>): Promise<{ status: string; ranked: FixTrial[] }> {
  const key = JSON.stringify(overrides);
  if (!tried.has(key)) tried.set(key, runTrials(overrides));
  return tried.get(key) as Promise<{ status: string; ranked: FixTrial[] }>;
}

async function runTrials(overrides: Partial<RunConfig>): Promise<{ status: string; ranked: FixTrial[] }> {
  const config = { ...DEFAULT_CONFIG, ...overrides };
  const run = make(config);
  const norms: number[] = [];
  let status = 'healthy';
  for (let i = 0; i < 60 && status === 'healthy'; i++) {
    const s = await run.step();
    status = s.health.status;
    if (status === 'healthy' || i === 0) norms.push(s.gradNormBeforeClip);
  }
  run.dispose();
  expect(status, 'the failing config fails').not.toBe('healthy');
  const job = createTrialJob(config, fixCandidates(status as 'exploding', config, norms.slice(-20)), make);
  while (!job.done) await job.step();
  return { status, ranked: rankTrials(job.results) };
}

/** Re-trains a fix from scratch for the full horizon: every one of the last steps healthy, loss down. */
async function trainsHealthy(config: RunConfig): Promise<{ healthy: number; firstLoss: number; lastLoss: number }> {
  const t = make(config);
  let healthy = 0;
  let firstLoss = Number.NaN;
  let lastLoss = Number.NaN;
  for (let i = 0; i < TRIAL_STEPS; i++) {
    const s = await t.step();
    if (i === 0) firstLoss = s.loss;
    lastLoss = s.loss;
    if (i >= TRIAL_STEPS - 40 && s.health.status === 'healthy') healthy++;
  }
  t.dispose();
  return { healthy, firstLoss, lastLoss };
}

describe('fixes tried ahead (cpu, 200 steps each)', () => {
  const cases: [string, Partial<RunConfig>][] = [
    ['lr=10', { learningRate: 10 }],
    ['depth=40&gain=3', { depth: 40, initGain: 3 }],
    ['a deep sigmoid network', { activation: 'sigmoid', init: 'xavier_normal' }],
  ];
  for (const [name, overrides] of cases) {
    it(`${name}: the top-ranked fix trains healthy for 200 steps; fixes that do not rescue rank below`, async () => {
      const { status, ranked } = await tryFixes(overrides);
      expect(ranked.length).toBeGreaterThan(1);
      const top = ranked[0];
      // Healthy to the end (below chance already, or still on its way there).
      expect(rescues(top), JSON.stringify(top)).toBe(true);
      const again = await trainsHealthy({ ...DEFAULT_CONFIG, ...overrides, ...top.patch });
      expect(again.healthy).toBeGreaterThanOrEqual(36);
      expect(again.lastLoss).toBeLessThan(again.firstLoss);
      // Once a fix does not rescue, none after it does.
      const firstFailure = ranked.findIndex((t) => !rescues(t));
      if (firstFailure >= 0) expect(ranked.slice(firstFailure).every((t) => !rescues(t))).toBe(true);
      // And some fix does not: the ranking has something to tell apart.
      expect(firstFailure).toBeGreaterThan(0);
      // Every label states what its trial measured, with its numbers.
      const config = { ...DEFAULT_CONFIG, ...overrides };
      for (const [fix, trial] of rankedFixes(ranked, status as 'diverged', config).map((f, i) => [f, ranked[i]] as const)) {
        const o = trial.outcome;
        if (o.verdict === 'diverges') expect(fix.measured).toContain(`diverges at step ${o.steps}`);
        else expect(fix.measured).toMatch(new RegExp(`(loss (is still )?${formatNumber(o.loss, 3).replace('.', '\\.')}|vanishes|explodes).* after ${o.steps} steps`));
      }
    }, 240_000);
  }

  it('lr=10: the learning-rate fix keeps the largest rate of its sweep that stays healthy, not a fixed factor', async () => {
    const { ranked } = await tryFixes({ learningRate: 10 });
    const lr = ranked.find((t) => t.id === 'lr');
    expect(lr && rescues(lr)).toBe(true);
    const kept = lr?.patch.learningRate ?? Number.NaN;
    // Every larger rate of the sweep was tried first and did not train.
    const larger = rateSweep(10).filter((r) => r > kept);
    expect(lr?.tried).toBe(larger.length + 1);
    expect(kept).toBeLessThan(1);
  }, 240_000);
});

describe('judging a trial', () => {
  const steps = (n: number, f: (i: number) => Partial<TrialStep>): TrialStep[] =>
    Array.from({ length: n }, (_, i) => ({ loss: 1, status: 'healthy', layer: null, ...f(i) }));

  it('NaN at a step diverges there', () => {
    const o = judgeTrial(steps(5, (i) => (i === 3 ? { loss: Number.NaN, status: 'diverged', layer: 2 } : {})));
    expect(o).toMatchObject({ verdict: 'diverges', steps: 3, layer: 2 });
  });

  it('healthy with a falling loss trains; a flat loss stalls; a bad tail vanishes', () => {
    expect(judgeTrial(steps(200, (i) => ({ loss: 1 - i / 400 }))).verdict).toBe('trains');
    expect(judgeTrial(steps(200, () => ({ loss: 1 }))).verdict).toBe('stalls');
    expect(judgeTrial(steps(200, (i) => (i > 100 ? { status: 'vanishing', layer: 7 } : {})))).toMatchObject({ verdict: 'vanishes', layer: 7 });
    // One bad step in the judged window is noise, not a verdict.
    expect(judgeTrial(steps(200, (i) => ({ loss: 1 - i / 400, ...(i === 190 ? { status: 'exploding' } : {}) }))).verdict).toBe('trains');
  });

  it('one bar for every fix: the same final loss gets the same verdict, whatever the loss it started from', () => {
    const chance = Math.log(3);
    const from = (first: number) => judgeTrial(steps(200, (i) => ({ loss: i === 0 ? first : 1.06 })), chance);
    expect(from(1.1).verdict).toBe('stalls');
    expect(from(7.6).verdict).toBe('stalls');
    expect(judgeTrial(steps(200, (i) => ({ loss: i === 0 ? 7.6 : 0.6 })), chance).verdict).toBe('trains');
    // Healthy but slow still rescues the run from its gradient problem; a bad verdict does not.
    const t = (verdict: string) => ({ outcome: { verdict } }) as unknown as FixTrial;
    expect([rescues(t('trains')), rescues(t('stalls')), rescues(t('vanishes')), rescues(t('diverges'))]).toEqual([true, true, false, false]);
  });

  it('the chance loss is ln(classes) for classification and the targets’ variance for regression', () => {
    expect(chanceLoss({ classification: true, outputDim: 3, trainY: [0, 1, 2] })).toBeCloseTo(Math.log(3), 12);
    expect(chanceLoss({ classification: false, outputDim: 1, trainY: [1, 3] })).toBe(1);
  });

  it('ranks rescues by loss, then the rest, later divergence first', () => {
    const t = (id: string, verdict: string, loss: number, at = 200) =>
      ({ id, patch: {}, tried: 1, of: 1, outcome: { verdict, loss, steps: at, firstLoss: 1, layer: null } }) as unknown as FixTrial;
    const ranked = rankTrials([t('a', 'diverges', Number.NaN, 2), t('b', 'trains', 0.5), t('c', 'diverges', Number.NaN, 9), t('d', 'trains', 0.3), t('e', 'vanishes', 1)]);
    expect(ranked.map((x) => x.id)).toEqual(['d', 'b', 'e', 'c', 'a']);
  });
});

describe('candidates', () => {
  it('the rate sweep is log-spaced on the 1-3 grid, below the current rate, largest first', () => {
    expect(rateSweep(10)).toEqual([3, 1, 0.3, 0.1, 0.03, 0.01]);
    expect(rateSweep(0.01)).toEqual([0.003, 0.001, 0.0003, 0.0001, 0.00003, 0.00001]);
    expect(rateSweep(0.00001)).toEqual([]);
  });

  it('the clip threshold is the median of the finite recent norms, within the limits', () => {
    expect(clipThresholdFrom([2, 4, 3, Number.NaN, Number.POSITIVE_INFINITY, 1e9])).toBe(3);
    expect(clipThresholdFrom([])).toBe(1);
    expect(clipThresholdFrom([1e7])).toBe(1e4);
    const clip = fixCandidates('exploding', DEFAULT_CONFIG, [10, 20, 30]).find((c) => c.id === 'clip');
    expect(clip?.patches).toEqual([{ clip: 'norm', clipThreshold: 20 }]);
  });

  it('every patch changes the config', () => {
    for (const status of ['exploding', 'vanishing', 'diverged'] as const) {
      for (const c of fixCandidates(status, { ...DEFAULT_CONFIG, initGain: 3 })) {
        for (const p of c.patches) expect({ ...DEFAULT_CONFIG, initGain: 3, ...p }, c.id).not.toEqual({ ...DEFAULT_CONFIG, initGain: 3 });
      }
    }
  });
});
