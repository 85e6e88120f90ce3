// createTrainer(config): a network, its data and its optimizer on the current tfjs
// backend, stepping one mini-batch at a time. `step()` returns StepStats computed on
// the device and read back once, as one packed vector: on cpu and wasm by our own
// kernels (tensorStats.ts) and read in place; on WebGL by tfjs ops (gradStats.ts) and
// one data() call (a second one only in the rare step where a float32 sum of squares
// overflows).

import * as tf from '@tensorflow/tfjs-core';
import { assertValidConfig, type RunConfig } from './config';
import { type Dataset, makeDataset } from './datasets';
import { batchAccuracy, finishKernelSums, finishLayerSums } from './finishStats';
import {
  measureForward,
  measureSaturation,
  measureWeightGrads,
  measureWeightsAfter,
  needsRescue,
  Readback,
  rescueOverflow,
  sumOfAllSquares,
  type WeightStacks,
} from './gradStats';
import { assessHealth, HealthTracker } from './health';
import { accuracyOf, type Architecture, backward, createParams, disposeParams, forward, layerShapes, lossAndGradient, lossOf } from './model';
import { createOptimizer, type Optimizer, type OptimizerSettings } from './optimizers';
import { createRng, permutation, type Rng } from './rng';
import { globalNorms, type StepStats, toLayerStats } from './stepStats';
import { hasTensorStats, readInPlace, type StatKind, tensorStats } from './tensorStats';
import { predictTheory, type TheoryPrediction } from './theory';

/** Options that apply to a running network without rebuilding it. */
export type LiveSettings = OptimizerSettings &
  Pick<RunConfig, 'clip' | 'clipThreshold' | 'weightClip' | 'batchSize'>;

export interface TrainerOptions {
  /** Measure the held-out loss and accuracy every this many steps (default 10). */
  testEvery?: number;
  /**
   * How the statistics are measured: 'kernel' (one op of our own, tensorStats.ts; cpu and
   * wasm only), 'ops' (tfjs ops, any backend) or 'auto' (the kernel where it exists; the
   * default).
   */
  statistics?: 'auto' | 'kernel' | 'ops';
}

export interface Trainer {
  readonly dataset: Dataset;
  readonly architecture: Architecture;
  readonly theory: TheoryPrediction;
  readonly stepCount: number;
  /** One instrumented training step. */
  step(): Promise<StepStats>;
  /** One training step that reads back only the loss (the benchmark's baseline). */
  stepBare(): Promise<number>;
  /** Applies learning rate, optimizer, clipping and batch size to the running network. */
  updateSettings(settings: Partial<LiveSettings>): void;
  /** Model outputs on a resolution x resolution grid over [-1.5, 1.5]^2 (class probabilities), or on a 1-D grid for regression. */
  predictGrid(resolution: number): Promise<Float32Array>;
  /** Flattened weights of layer l (0-based), for tests and inspection. */
  readWeights(layer: number): Promise<Float32Array>;
  dispose(): void;
}

export const GRID_EXTENT = 1.5;

/**
 * The saturated-unit fractions need per-unit statistics over the batch axis (the
 * costliest statistic: about as much as all the others); they are measured every this
 * many steps (step 0 included) and carried in between. Everything else, every step.
 */
export const SATURATION_EVERY = 5;

