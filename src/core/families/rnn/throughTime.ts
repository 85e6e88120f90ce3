// Backpropagation through time for a vanilla RNN, h_t = phi(x_t W_in + h_(t-1) W_rec + b),
// read out at the last step only (o = h_T W_out + b_out). Besides the loss and the
// parameter gradients it hands over dL/dh_t for every time step: a zero probe tensor is
// added to each h_t, and its gradient (autodiff) is exactly the gradient reaching the
// hidden state at t. throughTime.test.ts checks it against plain loops in float64.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../config';
import { activate, lossOf } from '../../model';

export interface RnnParams {
  /** [inputDim, hidden] */
  wIn: tf.Tensor2D;
  /** [hidden, hidden]: row vectors times W, as in the MLP. */
  wRec: tf.Tensor2D;
  /** [hidden] */
  b: tf.Tensor1D;
  /** [hidden, outputDim] */
  wOut: tf.Tensor2D;
  /** [outputDim] */
  bOut: tf.Tensor1D;
}

export interface ThroughTime {
  loss: tf.Scalar;
  /** For t = 1..T (first entry t = 1): the RMS over the batch of ||dL/dh_t||. */
  timeGradNorm: tf.Tensor1D;
  grads: RnnParams;
}

/**
 * One forward and backward pass over `x` ([batch, T, inputDim]); `target` is one-hot
 * ([batch, classes]) for classification, else [batch]. The caller owns the tensors
 * returned (run it inside tf.tidy and keep what it needs).
 */
export function gradientThroughTime(params: RnnParams, x: tf.Tensor3D, target: tf.Tensor, activation: Activation, classification: boolean): ThroughTime {
  const [batch, T] = x.shape;
  const hidden = params.wRec.shape[0];
  const inputs = tf.unstack(x, 1) as tf.Tensor2D[];
  const probes = Array.from({ length: T }, () => tf.zeros([batch, hidden]) as tf.Tensor2D);
  const f = (wIn: tf.Tensor, wRec: tf.Tensor, b: tf.Tensor, wOut: tf.Tensor, bOut: tf.Tensor, ...probe: tf.Tensor[]) => {
    let h: tf.Tensor2D = tf.zeros([batch, hidden]);
    for (let t = 0; t < T; t++) {
      const z = tf.add(tf.add(tf.matMul(inputs[t], wIn as tf.Tensor2D), tf.matMul(h, wRec as tf.Tensor2D)), b) as tf.Tensor2D;
      h = tf.add(activate(activation, z), probe[t]) as tf.Tensor2D;
    }
    const logits = tf.add(tf.matMul(h, wOut as tf.Tensor2D), bOut) as tf.Tensor2D;
    return lossOf(logits, target, classification);
  };
  const { value, grads } = tf.valueAndGrads(f)([params.wIn, params.wRec, params.b, params.wOut, params.bOut, ...probes]);
  const [gIn, gRec, gB, gOut, gBOut, ...gProbes] = grads;
  // RMS over the batch of each row's norm: sqrt(sum of squares / batch).
  const timeGradNorm = tf.sqrt(tf.div(tf.stack(gProbes.map((g) => tf.sum(tf.square(g)))), batch)) as tf.Tensor1D;
  return {
    loss: value as tf.Scalar,
    timeGradNorm,
    grads: { wIn: gIn as tf.Tensor2D, wRec: gRec as tf.Tensor2D, b: gB as tf.Tensor1D, wOut: gOut as tf.Tensor2D, bOut: gBOut as tf.Tensor1D },
  };
}
