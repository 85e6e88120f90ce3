// StepStats against a plain reference: the same first step recomputed with tfjs autodiff
// from the weights read before and after it, one tensor per statistic, no stacking.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { LAYER_NORM_EPSILON, LEAKY_RELU_SLOPE } from './model';
import { createTrainer } from './trainer';

const phi: Record<string, (u: tf.Tensor) => tf.Tensor> = {
  relu: (u) => tf.relu(u),
  leaky_relu: (u) => tf.leakyRelu(u, LEAKY_RELU_SLOPE),
  tanh: (u) => tf.tanh(u),
  sigmoid: (u) => tf.sigmoid(u),
  linear: (u) => u,
};

interface Reference {
  weightGradNorm: number[];
  biasGradNorm: number[];
  weightGradMaxAbs: number[];
  preactGradNorm: number[];
  activationMean: number[];
  activationStd: number[];
  deadOrSaturated: number[];
}

/** Full-batch step-0 statistics of `config` by autodiff (biases start at zero). */
function reference(config: RunConfig, weights: tf.Tensor2D[], x: tf.Tensor2D, target: tf.Tensor, classification: boolean): Reference {
  const L = weights.length;
  const depth = L - 1;
  const batch = x.shape[0];
  const biases = weights.map((w) => tf.zeros([w.shape[1]]));
  const perturbations = weights.map((w) => tf.zeros([batch, w.shape[1]]));
  const outputs: tf.Tensor[] = [];
  const branches: tf.Tensor[] = [];
  const lossOf = (ws: tf.Tensor[], bs: tf.Tensor[], es: tf.Tensor[]) => {
    outputs.length = 0;
    branches.length = 0;
    let h: tf.Tensor = x;
    for (let l = 0; l < depth; l++) {
      const z = tf.add(tf.add(tf.matMul(h as tf.Tensor2D, ws[l] as tf.Tensor2D), bs[l]), es[l]);
      let u = z;
      if (config.normalization === 'layer') {
        const { mean, variance } = tf.moments(z, 1, true);
        u = tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPSILON)));
      }
      const a = phi[config.activation](u);
      h = config.residual && l > 0 ? tf.add(h, a) : a;
      branches.push(a);
      outputs.push(h);
    }
    const logits = tf.add(tf.add(tf.matMul(h as tf.Tensor2D, ws[depth] as tf.Tensor2D), bs[depth]), es[depth]);
    outputs.push(logits);
    if (classification) return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    return tf.mean(tf.square(tf.sub(tf.reshape(logits, [-1]), target))) as tf.Scalar;
  };
  const { grads } = tf.valueAndGrads((...params: tf.Tensor[]) => lossOf(params.slice(0, L), params.slice(L, 2 * L), params.slice(2 * L)))([
    ...weights,
    ...biases,
    ...perturbations,
  ]);
  lossOf(weights, biases, perturbations); // again outside the gradient scope, which disposes its intermediates
  const norm = (t: tf.Tensor) => Math.sqrt(tf.sum(tf.square(t)).dataSync()[0]);
  const range = Array.from({ length: L }, (_, l) => l);
  return {
    weightGradNorm: range.map((l) => norm(grads[l])),
    biasGradNorm: range.map((l) => norm(grads[L + l])),
    weightGradMaxAbs: range.map((l) => tf.max(tf.abs(grads[l])).dataSync()[0]),
    // The loss is a batch mean: each example's own gradient is batch x its row.
    preactGradNorm: range.map((l) => Math.sqrt(batch) * norm(grads[2 * L + l])),
    activationMean: range.map((l) => tf.mean(outputs[l]).dataSync()[0]),
    activationStd: range.map((l) => Math.sqrt(tf.moments(outputs[l]).variance.dataSync()[0])),
    deadOrSaturated: range.map((l) => {
      if (l === depth) return 0;
      const a = branches[l];
      switch (config.activation) {
        case 'relu':
        case 'leaky_relu':
          return tf.mean(tf.cast(tf.lessEqual(tf.max(a, 0), 0), 'float32')).dataSync()[0];
        case 'tanh':
          return tf.mean(tf.cast(tf.greater(tf.mean(tf.square(a), 0), 0.98), 'float32')).dataSync()[0];
        default:
          return Number.NaN;
      }
    }),
  };
}

const relClose = (actual: number, expected: number, tolerance = 2e-4) =>
  Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), 1e-12);

