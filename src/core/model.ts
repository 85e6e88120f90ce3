// The network: a plain MLP (optionally residual, optionally layer-normalised) with a
// hand-written backward pass. Writing the backward pass out (instead of tfjs's taped
// autodiff) halves the ops per layer (no saved-tensor copies, no broadcast-gradient
// reshapes), and hands over delta_l = dL/dz_l, the gradient with respect to each
// layer's pre-activation, for free. model.test.ts checks every gradient against tfjs's
// autodiff for every activation, with and without layer norm and residual connections.
//
// Layers are numbered 1..L with L = depth + 1: `depth` hidden layers, then the
// linear readout. Weight l has shape [fanIn, fanOut] (row vectors times W).

import * as tf from '@tensorflow/tfjs-core';
import type { Activation, RunConfig } from './config';
import { initWeights } from './init';
import type { Rng } from './rng';

export const LEAKY_RELU_SLOPE = 0.01;
export const LAYER_NORM_EPSILON = 1e-5;
export const SELU_LAMBDA = 1.0507009873554805;
export const SELU_ALPHA = 1.6732632423543772;

export interface Architecture {
  depth: number;
  width: number;
  inputDim: number;
  outputDim: number;
  activation: Activation;
  normalization: RunConfig['normalization'];
  residual: boolean;
}

/** [fanIn, fanOut] for each of the depth + 1 weight matrices, input layer first. */
export function layerShapes(arch: Pick<Architecture, 'depth' | 'width' | 'inputDim' | 'outputDim'>): [number, number][] {
  const sizes = [arch.inputDim, ...Array.from({ length: arch.depth }, () => arch.width), arch.outputDim];
  return sizes.slice(0, -1).map((fanIn, i) => [fanIn, sizes[i + 1]]);
}

export interface Params {
  weights: tf.Variable<tf.Rank.R2>[];
  biases: tf.Variable<tf.Rank.R1>[];
}

/**
 * Initial parameters: weights drawn from `rng` layer by layer, input layer first; the
 * hidden layers' biases N(0, biasStd²) from `biasRng` in the same order (the readout's,
 * and every bias when biasStd is 0, start at 0). The phase diagram (phase.ts) replays
 * these draws, so the two must stay in step.
 */
export function createParams(
  arch: Architecture,
  config: Pick<RunConfig, 'init' | 'initGain' | 'initStd'> & Partial<Pick<RunConfig, 'biasStd'>>,
  rng: Rng,
  biasRng?: Rng,
): Params {
  const shapes = layerShapes(arch);
  // Inside tidy, so the initial tensors a variable copies are freed.
  return tf.tidy(() => {
    const weights = shapes.map(([fanIn, fanOut]) => {
      const values = initWeights({ scheme: config.init, gain: config.initGain, std: config.initStd }, fanIn, fanOut, rng);
      return tf.variable(tf.tensor2d(values, [fanIn, fanOut])) as tf.Variable<tf.Rank.R2>;
    });
    const biases = shapes.map(([, fanOut], l) => {
      const values = l < arch.depth && biasRng ? initBiases(config.biasStd ?? 0, fanOut, biasRng) : null;
      return tf.variable(values ? tf.tensor1d(values) : tf.zeros([fanOut])) as tf.Variable<tf.Rank.R1>;
    });
    return { weights, biases };
  });
}

/** One hidden layer's initial biases, N(0, std²); null (all zero, no draws) when std is 0. */
export function initBiases(std: number, size: number, rng: Rng): Float32Array | null {
  if (std === 0) return null;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.normal() * std;
  return out;
}

export function disposeParams(params: Params): void {
  for (const v of params.weights) v.dispose();
  for (const v of params.biases) v.dispose();
}

/** phi(u), elementwise (any shape). */
export function activate<T extends tf.Tensor>(kind: Activation, u: T): T {
  return activateAny(kind, u) as T;
}

