// The phase diagram on measured numbers (tfjs cpu): its cells are the lab's own runs at
// step 0, its predictions the gradient-flow chart's theory line.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import { predictTheory } from '../theory';
import { createMlpTrainer } from '../trainer';
import { axisValues, cellConfig, gainForSigmaW2, measureOrder, pointOf, type PhaseSpec } from './grid';
import { measureBlock } from './measure';
import { dataShapeOf, predictedLogRatio, predictedLogRatios } from './predict';
import { type PhaseCell, phaseSweep } from './sweep';

const base: RunConfig = { ...DEFAULT_CONFIG, depth: 30, width: 64, activation: 'relu', init: 'he_normal', initGain: 1, batchSize: 32 };

/** The lab's own log10 ratio at step 0: a trainer's first step. */
async function labRatio(config: RunConfig): Promise<number> {
  const trainer = createMlpTrainer(config, { testEvery: Number.MAX_SAFE_INTEGER });
  try {
    const deltas = (await trainer.step()).layers.preactGradNorm;
    return Math.log10(deltas[0] / deltas[config.depth - 1]);
  } finally {
    trainer.dispose();
  }
}

function sweepAll(config: RunConfig, spec: PhaseSpec): PhaseCell[] {
  const cells: PhaseCell[] = [];
  for (const progress of phaseSweep(config, spec)) cells.push(...progress.cells);
  return cells;
}

describe('the phase diagram grid', () => {
  it('axes: log-spaced gains, integer depths, both ends included, inside the limits', () => {
    const gains = axisValues({ field: 'gain', from: 0.5, to: 2, n: 5 });
    expect(gains[0]).toBeCloseTo(0.5, 6);
    expect(gains[4]).toBeCloseTo(2, 6);
    expect(gains[2]).toBeCloseTo(1, 5);
    expect(axisValues({ field: 'depth', from: 2, to: 100, n: 4 })).toEqual([2, 35, 67, 100]);
    expect(axisValues({ field: 'depth', from: 0, to: 1000, n: 2 })).toEqual([2, 100]);
    expect(axisValues({ field: 'depth', from: 3, to: 4, n: 10 })).toEqual([3, 4]);
    expect(axisValues({ field: 'sb2', from: 0, to: 0.2, n: 3 })).toEqual([0, 0.1, 0.2]);
  });

  it('σ_w² sets the gain through the scheme (Xavier at width 64: σ_w² = gain²; He: 2 gain²) and σ_b² the bias std; pointOf reads them back', () => {
    const tanh = { ...base, activation: 'tanh' as const, init: 'xavier_normal' as const };
    expect(gainForSigmaW2(tanh, 64, 1.44)).toBeCloseTo(1.2, 10);
    expect(gainForSigmaW2(base, 64, 2)).toBeCloseTo(1, 10);
    const cell = cellConfig(tanh, { sw2: 1.44, sb2: 0.05 });
    expect(cell.initGain).toBeCloseTo(1.2, 10);
    expect(cell.biasStd).toBeCloseTo(Math.sqrt(0.05), 12);
    expect(pointOf(cell, 'sw2')).toBeCloseTo(1.44, 10);
    expect(pointOf(cell, 'sb2')).toBeCloseTo(0.05, 12);
  });

  it('the coarse quarter comes first, then every other cell exactly once', () => {
    const order = measureOrder(5, 4);
    expect(order[0]).toEqual({ level: 0, xs: [0, 2, 4], ys: [0, 2] });
    const seen = new Set<string>();
    for (const b of order) for (const x of b.xs) for (const y of b.ys) seen.add(`${x},${y}`);
    expect(seen.size).toBe(20);
    expect(order.reduce((n, b) => n + b.xs.length * b.ys.length, 0)).toBe(20);
  });
});