const cases: [string, Partial<RunConfig>][] = [
  ['relu, sgd (step norms derived from the gradient)', { activation: 'relu', depth: 5, width: 12 }],
  ['relu, sgd, clip by norm (derived, scaled by the clip)', { activation: 'relu', depth: 5, width: 12, clip: 'norm', clipThreshold: 0.05, learningRate: 0.5 }],
  ['relu, sgd with weight decay (steps measured)', { activation: 'relu', depth: 4, width: 12, weightDecay: 0.1, learningRate: 0.5 }],
  ['tanh, residual, momentum, clip by norm', { activation: 'tanh', depth: 4, width: 10, residual: true, optimizer: 'momentum', clip: 'norm', clipThreshold: 0.05 }],
  ['leaky relu, layer norm, adam, clip by value', { activation: 'leaky_relu', depth: 3, width: 9, normalization: 'layer', optimizer: 'adam', clip: 'value', clipThreshold: 0.01 }],
  ['sigmoid, regression (sine)', { activation: 'sigmoid', depth: 3, width: 8, dataset: 'sine' }],
  ['relu, depth 1 (no middle layers)', { activation: 'relu', depth: 1, width: 6 }],
  ['linear, depth 0 (a single layer)', { activation: 'linear', depth: 0, width: 6 }],
  ['relu, narrow and deep (dead units)', { activation: 'relu', depth: 8, width: 3 }],
];

describe.each(['kernel', 'ops'] as const)('StepStats (%s path) match an autodiff reference on the first step', (statistics) => {
  for (const [name, overrides] of cases) {
    it(name, async () => {
      const config: RunConfig = { ...DEFAULT_CONFIG, samples: 64, testSplit: 0.25, batchSize: 48, seed: 3, ...overrides };
      const trainer = createTrainer(config, { statistics });
      const L = config.depth + 1;
      const before = await Promise.all(Array.from({ length: L }, (_, l) => trainer.readWeights(l)));
      const stats = await trainer.step();
      const after = await Promise.all(Array.from({ length: L }, (_, l) => trainer.readWeights(l)));
      const ds = trainer.dataset;
      expect(ds.numTrain).toBe(48); // full batch: the order of examples does not matter
      let expected = {} as Reference;
      tf.tidy(() => {
        const shapes = before.map((_, l) => [l === 0 ? ds.inputDim : config.width, l === config.depth ? ds.outputDim : config.width]);
        if (config.depth === 0) shapes[0] = [ds.inputDim, ds.outputDim];
        const weights = before.map((w, l) => tf.tensor2d(w, shapes[l] as [number, number]));
        const x = tf.tensor2d(ds.trainX, [ds.numTrain, ds.inputDim]);
        const target = ds.classification
          ? tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(ds.trainY), 'int32'), ds.outputDim), 'float32')
          : tf.tensor1d(ds.trainY);
        expected = reference(config, weights, x, target, ds.classification);
      });
      for (const field of ['weightGradNorm', 'biasGradNorm', 'weightGradMaxAbs', 'preactGradNorm', 'activationMean'] as const) {
        for (let l = 0; l < L; l++) {
          const ok = relClose(stats.layers[field][l], expected[field][l]) || Math.abs(stats.layers[field][l] - expected[field][l]) < 1e-6;
          expect(ok, `${field}[${l}] = ${stats.layers[field][l]}, reference ${expected[field][l]}`).toBe(true);
        }
      }
      for (let l = 0; l < L; l++) {
        expect(relClose(stats.layers.activationStd[l], expected.activationStd[l], 1e-3), `activationStd[${l}]`).toBe(true);
        let weightSq = 0;
        let stepSq = 0;
        for (let i = 0; i < after[l].length; i++) {
          weightSq += after[l][i] ** 2;
          stepSq += (after[l][i] - before[l][i]) ** 2;
        }
        expect(relClose(stats.layers.weightNorm[l], Math.sqrt(weightSq)), `weightNorm[${l}]`).toBe(true);
        // The applied step is recomputed from rounded float32 weights: compare loosely,
        // with an absolute floor for steps below float32 resolution.
        const ratio = Math.sqrt(stepSq / weightSq);
        const ours = stats.layers.updateRatio[l];
        expect(Math.abs(ours - ratio) <= 2e-2 * ratio + 1e-6, `updateRatio[${l}] = ${ours}, reference ${ratio}`).toBe(true);
        if (!Number.isNaN(expected.deadOrSaturated[l])) expect(stats.layers.saturation[l], `saturation[${l}]`).toBeCloseTo(expected.deadOrSaturated[l], 6);
      }
      let sumSq = 0;
      for (let l = 0; l < L; l++) sumSq += expected.weightGradNorm[l] ** 2 + expected.biasGradNorm[l] ** 2;
      expect(relClose(stats.gradNormBeforeClip, Math.sqrt(sumSq))).toBe(true);
      if (config.clip === 'norm') expect(stats.gradNormAfterClip).toBeLessThan(stats.gradNormBeforeClip); // the clip is active
      trainer.dispose();
    });
  }
});
