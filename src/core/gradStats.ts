// Per-layer statistics computed on the device and read back once per step: the op path
// (WebGL, and any backend when asked) and the JavaScript side of both paths. On cpu and
// wasm the trainer measures with one kernel of its own instead (tensorStats.ts).
//
// Cost model (measured on the cpu and wasm backends with `npm run bench`): every op
// costs a few microseconds of bookkeeping before any arithmetic, and a reduction over
// any axis but the innermost transposes first (on the cpu backend that alone costs more
// than all the statistics). So:
// - tensors of one kind and shape (the hidden layers' deltas, the middle layers' weight
//   gradients, ...) are concatenated as the rows of one matrix, and each statistic is
//   one reduction over the rows, whatever the depth;
// - the few tensors of another shape (the input and readout layers, whose other side is
//   the data's dimension, at most 3) and everything cheap to finish in JavaScript (bias
//   gradient norms, the batch accuracy, counting saturated units) go back raw, in one
//   concatenated read-back vector (`Readback`);
// - what follows from other numbers is not measured again (a plain SGD step is lr x the
//   gradient), and what needs a reduction over the batch axis (per-unit saturation) is
//   measured every few steps.
//
// Sums of squares overflow float32 once elements pass ~1.8e19 even when the norm itself
// is representable; `scaledRowNorms` recomputes such rows scaled by max|x|.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './config';
import { type ForwardTrace, SELU_ALPHA, SELU_LAMBDA } from './model';
import type { LayerSums } from './stepStats';
import { MAX_ABS as MAX_ABS_COLUMN, NORM as NORM_COLUMN, SUM as SUM_COLUMN, unitSums } from './tensorStats';

const innerAxes = (t: tf.Tensor) => Array.from({ length: t.rank - 1 }, (_, i) => i + 1);

/**
 * Named parts of one read-back vector. Parts are added inside a tidy scope; `pack()`
 * concatenates them (one op), `unpack()` cuts the values read back into the same parts.
 */
export class Readback {
  private readonly names: string[] = [];
  private readonly tensors: tf.Tensor[] = [];

  add(name: string, tensor: tf.Tensor): void {
    this.names.push(name);
    this.tensors.push(tensor.rank === 1 ? tensor : tf.reshape(tensor, [-1]));
  }

  pack(): tf.Tensor1D {
    return tf.concat(this.tensors) as tf.Tensor1D;
  }

