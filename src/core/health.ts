// The health verdict of a training step, from its per-layer statistics.
//
// Thresholds (HEALTH_THRESHOLDS):
// - diverged: any per-layer statistic or the loss is not finite (NaN or Inf). Checked
//   on every statistic, not just the loss: a backend can turn NaN into 0 downstream
//   and hide a blow-up behind a finite loss.
// - exploding: the per-unit RMS of delta_l = dL/dz_l in some hidden layer is more than
//   1e3 times that of the last hidden layer (gradients grow 1000x on their way back),
//   or a layer's update is larger than its weights (update/weight ratio > 1), or a
//   hidden layer's output RMS passes 1e4 (the forward signal explodes).
// - vanishing: some hidden layer's per-unit delta RMS is below 1e-3 times the last
//   hidden layer's (or no gradient reaches the hidden layers at all: then the layer named
//   is the one nearest the output whose units are all dead or saturated, if any).
// The layer named is where the trend first crosses the threshold, walking from the
// output back towards the input (1-based; the readout is layer depth + 1).

import type { LayerStats } from './stepStats';

export type HealthStatus = 'healthy' | 'vanishing' | 'exploding' | 'diverged';

export const HEALTH_THRESHOLDS = {
  growth: 1e3,
  shrink: 1e-3,
  updateRatio: 1,
  activationRms: 1e4,
} as const;

/** Why a verdict is what it is, as a code and numbers (the page words it in its language). */
export type HealthCause =
  | { code: 'nonFinite'; field: string }
  | { code: 'lossNonFinite' }
  | { code: 'dead' }
  | { code: 'noGradient' }
  | { code: 'gradRatio'; value: number }
  | { code: 'activations'; value: number }
  | { code: 'update'; value: number }
  | { code: 'healthy' }
  | { code: 'timeGradNonFinite' }
  | { code: 'hiddenNonFinite' }
  | { code: 'updateNonFinite' }
  | { code: 'noGradientTime' }
  | { code: 'timeGradRatio'; value: number }
  | { code: 'hiddenLarge'; value: number }
  | { code: 'updateLarge'; value: number }
  | { code: 'healthyTime' };

export interface HealthAssessment {
  status: HealthStatus;
  /** 1-based layer index, or null when no single layer is to blame. */
  layer: number | null;
  /** The cause in English (exports and logs); the page words `cause` where there is one. */
  reason: string;
  cause?: HealthCause;
}

export interface HealthVerdict extends HealthAssessment {
  /** The step at which the current status began. */
  since: number;
}

const isFiniteNumber = (x: number) => Number.isFinite(x);

const FORWARD_FIELDS = ['activationMean', 'activationStd', 'weightNorm'] as const satisfies readonly (keyof LayerStats)[];
const BACKWARD_FIELDS = ['preactGradNorm', 'weightGradNorm', 'biasGradNorm', 'weightGradMaxAbs', 'updateRatio'] as const satisfies readonly (keyof LayerStats)[];

/** The first layer (1-based) with a non-finite value of `field`, scanning in the given order. */
function firstNonFinite(values: ArrayLike<number>, fromInput: boolean): number {
  const n = values.length;
  for (let k = 0; k < n; k++) {
    const l = fromInput ? k : n - 1 - k;
    if (!Number.isFinite(values[l])) return l + 1;
  }
  return 0;
}

