// Backpropagation through time for a recurrent network read out at the last step only
// (o = h_T W_out + b_out). Cells:
// - rnn: h_t = phi(x_t W_in + h_(t-1) W_rec + b);
// - lstm: [i, f, g, o] = x_t W_in + h_(t-1) W_rec + b (4 x hidden wide);
//   c_t = sigmoid(f) c_(t-1) + sigmoid(i) tanh(g), h_t = sigmoid(o) tanh(c_t);
// - gru: [u, r] = sigmoid(x_t W_in[:, :2H] + h_(t-1) W_rec[:, :2H] + b[:2H]),
//   n = tanh(x_t W_in[:, 2H:] + r (h_(t-1) W_rec[:, 2H:]) + b[2H:]), h_t = (1 - u) n + u h_(t-1).
// Besides the loss and the parameter gradients it hands over dL/dh_t for every time
// step, the gradient reaching the hidden state at t: the vanilla cell's backward pass is
// written by hand and computes it on the way (and costs fewer ops than autodiff: see
// bench/rnnStep.bench.ts); the gated cells use autodiff with an identity "tap" on each
// h_t whose gradient function keeps what arrives there. With a recording pass, h_t and
// the lstm / gru forget / update gates are kept too. throughTime.test.ts checks the
// vanilla cell against plain loops in float64; trainer.test.ts checks the linear RNN's
// g^(T-t) on the whole step.

import * as tf from '@tensorflow/tfjs-core';
import type { Activation, Cell } from '../../config';
import { activate, activationBackward, lossAndGradient, lossOf } from '../../model';


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
  /** For t = 1..T (first entry t = 1): the RMS over the batch of ||dL/dh_t|| (each example's own loss, as the MLP's ||delta_l||). */
  timeGradNorm: tf.Tensor1D;
  /** lstm: the mean forget gate per step; gru: the mean update gate (the share of h_(t-1) kept); rnn: null. */
  gateMean: tf.Tensor1D | null;
  grads: RnnParams;
}

/** The readout's logits for `x` ([batch, T, inputDim]): the forward pass alone (held-out loss, no tape). */
export function rnnLogits(params: RnnParams, x: tf.Tensor3D, activation: Activation, cell: Cell): tf.Tensor2D {
  return unroll(params, params.wIn, params.wRec, params.b, params.wOut, params.bOut, tf.unstack(x, 1) as tf.Tensor2D[], activation, cell, null);
}

/** What a recording pass keeps of its forward pass (the caller disposes them). */
export interface Recorded {
  /** h_t for t = 1..T. */
  hidden: tf.Tensor2D[];
  /** The readout's logits. */
  logits?: tf.Tensor2D;
  /** lstm: the forget gate per step; gru: the update gate; rnn: empty. */
  gates: tf.Tensor2D[];
}

export interface RawThroughTime {
  loss: tf.Scalar;
  grads: RnnParams;
  /** dL/dh_t ([batch, hidden]) for t = 1..T, or null when not asked for. */
  hiddenGrads: tf.Tensor2D[] | null;
}

/**
 * One forward and backward pass. With `probe`, dL/dh_t is handed over for every t; with
 * `record`, h_t, the gates and the logits are kept in `record` (the caller disposes them).
 */