  /** The values of each part; a name added several times maps to the list of them. */
  unpack(values: Float32Array): Map<string, Float32Array[]> {
    const out = new Map<string, Float32Array[]>();
    let offset = 0;
    for (let i = 0; i < this.names.length; i++) {
      const size = this.tensors[i].size;
      const view = values.subarray(offset, offset + size);
      const list = out.get(this.names[i]);
      if (list) list.push(view);
      else out.set(this.names[i], [view]);
      offset += size;
    }
    if (offset !== values.length) throw new Error(`read back ${values.length} values, expected ${offset}`);
    return out;
  }
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

/** What the unit means are taken of, per activation (see saturationFromUnitMeans). */
export function saturationInputs(activation: Activation): { gate: (a: tf.Tensor) => tf.Tensor; needsSquare: boolean } | null {
  switch (activation) {
    case 'linear':
      return null;
    case 'leaky_relu':
      return { gate: (a) => tf.relu(a), needsSquare: false };
    case 'tanh':
    case 'sigmoid':
      return { gate: (a) => a, needsSquare: true };
    default:
      return { gate: (a) => a, needsSquare: false };
  }
}

/** selu's limit for u -> -inf is -lambda * alpha. */
const SELU_FLOOR = SELU_LAMBDA * SELU_ALPHA;

/**
 * Tensors of one shape, one after the other, as [tensors.length, size of each]: a concat
 * along the first axis and a reshape (cheaper than tf.stack, which expands every input).
 */
function rowsOf(tensors: readonly tf.Tensor[]): tf.Tensor2D {
  return tf.reshape(tf.concat(tensors as tf.Tensor[]), [tensors.length, -1]);
}

/**
 * Device side, forward half: the hidden layers' deltas and outputs as the rows of one
 * [2 * depth, B * width] matrix; a square and two sums over the rows give ||delta_l||^2
 * and each output's sum and sum of squares (the plain sums of the delta rows ride along
 * unused: cheaper than cutting them out). Every reduction is over the innermost axis:
 * reducing any other axis transposes first, which on the cpu backend costs more than
 * all the statistics together. The readout's delta and logits are small and read back
 * raw. With `saturationOnes` (a [1, B] row of ones; the trainer passes it every
 * SATURATION_EVERY steps), also the per-unit batch sums of phi(u) that the saturation
 * count needs, as [1, 1, B] x [depth, B, width] products. Returns the rows for an
 * overflow rescue.
 */
export function measureForward(
  readback: Readback,
  activation: Activation,
  trace: ForwardTrace,
  deltas: readonly tf.Tensor2D[],
  saturationOnes: tf.Tensor2D | null,
): tf.Tensor | null {
  const depth = trace.hidden.length;
  readback.add('logits', trace.logits);
  readback.add('readoutDelta', deltas[depth]);
  if (depth === 0) return null;
  const rows = rowsOf([...deltas.slice(0, depth), ...trace.hidden]);
  readback.add('forwardSumSq', tf.sum(tf.square(rows), 1));
  readback.add('forwardSum', tf.sum(rows, 1));
  if (saturationOnes) measureSaturation(readback, activation, trace, saturationOnes, false);
  return rows;
}

/**
 * The per-unit batch sums of phi(u) that the saturation count needs: with `kernel` (cpu,
 * wasm), one op of our own (unitSums); otherwise as [1, 1, B] x [depth, B, width] products
 * (a sum over the batch axis would transpose first). `ones` is a [1, B] row of ones.
 */
export function measureSaturation(readback: Readback, activation: Activation, trace: ForwardTrace, ones: tf.Tensor2D, kernel: boolean): void {
  const depth = trace.hidden.length;
  const saturation = saturationInputs(activation);
  if (depth === 0 || !saturation) return;
  if (kernel) {
    // The cpu and wasm backends: one op of our own reads each unit's column in place.
    const sums = unitSums(trace.branches, { squares: saturation.needsSquare, positive: activation === 'leaky_relu' });
    readback.add('unitSums', sums);
    return;
  }
  const [batch, width] = trace.hidden[0].shape;
  const phi = tf.reshape(rowsOf(trace.branches), [depth, batch, width]) as tf.Tensor3D;
  const ones3 = tf.reshape(ones, [1, 1, batch]) as tf.Tensor3D;
  readback.add('unitSum', tf.matMul(ones3, saturation.gate(phi) as tf.Tensor3D));
  if (saturation.needsSquare) readback.add('unitSumSq', tf.matMul(ones3, tf.square(phi) as tf.Tensor3D));
}

/**
 * The hidden-to-hidden layers 1 .. L-2 share one [width, width] shape and are reduced as
 * rows of one matrix; the input and readout layers have a side of at most 3 (the data's
 * input and output dimensions), so they are read back raw and finished in JavaScript.
 */
const middleOf = <T>(layers: readonly T[]): T[] => layers.slice(1, Math.max(1, layers.length - 1));
const edgesOf = (L: number): number[] => (L === 1 ? [0] : [0, L - 1]);

/**
 * Device side, weight gradients: the middle layers' as rows [M, width^2] (sums of squares
 * and largest squares), the edge layers' raw. Returns the rows (null without middle
 * layers; kept for an overflow rescue) and, as a scalar tensor, the global sum of squares
 * (for clipping by norm, which needs it before the update; built only when asked for).
 */
export function measureWeightGrads(readback: Readback, weightGrads: readonly tf.Tensor[]): { rows: tf.Tensor2D | null; sumSq: () => tf.Scalar } {
  const edges = edgesOf(weightGrads.length).map((l) => weightGrads[l]);
  for (const t of edges) readback.add('edgeGrad', t);
  const middle = middleOf(weightGrads);
  const rows = middle.length > 0 ? rowsOf(middle) : null;
  let rowSums: tf.Tensor | null = null;
  if (rows) {
    const squares = tf.square(rows);
    rowSums = tf.sum(squares, 1);
    readback.add('gradSumSq', rowSums);
    readback.add('gradMaxSq', tf.max(squares, 1));
  }
  const sumSq = () => tf.addN([...edges.map((t) => tf.sum(tf.square(t))), ...(rowSums ? [tf.sum(rowSums)] : [])]) as tf.Scalar;
  return { rows, sumSq };
}

/**
 * Device side, after the update: the updated weights and, unless `steps` is null (a plain
 * SGD step is lr x the gradient, so its norm follows from the gradient's), the applied
 * steps. Middle layers as rows [M (+ M), width^2] (sums of squares), edge layers raw.
 * Returns the rows (null without middle layers) for an overflow rescue.
 */
export function measureWeightsAfter(readback: Readback, weightsAfter: readonly tf.Tensor[], steps: readonly tf.Tensor[] | null): tf.Tensor2D | null {
  for (const l of edgesOf(weightsAfter.length)) readback.add('edgeAfter', steps ? tf.concat([weightsAfter[l], steps[l]]) : weightsAfter[l]);
  const middle = [...middleOf(weightsAfter), ...(steps ? middleOf(steps) : [])];
  if (middle.length === 0) return null;
  const rows = rowsOf(middle);
  readback.add('afterSumSq', tf.sum(tf.square(rows), 1));
  return rows;
}

/** The rows measureWeightGrads and measureWeightsAfter reduced, kept for an overflow rescue. */
export interface WeightStacks {
  grads: tf.Tensor | null;
  after: tf.Tensor | null;
}

/** Sum of squares of every element of 1-D tensors (bias gradients), as a scalar tensor. */
export const sumOfAllSquares = (vectors: readonly tf.Tensor[]): tf.Scalar => tf.sum(tf.square(vectors.length === 1 ? vectors[0] : tf.concat([...vectors]))) as tf.Scalar;

function maxOfSquares(values: ArrayLike<number>): number {
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc = Math.max(acc, values[i] * values[i]);
  return values.length === 0 ? 0 : acc;
}

/** JavaScript side: the per-layer sums from the parts read back (see measure*). */
export function finishLayerSums(parts: Map<string, Float32Array[]>, activation: Activation, widths: readonly number[], batch: number): LayerSums {
  const L = widths.length;
  const depth = L - 1;
  const width = widths[0];
  const empty = new Float32Array(0);
  const part = (name: string) => parts.get(name)?.[0] ?? empty;
  // One buffer for the eight per-layer arrays.
  const buffer = new Float64Array(8 * L);
  const field = (k: number) => buffer.subarray(k * L, (k + 1) * L);
  const sums: LayerSums = {
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
export function kernelRows(L: number, gradsApart: boolean, stepsKnown: boolean) {
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
  // With `scratch` (8L values, reused from step to step: the sums live until toLayerStats), no allocation.
  const buffer = scratch && scratch.length === 8 * L ? scratch.fill(0) : new Float64Array(8 * L);
  const field = (k: number) => buffer.subarray(k * L, (k + 1) * L);
  const sums: LayerSums = {
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

/**
 * Norms of the rows of `stacked` computed as max|x| * sqrt(sum (x / max|x|)^2), for when
 * the plain sum of squares overflowed. Returns the norms and max |x| of every row.
 */
export async function scaledRowNorms(stacked: tf.Tensor): Promise<{ norms: Float32Array; maxAbs: Float32Array }> {
  const result = tf.tidy(() => {
    const axes = innerAxes(stacked);
    const maxAbs = tf.max(tf.abs(stacked), axes, true);
    const safe = tf.maximum(maxAbs, 1e-30);
    const scaledSumSq = tf.sum(tf.square(tf.div(stacked, safe)), axes);
    const flatMax = tf.reshape(maxAbs, [-1]);
    return tf.concat([tf.mul(flatMax, tf.sqrt(scaledSumSq)), flatMax]);
  });
  const values = (await result.data()) as Float32Array;
  result.dispose();
  const rows = values.length / 2;
  return { norms: values.slice(0, rows), maxAbs: values.slice(rows) };
}

/** True when a sum of squares overflowed float32 (the values may still be finite). */
export function overflowed(sumSq: ArrayLike<number>): boolean {
  for (let l = 0; l < sumSq.length; l++) if (sumSq[l] === Number.POSITIVE_INFINITY) return true;
  return false;
}

export function sumOfSquares(values: ArrayLike<number>): number {
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
