// The largest singular value of a square matrix, by power iteration on WᵀW, warm-started
// from the last call's vector: measured every training step on a matrix that changes a
// little each step, a few iterations from the previous vector are enough. Pure
// JavaScript over a read-back matrix (the recurrent matrix of an RNN is width x width).

export interface SigmaMaxResult {
  sigma: number;
  /** The right singular vector found: pass it back as `start` next time. */
  vector: Float64Array;
  iterations: number;
}

/**
 * sigma_max of the n x n row-major matrix `w`. Stops when sigma changes by less than
 * `tolerance` (relative) between iterations, or after `maxIterations`.
 */
export function sigmaMax(
  w: ArrayLike<number>,
  n: number,
  options: { start?: Float64Array; maxIterations?: number; tolerance?: number } = {},
): SigmaMaxResult {
  const { maxIterations = 100, tolerance = 1e-7 } = options;
  let v = new Float64Array(n);
  if (options.start && options.start.length === n) v.set(options.start);
  else for (let i = 0; i < n; i++) v[i] = 1 / Math.sqrt(n) + (i % 2 === 0 ? 1e-3 : -1e-3); // not orthogonal to much
  normalise(v);
  const u = new Float64Array(n);
  let sigma = 0;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // u = W v, then v = Wᵀ u / ||Wᵀ u||; sigma = ||W v|| for the unit v.
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i * n + j] * v[j];
      u[i] = s;
    }
    const next = Math.sqrt(dot(u, u));
    const wtu = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      for (let j = 0; j < n; j++) wtu[j] += w[i * n + j] * ui;
    }
    if (normalise(wtu) === 0) {
      sigma = next;
      break;
    }
    v = wtu;
    const done = iterations > 0 && Math.abs(next - sigma) <= tolerance * Math.max(next, Number.MIN_VALUE);
    sigma = next;
    if (done) break;
  }
  return { sigma, vector: v, iterations: iterations + 1 };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normalise(v: Float64Array): number {
  const norm = Math.sqrt(dot(v, v));
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return norm;
}

/**
 * sigma_min of the n x n row-major matrix `w`: power iteration on c I - WᵀW with
 * c = sigma_max², whose top eigenvalue is c - sigma_min². Pure JavaScript in float64;
 * run once per network (at initialization), so it may take many iterations.
 */
export function sigmaMin(w: ArrayLike<number>, n: number, maxIterations = 2000, tolerance = 1e-10): number {
  const top = sigmaMax(w, n, { maxIterations: 500, tolerance: 1e-12 }).sigma;
  const c = top * top;
  if (c === 0) return 0;
  let v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(1 + 7 * i) + 0.1;
  normalise(v);
  const u = new Float64Array(n);
  let lambda = 0;
  for (let it = 0; it < maxIterations; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += w[i * n + j] * v[j];
      u[i] = s;
    }
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ui = u[i];
      if (ui === 0) continue;
      for (let j = 0; j < n; j++) next[j] += w[i * n + j] * ui;
    }
    // next = c v - WᵀW v
    for (let j = 0; j < n; j++) next[j] = c * v[j] - next[j];
    const norm = normalise(next);
    if (norm === 0) return top;
    const done = it > 0 && Math.abs(norm - lambda) <= tolerance * c;
    lambda = norm;
    v = next;
    if (done) break;
  }
  return Math.sqrt(Math.max(0, c - lambda));
}
