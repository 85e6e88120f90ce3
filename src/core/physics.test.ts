// The physics the app teaches, pinned to measured numbers on the cpu backend.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { createTrainer } from './trainer';

const DEPTH = 30;
const WIDTH = 64;

/** ||delta_1|| / ||delta_depth|| at step 0 (initial weights), geometric mean over seeds. */
async function firstToLastDeltaRatio(overrides: Partial<RunConfig>, seeds = [1, 2, 3, 4, 5]): Promise<number> {
  let logSum = 0;
  for (const seed of seeds) {
    const trainer = createTrainer({ ...DEFAULT_CONFIG, depth: DEPTH, width: WIDTH, seed, ...overrides });
    const stats = await trainer.step();
    const delta = stats.layers.preactGradNorm;
    logSum += Math.log(delta[0] / delta[DEPTH - 1]);
    trainer.dispose();
  }
  return Math.exp(logSum / seeds.length);
}

describe('gradient flow at initialization (depth 30, width 64)', () => {
  it('relu + he_normal keeps delta level: first/last within [1/4, 4]', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'relu', init: 'he_normal' });
    expect(ratio).toBeGreaterThan(1 / 4);
    expect(ratio).toBeLessThan(4);
  });

  it('relu + he_normal with gain 2 (variance x4) explodes: ratio above 1e3', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'relu', init: 'he_normal', initGain: 2 });
    expect(ratio).toBeGreaterThan(1e3);
  });

  it('sigmoid + xavier_normal vanishes: ratio below 1e-3', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'sigmoid', init: 'xavier_normal' });
    expect(ratio).toBeLessThan(1e-3);
  });

  it('tanh + xavier_normal (critical) shows no exponential trend: within [1e-2, 1e2]', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'tanh', init: 'xavier_normal' });
    expect(ratio).toBeGreaterThan(1e-2);
    expect(ratio).toBeLessThan(1e2);
  });

  it('layer norm rescues the exploding init: relu + he_normal gain 2 stays within [1/8, 8]', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'relu', init: 'he_normal', initGain: 2, normalization: 'layer' });
    expect(ratio).toBeGreaterThan(1 / 8);
    expect(ratio).toBeLessThan(8);
  });

  it('residual connections rescue the vanishing sigmoid net: ratio above 1e-2', async () => {
    const ratio = await firstToLastDeltaRatio({ activation: 'sigmoid', init: 'xavier_normal', residual: true });
    expect(ratio).toBeGreaterThan(1e-2);
  });
});

describe('measured slope of ||delta|| across depth agrees with mean-field chi', () => {
  // Per-layer variance factor from a least-squares fit of log(||delta_l||^2 / n) against
  // l over the hidden layers, averaged over seeds, against the geometric mean of the
  // theory's chi_l. Measured agreement is 2-4%; the tolerance is 10%.
  const cases: [string, Partial<RunConfig>][] = [
    ['relu, he_normal gain 1.2 (chi 1.44)', { activation: 'relu', init: 'he_normal', initGain: 1.2 }],
    ['relu, he_normal gain 0.85 (chi 0.72)', { activation: 'relu', init: 'he_normal', initGain: 0.85 }],
    ['linear, lecun_normal gain 1.1 (chi 1.21)', { activation: 'linear', init: 'lecun_normal', initGain: 1.1 }],
    ['tanh, xavier_normal gain 1.5 (chaotic)', { activation: 'tanh', init: 'xavier_normal', initGain: 1.5 }],
    ['tanh, xavier_normal gain 0.8 (ordered)', { activation: 'tanh', init: 'xavier_normal', initGain: 0.8 }],
  ];
  for (const [name, overrides] of cases) {
    it(name, async () => {
      const depth = 20;
      const slopes: number[] = [];
      let predicted = Number.NaN;
      for (const seed of [1, 2, 3, 4, 5]) {
        const trainer = createTrainer({ ...DEFAULT_CONFIG, depth, width: WIDTH, seed, ...overrides });
        const stats = await trainer.step();
        const y = Array.from(stats.layers.preactGradNorm.subarray(0, depth), (v) => Math.log((v * v) / WIDTH));
        const meanX = (depth - 1) / 2;
        const meanY = y.reduce((a, b) => a + b, 0) / depth;
        let num = 0;
        let den = 0;
        y.forEach((v, i) => {
          num += (i - meanX) * (v - meanY);
          den += (i - meanX) ** 2;
        });
        slopes.push(num / den);
        const chis = trainer.theory.chiPerLayer;
        predicted = Math.exp(chis.reduce((a, c) => a + Math.log(c), 0) / chis.length);
        trainer.dispose();
      }
      // delta_l = chi * delta_{l+1}: the log-variance falls by log(chi) per layer towards the output.
      const measured = Math.exp(-slopes.reduce((a, b) => a + b, 0) / slopes.length);
      expect(Math.abs(Math.log(measured / predicted))).toBeLessThan(Math.log(1.1));
    });
  }
});

describe('divergence and clipping', () => {
  const base: RunConfig = { ...DEFAULT_CONFIG, depth: 10, width: 32, optimizer: 'sgd', learningRate: 3, seed: 7 };

  it('sgd with a learning rate that diverges is reported as diverged, with a layer and a step', async () => {
    const trainer = createTrainer(base);
    let verdict = null;
    for (let i = 0; i < 200; i++) {
      const stats = await trainer.step();
      if (stats.health.status === 'diverged') {
        verdict = stats.health;
        break;
      }
    }
    trainer.dispose();
    expect(verdict).not.toBeNull();
    expect(verdict?.layer).toBeGreaterThanOrEqual(1);
    expect(verdict?.layer).toBeLessThanOrEqual(base.depth + 1);
    expect(verdict?.since).toBeGreaterThanOrEqual(0);
  });

  it('the same run with clipping by global norm stays finite for 500 steps', async () => {
    const trainer = createTrainer({ ...base, clip: 'norm', clipThreshold: 1 });
    let worst = 0;
    for (let i = 0; i < 500; i++) {
      const stats = await trainer.step();
      expect(stats.health.status).not.toBe('diverged');
      expect(Number.isFinite(stats.loss)).toBe(true);
      expect(stats.gradNormAfterClip).toBeLessThanOrEqual(1 + 1e-5);
      worst = Math.max(worst, stats.gradNormBeforeClip);
    }
    trainer.dispose();
    // Clipping was doing something: raw norms went above the threshold.
    expect(worst).toBeGreaterThan(1);
  });
});
