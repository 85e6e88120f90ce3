import { describe, expect, it } from 'vitest';
import { batchAccuracy, saturationFromUnitMeans } from './finishStats';

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
