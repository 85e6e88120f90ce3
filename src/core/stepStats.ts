// StepStats: the plain data one training step produces. Nothing here is a tensor, so
// it crosses the worker boundary as is (the typed arrays can be transferred).

import type { HealthVerdict } from './health';

/** Per-layer arrays, index 0 = first (input) layer, last index = the readout layer. */
export interface LayerStats {
  /** ||dL/dW_l|| (Frobenius), before clipping. */
  weightGradNorm: Float64Array;
  /** ||dL/db_l||, before clipping. */
  biasGradNorm: Float64Array;
  /** max |dL/dW_l|. */
  weightGradMaxAbs: Float64Array;
  /**
   * ||delta_l|| = ||dL/dz_l|| per example: the root mean square over the batch of the
   * norm of each example's own-loss gradient with respect to layer l's pre-activations.
   */
  preactGradNorm: Float64Array;
  /** ||W_l|| after this step's update. */
  weightNorm: Float64Array;
  /** ||applied step of W_l|| / ||W_l|| (W after the update; 0 when nothing moved). */
  updateRatio: Float64Array;
  /** Mean and standard deviation of the layer's output (logits for the readout). */
  activationMean: Float64Array;
  activationStd: Float64Array;
  /**
   * Fraction of saturated (tanh, sigmoid, elu, selu) or dead (relu) units; 0 for the
   * readout. Measured every SATURATION_EVERY steps (src/core/trainer.ts), the latest
   * measurement in between.
   */
  saturation: Float64Array;
}

/** The RNN's parameter groups, in the order of RecurrentStats' arrays. */
export const PARAM_GROUPS = ['input', 'recurrent', 'bias', 'readout'] as const;
export type ParamGroup = (typeof PARAM_GROUPS)[number];

/** What an RNN step measures besides its per-time-step arrays. */
export interface RecurrentStats {
  /** sigma_max of W_rec after the update (gated cells: of the candidate's block), by warm-started power iteration. */
  sigmaMax: number;
  /** lstm: the mean forget gate; gru: the mean update gate (the share of h_(t-1) kept), over batch, units and time; NaN for rnn. */
  gateMean: number;
  /** ||dL/dθ|| per parameter group (PARAM_GROUPS), before clipping. */
  groupGradNorm: Float64Array;
  /** ||applied step|| / ||θ|| per parameter group, after the update. */
  groupUpdateRatio: Float64Array;
}

export interface StepStats {
  /** 0-based index of the step; step 0's gradients are those of the initial weights. */
  step: number;
  loss: number;
  /** Training-batch accuracy (classification), null for regression. */
  accuracy: number | null;
  /** Held-out loss and accuracy, measured every few steps; null between. */
  testLoss: number | null;
  testAccuracy: number | null;
  /** Global gradient norm over all weights and biases, before and after clipping. */
  gradNormBeforeClip: number;
  gradNormAfterClip: number;
  /**
   * Per-site arrays: the MLP's layers; the RNN's time steps t = 1..T, where
   * preactGradNorm is ||dL/dh_t|| (RMS over the batch), activationMean/Std are h_t's, and
   * the per-layer weight statistics are NaN (its weights are shared by every step: see
   * `recurrent`).
   */
  layers: LayerStats;
  /** RNN runs only; null for the MLP. */
  recurrent: RecurrentStats | null;
  health: HealthVerdict;
}

export interface StepContext {
  clip: 'none' | 'norm' | 'value';
  clipThreshold: number;
}

/** Per-layer sums as read back from the device (finished in JavaScript). */
export interface LayerSums {
  weightGradSumSq: Float64Array;
  weightGradMaxSq: Float64Array;
  biasGradSumSq: Float64Array;
  /** Sum of squares of dL/dz_l for the batch-mean loss. */
  preactGradSumSq: Float64Array;
  weightSumSq: Float64Array;
  stepSumSq: Float64Array;
  activationMean: Float64Array;
  activationMeanSq: Float64Array;
  /** Null on steps that did not measure it (see SATURATION_EVERY): the trainer carries the last. */
  saturation: Float64Array | null;
}

/** Per-site arrays for `n` sites, every value `fill`: one buffer for the nine arrays (views), one allocation per step. */
export function allocLayerStats(n: number, fill = 0): LayerStats {
  const buffer = new Float64Array(9 * n);
  if (fill !== 0) buffer.fill(fill);
  const field = (k: number) => buffer.subarray(k * n, (k + 1) * n);
  return {
    weightGradNorm: field(0),
    biasGradNorm: field(1),
    weightGradMaxAbs: field(2),
    preactGradNorm: field(3),
    weightNorm: field(4),
    updateRatio: field(5),
    activationMean: field(6),
    activationStd: field(7),
    saturation: field(8),
  };
}

/** Turns the raw device sums into the norms and ratios a person reads. */
export function toLayerStats(raw: LayerSums, batchSize: number): LayerStats {
  const n = raw.weightGradSumSq.length;
  const stats = allocLayerStats(n);
  for (let l = 0; l < n; l++) {
    const weightNorm = Math.sqrt(raw.weightSumSq[l]);
    const step = Math.sqrt(raw.stepSumSq[l]);
    stats.weightGradNorm[l] = Math.sqrt(raw.weightGradSumSq[l]);
    stats.biasGradNorm[l] = Math.sqrt(raw.biasGradSumSq[l]);
    stats.weightGradMaxAbs[l] = Math.sqrt(raw.weightGradMaxSq[l]);
    // The loss is a batch mean, so each example's own gradient is batchSize x its row.
    stats.preactGradNorm[l] = Math.sqrt(batchSize * raw.preactGradSumSq[l]);
    stats.weightNorm[l] = weightNorm;
    stats.updateRatio[l] = weightNorm === 0 ? (step === 0 ? 0 : Number.POSITIVE_INFINITY) : step / weightNorm;
    stats.activationMean[l] = raw.activationMean[l];
    stats.activationStd[l] = Math.sqrt(Math.max(0, raw.activationMeanSq[l] - raw.activationMean[l] ** 2));
    stats.saturation[l] = raw.saturation ? raw.saturation[l] : 0;
  }
  return stats;
}

export function globalNorms(
  raw: LayerSums,
  clippedGradSumSq: number,
  ctx: Pick<StepContext, 'clip' | 'clipThreshold'>,
): { before: number; after: number } {
  let sumSq = 0;
  for (let l = 0; l < raw.weightGradSumSq.length; l++) {
    sumSq += raw.weightGradSumSq[l] + raw.biasGradSumSq[l];
  }
  const before = Math.sqrt(sumSq);
  switch (ctx.clip) {
    case 'none':
      return { before, after: before };
    case 'norm':
      return { before, after: Number.isFinite(before) ? Math.min(before, ctx.clipThreshold) : before };
    case 'value':
      return { before, after: Math.sqrt(clippedGradSumSq) };
  }
}