export function assessHealth(loss: number, layers: LayerStats, widths: readonly number[]): HealthAssessment {
  const numLayers = layers.preactGradNorm.length;
  const depth = numLayers - 1;

  // Diverged: where the forward pass blew up first (input side), else the backward pass
  // (output side); on one layer, the first field in the lists above.
  const diverged = (fields: readonly (keyof LayerStats)[], fromInput: boolean): HealthAssessment | null => {
    let worst = 0;
    let field: keyof LayerStats = fields[0];
    for (const f of fields) {
      const layer = firstNonFinite(layers[f], fromInput);
      if (layer > 0 && (worst === 0 || (fromInput ? layer < worst : layer > worst))) {
        worst = layer;
        field = f;
      }
    }
    return worst === 0 ? null : { status: 'diverged', layer: worst, reason: `non-finite ${field} in layer ${worst}`, cause: { code: 'nonFinite', field } };
  };
  const blewUp = diverged(FORWARD_FIELDS, true) ?? diverged(BACKWARD_FIELDS, false);
  if (blewUp) return blewUp;
  if (!isFiniteNumber(loss)) return { status: 'diverged', layer: null, reason: 'the loss is not finite', cause: { code: 'lossNonFinite' } };

  // Per-unit RMS of delta, so layers of different widths compare.
  const rms = (l: number) => layers.preactGradNorm[l] / Math.sqrt(widths[l]);
  if (depth >= 2) {
    const reference = rms(depth - 1);
    if (reference === 0) {
      // Usually a layer whose every unit is shut (dead relu, saturated tanh/sigmoid): name
      // the one nearest the output, where the gradient stops.
      for (let l = depth - 1; l >= 0; l--) {
        if (layers.saturation[l] >= 1) {
          return { status: 'vanishing', layer: l + 1, reason: `every unit of layer ${l + 1} is dead or saturated, so no gradient passes it`, cause: { code: 'dead' } };
        }
      }
      return { status: 'vanishing', layer: depth, reason: 'no gradient reaches the hidden layers', cause: { code: 'noGradient' } };
    }
    for (let l = depth - 2; l >= 0; l--) {
      const ratio = rms(l) / reference;
      if (ratio > HEALTH_THRESHOLDS.growth) {
        return {
          status: 'exploding',
          layer: l + 1,
          reason: `the gradient at layer ${l + 1} is ${formatRatio(ratio)}x that of the last hidden layer`,
          cause: { code: 'gradRatio', value: ratio },
        };
      }
    }
  }
  for (let l = 0; l < depth; l++) {
    const mean = layers.activationMean[l];
    const std = layers.activationStd[l];
    const activationRms = Math.sqrt(mean * mean + std * std);
    if (activationRms > HEALTH_THRESHOLDS.activationRms) {
      return { status: 'exploding', layer: l + 1, reason: `activations in layer ${l + 1} reach ${formatRatio(activationRms)}`, cause: { code: 'activations', value: activationRms } };
    }
  }
  for (let l = 0; l < numLayers; l++) {
    if (layers.updateRatio[l] > HEALTH_THRESHOLDS.updateRatio) {
      return {
        status: 'exploding',
        layer: l + 1,
        reason: `the update of layer ${l + 1} is ${formatRatio(layers.updateRatio[l])}x its weights`,
        cause: { code: 'update', value: layers.updateRatio[l] },
      };
    }
  }
  if (depth >= 2) {
    const reference = rms(depth - 1);
    for (let l = depth - 2; l >= 0; l--) {
      const ratio = rms(l) / reference;
      if (ratio < HEALTH_THRESHOLDS.shrink) {
        return {
          status: 'vanishing',
          layer: l + 1,
          reason: `the gradient at layer ${l + 1} is ${formatRatio(ratio)}x that of the last hidden layer`,
          cause: { code: 'gradRatio', value: ratio },
        };
      }
    }
  }
  return { status: 'healthy', layer: null, reason: 'gradients stay within 1000x across depth', cause: { code: 'healthy' } };
}

/** A ratio as the verdicts print it: 3 significant digits, exponent notation from 1e4 and below 1e-2. */
export function formatRatio(x: number): string {
  if (x >= 1e4 || x < 1e-2) return x.toExponential(1);
  return x.toPrecision(3);
}

/** Tracks when the current status began, so a verdict can say "since step N". */
export class HealthTracker {
  private current: HealthVerdict | null = null;

