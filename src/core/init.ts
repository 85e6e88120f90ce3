// Weight initializers with exactly the variance their names promise.
// tfjs's own heNormal/glorotNormal/leCunNormal draw a truncated normal without a
// variance correction (about 0.77x the nominal variance), which would make "He init"
// shrink gradients by ~0.88x per layer. These draw from the untruncated distribution.
// `gain` multiplies the standard deviation, so gain 2 means variance x4.

import type { InitScheme } from './config';
import type { Rng } from './rng';

export interface InitParams {
  scheme: InitScheme;
  gain: number;
  /** Standard deviation for the plain `normal` scheme. */
  std: number;
}

/** The variance of one weight entry that the scheme promises for a [fanIn, fanOut] matrix. */
export function nominalVariance(p: InitParams, fanIn: number, fanOut: number): number {
  const g2 = p.gain * p.gain;
  switch (p.scheme) {
    case 'zeros':
      return 0;
    case 'uniform':
      return g2 / 12;
    case 'normal':
      return g2 * p.std * p.std;
    case 'xavier_normal':
    case 'xavier_uniform':
      return (g2 * 2) / (fanIn + fanOut);
    case 'he_normal':
    case 'he_uniform':
      return (g2 * 2) / fanIn;
    case 'lecun_normal':
      return g2 / fanIn;
    case 'orthogonal':
      // Orthonormal columns (or rows) of length max(fanIn, fanOut).
      return g2 / Math.max(fanIn, fanOut);
    case 'identity':
      // min(fanIn, fanOut) entries equal to gain, the rest 0.
      return (g2 * Math.min(fanIn, fanOut)) / (fanIn * fanOut);
  }
}

/** A row-major [fanIn, fanOut] weight matrix. */
export function initWeights(p: InitParams, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const size = fanIn * fanOut;
  const out = new Float32Array(size);
  const variance = nominalVariance(p, fanIn, fanOut);
  switch (p.scheme) {
    case 'zeros':
      return out;
    case 'uniform':
      for (let i = 0; i < size; i++) out[i] = (rng.next() - 0.5) * p.gain;
      return out;
    case 'xavier_uniform':
    case 'he_uniform': {
      // U(-a, a) has variance a^2 / 3.
      const a = Math.sqrt(3 * variance);
      for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * a;
      return out;
    }
    case 'normal':
    case 'xavier_normal':
    case 'he_normal':
    case 'lecun_normal': {
      const sd = Math.sqrt(variance);
      for (let i = 0; i < size; i++) out[i] = rng.normal() * sd;
      return out;
    }
    case 'orthogonal':
      return orthogonal(fanIn, fanOut, p.gain, rng);
    case 'identity':
      // gain on the diagonal (IRNN: Le, Jaitly and Hinton 2015; for a rectangular matrix, its leading square).
      for (let i = 0; i < Math.min(fanIn, fanOut); i++) out[i * fanOut + i] = p.gain;
      return out;
  }
}

/**
 * A [fanIn, fanOut] matrix with orthonormal columns (fanIn >= fanOut) or rows,
 * from the QR decomposition of a Gaussian matrix with the sign of R's diagonal
 * folded in (so the result is Haar-distributed), times `gain`.
 */
export function orthogonal(fanIn: number, fanOut: number, gain: number, rng: Rng): Float32Array {
  const rows = Math.max(fanIn, fanOut);
  const cols = Math.min(fanIn, fanOut);
  // Columns of a rows x cols Gaussian matrix, orthonormalised by modified Gram-Schmidt.
  const q: Float64Array[] = [];
  for (let j = 0; j < cols; j++) {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) v[i] = rng.normal();
    for (const u of q) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += u[i] * v[i];
      for (let i = 0; i < rows; i++) v[i] -= dot * u[i];
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) v[i] /= norm;
    q.push(v);
  }
  const out = new Float32Array(fanIn * fanOut);
  for (let r = 0; r < fanIn; r++) {
    for (let c = 0; c < fanOut; c++) {
      // fanIn >= fanOut: entry (r, c) is q[c][r]; otherwise the transpose.
      out[r * fanOut + c] = gain * (fanIn >= fanOut ? q[c][r] : q[r][c]);
    }
  }
  return out;
}

export function sampleVariance(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let acc = 0;
  for (let i = 0; i < values.length; i++) acc += (values[i] - mean) ** 2;
  return acc / values.length;
}