export function throughTimeRaw(
  params: RnnParams,
  x: tf.Tensor3D,
  target: tf.Tensor,
  activation: Activation,
  classification: boolean,
  cell: Cell,
  probe: boolean,
  record: Recorded | null,
): RawThroughTime {
  const T = x.shape[1];
  const inputs = tf.unstack(x, 1) as tf.Tensor2D[];
  if (cell === 'rnn') return vanillaBackprop(params, inputs, target, activation, classification, probe, record);
  // Gated cells: autodiff, with a tap on each h_t that keeps the gradient arriving there.
  const sink: tf.Tensor2D[] = [];
  const taps = probe ? Array.from({ length: T }, (_, t) => tapGradient(sink, t)) : null;
  const f = (wIn: tf.Tensor, wRec: tf.Tensor, b: tf.Tensor, wOut: tf.Tensor, bOut: tf.Tensor) =>
    lossOf(unroll(params, wIn, wRec, b, wOut, bOut, inputs, activation, cell, record, taps), target, classification);
  const { value, grads } = tf.valueAndGrads(f)([params.wIn, params.wRec, params.b, params.wOut, params.bOut]);
  const [gIn, gRec, gB, gOut, gBOut] = grads;
  // The taps' tensors were kept past the backward pass: hand them to the caller's scope.
  const hiddenGrads = taps ? sink.map((g) => tf.clone(g)) : null;
  for (const g of sink) g.dispose();
  return {
    loss: value as tf.Scalar,
    grads: { wIn: gIn as tf.Tensor2D, wRec: gRec as tf.Tensor2D, b: gB as tf.Tensor1D, wOut: gOut as tf.Tensor2D, bOut: gBOut as tf.Tensor1D },
    hiddenGrads,
  };
}

/**
 * The vanilla cell's backward pass through time, by hand: dL/dh_T from the readout, then
 * dz_t = dL/dh_t ⊙ phi'(z_t) and dL/dh_(t-1) = dz_t W_recᵀ back to t = 1; the weight
 * gradients in one product each over every time step at once (Σ_t h_(t-1)ᵀ dz_t is
 * [h_0; ..; h_(T-1)]ᵀ [dz_1; ..; dz_T]). dL/dh_t is computed on the way, so handing it over
 * costs nothing. Fewer ops than autodiff, which accumulates the weight gradients step by step.
 */
function vanillaBackprop(
  params: RnnParams,
  inputs: tf.Tensor2D[],
  target: tf.Tensor,
  activation: Activation,
  classification: boolean,
  keepHiddenGrads: boolean,
  record: Recorded | null,
): RawThroughTime {
  const T = inputs.length;
  const batch = inputs[0].shape[0];
  const hidden = params.wRec.shape[0];
  const hs: tf.Tensor2D[] = [tf.zeros([batch, hidden])];
  const zs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const z = tf.add(tf.add(tf.matMul(inputs[t], params.wIn), params.b), tf.matMul(hs[t], params.wRec)) as tf.Tensor2D;
    zs.push(z);
    hs.push(activate(activation, z));
  }
  const logits = tf.add(tf.matMul(hs[T], params.wOut), params.bOut) as tf.Tensor2D;
  const { loss, dLogits } = lossAndGradient(logits, target, classification);
  const dzs: tf.Tensor2D[] = new Array(T);
  const hiddenGrads: tf.Tensor2D[] | null = keepHiddenGrads ? new Array(T) : null;
  let dh: tf.Tensor2D = tf.matMul(dLogits, params.wOut, false, true);
  for (let t = T - 1; t >= 0; t--) {
    if (hiddenGrads) hiddenGrads[t] = dh;
    dzs[t] = activationBackward(activation, dh, zs[t], hs[t + 1]);
    if (t > 0) dh = tf.matMul(dzs[t], params.wRec, false, true);
  }
  const dz = tf.concat(dzs, 0);
  const grads: RnnParams = {
    wIn: tf.matMul(tf.concat(inputs, 0), dz, true, false),
    wRec: tf.matMul(tf.concat(hs.slice(0, T), 0), dz, true, false),
    b: tf.sum(dz, 0),
    wOut: tf.matMul(hs[T], dLogits, true, false),
    bOut: tf.sum(dLogits, 0),
  };
  if (record) {
    for (let t = 1; t <= T; t++) record.hidden.push(tf.keep(hs[t]));
    record.logits = tf.keep(logits);
  }
  return { loss, grads, hiddenGrads };
}