  update(step: number, assessment: HealthAssessment): HealthVerdict {
    if (!this.current || this.current.status !== assessment.status) {
      this.current = { ...assessment, since: step };
    } else {
      // Same status: keep its onset step, report the latest layer and reason.
      this.current = { ...assessment, since: this.current.since };
    }
    return this.current;
  }
}

/**
 * The verdict of an RNN step, with the same thresholds across time steps instead of
 * layers (the site named is the time step, 1-based, t = T the last): diverged on a
 * non-finite loss or statistic; exploding where ||dL/dh_t|| grows past 1000x that at
 * t = T (walking back from T), a weight matrix's update is larger than the matrix
 * (`weightUpdateRatio`: input, recurrent, readout), or h_t's RMS passes 1e4; vanishing where ||dL/dh_t|| falls below 1/1000
 * of that at t = T.
 */
export function assessThroughTime(
  loss: number,
  timeGradNorm: ArrayLike<number>,
  hiddenRms: ArrayLike<number>,
  weightUpdateRatio: ArrayLike<number>,
): HealthAssessment {
  const T = timeGradNorm.length;
  for (let t = T - 1; t >= 0; t--) {
    if (!isFiniteNumber(timeGradNorm[t])) return { status: 'diverged', layer: t + 1, reason: `non-finite gradient at time step ${t + 1}`, cause: { code: 'timeGradNonFinite' } };
  }
  for (let t = 0; t < T; t++) {
    if (!isFiniteNumber(hiddenRms[t])) return { status: 'diverged', layer: t + 1, reason: `non-finite hidden state at time step ${t + 1}`, cause: { code: 'hiddenNonFinite' } };
  }
  for (let k = 0; k < weightUpdateRatio.length; k++) {
    if (Number.isNaN(weightUpdateRatio[k])) return { status: 'diverged', layer: null, reason: 'a non-finite weight update', cause: { code: 'updateNonFinite' } };
  }
  if (!isFiniteNumber(loss)) return { status: 'diverged', layer: null, reason: 'the loss is not finite', cause: { code: 'lossNonFinite' } };
  const last = timeGradNorm[T - 1];
  if (last === 0) return { status: 'vanishing', layer: T, reason: 'no gradient reaches the last hidden state', cause: { code: 'noGradientTime' } };
  for (let t = T - 2; t >= 0; t--) {
    const ratio = timeGradNorm[t] / last;
    if (ratio > HEALTH_THRESHOLDS.growth) {
      return { status: 'exploding', layer: t + 1, reason: `the gradient at time step ${t + 1} is ${formatRatio(ratio)}x that at the last step`, cause: { code: 'timeGradRatio', value: ratio } };
    }
  }
  for (let t = 0; t < T; t++) {
    if (hiddenRms[t] > HEALTH_THRESHOLDS.activationRms) {
      return { status: 'exploding', layer: t + 1, reason: `the hidden state at time step ${t + 1} reaches ${formatRatio(hiddenRms[t])}`, cause: { code: 'hiddenLarge', value: hiddenRms[t] } };
    }
  }
  for (let k = 0; k < weightUpdateRatio.length; k++) {
    if (weightUpdateRatio[k] > HEALTH_THRESHOLDS.updateRatio) {
      return { status: 'exploding', layer: null, reason: `a weight update is ${formatRatio(weightUpdateRatio[k])}x its weights`, cause: { code: 'updateLarge', value: weightUpdateRatio[k] } };
    }
  }
  for (let t = T - 2; t >= 0; t--) {
    const ratio = timeGradNorm[t] / last;
    if (ratio < HEALTH_THRESHOLDS.shrink) {
      return { status: 'vanishing', layer: t + 1, reason: `the gradient at time step ${t + 1} is ${formatRatio(ratio)}x that at the last step`, cause: { code: 'timeGradRatio', value: ratio } };
    }
  }
  return { status: 'healthy', layer: null, reason: 'gradients stay within 1000x through time', cause: { code: 'healthyTime' } };
}
