import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, type RunConfig } from './config';
import type { StepStats } from './stepStats';
import { createTrainer, SATURATION_EVERY } from './trainer';

const small: RunConfig = { ...DEFAULT_CONFIG, depth: 6, width: 16, samples: 256 };

function plain(stats: StepStats) {
  return { ...stats, layers: Object.fromEntries(Object.entries(stats.layers).map(([k, v]) => [k, Array.from(v)])) };
}

describe('createTrainer', () => {
  it('same seed and config give identical StepStats for 50 steps', async () => {
    const a = createTrainer(small);
    const b = createTrainer(small);
    for (let i = 0; i < 50; i++) expect(plain(await a.step())).toEqual(plain(await b.step()));
    a.dispose();
    b.dispose();
  });

  it('a different seed gives different data, weights and statistics', async () => {
    const a = createTrainer(small);
    const b = createTrainer({ ...small, seed: small.seed + 1 });
    expect(Array.from(a.dataset.trainX.slice(0, 8))).not.toEqual(Array.from(b.dataset.trainX.slice(0, 8)));
    expect((await a.step()).loss).not.toEqual((await b.step()).loss);
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors: the count after step 10 equals the count after step 300', async () => {
    const trainer = createTrainer({ ...small, optimizer: 'adam', clip: 'norm', weightDecay: 1e-4, weightClip: 5 });
    for (let i = 0; i < 10; i++) await trainer.step();
    const after10 = tf.memory().numTensors;
    for (let i = 10; i < 300; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(after10);
    trainer.dispose();
  });

  it('frees everything on dispose', async () => {
    const before = tf.memory().numTensors;
    const trainer = createTrainer({ ...small, optimizer: 'momentum', normalization: 'layer', residual: true });
    await trainer.step();
    await trainer.stepBare();
    await trainer.predictGrid(8);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an out-of-range config, naming the field, the value and the range', () => {
    expect(() => createTrainer({ ...small, depth: 101 })).toThrow(ConfigError);
    expect(() => createTrainer({ ...small, depth: 101 })).toThrow(/depth = 101 .*0 to 100/);
    expect(() => createTrainer({ ...small, learningRate: 50 })).toThrow(/learningRate = 50/);
    expect(() => createTrainer({ ...small, activation: 'swish' as never })).toThrow(/activation = "swish".*one of linear, relu/);
    expect(() => createTrainer({ ...small, width: Number.NaN })).toThrow(/width = NaN/);
  });

  it('reports one entry per layer (depth + 1, readout last) and sensible statistics', async () => {
    const trainer = createTrainer(small);
    const stats = await trainer.step();
    for (const values of Object.values(stats.layers)) expect(values.length).toBe(small.depth + 1);
    expect(stats.step).toBe(0);
    expect(stats.loss).toBeGreaterThan(0);
    expect(stats.accuracy).toBeGreaterThanOrEqual(0);
    expect(stats.accuracy).toBeLessThanOrEqual(1);
    expect(stats.testLoss).not.toBeNull(); // measured on step 0
    expect((await trainer.step()).testLoss).toBeNull(); // and not on step 1
    for (const v of stats.layers.updateRatio) expect(v).toBeGreaterThan(0);
    for (const v of stats.layers.saturation) expect(v).toBeGreaterThanOrEqual(0);
    // Global norm before clipping is the norm over all weight and bias gradients.
    let sumSq = 0;
    for (let l = 0; l <= small.depth; l++) sumSq += stats.layers.weightGradNorm[l] ** 2 + stats.layers.biasGradNorm[l] ** 2;
    expect(stats.gradNormBeforeClip).toBeCloseTo(Math.sqrt(sumSq), 5);
    expect(stats.gradNormAfterClip).toBe(stats.gradNormBeforeClip);
    trainer.dispose();
  });

  it('trains: the spiral loss falls and accuracy rises over 400 steps with adam', async () => {
    const trainer = createTrainer({ ...small, optimizer: 'adam', learningRate: 0.01 });
    const first = await trainer.step();
    let last = first;
    for (let i = 0; i < 400; i++) last = await trainer.step();
    expect(last.loss).toBeLessThan(first.loss * 0.7);
    expect(last.accuracy).toBeGreaterThan(0.6);
    trainer.dispose();
  });

  it('fits the sine regression (no accuracy) with mse', async () => {
    const trainer = createTrainer({ ...small, dataset: 'sine', optimizer: 'adam', learningRate: 0.01, activation: 'tanh', init: 'xavier_normal' });
    const first = await trainer.step();
    expect(first.accuracy).toBeNull();
    expect(first.testAccuracy).toBeNull();
    let last = first;
    for (let i = 0; i < 300; i++) last = await trainer.step();
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    trainer.dispose();
  });

  it('clipping by value reports the clipped global norm', async () => {
    const trainer = createTrainer({ ...small, clip: 'value', clipThreshold: 1e-4 });
    const stats = await trainer.step();
    expect(stats.gradNormAfterClip).toBeLessThan(stats.gradNormBeforeClip);
    trainer.dispose();
  });

  it('applies a new learning rate to the running network without a restart', async () => {
    const a = createTrainer(small);
    const b = createTrainer(small);
    await a.step();
    await b.step();
    b.updateSettings({ learningRate: small.learningRate * 10 });
    const sa = await a.step();
    const sb = await b.step();
    // Same gradients (same weights and batch), ten times the step.
    expect(sb.layers.weightGradNorm[2]).toBeCloseTo(sa.layers.weightGradNorm[2], 5);
    expect(sb.layers.updateRatio[2] / sa.layers.updateRatio[2]).toBeCloseTo(10, 1);
    a.dispose();
    b.dispose();
  });

  it('weight clipping keeps every weight within [-w, w]', async () => {
    const trainer = createTrainer({ ...small, learningRate: 1, weightClip: 0.05 });
    for (let i = 0; i < 5; i++) await trainer.step();
    const w = await trainer.readWeights(2);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.05 + 1e-7);
    trainer.dispose();
  });

  it('depth 0 is a single linear layer with one entry per statistic', async () => {
    const trainer = createTrainer({ ...small, depth: 0 });
    const stats = await trainer.step();
    expect(stats.layers.weightGradNorm.length).toBe(1);
    expect(stats.health.status).toBe('healthy');
    trainer.dispose();
  });

  it.each(['kernel', 'ops'] as const)('keeps norms finite where float32 sums of squares overflow (values up to ~1e24; %s path)', async (statistics) => {
    // Gain 100 multiplies the signal by ~100 per relu layer, forward and backward.
    const trainer = createTrainer({ ...small, depth: 12, initGain: 100 }, { statistics });
    const stats = await trainer.step();
    for (const [name, values] of Object.entries(stats.layers)) {
      for (const v of values) expect(Number.isFinite(v), `${name} = ${v}`).toBe(true);
    }
    // Past sqrt(float32 max) ~ 1.8e19 a plain sum of squares would be Infinity.
    expect(stats.layers.activationStd[11]).toBeGreaterThan(1e19);
    expect(stats.layers.preactGradNorm[0]).toBeGreaterThan(1e19);
    expect(Math.max(...stats.layers.weightGradNorm)).toBeGreaterThan(1e19);
    expect(stats.health.status).toBe('exploding');
    trainer.dispose();
  });

  it('measures saturation every SATURATION_EVERY steps and carries it in between', async () => {
    // Narrow relu layers with a high learning rate: units die and revive between steps.
    const trainer = createTrainer({ ...small, width: 3, depth: 8, learningRate: 0.5 });
    const runs: StepStats[] = [];
    for (let i = 0; i < 6 * SATURATION_EVERY; i++) runs.push(await trainer.step());
    const dead = (s: StepStats) => Array.from(s.layers.saturation);
    for (let i = 0; i < runs.length; i++) {
      const measured = i - (i % SATURATION_EVERY);
      expect(dead(runs[i])).toEqual(dead(runs[measured]));
    }
    const distinct = new Set(runs.filter((_, i) => i % SATURATION_EVERY === 0).map((s) => dead(s).join()));
    expect(distinct.size).toBeGreaterThan(1); // re-measured, not frozen
    trainer.dispose();
  });
});
