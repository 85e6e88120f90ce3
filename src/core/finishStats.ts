// The JavaScript side of the per-layer statistics, for both ways of measuring them (the
// op path of gradStats.ts and the kernels of tensorStats.ts): from the one vector read
// back per step to LayerSums (stepStats.ts turns those into the norms and ratios a
// person reads), plus the batch accuracy and the saturation count.

import type { Activation } from './config';
import { SELU_ALPHA, SELU_LAMBDA } from './model';
import type { LayerSums } from './stepStats';
import { MAX_ABS as MAX_ABS_COLUMN, NORM as NORM_COLUMN, SUM as SUM_COLUMN } from './tensorStats';

/**
 * Empty LayerSums for L layers: the eight arrays are views into one buffer (one
 * allocation per step), or into `scratch` (8L values, reused from step to step: the sums
 * live only until toLayerStats).
 */
function newLayerSums(L: number, scratch?: Float64Array): LayerSums {
  const buffer = scratch && scratch.length === 8 * L ? scratch.fill(0) : new Float64Array(8 * L);
  const field = (k: number) => buffer.subarray(k * L, (k + 1) * L);
  return {
    weightGradSumSq: field(0),
    weightGradMaxSq: field(1),
    biasGradSumSq: field(2),
    preactGradSumSq: field(3),
    weightSumSq: field(4),
    stepSumSq: field(5),
    activationMean: field(6),
    activationMeanSq: field(7),
    saturation: null,
  };
}

/**
 * Saturated units per hidden layer, from each unit's batch mean of a = phi(u) and of a^2.
 * A unit is saturated when its gradient gate phi'(u), averaged over the batch, is nearly
 * shut: relu units that are off for every example (dead; leaky relu likewise, from the
 * mean of relu(a)); tanh: mean phi' = 1 - mean a^2 < 0.02; sigmoid: mean a(1 - a) < 0.01
 * (its maximum is 0.25); elu, selu: the unit's mean output within 2% of its floor (-1, or
 * -lambda*alpha). Linear units never saturate.
 */
export function saturationFromUnitMeans(
  activation: Activation,
  depth: number,
  width: number,
  unitMean: ArrayLike<number> | undefined,
  unitMeanSq: ArrayLike<number> | undefined,
): Float64Array {
  const out = new Float64Array(depth);
  if (activation === 'linear' || !unitMean) return out;
  const saturated = (m: number, m2: number): boolean => {
    switch (activation) {
      case 'relu':
      case 'leaky_relu':
        return m === 0;
      case 'tanh':
        return m2 > 0.98;
      case 'sigmoid':
        return m - m2 < 0.01;
      case 'elu':
        return m < -0.98;
      case 'selu':
        return m < -0.98 * SELU_FLOOR;
    }
  };
  for (let l = 0; l < depth; l++) {
    let count = 0;
    for (let j = 0; j < width; j++) {
      const k = l * width + j;
      if (saturated(unitMean[k], unitMeanSq ? unitMeanSq[k] : 0)) count++;
    }
    out[l] = count / width;
  }
  return out;
}

/** selu's limit for u -> -inf is -lambda * alpha. */
const SELU_FLOOR = SELU_LAMBDA * SELU_ALPHA;


/** JavaScript side: the per-layer sums from the parts read back (see measure*). */
export function finishLayerSums(parts: Map<string, Float32Array[]>, activation: Activation, widths: readonly number[], batch: number): LayerSums {
  const L = widths.length;
  const depth = L - 1;
  const width = widths[0];
  const empty = new Float32Array(0);
  const part = (name: string) => parts.get(name)?.[0] ?? empty;
  const sums = newLayerSums(L);

  // Weights: middle layers 1..L-2 as rows; the edge layers raw: dW, and [W, step] (the
  // steps are absent when the trainer knows their norms; see measureWeightsAfter).
  const M = Math.max(0, L - 2);
  const gradSumSq = part('gradSumSq');
  const gradMaxSq = part('gradMaxSq');
  const afterSumSq = part('afterSumSq');
  for (let m = 0; m < M; m++) {
    sums.weightGradSumSq[m + 1] = gradSumSq[m];
    sums.weightGradMaxSq[m + 1] = gradMaxSq[m];
    sums.weightSumSq[m + 1] = afterSumSq[m];
    sums.stepSumSq[m + 1] = afterSumSq.length > M ? afterSumSq[M + m] : 0;
  }
  const edgeLayers = L === 1 ? [0] : [0, L - 1];
  edgeLayers.forEach((l, e) => {
    const grad = parts.get('edgeGrad')?.[e] ?? empty;
    const after = parts.get('edgeAfter')?.[e] ?? empty;
    const n = grad.length;
    sums.weightGradSumSq[l] = sumOfSquares(grad);
    sums.weightGradMaxSq[l] = maxOfSquares(grad);
    sums.weightSumSq[l] = sumOfSquares(after.subarray(0, n));
    sums.stepSumSq[l] = sumOfSquares(after.subarray(n));
  });
  const biasGrads = parts.get('biasGrad') ?? [];
  for (let l = 0; l < L; l++) sums.biasGradSumSq[l] = sumOfSquares(biasGrads[l]);

  // Forward rows: the deltas (depth), then the outputs (depth).
  const forwardSumSq = part('forwardSumSq');
  const forwardSum = part('forwardSum');
  const perElement = 1 / (batch * width);
  for (let l = 0; l < depth; l++) {
    sums.preactGradSumSq[l] = forwardSumSq[l];
    sums.activationMeanSq[l] = forwardSumSq[depth + l] * perElement;
    sums.activationMean[l] = forwardSum[depth + l] * perElement;
  }
  sums.preactGradSumSq[depth] = sumOfSquares(part('readoutDelta'));
  finishReadout(sums, parts, activation, widths, batch);
  return sums;
}

