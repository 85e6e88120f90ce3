import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng';
import { addingProblem, MEMORY_SYMBOLS, memoryTask } from './sequences';

describe('the adding problem', () => {
  it('has one marker in each half, and the target is the sum of the two marked values', () => {
    const T = 37;
    const d = addingProblem(200, T, createRng(1));
    expect(d.x.length).toBe(200 * T * 2);
    for (let i = 0; i < d.n; i++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const value = d.x[(i * T + t) * 2];
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
        if (d.x[(i * T + t) * 2 + 1] === 1) {
          marked.push(t);
          sum += value;
        }
      }
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(Math.floor(T / 2));
      expect(marked[1]).toBeGreaterThanOrEqual(Math.floor(T / 2));
      expect(d.y[i]).toBeCloseTo(sum, 6);
    }
  });

  it('predicting the mean scores about 1/6 (the variance of a sum of two uniforms)', () => {
    const d = addingProblem(20_000, 10, createRng(2));
    const mean = d.y.reduce((a, b) => a + b, 0) / d.n;
    const variance = d.y.reduce((a, b) => a + (b - mean) ** 2, 0) / d.n;
    expect(mean).toBeCloseTo(1, 1);
    expect(variance).toBeGreaterThan(1 / 6 - 0.01);
    expect(variance).toBeLessThan(1 / 6 + 0.01);
  });

  it('is fixed by the seed', () => {
    expect(addingProblem(5, 8, createRng(3)).x).toEqual(addingProblem(5, 8, createRng(3)).x);
    expect(addingProblem(5, 8, createRng(3)).x).not.toEqual(addingProblem(5, 8, createRng(4)).x);
  });
});

describe('the memory task', () => {
  it('shows the cue at t = 1 only; the class is the cue; every step is one-hot', () => {
    const T = 20;
    const d = memoryTask(300, T, createRng(5));
    const S = MEMORY_SYMBOLS;
    expect(d.inputDim).toBe(2 * S);
    expect(d.outputDim).toBe(S);
    const seen = new Set<number>();
    for (let i = 0; i < d.n; i++) {
      for (let t = 0; t < T; t++) {
        const row = Array.from(d.x.subarray((i * T + t) * 2 * S, (i * T + t + 1) * 2 * S));
        expect(row.reduce((a, b) => a + b, 0)).toBe(1);
        const hot = row.indexOf(1);
        if (t === 0) {
          expect(hot).toBe(d.y[i]);
          seen.add(hot);
        } else expect(hot).toBeGreaterThanOrEqual(S); // a distractor, never a cue symbol
      }
    }
    expect(seen.size).toBe(S);
  });

  it('refuses a sequence too short to have a distractor', () => {
    expect(() => memoryTask(1, 1, createRng(1))).toThrow(RangeError);
    expect(() => addingProblem(1, 1, createRng(1))).toThrow(RangeError);
  });
});
