import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { hasTensorStats, MAX_ABS, NORM, SUM, tensorStats, unitSums } from './tensorStats';

describe('tensorStats (the cpu backend here)', () => {
  it('is registered for the backend the tests run on', () => {
    expect(tf.getBackend()).toBe('cpu');
    expect(hasTensorStats()).toBe(true);
  });

  it('gives each tensor its norm, and its sum or max |x| where asked, whatever its shape', () => {
    const a = [3, -4];
    const b = [
      [1, 2, -7],
      [0.5, 0, 0],
    ];
    const c = [-2];
    const out = tf.tidy(() => Array.from(tensorStats([tf.tensor1d(a), tf.tensor2d(b), tf.scalar(c[0])], ['sum', 'max', 'sum']).dataSync()));
    expect(out.length).toBe(9);
    const row = (i: number) => out.slice(i * 3, i * 3 + 3);
    expect(row(0)[NORM]).toBeCloseTo(5, 6);
    expect(row(0)[SUM]).toBeCloseTo(-1, 6);
    expect(row(0)[MAX_ABS]).toBe(0); // not asked for
    expect(row(1)[SUM]).toBe(0); // not asked for
    expect(row(1)[NORM]).toBeCloseTo(Math.sqrt(1 + 4 + 49 + 0.25), 5);
    expect(row(1)[MAX_ABS]).toBe(7);
    expect(row(2)).toEqual([2, -2, 0]);
  });

  it('does not overflow where a float32 sum of squares would, and lets NaN through', () => {
    const out = tf.tidy(() => tensorStats([tf.fill([4, 4], 1e20), tf.tensor1d([1, Number.NaN, 2])], ['norm', 'max']).dataSync());
    expect(out[NORM] / 4e20).toBeCloseTo(1, 5); // sqrt(16) * 1e20; its square is past float32
    expect(Number.isNaN(out[3 + NORM])).toBe(true);
    expect(Number.isNaN(out[3 + MAX_ABS])).toBe(true);
  });

  it('agrees with a plain computation on longer tensors of every length mod 4', () => {
    for (const n of [1, 2, 3, 4, 5, 101, 1026]) {
      const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * (i % 5));
      const [norm, sum, , norm2, , max] = tf.tidy(() => Array.from(tensorStats([tf.tensor1d(values), tf.tensor1d(values)], ['sum', 'max']).dataSync()));
      let sq = 0;
      let s = 0;
      let m = 0;
      for (const v of values) {
        sq += v * v;
        s += v;
        m = Math.max(m, Math.abs(v));
      }
      expect(norm).toBeCloseTo(Math.sqrt(sq), 4);
      expect(norm2).toBeCloseTo(Math.sqrt(sq), 4);
      expect(sum).toBeCloseTo(s, 4);
      expect(max).toBeCloseTo(m, 6);
    }
  });

  it('unitSums sums each unit over the batch: values, positive parts, squares', () => {
    const a = [
      [1, -2, 3],
      [4, 5, -6],
    ];
    const plain = tf.tidy(() => Array.from(unitSums([tf.tensor2d(a), tf.tensor2d(a)], { squares: true, positive: false }).dataSync()));
    expect(plain.slice(0, 6)).toEqual([5, 3, -3, 17, 29, 45]); // sums, then sums of squares
    expect(plain.slice(6)).toEqual(plain.slice(0, 6));
    const positive = tf.tidy(() => Array.from(unitSums([tf.tensor2d(a)], { squares: false, positive: true }).dataSync()));
    expect(positive).toEqual([5, 5, 3, 0, 0, 0]);
  });

  it('leaves no tensor behind in a tidy scope', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      tensorStats([tf.ones([3, 3])]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
