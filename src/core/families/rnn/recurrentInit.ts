// The recurrent matrix's initializers: orthogonal (every singular value 1, so a linear
// RNN keeps the gradient's norm through time; Saxe et al. 2014), the same draw the MLP's
// `orthogonal` scheme makes (init.ts), and identity (IRNN: Le, Jaitly and Hinton 2015).
// Both are scaled by the gain. Row-major n x n Float32Arrays.

import { orthogonal } from '../../init';
import type { Rng } from '../../rng';

/** A uniformly random (Haar) orthogonal n x n matrix times `gain`. */
export function orthogonalMatrix(n: number, rng: Rng, gain = 1): Float32Array {
  return orthogonal(n, n, gain, rng);
}

export function identityMatrix(n: number, gain = 1): Float32Array {
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) w[i * n + i] = gain;
  return w;
}
