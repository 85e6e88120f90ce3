import { describe, expect, it } from 'vitest';
import { assessHealth, HEALTH_THRESHOLDS, HealthTracker } from './health';
import type { LayerStats } from './stepStats';

/** Layer stats for a depth-4 net of width 16 with the given per-layer ||delta||. */
function layers(preactGradNorm: number[], overrides: Partial<Record<keyof LayerStats, number[]>> = {}): LayerStats {
  const n = preactGradNorm.length;
  const fill = (v: number) => Float64Array.from({ length: n }, () => v);
  const base: LayerStats = {
    weightGradNorm: fill(1),
    biasGradNorm: fill(1),
    weightGradMaxAbs: fill(1),
    preactGradNorm: Float64Array.from(preactGradNorm),
    weightNorm: fill(1),
    updateRatio: fill(1e-3),
    activationMean: fill(0),
    activationStd: fill(1),
    saturation: fill(0),
  };
  for (const [k, v] of Object.entries(overrides)) base[k as keyof LayerStats] = Float64Array.from(v as number[]);
  return base;
}
const widths = [16, 16, 16, 16, 3];

describe('assessHealth', () => {
  it('names the layer whose units all died when no gradient reaches the hidden layers', () => {
    const dead = assessHealth(1, layers([0, 0, 0, 0, 1], { saturation: [0, 1, 0.5, 0, 0] }), widths);
    expect(dead).toMatchObject({ status: 'vanishing', layer: 2 });
    expect(dead.reason).toMatch(/every unit of layer 2 is dead or saturated/);
    expect(assessHealth(1, layers([0, 0, 0, 0, 1]), widths)).toMatchObject({ status: 'vanishing', layer: 4, reason: 'no gradient reaches the hidden layers' });
  });

  it('calls level gradients healthy', () => {
    expect(assessHealth(1, layers([1, 2, 0.5, 1, 1]), widths).status).toBe('healthy');
  });

  it('flags exploding gradients past 1e3x the last hidden layer, naming where the trend crosses', () => {
    const verdict = assessHealth(1, layers([1e7, 1e4, 10, 1, 1]), widths);
    expect(verdict.status).toBe('exploding');
    expect(verdict.layer).toBe(2); // 1e4 is the first to pass 1e3, walking back from layer 4
  });

  it('flags vanishing gradients below 1e-3x the last hidden layer', () => {
    const verdict = assessHealth(1, layers([1e-6, 1e-4, 0.1, 1, 1]), widths);
    expect(verdict.status).toBe('vanishing');
    expect(verdict.layer).toBe(2);
  });

  it('flags a zero gradient reaching the hidden layers as vanishing', () => {
    expect(assessHealth(1, layers([0, 0, 0, 0, 1]), widths).status).toBe('vanishing');
  });

  it('flags an update larger than the weights as exploding', () => {
    const verdict = assessHealth(1, layers([1, 1, 1, 1, 1], { updateRatio: [1e-3, 2, 1e-3, 1e-3, 1e-3] }), widths);
    expect(verdict).toMatchObject({ status: 'exploding', layer: 2 });
    expect(HEALTH_THRESHOLDS.updateRatio).toBe(1);
  });

  it('calls any non-finite statistic diverged, even with a finite loss', () => {
    const verdict = assessHealth(0.5, layers([1, 1, 1, 1, 1], { activationStd: [1, 1, Number.NaN, 1, 1] }), widths);
    expect(verdict).toMatchObject({ status: 'diverged', layer: 3 });
    expect(assessHealth(Number.POSITIVE_INFINITY, layers([1, 1, 1, 1, 1]), widths).status).toBe('diverged');
    expect(assessHealth(1, layers([1, Number.POSITIVE_INFINITY, 1, 1, 1]), widths)).toMatchObject({ status: 'diverged', layer: 2 });
  });
});

describe('HealthTracker', () => {
  it('keeps the step a status began while it lasts', () => {
    const tracker = new HealthTracker();
    const exploding = { status: 'exploding' as const, layer: 3, reason: '' };
    expect(tracker.update(0, { status: 'healthy', layer: null, reason: '' }).since).toBe(0);
    expect(tracker.update(1, exploding).since).toBe(1);
    expect(tracker.update(2, { ...exploding, layer: 2 })).toMatchObject({ since: 1, layer: 2 });
    expect(tracker.update(3, { status: 'healthy', layer: null, reason: '' }).since).toBe(3);
  });
});
