import { describe, expect, it } from 'vitest';
import type { InitScheme } from './config';
import { initWeights, nominalVariance, sampleVariance } from './init';
import { createRng } from './rng';

describe('initializers draw exactly the variance their names promise', () => {
  const schemes: InitScheme[] = ['he_normal', 'he_uniform', 'xavier_normal', 'xavier_uniform', 'lecun_normal'];
  for (const scheme of schemes) {
    for (const gain of [1, 2]) {
      it(`${scheme} (gain ${gain}) at width 256: sample variance within 3% of nominal`, () => {
        const p = { scheme, gain, std: 0.1 };
        const values = initWeights(p, 256, 256, createRng(3));
        const nominal = nominalVariance(p, 256, 256);
        expect(Math.abs(sampleVariance(values) / nominal - 1)).toBeLessThan(0.03);
      });
    }
  }

  it('he_normal promises 2 / fanIn, xavier 2 / (fanIn + fanOut), lecun 1 / fanIn; gain multiplies the std', () => {
    expect(nominalVariance({ scheme: 'he_normal', gain: 1, std: 0 }, 64, 32)).toBeCloseTo(2 / 64);
    expect(nominalVariance({ scheme: 'xavier_uniform', gain: 1, std: 0 }, 64, 32)).toBeCloseTo(2 / 96);
    expect(nominalVariance({ scheme: 'lecun_normal', gain: 3, std: 0 }, 50, 10)).toBeCloseTo(9 / 50);
    expect(nominalVariance({ scheme: 'uniform', gain: 1, std: 0 }, 5, 5)).toBeCloseTo(1 / 12);
  });

  it('orthogonal matrices have orthonormal columns (times the gain)', () => {
    const n = 32;
    const w = initWeights({ scheme: 'orthogonal', gain: 2, std: 0 }, n, n, createRng(9));
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [5, 17],
      [31, 31],
    ]) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += w[r * n + a] * w[r * n + b];
      expect(dot).toBeCloseTo(a === b ? 4 : 0, 4);
    }
  });

  it('zeros are zeros and uniform stays in [-gain/2, gain/2]', () => {
    expect(initWeights({ scheme: 'zeros', gain: 5, std: 1 }, 8, 8, createRng(1)).every((v) => v === 0)).toBe(true);
    const u = initWeights({ scheme: 'uniform', gain: 2, std: 1 }, 64, 64, createRng(1));
    expect(Math.max(...u)).toBeLessThanOrEqual(1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
  });

  it('the same seed draws the same weights', () => {
    const p = { scheme: 'he_normal' as const, gain: 1, std: 0 };
    expect(initWeights(p, 16, 16, createRng(5))).toEqual(initWeights(p, 16, 16, createRng(5)));
    expect(initWeights(p, 16, 16, createRng(5))).not.toEqual(initWeights(p, 16, 16, createRng(6)));
  });
});
