// The RNN trainer on measured numbers (tfjs cpu): what a step reports through the whole
// pipeline (probes, one read-back, both statistics paths) against theory and against an
// independent measurement.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../config';
import { createTrainer } from '../../trainer';
import { sigmaMin } from '../../spectral';
import { chronoBias } from './trainer';
import { createRng } from '../../rng';

const rnn = (patch: Partial<RunConfig>): RunConfig => ({
  ...DEFAULT_CONFIG,
  model: 'rnn',
  cell: 'rnn',
  dataset: 'adding',
  activation: 'tanh',
  init: 'orthogonal',
  initGain: 1,
  seqLength: 30,
  width: 16,
  samples: 128,
  batchSize: 32,
  learningRate: 1e-5,
  ...patch,
});

describe('the RNN trainer', () => {
  for (const g of [0.9, 1.1]) {
    it(`linear RNN, W_rec orthogonal x ${g}: the step's ||dL/dh_t|| / ||dL/dh_T|| = g^(T-t) to 1e-3, on both statistics paths`, async () => {
      for (const statistics of ['kernel', 'ops'] as const) {
        const t = createTrainer(rnn({ activation: 'linear', initGain: g }), { statistics });
        const s = await t.step();
        const norms = s.layers.preactGradNorm;
        const T = norms.length;
        expect(T).toBe(30);
        for (let k = 0; k < T; k++) {
          expect(Math.abs(norms[k] / norms[T - 1] / g ** (T - 1 - k) - 1), `${statistics} t=${k + 1}`).toBeLessThan(1e-3);
        }
        // The theory: sigma_max = sigma_min = g, the envelope collapses onto g^(T-t).
        const r = t.theory.recurrent;
        expect(r?.sigmaMax).toBeCloseTo(g, 5);
        expect(r?.sigmaMin).toBeCloseTo(g, 4);
        expect(r?.regime).toBe(g < 1 ? 'vanishes' : 'explodes');
        expect(r?.upper?.[0]).toBeCloseTo(g ** (T - 1), 4);
        // sigma_max measured on the step, after its first update (lr 1e-5), is still g to within a percent.
        expect(Math.abs((s.recurrent?.sigmaMax ?? 0) / g - 1)).toBeLessThan(1e-2);
        t.dispose();
      }
    });
  }

  it('an identity W_rec times g has sigma_max g; a Gaussian one lies inside its own envelope', async () => {
    const t = createTrainer(rnn({ init: 'identity', initGain: 0.7 }));
    expect(t.theory.recurrent?.sigmaMax).toBeCloseTo(0.7, 6);
    expect(t.theory.recurrent?.regime).toBe('vanishes');
    t.dispose();
    // A linear RNN with a Gaussian W_rec: every measured ratio lies between sigma_min^(T-t) and sigma_max^(T-t).
    const lin = createTrainer(rnn({ activation: 'linear', init: 'xavier_normal', seqLength: 12 }));
    const s = await lin.step();
    const r = lin.theory.recurrent;
    const T = s.layers.preactGradNorm.length;
    for (let k = 0; k < T; k++) {
      const ratio = s.layers.preactGradNorm[k] / s.layers.preactGradNorm[T - 1];
      expect(ratio).toBeLessThanOrEqual((r?.upper?.[k] ?? 0) * (1 + 1e-4));
      expect(ratio).toBeGreaterThanOrEqual((r?.lower?.[k] ?? 1) * (1 - 1e-4));
    }
    lin.dispose();
  });

  it('sigma_min by power iteration matches a diagonal matrix', () => {
    const n = 5;
    const w = new Float64Array(n * n);
    [3, -0.5, 2, 0.25, 1].forEach((v, i) => {
      w[i * n + i] = v;
    });
    expect(sigmaMin(w, n)).toBeCloseTo(0.25, 6);
  });

  it('both statistics paths report the same step: loss, norms per time step, groups, sigma_max, the gate', async () => {
    for (const cell of ['rnn', 'gru'] as const) {
      const config = rnn({ cell, dataset: 'memory', seqLength: 12, learningRate: 0.05, optimizer: 'adam' });
      const [a, b] = [createTrainer(config, { statistics: 'kernel' }), createTrainer(config, { statistics: 'ops' })];
      for (let i = 0; i < 3; i++) {
        const [x, y] = [await a.step(), await b.step()];
        expect(y.loss).toBeCloseTo(x.loss, 5);
        expect(y.accuracy).toBe(x.accuracy);
        for (let k = 0; k < 12; k++) {
          expect(y.layers.preactGradNorm[k] / x.layers.preactGradNorm[k]).toBeCloseTo(1, 4);
          expect(y.layers.activationStd[k]).toBeCloseTo(x.layers.activationStd[k], 5);
        }
        for (let k = 0; k < 4; k++) {
          expect(y.recurrent?.groupGradNorm[k] ?? 0).toBeCloseTo(x.recurrent?.groupGradNorm[k] ?? 1, 5);
          expect((y.recurrent?.groupUpdateRatio[k] ?? 0) / (x.recurrent?.groupUpdateRatio[k] ?? 1)).toBeCloseTo(1, 3);
        }
        expect(y.recurrent?.sigmaMax ?? 0).toBeCloseTo(x.recurrent?.sigmaMax ?? 1, 4);
        if (cell === 'gru') {
          expect(x.recurrent?.gateMean).toBeGreaterThan(0.5);
          expect(x.recurrent?.gateMean).toBeLessThan(1);
          expect(y.recurrent?.gateMean ?? 0).toBeCloseTo(x.recurrent?.gateMean ?? 1, 5);
        } else expect(x.recurrent?.gateMean).toBeNaN();
      }
      a.dispose();
      b.dispose();
    }
  });

  it('clipping by norm keeps an exploding RNN finite where the unclipped one diverges, and caps the norm after clipping at tau', async () => {
    const exploding = rnn({ initGain: 2, seqLength: 50, width: 32, learningRate: 0.1, samples: 512, batchSize: 64 });
    const run = async (config: RunConfig, steps: number) => {
      const t = createTrainer(config);
      const out = [];
      for (let i = 0; i < steps; i++) {
        const s = await t.step();
        out.push(s);
        if (s.health.status === 'diverged') break;
      }
      t.dispose();
      return out;
    };
    const bare = await run(exploding, 120);
    expect(bare.at(-1)?.health.status).toBe('diverged');
    expect(bare[0].health.status).toBe('exploding');
    expect(bare[0].layers.preactGradNorm[0] / bare[0].layers.preactGradNorm[49]).toBeGreaterThan(1e3);
    const clipped = await run({ ...exploding, clip: 'norm', clipThreshold: 1 }, 120);
    expect(clipped).toHaveLength(120);
    for (const s of clipped) {
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(s.gradNormAfterClip).toBeLessThanOrEqual(1 + 1e-6);
    }
    // It was clipping: the raw gradient went past the threshold.
    expect(Math.max(...clipped.map((s) => s.gradNormBeforeClip))).toBeGreaterThan(10);
  }, 60_000);

  it('health names the time step where the gradient falls below 1/1000 of the last step’s', async () => {
    const t = createTrainer(rnn({ initGain: 0.8, seqLength: 50, dataset: 'memory' }));
    const s = await t.step();
    const norms = s.layers.preactGradNorm;
    expect(s.health.status).toBe('vanishing');
    const site = s.health.layer ?? 0;
    // The step named is below the threshold, the one after it (nearer T) is not.
    expect(norms[site - 1] / norms[49]).toBeLessThan(1e-3);
    expect(norms[site] / norms[49]).toBeGreaterThanOrEqual(1e-3);
    t.dispose();
  });

  it('gated cells start with the chrono bias: log u, u uniform in [1, T-1]', () => {
    const b = chronoBias(50, 2000, createRng(3));
    expect(Math.min(...b)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...b)).toBeLessThanOrEqual(Math.log(49) + 1e-6);
    // The mean of log u for u ~ U[1, 49]: (49 ln 49 - 48) / 48 - ... = (49 ln 49 - 49 + 1) / 48.
    const mean = b.reduce((s, v) => s + v, 0) / b.length;
    expect(mean).toBeCloseTo((49 * Math.log(49) - 48) / 48, 1);
  });

  it('an LSTM and a GRU keep the gradient within 1000x through 50 steps where the vanilla cell loses it', async () => {
    const ratios: Record<string, number> = {};
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const t = createTrainer(rnn({ cell, seqLength: 50, dataset: 'memory' }));
      const s = await t.step();
      ratios[cell] = s.layers.preactGradNorm[0] / s.layers.preactGradNorm[49];
      expect(s.health.status, cell).toBe(cell === 'rnn' ? 'vanishing' : 'healthy');
      t.dispose();
    }
    expect(ratios.rnn).toBeLessThan(1e-3);
    expect(ratios.lstm).toBeGreaterThan(1e-3);
    expect(ratios.gru).toBeGreaterThan(1e-3);
  }, 30_000);
});
