// The phase diagram's cells on measured numbers (tfjs cpu), against the per-layer theory.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { axisValues, cellConfig, measureCell, predictedLogRatio } from './phase';
import { predictTheory } from './theory';

const base: RunConfig = { ...DEFAULT_CONFIG, depth: 30, width: 64, activation: 'relu', init: 'he_normal', initGain: 1 };

describe('the phase diagram', () => {
  it('axes: log-spaced gains, integer depths, both ends included, inside the limits', () => {
    const gains = axisValues('initGain', 0.5, 2, 5);
    expect(gains[0]).toBeCloseTo(0.5, 6);
    expect(gains[4]).toBeCloseTo(2, 6);
    expect(gains[2]).toBeCloseTo(1, 5);
    expect(axisValues('depth', 2, 100, 4)).toEqual([2, 35, 67, 100]);
    expect(axisValues('depth', 0, 1000, 2)).toEqual([0, 100]);
    expect(axisValues('depth', 3, 4, 10)).toEqual([3, 4]);
  });

  it('a predicted cell is the gradient-flow chart’s theory line, first hidden layer against the last: (L - 1) log10 of the per-layer factor for ReLU + He', () => {
    for (const gain of [0.8, 1, 2]) {
      const config = cellConfig(base, 'initGain', gain, 'depth', 30);
      const predicted = predictedLogRatio(config);
      const theory = predictTheory(config, 2, 3, 1);
      expect(predicted).toBeCloseTo(Math.log10(theory.preactGradNormRelative[0]), 10);
      // ReLU + He at gain g: the per-unit delta variance grows g^2 per layer, its norm g, over 29 layers.
      expect(predicted).toBeCloseTo(29 * Math.log10(gain), 6);
    }
  });

  it('measured at depth 30, width 64: ReLU + He at gain 1 and tanh + Xavier stay within a decade; ReLU + He at gain 2 is above 6 decades', async () => {
    const relu1 = await measureCell(base, 4);
    expect(Math.abs(relu1.mean)).toBeLessThan(1);
    expect(relu1.spread).toBeGreaterThan(0);
    const tanh = await measureCell({ ...base, activation: 'tanh', init: 'xavier_normal' }, 4);
    expect(Math.abs(tanh.mean)).toBeLessThan(1);
    const relu2 = await measureCell({ ...base, initGain: 2 }, 4);
    expect(relu2.mean).toBeGreaterThan(6);
    // Theory and measurement agree where theory holds: within the seeds' spread, a decade at most.
    expect(Math.abs(relu2.mean - predictedLogRatio({ ...base, initGain: 2 }))).toBeLessThan(1);
    expect(relu2.nonFinite).toBe(0);
  }, 60_000);
});
