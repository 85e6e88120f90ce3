import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config';
import { meanSquaredPhi, meanSquaredPhiPrime, predictTheory } from './theory';

const plain = { ...DEFAULT_CONFIG, normalization: 'none' as const, residual: false };

describe('Gaussian expectations', () => {
  it('E[phi\'^2] is 1/2 for relu and 1 for linear whatever q; sigmoid stays at or below 1/16', () => {
    for (const q of [0.01, 1, 100]) {
      expect(meanSquaredPhiPrime('relu', q)).toBeCloseTo(0.5, 4);
      expect(meanSquaredPhiPrime('linear', q)).toBeCloseTo(1, 6);
      expect(meanSquaredPhiPrime('sigmoid', q)).toBeLessThanOrEqual(1 / 16 + 1e-9);
    }
    expect(meanSquaredPhi('relu', 2)).toBeCloseTo(1, 4); // E[relu(z)^2] = q / 2
    expect(meanSquaredPhi('tanh', 1)).toBeCloseTo(0.3943, 3);
  });
});

describe('predictTheory', () => {
  it('he_normal + relu is critical (chi = 1); gain 2 gives chi = 4', () => {
    expect(predictTheory({ ...plain, activation: 'relu', init: 'he_normal' }, 2, 3, 0.3).chiStar).toBeCloseTo(1, 3);
    expect(predictTheory({ ...plain, activation: 'relu', init: 'he_normal', initGain: 2 }, 2, 3, 0.3).chiStar).toBeCloseTo(4, 2);
  });

  it('predicts the delta profile: level for he + relu, exponential for gain 2, first layer relative to last', () => {
    const level = predictTheory({ ...plain, depth: 30, activation: 'relu', init: 'he_normal' }, 2, 3, 0.3);
    expect(level.preactGradNormRelative).toHaveLength(31);
    expect(level.preactGradNormRelative[29]).toBeCloseTo(1, 6);
    expect(level.preactGradNormRelative[0]).toBeGreaterThan(0.8);
    expect(level.preactGradNormRelative[0]).toBeLessThan(1.2);
    const exploding = predictTheory({ ...plain, depth: 30, activation: 'relu', init: 'he_normal', initGain: 2 }, 2, 3, 0.3);
    // sqrt(4)^29 = 2^29 between layer 1 and layer 30.
    expect(Math.log2(exploding.preactGradNormRelative[0])).toBeCloseTo(29, 0);
  });

  it('tanh + xavier sits at the edge of chaos (chi* near 1), sigmoid + xavier far below', () => {
    expect(predictTheory({ ...plain, activation: 'tanh', init: 'xavier_normal' }, 2, 3, 0.3).chiStar).toBeCloseTo(1, 1);
    expect(predictTheory({ ...plain, activation: 'sigmoid', init: 'xavier_normal' }, 2, 3, 0.3).chiStar).toBeLessThan(0.07);
  });

  it('layer norm makes chi independent of the weight scale', () => {
    const a = predictTheory({ ...plain, activation: 'relu', normalization: 'layer', initGain: 1 }, 2, 3, 0.3);
    const b = predictTheory({ ...plain, activation: 'relu', normalization: 'layer', initGain: 5 }, 2, 3, 0.3);
    expect(a.chiStar).toBeCloseTo(1, 3);
    expect(b.chiStar).toBeCloseTo(a.chiStar, 6);
  });

  it('depth 0 has no profile to draw', () => {
    expect(predictTheory({ ...plain, depth: 0 }, 2, 3, 0.3).preactGradNormRelative).toEqual([]);
  });
});
