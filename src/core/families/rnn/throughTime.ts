// Backpropagation through time for a recurrent network read out at the last step only
// (o = h_T W_out + b_out). Cells:
// - rnn: h_t = phi(x_t W_in + h_(t-1) W_rec + b);
// - lstm: [i, f, g, o] = x_t W_in + h_(t-1) W_rec + b (4 x hidden wide);
//   c_t = sigmoid(f) c_(t-1) + sigmoid(i) tanh(g), h_t = sigmoid(o) tanh(c_t);
// - gru: [u, r] = sigmoid(x_t W_in[:, :2H] + h_(t-1) W_rec[:, :2H] + b[:2H]),
//   n = tanh(x_t W_in[:, 2H:] + r (h_(t-1) W_rec[:, 2H:]) + b[2H:]), h_t = (1 - u) n + u h_(t-1).
// Besides the loss and the parameter gradients it hands over dL/dh_t for every time
// step: a zero probe tensor is added to each h_t, and its gradient (autodiff) is exactly
// the gradient reaching the hidden state at t; for lstm and gru also the mean forget /
// update gate per step. throughTime.test.ts checks the vanilla cell against plain
// loops in float64.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../config';
import { activate, lossOf } from '../../model';

export const CELLS = ['rnn', 'lstm', 'gru'] as const;
export type Cell = (typeof CELLS)[number];

/** How many hidden-wide blocks a cell's input and recurrent matrices have. */
export const CELL_BLOCKS: Record<Cell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface RnnParams {
  /** [inputDim, blocks x hidden] */
  wIn: tf.Tensor2D;
  /** [hidden, blocks x hidden]: row vectors times W, as in the MLP. */
  wRec: tf.Tensor2D;
  /** [blocks x hidden] */
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
  /** lstm: the mean forget gate per step; gru: the mean update gate (the share of h_(t-1) kept); rnn: null. */
  gateMean: tf.Tensor1D | null;
  grads: RnnParams;
}

/**
 * One forward and backward pass over `x` ([batch, T, inputDim]); `target` is one-hot
 * ([batch, classes]) for classification, else [batch]. The caller owns the tensors
 * returned (run it inside tf.tidy and keep what it needs).
 */
export function gradientThroughTime(
  params: RnnParams,
  x: tf.Tensor3D,
  target: tf.Tensor,
  activation: Activation,
  classification: boolean,
  cell: Cell = 'rnn',
): ThroughTime {
  const [batch, T] = x.shape;
  const hidden = params.wRec.shape[0];
  const inputs = tf.unstack(x, 1) as tf.Tensor2D[];
  const probes = Array.from({ length: T }, () => tf.zeros([batch, hidden]) as tf.Tensor2D);
  // The gates seen in the forward pass (recorded outside the gradient).
  const gates: tf.Scalar[] = [];
  const f = (wIn: tf.Tensor, wRec: tf.Tensor, b: tf.Tensor, wOut: tf.Tensor, bOut: tf.Tensor, ...probe: tf.Tensor[]) => {
    let h: tf.Tensor2D = tf.zeros([batch, hidden]);
    let c: tf.Tensor2D = tf.zeros([batch, hidden]);
    for (let t = 0; t < T; t++) {
      const fromInput = tf.add(tf.matMul(inputs[t], wIn as tf.Tensor2D), b) as tf.Tensor2D;
      if (cell === 'rnn') {
        h = activate(activation, tf.add(fromInput, tf.matMul(h, wRec as tf.Tensor2D)) as tf.Tensor2D);
      } else if (cell === 'lstm') {
        const [i, fg, g, o] = tf.split(tf.add(fromInput, tf.matMul(h, wRec as tf.Tensor2D)), 4, 1) as tf.Tensor2D[];
        const forget = tf.sigmoid(fg);
        gates.push(tf.keep(tf.mean(forget)) as tf.Scalar);
        c = tf.add(tf.mul(forget, c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
        h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
      } else {
        const [xu, xn] = tf.split(fromInput, [2 * hidden, hidden], 1) as tf.Tensor2D[];
        const [ru, rn] = tf.split(wRec, [2 * hidden, hidden], 1) as tf.Tensor2D[];
        const [u, r] = tf.split(tf.sigmoid(tf.add(xu, tf.matMul(h, ru))), 2, 1) as tf.Tensor2D[];
        gates.push(tf.keep(tf.mean(u)) as tf.Scalar);
        const n = tf.tanh(tf.add(xn, tf.mul(r, tf.matMul(h, rn))));
        h = tf.add(tf.mul(tf.sub(1, u), n), tf.mul(u, h)) as tf.Tensor2D;
      }
      h = tf.add(h, probe[t]) as tf.Tensor2D;
    }
    const logits = tf.add(tf.matMul(h, wOut as tf.Tensor2D), bOut) as tf.Tensor2D;
    return lossOf(logits, target, classification);
  };
  const { value, grads } = tf.valueAndGrads(f)([params.wIn, params.wRec, params.b, params.wOut, params.bOut, ...probes]);
  const gateMean = gates.length > 0 ? (tf.stack(gates) as tf.Tensor1D) : null;
  for (const g of gates) g.dispose();
  const [gIn, gRec, gB, gOut, gBOut, ...gProbes] = grads;
  // RMS over the batch of each row's norm: sqrt(sum of squares / batch).
  const timeGradNorm = tf.sqrt(tf.div(tf.stack(gProbes.map((g) => tf.sum(tf.square(g)))), batch)) as tf.Tensor1D;
  return {
    loss: value as tf.Scalar,
    timeGradNorm,
    gateMean,
    grads: { wIn: gIn as tf.Tensor2D, wRec: gRec as tf.Tensor2D, b: gB as tf.Tensor1D, wOut: gOut as tf.Tensor2D, bOut: gBOut as tf.Tensor1D },
  };
}