describe('a measured cell is the lab’s own run at step 0', () => {
  it('for every depth of a block (one deep forward pass, a backward pass from each depth) and every gain, seed by seed', async () => {
    const config = { ...base, width: 16, batchSize: 16 };
    const depths = [2, 5, 9];
    const variants = [{ gain: 0.7, biasStd: 0 }, { gain: 1.6, biasStd: 0 }];
    const results = [...measureBlock(config, 16, variants, depths, 2)];
    expect(results.map((r) => r.depth)).toEqual(depths);
    for (const r of results) {
      for (const [v, variant] of variants.entries()) {
        for (const s of [0, 1]) {
          const lab = await labRatio({ ...config, depth: r.depth, initGain: variant.gain, seed: config.seed + s });
          expect(r.outcome[v][s]).toBe('finite');
          expect(r.logRatio[v][s]).toBeCloseTo(lab, 4);
        }
      }
    }
  }, 60_000);

  it('with biases drawn (tanh, σ_b = 0.3), layer norm, residual connections and a uniform scheme', async () => {
    const cases: RunConfig[] = [
      { ...base, width: 12, batchSize: 8, activation: 'tanh', init: 'xavier_normal', biasStd: 0.3 },
      { ...base, width: 12, batchSize: 8, normalization: 'layer', initGain: 2 },
      { ...base, width: 12, batchSize: 8, residual: true, activation: 'tanh', init: 'he_uniform' },
      { ...base, width: 12, batchSize: 8, dataset: 'sine', activation: 'elu', init: 'orthogonal' },
    ];
    for (const config of cases) {
      const [result] = [...measureBlock(config, 12, [{ gain: config.initGain, biasStd: config.biasStd }], [7], 1)];
      const lab = await labRatio({ ...config, depth: 7 });
      expect(result.logRatio[0][0]).toBeCloseTo(lab, 4);
    }
  }, 60_000);

  it('a ratio beyond float32 stays finite (the backward pass is rescaled); a forward pass that overflows is reported as overflow', () => {
    const config = { ...base, width: 16, batchSize: 8 };
    const [deep] = [...measureBlock(config, 16, [{ gain: 3, biasStd: 0 }, { gain: 60, biasStd: 0 }], [40], 1)];
    // ReLU + He at gain 3: ||delta|| grows 3x per layer, 39 layers: about 18.6 decades (its square overflows float32).
    expect(deep.outcome[0][0]).toBe('finite');
    expect(deep.logRatio[0][0]).toBeGreaterThan(16);
    expect(deep.logRatio[0][0]).toBeLessThan(21);
    // Gain 60: the activations grow 60x per layer and overflow float32 within 40 layers.
    expect(deep.outcome[1][0]).toBe('overflow');
  });
});

describe('predicted cells', () => {
  it('are the gradient-flow chart’s theory line, first hidden layer against the last: (L - 1) log10 g for ReLU + He at gain g', () => {
    const data = dataShapeOf(base);
    for (const gain of [0.8, 1, 2]) {
      const config = cellConfig(base, { gain, depth: 30 });
      const theory = predictTheory(config, data.inputDim, data.outputDim, data.inputSecondMoment);
      expect(predictedLogRatio(config)).toBeCloseTo(Math.log10(theory.preactGradNormRelative[0]), 10);
      expect(predictedLogRatio(config)).toBeCloseTo(29 * Math.log10(gain), 6);
    }
  });

  it('one deep profile gives every depth’s prediction (tanh with biases, residual, layer norm)', () => {
    for (const extra of [{ activation: 'tanh', init: 'xavier_normal', biasStd: 0.2 }, { residual: true }, { normalization: 'layer', initGain: 1.5 }] as Partial<RunConfig>[]) {
      const config = { ...base, ...extra };
      const depths = [2, 13, 40];
      const fromDeep = predictedLogRatios(config, depths);
      depths.forEach((depth, i) => {
        expect(fromDeep[i]).toBeCloseTo(predictedLogRatio({ ...config, depth }), 8);
      });
    }
  });
});

describe('measured at depth 30, width 64 (4 seeds)', () => {
  it('ReLU + He at gain 1 and tanh + Xavier (σ_w² = 1, σ_b = 0) stay within a decade; ReLU + He at gain 2 is above 6 and within a decade of theory', () => {
    const spec = (field: 'gain' | 'sw2', values: [number, number]): PhaseSpec => ({ x: { field, from: values[0], to: values[1], n: 2 }, y: { field: 'depth', from: 30, to: 30, n: 1 }, seeds: 4 });
    const relu = sweepAll(base, spec('gain', [1, 2]));
    const at = (cells: PhaseCell[], ix: number) => cells.find((c) => c.ix === ix) as PhaseCell;
    expect(Math.abs(at(relu, 0).measured)).toBeLessThan(1);
    expect(at(relu, 0).spread).toBeGreaterThan(0);
    expect(at(relu, 0).finite).toBe(4);
    expect(at(relu, 1).measured).toBeGreaterThan(6);
    expect(Math.abs(at(relu, 1).measured - at(relu, 1).predicted)).toBeLessThan(1);
    const tanh = sweepAll({ ...base, activation: 'tanh', init: 'xavier_normal' }, spec('sw2', [1, 4]));
    expect(Math.abs(at(tanh, 0).measured)).toBeLessThan(1);
    // σ_w² = 4 is chaotic for tanh: the gradient grows towards the input.
    expect(at(tanh, 1).measured).toBeGreaterThan(1);
  }, 60_000);

  it('a whole sweep covers every cell once, the coarse quarter first', () => {
    const cells = sweepAll({ ...base, width: 16 }, { x: { field: 'gain', from: 0.5, to: 2, n: 5 }, y: { field: 'depth', from: 2, to: 20, n: 4 }, seeds: 2 });
    expect(cells).toHaveLength(20);
    expect(new Set(cells.map((c) => `${c.ix},${c.iy}`)).size).toBe(20);
    const firstFine = cells.findIndex((c) => c.level === 1);
    expect(firstFine).toBe(6);
    // Gradients grow with the gain at every depth (ReLU + He): the measured map is monotone along x at the deepest row.
    const deepest = cells.filter((c) => c.iy === 3).sort((a, b) => a.ix - b.ix).map((c) => c.measured);
    for (let i = 1; i < deepest.length; i++) expect(deepest[i]).toBeGreaterThan(deepest[i - 1]);
  }, 60_000);
});
