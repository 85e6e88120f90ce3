// The recurrent matrix's initializers beyond the MLP's (init.ts): orthogonal (every
// singular value 1, so a linear RNN keeps the gradient's norm through time; Saxe et al.
// 2014) and identity (IRNN: Le, Jaitly and Hinton 2015). Both are scaled by the gain.
// Row-major n x n Float32Arrays.

import type { Rng } from '../../rng';

/**
 * A uniformly random orthogonal matrix (Haar measure): QR of a Gaussian matrix by
 * modified Gram-Schmidt in float64, each column's sign fixed by R's diagonal.
 */
export function orthogonalMatrix(n: number, rng: Rng, gain = 1): Float32Array {
  // Columns of a Gaussian matrix, orthonormalised in turn.
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = rng.normal();
    for (const q of cols) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // R's diagonal is the norm (positive): Gram-Schmidt already gives Haar-distributed Q.
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] = gain * cols[j][i];
  return w;
}

export function identityMatrix(n: number, gain = 1): Float32Array {
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = gain;
  return w;
}
