// The hand-written backward pass against tfjs's autodiff of the same forward pass.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from './config';
import { type Architecture, backward, forward, lossAndGradient, lossOf } from './model';

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let scale = 1e-6;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

describe('backward() matches autodiff', () => {
  const combos: [boolean, 'none' | 'layer', boolean][] = [];
  for (const classification of [true, false]) {
    for (const normalization of ['none', 'layer'] as const) {
      for (const residual of [false, true]) combos.push([classification, normalization, residual]);
    }
  }
  for (const activation of ACTIVATIONS) {
    for (const [classification, normalization, residual] of combos) {
      const name = `${activation}, ${classification ? 'cross-entropy' : 'mse'}, norm=${normalization}, residual=${residual}`;
      it(name, () => {
        const arch: Architecture = {
          depth: 3,
          width: 5,
          inputDim: 2,
          outputDim: classification ? 3 : 1,
          activation,
          normalization,
          residual,
        };
        const batch = 4;
        tf.tidy(() => {
          tf.randomNormal([1], 0, 1, 'float32', 1); // keep seeds independent of test order
          const shapes: [number, number][] = [
            [2, 5],
            [5, 5],
            [5, 5],
            [5, arch.outputDim],
          ];
          const weights = shapes.map(([i, o], k) => tf.randomNormal([i, o], 0, 0.8, 'float32', 11 + k) as tf.Tensor2D);
          const biases = shapes.map(([, o], k) => tf.randomNormal([o], 0, 0.3, 'float32', 31 + k) as tf.Tensor1D);
          const x = tf.randomNormal([batch, 2], 0, 1, 'float32', 5) as tf.Tensor2D;
          const target = classification
            ? tf.cast(tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3), 'float32')
            : tf.tensor1d([0.5, -0.2, 0.1, 0.9]);

          const trace = forward(arch, weights, biases, x);
          const { loss, dLogits } = lossAndGradient(trace.logits, target, classification);
          const mine = backward(arch, weights, trace, dLogits, tf.ones([1, batch]) as tf.Tensor2D);

          const f = (...params: tf.Tensor[]) =>
            lossOf(
              forward(arch, params.slice(0, 4) as tf.Tensor2D[], params.slice(4) as tf.Tensor1D[], x).logits,
              target,
              classification,
            );
          const reference = tf.valueAndGrads(f)([...weights, ...biases]);
          expect(loss.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0], 5);
          const ours = [...mine.weightGrads, ...mine.biasGrads];
          ours.forEach((g, i) => {
            expect(g.shape).toEqual(reference.grads[i].shape);
            expect(maxRelativeError(g.dataSync() as Float32Array, reference.grads[i].dataSync() as Float32Array)).toBeLessThan(1e-4);
          });
          // delta_l sums over the batch to the bias gradient (b_l is added to z_l).
          mine.deltas.forEach((d, l) => {
            const colSum = tf.sum(d, 0).dataSync() as Float32Array;
            expect(maxRelativeError(colSum, mine.biasGrads[l].dataSync() as Float32Array)).toBeLessThan(1e-5);
          });
        });
      });
    }
  }
});
