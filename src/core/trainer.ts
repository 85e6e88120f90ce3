// createTrainer(config): a network of the config's model family, its data and its
// optimizer on the current tfjs backend, stepping one mini-batch at a time (the RNN's
// trainer is families/rnn/trainer.ts; what both share, core/training.ts). This file is
// the MLP's: `step()` returns StepStats computed on
// the device and read back once, as one packed vector: on cpu and wasm by our own
// kernels (tensorStats.ts) and read in place; on WebGL by tfjs ops (gradStats.ts) and
// one data() call (a second one only in the rare step where a float32 sum of squares
// overflows).

import * as tf from '@tensorflow/tfjs-core';
import { assertValidConfig, type RunConfig } from './config';
import { makeDataset } from './datasets';
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
import { createRnnTrainer } from './families/rnn/trainer';
import { createRng } from './rng';
import { globalNorms, toLayerStats } from './stepStats';
import { hasTensorStats, readInPlace, type StatKind, tensorStats } from './tensorStats';
import { predictTheory } from './theory';
import {
  clipGradients,
  clipScaleOf,
  createBatchSampler,
  dataTensors,
  createLiveState,
  readScalar,
  stepIsScaledGradient,
  type Trainer,
  type TrainerOptions,
} from './training';

export type { LiveSettings, Trainer, TrainerOptions } from './training';

/** The MLP's trainer: the shared Trainer and the architecture it built. */
export interface MlpTrainer extends Trainer {
  readonly architecture: Architecture;
}

export const GRID_EXTENT = 1.5;

/**
 * The saturated-unit fractions need per-unit statistics over the batch axis (the
 * costliest statistic: about as much as all the others); they are measured every this
 * many steps (step 0 included) and carried in between. Everything else, every step.
 */
export const SATURATION_EVERY = 5;

/** A trainer for the config's model family (the MLP here, the RNN in families/rnn/trainer.ts). */
export function createTrainer(config: RunConfig, options: TrainerOptions = {}): Trainer {
  assertValidConfig(config);
  return config.model === 'rnn' ? createRnnTrainer(config, options) : createMlpTrainer(config, options);
}

export function createMlpTrainer(config: RunConfig, options: TrainerOptions = {}): MlpTrainer {
  assertValidConfig(config);
  const testEvery = options.testEvery ?? 10;
  const statistics = options.statistics ?? 'auto';
  const kernelStatistics = () => statistics === 'kernel' || (statistics === 'auto' && hasTensorStats());
  const root = createRng(config.seed);
  const dataRng = root.fork();
  const initRng = root.fork();
  const batchRng = root.fork();
  const biasRng = root.fork();

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

  const data = dataTensors(dataset);

  const params = createParams(architecture, config, initRng, biasRng);
  const paramList: tf.Variable[] = [...params.weights, ...params.biases];
  const live = createLiveState(config);
  const health = new HealthTracker();
  const batches = createBatchSampler(dataset.numTrain, batchRng);
  let stepCount = 0;
  let disposed = false;

  const batchSize = () => Math.min(live.settings.batchSize, dataset.numTrain);

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

  const clip = (grads: tf.Tensor[], globalSumSq: () => tf.Tensor) => clipGradients(grads, live.settings, globalSumSq);

  /** Optimizer step, then weight clipping; returns the applied step of each weight matrix. */
  const applyUpdate = (grads: tf.Tensor[]): tf.Tensor[] => {
    const before = live.settings.weightClip > 0 ? params.weights.map((w) => tf.clone(w)) : null;
    const steps = live.optimizer.apply(paramList, grads, live.settings);
    if (!before) return steps.slice(0, numLayers);
    const c = live.settings.weightClip;
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

  const trainer: MlpTrainer = {
    family: 'mlp',
    dataset,
    architecture,
    theory,
    numSites: numLayers,
    widths,
    get stepCount() {
      return stepCount;
    },

    async step() {
      if (disposed) throw new Error('trainer disposed');
      const step = stepCount++;
      const measureTest = step % testEvery === 0;
      const readback = new Readback();
      const stepsKnown = stepIsScaledGradient(live.settings);
      // Kept past the tidy in case a sum of squares overflows and needs rescaling.
      const weightStacks: WeightStacks = { grads: null, after: null };
      let forwardRows: tf.Tensor | null = null;
      let batchIndices: Int32Array = new Int32Array(0);
      const kernel = kernelStatistics();
      const gradsApart = kernel && live.settings.clip === 'norm';
      const packed = tf.tidy(() => {
        const { indices, trace, loss, weightGrads, biasGrads, deltas } = forwardBackward();
        batchIndices = indices;
        readback.add('loss', loss);
        const saturationOnes = step % SATURATION_EVERY === 0 ? onesFor(indices.length) : null;
        const paramGrads = [...weightGrads, ...biasGrads];
        const clipValueSumSq = (clipped: tf.Tensor[]) => {
          if (live.settings.clip === 'value') {
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
          const clipped = clip(paramGrads, () =>
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
          const clipped = clip(paramGrads, () => tf.add(grads.sumSq(), sumOfAllSquares(biasGrads)));
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
        const norms = globalNorms(sums, parts.get('clippedSumSq')?.[0][0] ?? Number.NaN, live.settings);
        if (stepsKnown) {
          // Plain SGD: step = lr x (clipped) gradient, so ||step|| = lr x clip scale x ||dW||.
          const factor = (live.settings.learningRate * clipScaleOf(live.settings, norms.before)) ** 2;
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
          recurrent: null,
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
        applyUpdate(clip(paramGrads, () => tf.add(sumSqOf(weightGrads), sumSqOf(biasGrads))));
        return loss;
      });
      return readScalar(loss);
    },

    updateSettings(next) {
      live.update(next);
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
      live.dispose();
      for (const t of Object.values(data)) t.dispose();
      onesRow?.ones.dispose();
    },
  };
  return trainer;
}
