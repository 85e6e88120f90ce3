// dL/dh_t through time, on measured numbers (tfjs cpu): exact for a linear RNN with an
// orthogonal recurrent matrix, equal to plain float64 loops for tanh, and alive through
// an LSTM or a GRU where a vanilla tanh RNN loses it.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../rng';
import { initWeights } from '../../init';
import { memoryTask } from './sequences';
import { CELL_BLOCKS, type RnnParams, gradientThroughTime } from './throughTime';

const gaussian = (n: number, std: number, rng: Rng) => Float32Array.from({ length: n }, () => std * rng.normal());

function params(D: number, H: number, O: number, wRec: Float32Array, rng: Rng): RnnParams {
  return {
    wIn: tf.tensor2d(gaussian(D * H, 1 / Math.sqrt(D), rng), [D, H]),
    wRec: tf.tensor2d(wRec, [H, H]),
    b: tf.tensor1d(gaussian(H, 0.1, rng)),
    wOut: tf.tensor2d(gaussian(H * O, 1 / Math.sqrt(H), rng), [H, O]),
    bOut: tf.tensor1d(gaussian(O, 0.1, rng)),
  };
}

describe('the gradient through time', () => {
  for (const g of [0.9, 1.1]) {
    it(`linear RNN, W_rec orthogonal x ${g}: ||dL/dh_t|| / ||dL/dh_T|| = g^(T-t) to 1e-3`, () => {
      const rng = createRng(5);
      const [B, T, D, H] = [16, 30, 3, 24];
      const p = params(D, H, 1, initWeights({ scheme: 'orthogonal', gain: g, std: 0 }, H, H, rng), rng);
      const x = tf.tensor3d(gaussian(B * T * D, 1, rng), [B, T, D]);
      const y = tf.tensor1d(gaussian(B, 1, rng));
      const out = gradientThroughTime(p, x, y, 'linear', false);
      const norms = out.timeGradNorm.dataSync();
      expect(norms.length).toBe(T);
      for (let t = 0; t < T; t++) {
        const expected = g ** (T - 1 - t);
        expect(Math.abs(norms[t] / norms[T - 1] / expected - 1), `t=${t + 1}`).toBeLessThan(1e-3);
      }
    });
  }

  it('tanh: dL/dh_t and dL/dW_rec equal plain loops in float64 (small sizes)', () => {
    const rng = createRng(9);
    const [B, T, D, H, O] = [3, 6, 2, 4, 3];
    const wRecValues = gaussian(H * H, 0.8, rng);
    const p = params(D, H, O, wRecValues, rng);
    const xs = gaussian(B * T * D, 1, rng);
    const labels = [0, 2, 1];
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), O).toFloat();
    const out = gradientThroughTime(p, tf.tensor3d(xs, [B, T, D]), onehot, 'tanh', true);

    // The reference: forward and backward by hand.
    const wIn = p.wIn.dataSync();
    const wRec = p.wRec.dataSync();
    const bias = p.b.dataSync();
    const wOut = p.wOut.dataSync();
    const bOut = p.bOut.dataSync();
    const hs: number[][][] = []; // [t][b][k]
    let prev = Array.from({ length: B }, () => new Array(H).fill(0));
    for (let t = 0; t < T; t++) {
      const h = Array.from({ length: B }, (_, b) =>
        Array.from({ length: H }, (_, k) => {
          let z = bias[k];
          for (let d = 0; d < D; d++) z += xs[(b * T + t) * D + d] * wIn[d * H + k];
          for (let j = 0; j < H; j++) z += prev[b][j] * wRec[j * H + k];
          return Math.tanh(z);
        }),
      );
      hs.push(h);
      prev = h;
    }
    // Softmax cross-entropy, mean over the batch: dL/dlogits = (softmax - onehot) / B.
    let dh = Array.from({ length: B }, (_, b) => {
      const logits = Array.from({ length: O }, (_, o) => bOut[o] + hs[T - 1][b].reduce((s, hk, k) => s + hk * wOut[k * O + o], 0));
      const max = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - max));
      const sum = e.reduce((a, c) => a + c, 0);
      const dlogit = e.map((v, o) => (v / sum - (o === labels[b] ? 1 : 0)) / B);
      return Array.from({ length: H }, (_, k) => dlogit.reduce((s, dl, o) => s + dl * wOut[k * O + o], 0));
    });
    const rms: number[] = new Array(T);
    const gRec = new Array(H * H).fill(0);
    for (let t = T - 1; t >= 0; t--) {
      // Each example's own loss has B x its row of the batch-mean gradient: RMS over the batch.
      rms[t] = Math.sqrt(dh.reduce((s, row) => s + row.reduce((a, v) => a + (B * v) ** 2, 0), 0) / B);
      // Through tanh: dz = dh * (1 - h^2); then dW_rec += h_(t-1)ᵀ dz, dh_(t-1) = dz W_recᵀ.
      const dz = dh.map((row, b) => row.map((v, k) => v * (1 - hs[t][b][k] ** 2)));
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < H; j++) {
          const hPrev = t > 0 ? hs[t - 1][b][j] : 0;
          for (let k = 0; k < H; k++) gRec[j * H + k] += hPrev * dz[b][k];
        }
      }
      dh = dz.map((row) => Array.from({ length: H }, (_, j) => row.reduce((s, v, k) => s + v * wRec[j * H + k], 0)));
    }
    const measured = out.timeGradNorm.dataSync();
    for (let t = 0; t < T; t++) expect(measured[t], `t=${t + 1}`).toBeCloseTo(rms[t], 5);
    const measuredRec = out.grads.wRec.dataSync();
    for (let i = 0; i < H * H; i++) expect(measuredRec[i]).toBeCloseTo(gRec[i], 5);
  });
});

