// Per-layer statistics computed on the device and read back once per step.
//
// Cost model (measured on the cpu and wasm backends, see bench/): the price of a
// statistic is mostly the number of ops, not their size. So:
// - tensors of one kind (all weight gradients, all deltas, ...) are zero-padded to one
//   shape and stacked, and each statistic is one reduction over the stack, whatever
//   the depth (zero padding changes neither a sum of squares nor a max);
// - everything that is cheap to finish in JavaScript (scaling, slicing, the batch
//   accuracy, bias-gradient norms, counting saturated units) is finished there, from
//   one concatenated read-back vector (`Readback`).
//
// Sums of squares overflow float32 once elements pass ~1.8e19 even when the norm itself
// is representable; `scaledRowNorms` recomputes such rows scaled by max|x|.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from './config';
import { type ForwardTrace, SELU_ALPHA, SELU_LAMBDA } from './model';
import type { LayerSums } from './stepStats';

/**
 * Zero-pad tensors of one rank to a common shape and stack them: [tensors.length, ...].
 * Only the tensors that differ from the largest shape cost an op (typically the first
 * and last layer); the others stack as they are.
 */
export function stackPadded(tensors: readonly tf.Tensor[]): tf.Tensor {
  const rank = tensors[0].rank;
  const shape = Array.from({ length: rank }, (_, d) => Math.max(...tensors.map((t) => t.shape[d])));
  const rows = tensors.map((t) =>
    t.shape.every((size, d) => size === shape[d])
      ? t
      : tf.pad(
          t,
          t.shape.map((size, d) => [0, shape[d] - size] as [number, number]),
        ),
  );
  return tf.stack(rows);
}

const innerAxes = (t: tf.Tensor) => Array.from({ length: t.rank - 1 }, (_, i) => i + 1);

/** Sum of squares over every axis but the first. */
export const rowSumSq = (stacked: tf.Tensor): tf.Tensor1D => tf.sum(tf.square(stacked), innerAxes(stacked)) as tf.Tensor1D;

/** Sum over every axis but the first. */
export const rowSum = (stacked: tf.Tensor): tf.Tensor1D => tf.sum(stacked, innerAxes(stacked)) as tf.Tensor1D;

/**
 * Named parts of one read-back vector. Parts are added inside a tidy scope; `pack()`
 * concatenates them (one op), `unpack()` cuts the values read back into the same parts.
 */
export class Readback {
  private readonly parts: { name: string; tensor: tf.Tensor }[] = [];

  add(name: string, tensor: tf.Tensor): void {
    this.parts.push({ name, tensor: tensor.rank === 1 ? tensor : tf.reshape(tensor, [-1]) });
  }

  pack(): tf.Tensor1D {
    return tf.concat(this.parts.map((p) => p.tensor)) as tf.Tensor1D;
  }

