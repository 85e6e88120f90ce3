import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { overflowed } from './finishStats';
import { Readback, scaledRowNorms } from './gradStats';

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
