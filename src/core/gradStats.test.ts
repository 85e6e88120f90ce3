import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchAccuracy, overflowed, Readback, saturationFromUnitMeans, scaledRowNorms } from './gradStats';

describe('stacked statistics', () => {
  it('rescues a norm whose float32 sum of squares overflows', async () => {
    const big = tf.fill([4, 4], 1e20);
    const stacked = tf.stack([big, tf.ones([4, 4])]);
    const plain = tf.sum(tf.square(stacked), [1, 2]).dataSync();
    expect(overflowed(plain)).toBe(true);
    const { norms, maxAbs } = await scaledRowNorms(stacked);
    expect(norms[0] / 4e20).toBeCloseTo(1, 5); // sqrt(16) * 1e20
    expect(norms[1]).toBeCloseTo(4, 5);
    expect(maxAbs[0] / 1e20).toBeCloseTo(1, 5);
    tf.dispose([big, stacked]);
  });

  it('Readback cuts one vector back into its named parts', () => {
    const readback = new Readback();
    const values = tf.tidy(() => {
      readback.add('a', tf.tensor1d([1, 2]));
      readback.add('b', tf.tensor2d([[3, 4, 5]]));
      readback.add('a', tf.scalar(6));
      return readback.pack().dataSync() as Float32Array;
    });
    const parts = readback.unpack(values);
    expect(parts.get('a')?.map((p) => Array.from(p))).toEqual([[1, 2], [6]]);
    expect(Array.from(parts.get('b')?.[0] ?? [])).toEqual([3, 4, 5]);
  });
});

describe('saturation and accuracy', () => {
  it('counts dead relu units and saturated tanh and sigmoid units per layer', () => {
    // Two layers of four units each.
    expect(Array.from(saturationFromUnitMeans('relu', 2, 4, new Float32Array([0, 1, 0, 2, 1, 1, 1, 1]), undefined))).toEqual([0.5, 0]);
    const tanhSq = new Float32Array([0.99, 0.5, 0.2, 0.1, 0.99, 0.99, 0.99, 0.99]);
    expect(Array.from(saturationFromUnitMeans('tanh', 2, 4, new Float32Array(8), tanhSq))).toEqual([0.25, 1]);
    // sigmoid: mean a(1-a) = mean(a) - mean(a^2); 0.995 - 0.99 = 0.005 is saturated.
    const m = new Float32Array([0.995, 0.5, 0.5, 0.5]);
    const m2 = new Float32Array([0.99, 0.3, 0.3, 0.3]);
    expect(Array.from(saturationFromUnitMeans('sigmoid', 1, 4, m, m2))).toEqual([0.25]);
    expect(Array.from(saturationFromUnitMeans('linear', 1, 4, m, m2))).toEqual([0]);
  });

  it('batch accuracy is the share of argmax hits', () => {
    const logits = new Float32Array([1, 0, 0, 0, 2, 0, 0, 0, 3, 5, 0, 0]);
    expect(batchAccuracy(logits, [0, 1, 2, 3], [0, 1, 2, 1], 3)).toBe(0.75);
    expect(batchAccuracy(logits, [3, 2, 1, 0], [0, 1, 2, 1], 3)).toBe(0.25); // labels looked up by index
  });
});