function activateAny(kind: Activation, u: tf.Tensor): tf.Tensor {
  switch (kind) {
    case 'linear':
      return u;
    case 'relu':
      return tf.relu(u);
    case 'leaky_relu':
      return tf.leakyRelu(u, LEAKY_RELU_SLOPE);
    case 'elu':
      return tf.elu(u);
    case 'selu':
      return tf.selu(u);
    case 'tanh':
      return tf.tanh(u);
    case 'sigmoid':
      return tf.sigmoid(u);
  }
}

/** dL/du from dL/da for a = phi(u), using u or a, whichever is cheaper (also the vanilla RNN's backward pass through time, and the phase diagram's). */
export function activationBackward<T extends tf.Tensor>(kind: Activation, grad: T, u: T, a: T): T {
  return activationBackwardAny(kind, grad, u, a) as T;
}

function activationBackwardAny(kind: Activation, grad: tf.Tensor, u: tf.Tensor, a: tf.Tensor): tf.Tensor {
  switch (kind) {
    case 'linear':
      return grad;
    case 'relu':
      return tf.mul(grad, tf.step(u));
    case 'leaky_relu':
      return tf.where(tf.greater(u, 0), grad, tf.mul(grad, LEAKY_RELU_SLOPE));
    case 'elu':
      // phi'(u) = e^u = a + 1 for u <= 0.
      return tf.where(tf.greater(u, 0), grad, tf.mul(grad, tf.add(a, 1)));
    case 'selu':
      // phi'(u) = lambda*alpha*e^u = a + lambda*alpha for u <= 0.
      return tf.where(tf.greater(u, 0), tf.mul(grad, SELU_LAMBDA), tf.mul(grad, tf.add(a, SELU_LAMBDA * SELU_ALPHA)));
    case 'tanh':
      return tf.mul(grad, tf.sub(1, tf.square(a)));
    case 'sigmoid':
      return tf.mul(grad, tf.mul(a, tf.sub(1, a)));
  }
}

/** What the backward pass needs from the forward pass. */
export interface ForwardTrace {
  /** The input of each layer: x, then h_1 .. h_depth (the last feeds the readout). */
  inputs: tf.Tensor2D[];
  /** z_l = h_{l-1} W_l + b_l for the hidden layers. */
  preactivations: tf.Tensor2D[];
  /** The activation's input u_l: z_l, or layer-normalised z_l. */
  activationInputs: tf.Tensor2D[];
  /** phi(u_l) of each hidden layer: the same tensors as `hidden` unless residual. */
  branches: tf.Tensor2D[];
  /** Outputs h_l of the hidden layers (the residual stream for residual nets). */
  hidden: tf.Tensor2D[];
  /** 1 / std(z_l) per example ([batch, 1]) for layer norm. */
  invStd: tf.Tensor2D[];
  logits: tf.Tensor2D;
}

export function forward(
  arch: Architecture,
  weights: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  x: tf.Tensor2D,
): ForwardTrace {
  const trace: ForwardTrace = {
    inputs: [x],
    preactivations: [],
    activationInputs: [],
    branches: [],
    hidden: [],
    invStd: [],
    logits: x,
  };
  let h = x;
  for (let l = 0; l < arch.depth; l++) {
    const z = tf.add(tf.matMul(h, weights[l]), biases[l]) as tf.Tensor2D;
    let u = z;
    if (arch.normalization === 'layer') {
      // Layer norm over the features of each example, without a learned scale or shift.
      const { mean, variance } = tf.moments(z, 1, true);
      const invStd = tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)) as tf.Tensor2D;
      u = tf.mul(tf.sub(z, mean), invStd) as tf.Tensor2D;
      trace.invStd.push(invStd);
    }
    const a = activate(arch.activation, u);
    // The first hidden layer changes the width, so it has no skip connection.
    h = arch.residual && l > 0 ? (tf.add(h, a) as tf.Tensor2D) : a;
    trace.preactivations.push(z);
    trace.activationInputs.push(u);
    trace.branches.push(a);
    trace.hidden.push(h);
    trace.inputs.push(h);
  }
  trace.logits = tf.add(tf.matMul(h, weights[arch.depth]), biases[arch.depth]) as tf.Tensor2D;
  return trace;
}