  /** The values of each part; a name added several times maps to the list of them. */
  unpack(values: Float32Array): Map<string, Float32Array[]> {
    const out = new Map<string, Float32Array[]>();
    let offset = 0;
    for (const { name, tensor } of this.parts) {
      const list = out.get(name) ?? [];
      list.push(values.subarray(offset, offset + tensor.size));
      out.set(name, list);
      offset += tensor.size;
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
  unitMean: Float32Array | undefined,
  unitMeanSq: Float32Array | undefined,
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
 * Device side, forward half: the deltas of the hidden layers and the hidden outputs in
 * one stack [2 * depth (+ depth branches for residual nets), B, width] give ||delta_l||^2
 * and the mean and mean square of each output with one square and two sums. The
 * readout's delta and logits are small and read back raw. Per-unit batch means for the
 * saturation count are one matrix-vector product over the activations side by side.
 * Returns the stack (rows 0..depth-1 are the deltas) for an overflow rescue.
 */
export function measureForward(
  readback: Readback,
  activation: Activation,
  trace: ForwardTrace,
  deltas: readonly tf.Tensor2D[],
  averager: tf.Tensor2D,
): tf.Tensor | null {
  const depth = trace.hidden.length;
  readback.add('logits', trace.logits);
  readback.add('readoutDelta', deltas[depth]);
  if (depth === 0) return null;
  const residual = trace.branches.some((t, i) => t !== trace.hidden[i]);
  const stack = tf.stack([...deltas.slice(0, depth), ...trace.hidden, ...(residual ? trace.branches : [])]);
  readback.add('forwardSumSq', rowSumSq(stack));
  readback.add('forwardSum', rowSum(stack));
  const saturation = saturationInputs(activation);
  if (saturation) {
    const a = tf.concat(trace.branches, 1);
    readback.add('unitMean', tf.matMul(averager, saturation.gate(a) as tf.Tensor2D));
    if (saturation.needsSquare) readback.add('unitMeanSq', tf.matMul(averager, tf.square(a) as tf.Tensor2D));
  }
  return stack;
}

/**
 * Device side, weight half: weight gradients, updated weights and applied steps in one
 * padded stack [3L, ...]; one square, one sum and one max cover all three. With
 * `gradStack` (clipping by norm, which needs the gradient norms before the update) the
 * gradients come from that stack instead. Returns the stack whose rows 0..L-1 are the
 * weight gradients.
 */
export function measureWeights(
  readback: Readback,
  weightGrads: readonly tf.Tensor[],
  weightsAfter: readonly tf.Tensor[],
  steps: readonly tf.Tensor[],
  gradStack: tf.Tensor | null,
): tf.Tensor {
  const stack = stackPadded(gradStack ? [...weightsAfter, ...steps] : [...weightGrads, ...weightsAfter, ...steps]);
  const squares = tf.square(stack);
  if (gradStack) {
    const gradSquares = tf.square(gradStack);
    readback.add('weightSumSq', tf.concat([tf.sum(gradSquares, [1, 2]), tf.sum(squares, [1, 2])]));
    readback.add('weightMaxSq', tf.max(gradSquares, [1, 2]));
    return gradStack;
  }
  readback.add('weightSumSq', tf.sum(squares, [1, 2]));
  readback.add('weightMaxSq', tf.max(squares, [1, 2]));
  return stack;
}

/** JavaScript side: the per-layer sums from the parts read back (see measure*). */
export function finishLayerSums(
  parts: Map<string, Float32Array[]>,
  activation: Activation,
  widths: readonly number[],
  batch: number,
): LayerSums {
  const L = widths.length;
  const depth = L - 1;
  const part = (name: string) => parts.get(name)?.[0] ?? new Float32Array(0);
  const weightSumSq = part('weightSumSq'); // [dW (L), W after (L), steps (L)]
  const forwardSumSq = part('forwardSumSq'); // [deltas (depth), outputs (depth), ...]
  const forwardSum = part('forwardSum');
  const logits = part('logits');
  const readoutDelta = part('readoutDelta');
  const perElement = 1 / (batch * (depth > 0 ? widths[0] : 1));
  const logitsMean = logits.reduce((a, v) => a + v, 0) / logits.length;
  const layerOf = (f: (l: number) => number) => Float64Array.from({ length: L }, (_, l) => f(l));
  const saturation = new Float64Array(L);
  saturation.set(saturationFromUnitMeans(activation, depth, widths[0], parts.get('unitMean')?.[0], parts.get('unitMeanSq')?.[0]));
  const biasGrads = part('biasGrads');
  let offset = 0;
  const biasGradSumSq = layerOf((l) => {
    const sum = sumOfSquares(biasGrads.subarray(offset, offset + widths[l]));
    offset += widths[l];
    return sum;
  });
  return {
    weightGradSumSq: layerOf((l) => weightSumSq[l]),
    weightGradMaxSq: layerOf((l) => part('weightMaxSq')[l]),
    biasGradSumSq,
    preactGradSumSq: layerOf((l) => (l < depth ? forwardSumSq[l] : sumOfSquares(readoutDelta))),
    weightSumSq: layerOf((l) => weightSumSq[L + l]),
    stepSumSq: layerOf((l) => weightSumSq[2 * L + l]),
    activationMean: layerOf((l) => (l < depth ? forwardSum[depth + l] * perElement : logitsMean)),
    activationMeanSq: layerOf((l) =>
      l < depth ? forwardSumSq[depth + l] * perElement : sumOfSquares(logits) / logits.length,
    ),
    saturation,
  };
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

/** Share of rows of row-major [rows, classes] logits whose argmax is the label. */
export function batchAccuracy(logits: Float32Array, labels: ArrayLike<number>, classes: number): number {
  const rows = labels.length;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c] > logits[i * classes + best]) best = c;
    if (best === labels[i]) correct++;
  }
  return rows === 0 ? Number.NaN : correct / rows;
}