export function createTrainer(config: RunConfig, options: TrainerOptions = {}): Trainer {
  assertValidConfig(config);
  const testEvery = options.testEvery ?? 10;
  const statistics = options.statistics ?? 'auto';
  const kernelStatistics = () => statistics === 'kernel' || (statistics === 'auto' && hasTensorStats());
  const root = createRng(config.seed);
  const dataRng = root.fork();
  const initRng = root.fork();
  const batchRng = root.fork();

  const dataset = makeDataset(config, dataRng);
  const architecture: Architecture = {
    depth: config.depth,
    width: config.width,
    inputDim: dataset.inputDim,
    outputDim: dataset.outputDim,
    activation: config.activation,
    normalization: config.normalization,
    residual: config.residual,
  };
  const numLayers = config.depth + 1;
  const widths = layerShapes(architecture).map(([, fanOut]) => fanOut);
  const theory = predictTheory(config, dataset.inputDim, dataset.outputDim, dataset.inputSecondMoment);

  const data = tf.tidy(() => {
    const targets = (y: Float32Array) =>
      dataset.classification
        ? tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), dataset.outputDim), 'float32')
        : tf.tensor1d(y);
    return {
      trainX: tf.keep(tf.tensor2d(dataset.trainX, [dataset.numTrain, dataset.inputDim])),
      trainTarget: tf.keep(targets(dataset.trainY)),
      testX: tf.keep(tf.tensor2d(dataset.testX, [dataset.numTest, dataset.inputDim])),
      testTarget: tf.keep(targets(dataset.testY)),
      testLabels: tf.keep(tf.tensor1d(Int32Array.from(dataset.testY), 'int32')),
    };
  });

  const params = createParams(architecture, config, initRng);
  const paramList: tf.Variable[] = [...params.weights, ...params.biases];
  let settings: LiveSettings = {
    optimizer: config.optimizer,
    learningRate: config.learningRate,
    momentum: config.momentum,
    beta1: config.beta1,
    beta2: config.beta2,
    weightDecay: config.weightDecay,
    clip: config.clip,
    clipThreshold: config.clipThreshold,
    weightClip: config.weightClip,
    batchSize: config.batchSize,
  };
  let optimizer: Optimizer = createOptimizer(settings.optimizer);
  const health = new HealthTracker();
  const batches = createBatchSampler(dataset.numTrain, batchRng);
  let stepCount = 0;
  let disposed = false;

  const batchSize = () => Math.min(settings.batchSize, dataset.numTrain);

  // A row of ones ([1, B]) for the bias gradients, kept and cached per batch size.
  let onesRow: { batch: number; ones: tf.Tensor2D } | null = null;
  const onesFor = (batch: number) => {
    if (onesRow?.batch !== batch) {
      onesRow?.ones.dispose();
      onesRow = { batch, ones: tf.keep(tf.ones([1, batch])) as tf.Tensor2D };
    }
    return onesRow.ones;
  };
  const sumsScratch = new Float64Array(8 * numLayers);
  // The last measured saturated-unit fractions (see SATURATION_EVERY).
  let lastSaturation: Float64Array = new Float64Array(numLayers);

  /** Clips the raw gradients as configured (tidy-scoped). */
  const clipGradients = (grads: tf.Tensor[], globalSumSq: () => tf.Tensor): tf.Tensor[] => {
    switch (settings.clip) {
      case 'none':
        return grads;
      case 'norm': {
        const norm = tf.sqrt(globalSumSq());
        const scale = tf.minimum(1, tf.div(settings.clipThreshold, tf.maximum(norm, 1e-30)));
        return grads.map((g) => tf.mul(g, scale));
      }
      case 'value':
        return grads.map((g) => tf.clipByValue(g, -settings.clipThreshold, settings.clipThreshold));
    }
  };

  /** Optimizer step, then weight clipping; returns the applied step of each weight matrix. */
  const applyUpdate = (grads: tf.Tensor[]): tf.Tensor[] => {
    const before = settings.weightClip > 0 ? params.weights.map((w) => tf.clone(w)) : null;
    const steps = optimizer.apply(paramList, grads, settings);
    if (!before) return steps.slice(0, numLayers);
    const c = settings.weightClip;
    for (const w of params.weights) w.assign(tf.clipByValue(w, -c, c));
    return params.weights.map((w, l) => tf.sub(before[l], w));
  };

  /** Forward pass, loss and the hand-written backward pass for the next batch. */
  const forwardBackward = () => {
    const indices = batches.next(batchSize());
    const idx = tf.tensor1d(indices, 'int32');
    const x = tf.gather(data.trainX, idx) as tf.Tensor2D;
    const target = tf.gather(data.trainTarget, idx);
    const trace = forward(architecture, params.weights, params.biases, x);
    const { loss, dLogits } = lossAndGradient(trace.logits, target, dataset.classification);
    const grads = backward(architecture, params.weights, trace, dLogits, onesFor(indices.length));
    return { indices, trace, loss, ...grads };
  };

  /** Sum of squares of every element of every tensor. */
  const sumSqOf = (tensors: tf.Tensor[]) => sumOfAllSquares(tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1]))));

  const testMetrics = (): tf.Tensor => {
    if (dataset.numTest === 0) return tf.tensor1d([Number.NaN, Number.NaN]);
    const { logits } = forward(architecture, params.weights, params.biases, data.testX);
    const loss = lossOf(logits, data.testTarget, dataset.classification);
    const acc = dataset.classification ? accuracyOf(logits, data.testLabels) : tf.scalar(Number.NaN);
    return tf.stack([loss, acc]);
  };

  const trainer: Trainer = {
    dataset,
    architecture,
    theory,
    get stepCount() {
      return stepCount;
    },

    async step() {
      if (disposed) throw new Error('trainer disposed');
      const step = stepCount++;
      const measureTest = step % testEvery === 0;
      const readback = new Readback();
      const stepsKnown = stepIsScaledGradient(settings);
      // Kept past the tidy in case a sum of squares overflows and needs rescaling.
      const weightStacks: WeightStacks = { grads: null, after: null };
      let forwardRows: tf.Tensor | null = null;
      let batchIndices: Int32Array = new Int32Array(0);
      const kernel = kernelStatistics();
      const gradsApart = kernel && settings.clip === 'norm';
      const packed = tf.tidy(() => {
        const { indices, trace, loss, weightGrads, biasGrads, deltas } = forwardBackward();
        batchIndices = indices;
        readback.add('loss', loss);
        const saturationOnes = step % SATURATION_EVERY === 0 ? onesFor(indices.length) : null;
        const paramGrads = [...weightGrads, ...biasGrads];
        const clipValueSumSq = (clipped: tf.Tensor[]) => {
          if (settings.clip === 'value') {
            readback.add('clippedSumSq', tf.add(sumSqOf(clipped.slice(0, numLayers)), sumSqOf(clipped.slice(numLayers))));
          }
        };
        if (kernel) {
          // One op measures everything (see tensorStats.ts); clipping by norm measures the
          // gradients first, as it needs their global norm before the update.
          readback.add('logits', trace.logits);
          if (saturationOnes) measureSaturation(readback, architecture.activation, trace, saturationOnes, true);
          const gradKinds: StatKind[] = [...weightGrads.map(() => 'max' as const), ...biasGrads.map(() => 'norm' as const)];
          const gradStats = gradsApart ? tensorStats(paramGrads, gradKinds) : null;
          const clipped = clipGradients(paramGrads, () =>
            gradStats ? tf.sum(tf.square(tf.slice(gradStats, [0, 0], [-1, 1]))) : sumSqOf(paramGrads),
          );
          clipValueSumSq(clipped);
          const steps = applyUpdate(clipped);
          if (gradStats) readback.add('gradStats', gradStats);
          const measured = [...deltas, ...trace.hidden, ...(gradStats ? [] : paramGrads), ...params.weights, ...(stepsKnown ? [] : steps)];
          const kinds: StatKind[] = [...deltas.map(() => 'norm' as const), ...trace.hidden.map(() => 'sum' as const), ...(gradStats ? [] : gradKinds)];
          readback.add('stats', tensorStats(measured, kinds));
        } else {
          forwardRows = measureForward(readback, architecture.activation, trace, deltas, saturationOnes);
          if (forwardRows) tf.keep(forwardRows);
          for (const g of biasGrads) readback.add('biasGrad', g);
          // Gradients are measured before the update: clipping by norm needs their global norm.
          const grads = measureWeightGrads(readback, weightGrads);
          weightStacks.grads = grads.rows;
          const clipped = clipGradients(paramGrads, () => tf.add(grads.sumSq(), sumOfAllSquares(biasGrads)));
          clipValueSumSq(clipped);
          const steps = applyUpdate(clipped);
          weightStacks.after = measureWeightsAfter(readback, params.weights, stepsKnown ? null : steps);
          for (const stack of [weightStacks.grads, weightStacks.after]) if (stack) tf.keep(stack);
        }
        if (measureTest) readback.add('test', testMetrics());
        return readback.pack();
      });
      try {
        // The kernel backends keep tensors in main memory: read the packed vector in place.
        const parts = readback.unpack(kernel ? readInPlace(packed) : ((await packed.data()) as Float32Array));
        const batch = batchIndices.length;
        const sums = kernel
          ? finishKernelSums(parts, architecture.activation, widths, batch, gradsApart, stepsKnown, sumsScratch)
          : finishLayerSums(parts, architecture.activation, widths, batch);
        if (!kernel && needsRescue(sums)) await rescueOverflow(sums, weightStacks, forwardRows, batch, config.width);
        if (sums.saturation) lastSaturation = sums.saturation;
        else sums.saturation = lastSaturation;
        const loss = parts.get('loss')?.[0][0] ?? Number.NaN;
        const norms = globalNorms(sums, parts.get('clippedSumSq')?.[0][0] ?? Number.NaN, settings);
        if (stepsKnown) {
          // Plain SGD: step = lr x (clipped) gradient, so ||step|| = lr x clip scale x ||dW||.
          const clipScale = settings.clip === 'norm' ? Math.min(1, settings.clipThreshold / Math.max(norms.before, 1e-30)) : 1;
          const factor = (settings.learningRate * clipScale) ** 2;
          for (let l = 0; l < numLayers; l++) sums.stepSumSq[l] = factor * sums.weightGradSumSq[l];
        }
        const layers = toLayerStats(sums, batch);
        const verdict = health.update(step, assessHealth(loss, layers, widths));
        const test = parts.get('test')?.[0];
        const finiteOrNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
        const logits = parts.get('logits')?.[0] ?? new Float32Array(0);
        return {
          step,
          loss,
          accuracy: dataset.classification
            ? batchAccuracy(logits, batchIndices, dataset.trainY, dataset.outputDim)
            : null,
          testLoss: measureTest ? finiteOrNull(test?.[0]) : null,
          testAccuracy: measureTest && dataset.classification ? finiteOrNull(test?.[1]) : null,
          gradNormBeforeClip: norms.before,
          gradNormAfterClip: norms.after,
          layers,
          health: verdict,
        };
      } finally {
        packed.dispose();
        weightStacks.grads?.dispose();
        weightStacks.after?.dispose();
        (forwardRows as tf.Tensor | null)?.dispose();
      }
    },

    async stepBare() {
      if (disposed) throw new Error('trainer disposed');
      stepCount++;
      const loss = tf.tidy(() => {
        const { loss, weightGrads, biasGrads } = forwardBackward();
        const paramGrads = [...weightGrads, ...biasGrads];
        applyUpdate(clipGradients(paramGrads, () => tf.add(sumSqOf(weightGrads), sumSqOf(biasGrads))));
        return loss;
      });
      const value = (await loss.data())[0];
      loss.dispose();
      return value;
    },

    updateSettings(next) {
      const merged = { ...settings, ...next };
      if (merged.optimizer !== settings.optimizer) {
        optimizer.dispose();
        optimizer = createOptimizer(merged.optimizer);
      }
      settings = merged;
    },

    async predictGrid(resolution) {
      const grid = tf.tidy(() => {
        const n = resolution;
        if (dataset.inputDim === 1) {
          const xs = tf.reshape(tf.linspace(-GRID_EXTENT, GRID_EXTENT, n), [n, 1]) as tf.Tensor2D;
          return tf.reshape(forward(architecture, params.weights, params.biases, xs).logits, [-1]);
        }
        const coords = tf.linspace(-GRID_EXTENT, GRID_EXTENT, n);
        // Row-major, y from top (+extent) to bottom, x from left to right.
        const gx = tf.tile(coords, [n]);
        const gy = tf.reshape(tf.tile(tf.reshape(tf.reverse(coords), [n, 1]), [1, n]), [-1]);
        const xs = tf.stack([gx, gy], 1) as tf.Tensor2D;
        return tf.softmax(forward(architecture, params.weights, params.biases, xs).logits);
      });
      const values = (await grid.data()) as Float32Array;
      grid.dispose();
      return values;
    },

    async readWeights(layer) {
      return (await params.weights[layer].data()) as Float32Array;
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      disposeParams(params);
      optimizer.dispose();
      for (const t of Object.values(data)) t.dispose();
      onesRow?.ones.dispose();
    },
  };
  return trainer;
}

/**
 * Whether this step applies exactly lr x the (clipped) gradient, so that the step's norm
 * follows from the gradient's and need not be measured: plain SGD without weight decay
 * or weight clipping, and not clipping by value (which clips element by element).
 */
function stepIsScaledGradient(s: LiveSettings): boolean {
  return s.optimizer === 'sgd' && s.weightDecay === 0 && s.weightClip === 0 && s.clip !== 'value';
}

/** Shuffled passes over the training set; a pass too short for a batch reshuffles. */
function createBatchSampler(numTrain: number, rng: Rng) {
  let order = permutation(numTrain, rng);
  let cursor = 0;
  return {
    next(size: number): Int32Array {
      if (cursor + size > numTrain) {
        order = permutation(numTrain, rng);
        cursor = 0;
      }
      const batch = order.slice(cursor, cursor + size);
      cursor += size;
      return batch;
    },
  };
}
