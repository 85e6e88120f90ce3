import { describe, expect, it } from 'vitest';
import { initWeights } from './init';
import { createRng, type Rng } from './rng';
import { sigmaMax } from './spectral';

// The recurrent matrix's draws, as the RNN trainer makes them (init.ts).
const orthogonalMatrix = (n: number, rng: Rng, gain = 1) => initWeights({ scheme: 'orthogonal', gain, std: 0 }, n, n, rng);
const identityMatrix = (n: number, gain = 1) => initWeights({ scheme: 'identity', gain, std: 0 }, n, n, createRng(0));

/** ||WᵀW - I||_max of an n x n row-major matrix. */
function orthogonalityError(w: Float32Array, n: number): number {
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[i * n + a] * w[i * n + b];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

describe('recurrent initializers', () => {
  it('orthogonal: WᵀW = I (float32), and a different matrix for another seed', () => {
    const n = 48;
    expect(orthogonalityError(orthogonalMatrix(n, createRng(1)), n)).toBeLessThan(1e-5);
    expect(orthogonalMatrix(8, createRng(1))).not.toEqual(orthogonalMatrix(8, createRng(2)));
  });
});

describe('sigma_max by power iteration', () => {
  it('of an orthogonal matrix times g is g, and of the identity times g is g', () => {
    for (const g of [0.5, 0.9, 1, 1.1, 3]) {
      expect(sigmaMax(orthogonalMatrix(32, createRng(7), g), 32).sigma).toBeCloseTo(g, 5);
      expect(sigmaMax(identityMatrix(32, g), 32).sigma).toBeCloseTo(g, 6);
    }
  });

  it('of a diagonal matrix is its largest entry in absolute value', () => {
    const n = 10;
    const w = new Float32Array(n * n);
    const diag = [0.3, -2.5, 1, 0.1, 2.4, -0.2, 0.7, 1.9, 0, 0.5];
    diag.forEach((v, i) => {
      w[i * n + i] = v;
    });
    expect(sigmaMax(w, n).sigma).toBeCloseTo(2.5, 4);
  });

  it('of a Gaussian matrix with entries of variance 1/n lies near the edge of the spectrum, 2, and within the Frobenius bounds', () => {
    const n = 96;
    const rng = createRng(11);
    const w = Float32Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    const { sigma } = sigmaMax(w, n, { maxIterations: 500, tolerance: 1e-9 });
    const frobenius = Math.sqrt(w.reduce((a, b) => a + b * b, 0));
    expect(sigma).toBeLessThanOrEqual(frobenius);
    expect(sigma).toBeGreaterThanOrEqual(frobenius / Math.sqrt(n));
    expect(sigma).toBeGreaterThan(1.8);
    expect(sigma).toBeLessThan(2.2);
  });

  it('warm-started from the last vector, a slightly changed matrix needs a few iterations', () => {
    const n = 64;
    const rng = createRng(3);
    const w = Float32Array.from({ length: n * n }, () => rng.normal() / Math.sqrt(n));
    const cold = sigmaMax(w, n, { tolerance: 1e-6, maxIterations: 1000 });
    const nudged = w.map((v) => v * (1 + 1e-4 * rng.normal()));
    const warm = sigmaMax(nudged, n, { start: cold.vector, tolerance: 1e-6, maxIterations: 1000 });
    const again = sigmaMax(nudged, n, { tolerance: 1e-6, maxIterations: 1000 });
    expect(warm.sigma).toBeCloseTo(again.sigma, 3);
    expect(warm.iterations).toBeLessThan(again.iterations / 2);
  });
});
