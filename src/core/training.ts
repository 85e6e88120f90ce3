// What every model family's trainer shares (the MLP's in trainer.ts, the RNN's in
// families/rnn/trainer.ts): the Trainer interface the run loop drives, the settings that
// apply to a running network, clipping, the batch sampler and the rule for when a
// step's norm follows from its gradient's.

import * as tf from '@tensorflow/tfjs-core';
import type { ModelFamily, RunConfig } from './config';
import type { Dataset } from './datasets';
import { createOptimizer, type Optimizer, type OptimizerSettings } from './optimizers';
import { permutation, type Rng } from './rng';
import type { StepStats } from './stepStats';
import type { TheoryPrediction } from './theory';

/** Options that apply to a running network without rebuilding it. */
export type LiveSettings = OptimizerSettings & Pick<RunConfig, 'clip' | 'clipThreshold' | 'weightClip' | 'batchSize'>;

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
  readonly family: ModelFamily;
  readonly dataset: Dataset;
  readonly theory: TheoryPrediction;
  /**
   * The sites the per-site statistics (StepStats.layers) are measured at: the MLP's
   * layers (input layer first, the readout last) or the RNN's time steps (t = 1 first).
   */
  readonly numSites: number;
  /** fanOut of each site (units per layer; the hidden size at every time step). */
  readonly widths: readonly number[];
  readonly stepCount: number;
  /** One instrumented training step. */
  step(): Promise<StepStats>;
  /** One training step that reads back only the loss (the benchmark's baseline). */
  stepBare(): Promise<number>;
  /** Applies learning rate, optimizer, clipping and batch size to the running network. */
  updateSettings(settings: Partial<LiveSettings>): void;
  /**
   * Model outputs on a resolution x resolution grid over [-1.5, 1.5]^2 (class
   * probabilities), or on a 1-D grid for regression; empty for sequence tasks.
   */
  predictGrid(resolution: number): Promise<Float32Array>;
  /** Flattened weights of weight matrix l (0-based; for the RNN: input, recurrent, readout), for tests and inspection. */
  readWeights(layer: number): Promise<Float32Array>;
  dispose(): void;
}

export const liveSettingsOf = (config: RunConfig): LiveSettings => ({
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
});

/** A running network's live settings and the optimizer they pick (a fresh one when the kind changes). */
export function createLiveState(config: RunConfig) {
  let settings = liveSettingsOf(config);
  let optimizer: Optimizer = createOptimizer(settings.optimizer);
  return {
    get settings(): LiveSettings {
      return settings;
    },
    get optimizer(): Optimizer {
      return optimizer;
    },
    update(next: Partial<LiveSettings>): void {
      const merged = { ...settings, ...next };
      if (merged.optimizer !== settings.optimizer) {
        optimizer.dispose();
        optimizer = createOptimizer(merged.optimizer);
      }
      settings = merged;
    },
    dispose(): void {
      optimizer.dispose();
    },
  };
}

/** The value of a scalar tensor, which is then disposed. */
export async function readScalar(t: tf.Tensor): Promise<number> {
  const value = (await t.data())[0];
  t.dispose();
  return value;
}

/** Clips the raw gradients as configured (tidy-scoped); `globalSumSq` is asked only when clipping by norm. */
export function clipGradients(grads: tf.Tensor[], settings: LiveSettings, globalSumSq: () => tf.Tensor): tf.Tensor[] {
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
}

/** The factor clipping by norm scaled the gradients by, from the norm measured before. */
export const clipScaleOf = (settings: LiveSettings, normBefore: number): number =>
  settings.clip === 'norm' ? Math.min(1, settings.clipThreshold / Math.max(normBefore, 1e-30)) : 1;

/**
 * Whether this step applies exactly lr x the (clipped) gradient, so that the step's norm
 * follows from the gradient's and need not be measured: plain SGD without weight decay
 * or weight clipping, and not clipping by value (which clips element by element).
 */
export function stepIsScaledGradient(s: LiveSettings): boolean {
  return s.optimizer === 'sgd' && s.weightDecay === 0 && s.weightClip === 0 && s.clip !== 'value';
}

/** Shuffled passes over the training set; a pass too short for a batch reshuffles. */
export function createBatchSampler(numTrain: number, rng: Rng) {
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

/** The training and held-out data as tensors (targets one-hot for classification); kept, so dispose them. */
export function dataTensors(dataset: Dataset) {
  return tf.tidy(() => {
    const targets = (y: Float32Array) =>
      dataset.classification ? tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), dataset.outputDim), 'float32') : tf.tensor1d(y);
    return {
      trainX: tf.keep(tf.tensor2d(dataset.trainX, [dataset.numTrain, dataset.inputDim])),
      trainTarget: tf.keep(targets(dataset.trainY)),
      testX: tf.keep(tf.tensor2d(dataset.testX, [dataset.numTest, dataset.inputDim])),
      testTarget: tf.keep(targets(dataset.testY)),
      testLabels: tf.keep(tf.tensor1d(Int32Array.from(dataset.testY), 'int32')),
    };
  });
}