describe('gated cells', () => {
  /** ||dL/dh_1|| / ||dL/dh_T|| at initialization on the memory task, and the gate means. */
  function firstToLast(cell: 'rnn' | 'lstm' | 'gru', T: number, gateBias = 0) {
    let result = { ratio: Number.NaN, gates: null as number[] | null, finite: false };
    tf.tidy(() => {
      const rng = createRng(21);
      const [B, H] = [32, 32];
      const data = memoryTask(B, T, rng);
      const blocks = CELL_BLOCKS[cell];
      const D = data.inputDim;
      const bias = new Float32Array(blocks * H);
      // The gate that keeps the past (the LSTM's forget gate, the GRU's update gate) biased open.
      if (cell === 'lstm') bias.fill(gateBias, H, 2 * H);
      if (cell === 'gru') bias.fill(gateBias, 0, H);
      const p: RnnParams = {
        wIn: tf.tensor2d(gaussian(D * blocks * H, 1 / Math.sqrt(D), rng), [D, blocks * H]),
        // Xavier-like recurrent weights: a vanilla tanh RNN vanishes through time with them.
        wRec: tf.tensor2d(gaussian(H * blocks * H, 0.6 / Math.sqrt(H), rng), [H, blocks * H]),
        b: tf.tensor1d(bias),
        wOut: tf.tensor2d(gaussian(H * data.outputDim, 1 / Math.sqrt(H), rng), [H, data.outputDim]),
        bOut: tf.zeros([data.outputDim]) as tf.Tensor1D,
      };
      const onehot = tf.oneHot(tf.tensor1d(Array.from(data.y), 'int32'), data.outputDim).toFloat();
      const out = gradientThroughTime(p, tf.tensor3d(data.x, [B, T, D]), onehot, 'tanh', true, cell);
      const norms = out.timeGradNorm.dataSync();
      result = { ratio: norms[0] / norms[T - 1], gates: out.gateMean ? Array.from(out.gateMean.dataSync()) : null, finite: Number.isFinite(out.loss.dataSync()[0]) };
    });
    return result;
  }

  it('an LSTM keeps the gradient alive through 60 steps where a vanilla tanh RNN loses it (measured at initialization)', () => {
    const T = 60;
    const rnn = firstToLast('rnn', T);
    const lstm1 = firstToLast('lstm', T, 1);
    const lstm3 = firstToLast('lstm', T, 3);
    const gru0 = firstToLast('gru', T, 0);
    const gru3 = firstToLast('gru', T, 3);
    for (const r of [rnn, lstm1, lstm3, gru0, gru3]) expect(r.finite).toBe(true);
    // Measured here: rnn 5e-13; lstm (b_f = 1) 3e-6, (b_f = 3) far more; gru (update bias 3) likewise.
    expect(rnn.ratio).toBeLessThan(1e-10);
    expect(lstm1.ratio).toBeGreaterThan(1e5 * rnn.ratio);
    expect(lstm3.ratio).toBeGreaterThan(1e-2);
    expect(gru3.ratio).toBeGreaterThan(1e-2);
    // What keeps it: the gate that carries the past, open. sigmoid(1) = 0.73, sigmoid(3) = 0.95.
    expect(rnn.gates).toBeNull();
    expect(lstm1.gates?.length).toBe(T);
    for (const f of lstm1.gates ?? []) expect(Math.abs(f - 0.73)).toBeLessThan(0.05);
    for (const f of lstm3.gates ?? []) expect(f).toBeGreaterThan(0.9);
    for (const u of gru0.gates ?? []) expect(Math.abs(u - 0.5)).toBeLessThan(0.05);
    for (const u of gru3.gates ?? []) expect(u).toBeGreaterThan(0.9);
  });
});