/** The cells unrolled over `inputs`; the logits at the last step. */
function unroll(
  params: RnnParams,
  wIn: tf.Tensor,
  wRec: tf.Tensor,
  b: tf.Tensor,
  wOut: tf.Tensor,
  bOut: tf.Tensor,
  inputs: tf.Tensor2D[],
  activation: Activation,
  cell: Cell,
  record: Recorded | null,
  taps: ((h: tf.Tensor2D) => tf.Tensor2D)[] | null = null,
): tf.Tensor2D {
  const batch = inputs[0].shape[0];
  const hidden = params.wRec.shape[0];
  let h: tf.Tensor2D = tf.zeros([batch, hidden]);
  let c: tf.Tensor2D = tf.zeros([batch, hidden]);
  // The GRU's recurrent matrix, split once: [update, reset] and the candidate's block.
  const [ru, rn] = cell === 'gru' ? (tf.split(wRec, [2 * hidden, hidden], 1) as tf.Tensor2D[]) : [];
  for (let t = 0; t < inputs.length; t++) {
    const fromInput = tf.add(tf.matMul(inputs[t], wIn as tf.Tensor2D), b) as tf.Tensor2D;
    if (cell === 'rnn') {
      h = activate(activation, tf.add(fromInput, tf.matMul(h, wRec as tf.Tensor2D)) as tf.Tensor2D);
    } else if (cell === 'lstm') {
      const [i, fg, g, o] = tf.split(tf.add(fromInput, tf.matMul(h, wRec as tf.Tensor2D)), 4, 1) as tf.Tensor2D[];
      const forget = tf.sigmoid(fg);
      if (record) record.gates.push(tf.keep(forget));
      c = tf.add(tf.mul(forget, c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
      h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
    } else {
      const [xu, xn] = tf.split(fromInput, [2 * hidden, hidden], 1) as tf.Tensor2D[];
      const [u, r] = tf.split(tf.sigmoid(tf.add(xu, tf.matMul(h, ru))), 2, 1) as tf.Tensor2D[];
      if (record) record.gates.push(tf.keep(u));
      const n = tf.tanh(tf.add(xn, tf.mul(r, tf.matMul(h, rn))));
      h = tf.add(tf.mul(tf.sub(1, u), n), tf.mul(u, h)) as tf.Tensor2D;
    }
    if (taps) h = taps[t](h);
    if (record) record.hidden.push(tf.keep(h));
  }
  const logits = tf.add(tf.matMul(h, wOut as tf.Tensor2D), bOut) as tf.Tensor2D;
  if (record) record.logits = tf.keep(logits);
  return logits;
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
  const batch = x.shape[0];
  const record: Recorded = { hidden: [], gates: [] };
  const raw = throughTimeRaw(params, x, target, activation, classification, cell, true, record);
  const gateMean = record.gates.length > 0 ? (tf.stack(record.gates.map((g) => tf.mean(g))) as tf.Tensor1D) : null;
  for (const t of [...record.hidden, ...record.gates]) t.dispose();
  record.logits?.dispose();
  // The loss is a batch mean, so each example's own gradient is batch x its row: the RMS over the batch is sqrt(batch x sum of squares).
  const timeGradNorm = tf.sqrt(tf.mul(tf.stack((raw.hiddenGrads ?? []).map((g) => tf.sum(tf.square(g)))), batch)) as tf.Tensor1D;
  return { loss: raw.loss, timeGradNorm, gateMean, grads: raw.grads };
}

/** An identity on h_t whose backward pass keeps the gradient arriving at it (in sink[t]). */
function tapGradient(sink: tf.Tensor2D[], t: number): (h: tf.Tensor2D) => tf.Tensor2D {
  const tap = tf.customGrad((h) => ({
    value: tf.clone(h as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => {
      sink[t] = tf.keep(tf.clone(dy)) as tf.Tensor2D;
      return dy;
    },
  }));
  return tap as unknown as (h: tf.Tensor2D) => tf.Tensor2D;
}