/** Both paths: the readout's output statistics (from the raw logits) and the saturation. */
function finishReadout(sums: LayerSums, parts: Map<string, Float32Array[]>, activation: Activation, widths: readonly number[], batch: number): void {
  const L = widths.length;
  const depth = L - 1;
  const logits = parts.get('logits')?.[0] ?? new Float32Array(0);
  let logitSum = 0;
  for (let i = 0; i < logits.length; i++) logitSum += logits[i];
  sums.activationMean[depth] = logitSum / logits.length;
  sums.activationMeanSq[depth] = sumOfSquares(logits) / logits.length;
  // Saturation, on the steps that measured the per-unit statistics: 'unitSums' [depth, 2, W]
  // from the kernel, or 'unitSum' (and 'unitSumSq') [depth, W] from the op path.
  let unitSum = parts.get('unitSum')?.[0];
  let unitSumSq = parts.get('unitSumSq')?.[0];
  const both = parts.get('unitSums')?.[0];
  if (both) {
    const W = widths[0];
    unitSum = new Float32Array(depth * W);
    unitSumSq = new Float32Array(depth * W);
    for (let l = 0; l < depth; l++) {
      unitSum.set(both.subarray(2 * l * W, (2 * l + 1) * W), l * W);
      unitSumSq.set(both.subarray((2 * l + 1) * W, (2 * l + 2) * W), l * W);
    }
  }
  if (unitSum || activation === 'linear') {
    const scaled = (values: Float32Array | undefined, scale: number) => values?.map((v) => v * scale);
    const m = scaled(unitSum, 1 / batch);
    sums.saturation = new Float64Array(L);
    sums.saturation.set(saturationFromUnitMeans(activation, depth, widths[0], m, scaled(unitSumSq, 1 / batch)));
  }
}

/**
 * The tensors the kernel path (tensorStats) measures in one call, and where each kind's
 * rows start in its output. Layers are in order, input first: deltas (depth + 1, the
 * readout's last), hidden outputs (depth), weight and bias gradients (L each; in a call
 * of their own before the update when clipping by norm), updated weights (L), applied
 * steps (L, unless derived).
 */
function kernelRows(L: number, gradsApart: boolean, stepsKnown: boolean) {
  const depth = L - 1;
  const deltas = 0;
  const outputs = L;
  const weightGrads = gradsApart ? -1 : L + depth;
  const biasGrads = gradsApart ? -1 : weightGrads + L;
  const weights = (gradsApart ? L + depth : biasGrads + L) as number;
  const steps = stepsKnown ? -1 : weights + L;
  return { deltas, outputs, weightGrads, biasGrads, weights, steps };
}

/** JavaScript side of the kernel path: the per-layer sums from the stats read back. */
export function finishKernelSums(
  parts: Map<string, Float32Array[]>,
  activation: Activation,
  widths: readonly number[],
  batch: number,
  gradsApart: boolean,
  stepsKnown: boolean,
  scratch?: Float64Array,
): LayerSums {
  const L = widths.length;
  const depth = L - 1;
  const stats = parts.get('stats')?.[0] ?? new Float32Array(0);
  const grads = parts.get('gradStats')?.[0];
  const rows = kernelRows(L, gradsApart, stepsKnown);
  const at = (values: Float32Array, row: number, column: number) => values[row * 3 + column];
  const sq = (x: number) => x * x;
  const sums = newLayerSums(L, scratch);
  // Gradients: from the same call, or (clipping by norm) from their own, rows [dW (L), db (L)].
  const gradValues = grads ?? stats;
  const weightGradRow = grads ? 0 : rows.weightGrads;
  const biasGradRow = grads ? L : rows.biasGrads;
  const perElement = 1 / (batch * widths[0]);
  for (let l = 0; l < L; l++) {
    sums.preactGradSumSq[l] = sq(at(stats, rows.deltas + l, NORM_COLUMN));
    sums.weightGradSumSq[l] = sq(at(gradValues, weightGradRow + l, NORM_COLUMN));
    sums.weightGradMaxSq[l] = sq(at(gradValues, weightGradRow + l, MAX_ABS_COLUMN));
    sums.biasGradSumSq[l] = sq(at(gradValues, biasGradRow + l, NORM_COLUMN));
    sums.weightSumSq[l] = sq(at(stats, rows.weights + l, NORM_COLUMN));
    if (!stepsKnown) sums.stepSumSq[l] = sq(at(stats, rows.steps + l, NORM_COLUMN));
    if (l < depth) {
      sums.activationMean[l] = at(stats, rows.outputs + l, SUM_COLUMN) * perElement;
      sums.activationMeanSq[l] = sq(at(stats, rows.outputs + l, NORM_COLUMN)) * perElement;
    }
  }
  finishReadout(sums, parts, activation, widths, batch);
  return sums;
}

function maxOfSquares(values: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc = Math.max(acc, values[i] * values[i]);
  return values.length === 0 ? 0 : acc;
}


/** True when a sum of squares overflowed float32 (the values may still be finite). */
export function overflowed(sumSq: ArrayLike<number>): boolean {
  for (let l = 0; l < sumSq.length; l++) if (sumSq[l] === Number.POSITIVE_INFINITY) return true;
  return false;
}

function sumOfSquares(values: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc += values[i] * values[i];
  return acc;
}

/**
 * Share of rows of row-major [rows, classes] logits whose argmax is the label; row i's
 * label is labels[indices[i]].
 */
export function batchAccuracy(logits: Float32Array, indices: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const rows = indices.length;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
    if (best === labels[indices[i]]) correct++;
  }
  return rows === 0 ? Number.NaN : correct / rows;
}
