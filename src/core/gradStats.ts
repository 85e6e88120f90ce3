// Per-layer statistics computed on the device and read back once per step: the op path
// (WebGL, and any backend when asked). On cpu and wasm the trainer measures with one
// kernel of its own instead (tensorStats.ts); finishStats.ts finishes both in JavaScript.
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
import { overflowed } from './finishStats';
import type { ForwardTrace } from './model';
import type { LayerSums } from './stepStats';
import { unitSums } from './tensorStats';

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

/** What the unit means are taken of, per activation (see saturationFromUnitMeans). */
function saturationInputs(activation: Activation): { gate: (a: tf.Tensor) => tf.Tensor; needsSquare: boolean } | null {
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

/**
 * Float32 sums of squares overflow once elements pass ~1.8e19 even when the norm is
 * representable: recompute those rows scaled by max |x| (a second, rare read-back).
 * Weight rows (middle layers 1..L-2 only; the edge layers are summed in JavaScript, in
 * float64): dW (M rows); W after the update, then the steps unless derived (M or 2M
 * rows). Forward rows: the hidden deltas (depth), then the hidden outputs (depth).
 */
export async function rescueOverflow(sums: LayerSums, weights: WeightStacks, forward: tf.Tensor | null, batch: number, width: number) {
  const L = sums.weightGradSumSq.length;
  const depth = L - 1;
  const M = Math.max(0, L - 2);
  if (weights.grads && (overflowed(sums.weightGradSumSq) || overflowed(sums.weightGradMaxSq))) {
    const rescued = await scaledRowNorms(weights.grads);
    for (let m = 0; m < M; m++) {
      sums.weightGradSumSq[m + 1] = rescued.norms[m] ** 2;
      sums.weightGradMaxSq[m + 1] = rescued.maxAbs[m] ** 2;
    }
  }
  if (weights.after && (overflowed(sums.weightSumSq) || overflowed(sums.stepSumSq))) {
    const rescued = await scaledRowNorms(weights.after);
    for (let m = 0; m < M; m++) {
      sums.weightSumSq[m + 1] = rescued.norms[m] ** 2;
      // The steps' rows follow the weights' unless the trainer derives them (plain SGD).
      if (rescued.norms.length > M) sums.stepSumSq[m + 1] = rescued.norms[M + m] ** 2;
    }
  }
  const hiddenMeanSq = sums.activationMeanSq.subarray(0, depth);
  if (forward && (overflowed(sums.preactGradSumSq.subarray(0, depth)) || overflowed(hiddenMeanSq))) {
    const rescued = await scaledRowNorms(forward);
    for (let l = 0; l < depth; l++) {
      sums.preactGradSumSq[l] = rescued.norms[l] ** 2;
      hiddenMeanSq[l] = rescued.norms[depth + l] ** 2 / (batch * width);
    }
  }
}

/** True when some float32 sum of squares overflowed (see rescueOverflow). */
export function needsRescue(sums: LayerSums): boolean {
  return [sums.weightGradSumSq, sums.weightGradMaxSq, sums.weightSumSq, sums.stepSumSq, sums.preactGradSumSq, sums.activationMeanSq].some(overflowed);
}
