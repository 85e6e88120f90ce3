// Each preset does what its text promises, trained on the cpu backend.
import { describe, expect, it } from 'vitest';
import { configIssues } from '../core/config';
import type { StepStats } from '../core/stepStats';
import { createTrainer } from '../core/trainer';
import { decodeUrl } from './presetCodec';
import { runConfigs } from '../core/runSet';
import { phaseLines } from '../core/phase/lines';
import { type PhaseCell, phaseSweep } from '../core/phase/sweep';
import { PRESETS, presetById, presetQuery, presetRuns, type RunPromise } from './presets';

async function train(config: Parameters<typeof createTrainer>[0], steps: number): Promise<StepStats[]> {
  const trainer = createTrainer(config);
  const out: StepStats[] = [];
  for (let i = 0; i < steps; i++) {
    const s = await trainer.step();
    out.push(s);
    if (s.health.status === 'diverged') break;
  }
  trainer.dispose();
  return out;
}

describe('presets', () => {
  it('the gallery has every required lesson, each with a title, what to watch and what to try', () => {
    for (const id of [
      'healthy',
      'exploding',
      'vanishing',
      'lr-too-high',
      'clipping-rescues',
      'adam-vs-sgd',
      'edge-of-chaos',
      'residual-rescues',
      'layernorm-rescues',
      'classic',
      'overfitting',
      'rnn-exploding',
      'rnn-vanishing',
      'rnn-clipping',
      'lstm-keeps-gradient',
      'phase-edge-of-chaos',
      'phase-relu-gain',
    ]) {
      const p = presetById(id);
      expect(p, id).toBeDefined();
      expect(p?.title.length).toBeGreaterThan(5);
      expect(p?.watch.split(/[.!?](\s|$)/).filter((x) => x.trim().length > 3).length).toBeGreaterThanOrEqual(2);
      expect(p?.tryNext.length).toBeGreaterThan(5);
    }
  });

  it('every preset is a valid config and round-trips through its URL', () => {
    for (const p of PRESETS) {
      expect(configIssues(p.config as unknown as Record<string, unknown>)).toEqual([]);
      const decoded = decodeUrl(presetQuery(p));
      expect(decoded.config).toEqual(p.config);
      expect(decoded.variants).toEqual(presetRuns(p).variants);
      expect(decoded.view.preset).toBe(p.id);
      expect(decoded.warnings).toEqual([]);
    }
  });

  async function keeps(config: Parameters<typeof createTrainer>[0], promise: RunPromise, label: string) {
    const steps = Math.max(1, promise.within);
    const stats = await train(config, steps);
    if (promise.status === 'never-unhealthy') {
      const bad = stats.find((s) => s.health.status !== 'healthy');
      expect(bad?.health, `${label}: step ${bad?.step}`).toBeUndefined();
      expect(stats).toHaveLength(steps);
    } else if (promise.status === 'finite') {
      const bad = stats.find((s) => s.health.status === 'diverged' || !Number.isFinite(s.loss));
      expect(bad?.health, `${label}: step ${bad?.step}`).toBeUndefined();
      expect(stats).toHaveLength(steps);
    } else {
      expect(stats.some((s) => s.health.status === promise.status), label).toBe(true);
    }
  }

  // Every run of every preset (run A, and each run beside it in a comparison).
  for (const p of PRESETS) {
    const runs = presetRuns(p);
    const configs = runConfigs(runs.config, runs.variants);
    const promises = [p.promise, ...p.variants.map((v) => v.promise)];
    configs.forEach((config, i) => {
      const label = `${p.id} run ${'ABCD'[i]}`;
      it(`${label}: ${promises[i].status} within ${promises[i].within} steps`, async () => keeps(config, promises[i], label), 60_000);
    });
  }

  it('the phase-diagram lessons open on the phase diagram, and where theory predicts more than a decade either way the measurement agrees in sign', () => {
    const lessons = PRESETS.filter((p) => p.phase);
    expect(lessons.map((p) => p.id).sort()).toEqual(['phase-edge-of-chaos', 'phase-relu-gain']);
    for (const p of lessons) {
      const spec = p.phase as NonNullable<typeof p.phase>;
      const decoded = decodeUrl(presetQuery(p));
      expect(decoded.view.page).toBe('phase');
      expect(decoded.view.phase).toEqual(spec);
      // The lesson's grid at a quarter of its points per axis and two seeds (the same ranges).
      const small = { x: { ...spec.x, n: 6 }, y: { ...spec.y, n: 6 }, seeds: 2 };
      const cells: PhaseCell[] = [];
      for (const progress of phaseSweep(p.config, small)) cells.push(...progress.cells);
      const decisive = cells.filter((c) => Math.abs(c.predicted) > 1 && c.finite > 0);
      expect(decisive.length, p.id).toBeGreaterThan(10);
      for (const c of decisive) expect(Math.sign(c.measured), `${p.id} cell ${c.ix},${c.iy}`).toBe(Math.sign(c.predicted));
      // Both sides of the edge are on the map, and the critical line crosses it.
      expect(cells.some((c) => c.measured < -1)).toBe(true);
      expect(cells.some((c) => c.measured > 1)).toBe(true);
      expect(phaseLines(p.config, spec).critical.length, p.id).toBeGreaterThan(5);
    }
  }, 120_000);

  it('the fixes the gallery teaches are comparisons: the problem as run A, the fix as run B', () => {
    for (const id of ['clipping-rescues', 'adam-vs-sgd', 'residual-rescues', 'layernorm-rescues', 'lr-too-high', 'rnn-clipping', 'lstm-keeps-gradient']) {
      const p = presetById(id);
      expect(p?.variants.length, id).toBe(1);
      expect(p?.promise.status, id).not.toBe('never-unhealthy');
    }
  });

  it('an LSTM keeps the gradient alive: B learns the memory task while A’s loss is still at chance', async () => {
    const p = presetById('lstm-keeps-gradient');
    if (!p) throw new Error('missing preset');
    const [vanilla, lstm] = runConfigs(p.config, presetRuns(p).variants);
    const late = (stats: StepStats[]) => stats.slice(50).reduce((s, x) => s + x.loss, 0) / (stats.length - 50);
    const [a, b] = [late(await train(vanilla, 70)), late(await train(lstm, 70))];
    // Chance is ln 4 = 1.386.
    expect(a).toBeGreaterThan(1.25);
    expect(b).toBeLessThan(a - 0.2);
  }, 90_000);

  it('Adam versus SGD: with the same vanishing gradients, Adam moves the first layer about as much as the last', async () => {
    const p = presetById('adam-vs-sgd');
    if (!p) throw new Error('missing preset');
    const [sgd, adam] = runConfigs(p.config, presetRuns(p).variants);
    // Ratio of the first layer's update ratio to the last hidden layer's, after 30 steps.
    const spread = async (config: typeof sgd) => {
      const stats = await train(config, 30);
      const r = stats[stats.length - 1].layers.updateRatio;
      return r[0] / r[r.length - 2];
    };
    const [s, a] = [await spread(sgd), await spread(adam)];
    expect(s).toBeLessThan(1e-3);
    expect(a).toBeGreaterThan(0.1);
  });

  it('overfitting: training loss falls while the held-out loss turns up; weight decay keeps it down', async () => {
    const p = presetById('overfitting');
    if (!p) throw new Error('missing preset');
    const plain = await train(p.config, 200);
    const tests = plain.filter((s) => s.testLoss !== null).map((s) => s.testLoss as number);
    const best = Math.min(...tests);
    expect(plain[plain.length - 1].loss).toBeLessThan(plain[0].loss * 0.2);
    expect(tests[tests.length - 1]).toBeGreaterThan(best * 1.5);
    const decayed = await train({ ...p.config, weightDecay: 0.01 }, 200);
    const decayedTests = decayed.filter((s) => s.testLoss !== null).map((s) => s.testLoss as number);
    expect(decayedTests[decayedTests.length - 1]).toBeLessThan(tests[tests.length - 1] * 0.7);
  }, 180_000);

  it('residual connections and layer norm are what rescue their presets', async () => {
    const residual = presetById('residual-rescues');
    const layerNorm = presetById('layernorm-rescues');
    if (!residual || !layerNorm) throw new Error('missing preset');
    // Run B is run A with that one field changed, and nothing else.
    expect(residual.variants[0].patch).toEqual({ residual: true });
    expect(layerNorm.variants[0].patch).toEqual({ normalization: 'layer' });
    expect((await train(residual.config, 1))[0].health.status).toBe('vanishing');
    expect((await train(layerNorm.config, 1))[0].health.status).toBe('exploding');
  });

  it('clipping rescues the learning rate that diverges without it', async () => {
    const p = presetById('clipping-rescues');
    const diverging = presetById('lr-too-high');
    if (!p || !diverging) throw new Error('missing preset');
    const [a, rescued] = runConfigs(p.config, presetRuns(p).variants);
    expect(a).toEqual(diverging.config);
    expect(rescued).toEqual({ ...a, clip: 'norm', clipThreshold: rescued.clipThreshold });
    const stats = await train(rescued, 300);
    expect(stats[stats.length - 1].loss).toBeLessThan(stats[0].loss);
    expect(Math.max(...stats.map((s) => s.gradNormAfterClip))).toBeLessThanOrEqual(rescued.clipThreshold * (1 + 1e-5));
  });
});
