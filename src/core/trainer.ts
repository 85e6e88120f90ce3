// createTrainer(config): a network, its data and its optimizer on the current tfjs
// backend, stepping one mini-batch at a time. `step()` returns StepStats computed on
// the device and read back with a single data() call (a second one only in the rare
// step where a sum of squares overflows float32).

import * as tf from '@tensorflow/tfjs-core';
import { assertValidConfig, type RunConfig } from './config';
import { type Dataset, makeDataset } from './datasets';
import {
  batchAccuracy,
  finishLayerSums,
  measureForward,
  measureWeights,
  overflowed,
  Readback,
  rowSumSq,
  scaledRowNorms,
  stackPadded,
} from './gradStats';
import { assessHealth, HealthTracker } from './health';
import { accuracyOf, type Architecture, backward, createParams, disposeParams, forward, layerShapes, lossAndGradient, lossOf } from './model';
import { createOptimizer, type Optimizer, type OptimizerSettings } from './optimizers';
import { createRng, permutation, type Rng } from './rng';
import { globalNorms, type LayerSums, type StepStats, toLayerStats } from './stepStats';
import { predictTheory, type TheoryPrediction } from './theory';

/** Options that apply to a running network without rebuilding it. */
export type LiveSettings = OptimizerSettings &
  Pick<RunConfig, 'clip' | 'clipThreshold' | 'weightClip' | 'batchSize'>;

export interface TrainerOptions {
  /** Measure the held-out loss and accuracy every this many steps (default 10). */
  testEvery?: number;
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

export function createTrainer(config: RunConfig, options: TrainerOptions = {}): Trainer {
  assertValidConfig(config);
  const testEvery = options.testEvery ?? 10;
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

  // Rows of ones ([1, B]) and of 1/B, kept and cached per batch size.
  let rows: { batch: number; ones: tf.Tensor2D; averager: tf.Tensor2D } | null = null;
  const rowsFor = (batch: number) => {
    if (rows?.batch !== batch) {
      rows?.ones.dispose();
      rows?.averager.dispose();
      rows = {
        batch,
        ones: tf.keep(tf.ones([1, batch])) as tf.Tensor2D,
        averager: tf.keep(tf.fill([1, batch], 1 / batch)) as tf.Tensor2D,
      };
    }
    return rows;
  };

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
    const grads = backward(architecture, params.weights, trace, dLogits, rowsFor(indices.length).ones);
    return { indices, trace, loss, ...grads };
  };

  /** Sum of squares over tensors of one rank (weights, or biases). */
  const sumSqOf = (tensors: tf.Tensor[]) => tf.sum(rowSumSq(stackPadded(tensors)));

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
      // Kept past the tidy in case a sum of squares overflows and needs rescaling.
      let weightStack: tf.Tensor | null = null;
      let forwardStack: tf.Tensor | null = null;
      let batchIndices: Int32Array = new Int32Array(0);
      const packed = tf.tidy(() => {
        const { indices, trace, loss, weightGrads, biasGrads, deltas } = forwardBackward();
        batchIndices = indices;
        readback.add('loss', loss);
        forwardStack = measureForward(readback, architecture.activation, trace, deltas, rowsFor(indices.length).averager);
        if (forwardStack) tf.keep(forwardStack);
        readback.add('biasGrads', tf.concat(biasGrads));
        // Clipping by norm needs ||dW|| before the update.
        const gradStack = settings.clip === 'norm' ? stackPadded(weightGrads) : null;
        const paramGrads = [...weightGrads, ...biasGrads];
        const clipped = clipGradients(paramGrads, () =>
          tf.add(tf.sum(rowSumSq(gradStack as tf.Tensor)), sumSqOf(biasGrads)),
        );
        if (settings.clip === 'value') {
          readback.add('clippedSumSq', tf.add(sumSqOf(clipped.slice(0, numLayers)), sumSqOf(clipped.slice(numLayers))));
        }
        const steps = applyUpdate(clipped);
        weightStack = tf.keep(measureWeights(readback, weightGrads, params.weights, steps, gradStack));
        if (measureTest) readback.add('test', testMetrics());
        return readback.pack();
      });
      try {
        const parts = readback.unpack((await packed.data()) as Float32Array);
        const batch = batchIndices.length;
        const sums = finishLayerSums(parts, architecture.activation, widths, batch);
        await rescueOverflow(sums, weightStack, forwardStack, batch, config.width);
        const loss = parts.get('loss')?.[0][0] ?? Number.NaN;
        const layers = toLayerStats(sums, batch);
        const norms = globalNorms(sums, parts.get('clippedSumSq')?.[0][0] ?? Number.NaN, settings);
        const verdict = health.update(step, assessHealth(loss, layers, widths));
        const test = parts.get('test')?.[0];
        const finiteOrNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
        const logits = parts.get('logits')?.[0] ?? new Float32Array(0);
        return {
          step,
          loss,
          accuracy: dataset.classification
            ? batchAccuracy(logits, Array.from(batchIndices, (i) => dataset.trainY[i]), dataset.outputDim)
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
        (weightStack as tf.Tensor | null)?.dispose();
        (forwardStack as tf.Tensor | null)?.dispose();
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
      rows?.ones.dispose();
      rows?.averager.dispose();
    },
  };
  return trainer;
}

/**
 * Float32 sums of squares overflow once elements pass ~1.8e19 even when the norm is
 * representable: recompute those rows scaled by max |x| (a second, rare read-back).
 * Weight stack rows: dW (L), W after the update (L), steps (L); or, when clipping by
 * norm, dW only. Forward stack rows: the hidden deltas (depth), then the hidden outputs.
 */
async function rescueOverflow(sums: LayerSums, weightStack: tf.Tensor | null, forwardStack: tf.Tensor | null, batch: number, width: number) {
  const L = sums.weightGradSumSq.length;
  const depth = L - 1;
  const weightRows = [sums.weightGradSumSq, sums.weightSumSq, sums.stepSumSq];
  if (weightStack && (weightRows.some(overflowed) || overflowed(sums.weightGradMaxSq))) {
    const rescued = await scaledRowNorms(weightStack);
    weightRows.forEach((target, k) => {
      for (let l = 0; l < L && k * L + l < rescued.norms.length; l++) target[l] = rescued.norms[k * L + l] ** 2;
    });
    for (let l = 0; l < L; l++) sums.weightGradMaxSq[l] = rescued.maxAbs[l] ** 2;
  }
  const hiddenMeanSq = sums.activationMeanSq.subarray(0, depth);
  if (forwardStack && (overflowed(sums.preactGradSumSq.subarray(0, depth)) || overflowed(hiddenMeanSq))) {
    const rescued = await scaledRowNorms(forwardStack);
    for (let l = 0; l < depth; l++) {
      sums.preactGradSumSq[l] = rescued.norms[l] ** 2;
      hiddenMeanSq[l] = rescued.norms[depth + l] ** 2 / (batch * width);
    }
  }
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
