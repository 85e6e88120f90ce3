import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { primeShapeFeedback } from './shapeFeedback';

describe('primeShapeFeedback', () => {
  it('leaves no tensor or data behind in the engine, however often it is called', () => {
    const before = tf.memory();
    primeShapeFeedback();
    primeShapeFeedback();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
  });

  it('leaves tfjs computing as before, with packed and holey shapes alike', () => {
    primeShapeFeedback();
    const holeyShape = new Array<number>(2);
    holeyShape[0] = 2;
    holeyShape[1] = 3;
    const product = tf.tidy(() => {
      const a = tf.reshape(tf.range(0, 6), holeyShape);
      const b = tf.reshape(tf.ones([6]), [3, 2]);
      return tf.matMul(a, b);
    });
    expect(product.shape).toEqual([2, 2]);
    expect(Array.from(product.dataSync())).toEqual([3, 3, 12, 12]);
    expect(tf.util.sizeFromShape(holeyShape)).toBe(6);
    product.dispose();
  });
});