export interface Gradients {
  weightGrads: tf.Tensor2D[];
  biasGrads: tf.Tensor1D[];
  /** delta_l = dL/dz_l for every layer, the readout's (dL/dlogits) last. */
  deltas: tf.Tensor2D[];
}

/**
 * Backpropagates dL/dlogits through the network. `onesRow` is a [1, batch] row of ones:
 * bias gradients are column sums, done as a matmul (a sum over axis 0 transposes on
 * the cpu backend, 3x slower). Biases stay 1-D: the cpu backend adds a [n] bias to a
 * [B, n] matrix 4x faster than a [1, n] one.
 */
export function backward(
  arch: Architecture,
  weights: readonly tf.Tensor2D[],
  trace: ForwardTrace,
  dLogits: tf.Tensor2D,
  onesRow: tf.Tensor2D,
): Gradients {
  const L = arch.depth + 1;
  const weightGrads: tf.Tensor2D[] = new Array(L);
  const biasGrads: tf.Tensor1D[] = new Array(L);
  const deltas: tf.Tensor2D[] = new Array(L);
  const layerGrads = (l: number, dz: tf.Tensor2D) => {
    deltas[l] = dz;
    weightGrads[l] = tf.matMul(trace.inputs[l], dz, true, false);
    biasGrads[l] = tf.reshape(tf.matMul(onesRow, dz), [-1]) as tf.Tensor1D;
  };
  layerGrads(arch.depth, dLogits);
  // dL/dh for the output of the layer below.
  let grad: tf.Tensor = arch.depth > 0 ? tf.matMul(dLogits, weights[arch.depth], false, true) : dLogits;
  for (let l = arch.depth - 1; l >= 0; l--) {
    const u = trace.activationInputs[l];
    const du = activationBackward(arch.activation, grad as tf.Tensor2D, u, trace.branches[l]);
    let dz: tf.Tensor = du;
    if (arch.normalization === 'layer') {
      // u = (z - mean) * r:  dz = r * (du - mean(du) - u * mean(du * u)), means over features.
      const meanDu = tf.mean(du, 1, true);
      const meanDuU = tf.mean(tf.mul(du, u), 1, true);
      dz = tf.mul(tf.sub(tf.sub(du, meanDu), tf.mul(u, meanDuU)), trace.invStd[l]);
    }
    layerGrads(l, dz as tf.Tensor2D);
    if (l > 0) {
      const throughWeights = tf.matMul(dz, weights[l], false, true) as tf.Tensor2D;
      grad = arch.residual ? (tf.add(grad, throughWeights) as tf.Tensor2D) : throughWeights;
    }
  }
  return { weightGrads, biasGrads, deltas };
}

/**
 * Mean softmax cross-entropy (classification) or mean squared error (regression), and
 * its gradient with respect to the logits.
 */
export function lossAndGradient(
  logits: tf.Tensor2D,
  target: tf.Tensor,
  classification: boolean,
): { loss: tf.Scalar; dLogits: tf.Tensor2D } {
  const batch = logits.shape[0];
  if (classification) {
    const logProbs = tf.logSoftmax(logits);
    const loss = tf.mul(tf.sum(tf.mul(target, logProbs)), -1 / batch) as tf.Scalar;
    const dLogits = tf.mul(tf.sub(tf.exp(logProbs), target), 1 / batch) as tf.Tensor2D;
    return { loss, dLogits };
  }
  const error = tf.sub(logits, tf.reshape(target, [-1, 1]));
  const loss = tf.mul(tf.sum(tf.square(error)), 1 / batch) as tf.Scalar;
  return { loss, dLogits: tf.mul(error, 2 / batch) as tf.Tensor2D };
}

/** The loss alone (held-out evaluation, and the autodiff reference in the tests). */
export function lossOf(logits: tf.Tensor2D, target: tf.Tensor, classification: boolean): tf.Scalar {
  if (classification) {
    return tf.neg(tf.mean(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1))) as tf.Scalar;
  }
  return tf.mean(tf.square(tf.sub(tf.reshape(logits, [-1]), target))) as tf.Scalar;
}

export function accuracyOf(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
}
