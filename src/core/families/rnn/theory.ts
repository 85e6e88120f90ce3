// What theory says about the gradient through time of a recurrent network at
// initialization (Bengio, Simard and Frasconi 1994; Pascanu, Mikolov and Bengio 2013).
// Backpropagation from h_T to h_t multiplies T - t Jacobians W_recᵀ diag(phi'(z)); with
// gamma the bound of |phi'|:
// - ||dL/dh_t|| <= (gamma sigma_max(W_rec))^(T-t) ||dL/dh_T||, so gamma sigma_max < 1 is
//   sufficient for the gradient to vanish, and gamma sigma_max > 1 necessary for it to
//   explode;
// - a linear RNN also has the floor sigma_min(W_rec)^(T-t): the gradient lies between the
//   two, exactly g^(T-t) for W_rec orthogonal times g.
// Gated cells (LSTM, GRU) carry the gradient along a path these bounds do not describe.
// Codes and numbers only: the page words them (ui/recurrent.ts).

import type { Activation, Cell } from '../../config';
import { SELU_ALPHA, SELU_LAMBDA } from '../../model';
import { sigmaMax, sigmaMin } from '../../spectral';

/** sup |phi'(z)|: the bound gamma in Pascanu's condition. */
export function derivativeBound(activation: Activation): number {
  switch (activation) {
    case 'sigmoid':
      return 0.25;
    case 'selu':
      return SELU_LAMBDA * SELU_ALPHA; // approached as z -> 0 from below (above lambda)
    default:
      // linear, relu, leaky_relu, elu, tanh: at most 1.
      return 1;
  }
}

/**
 * - vanishes: gamma sigma_max < 1 (sufficient);
 * - explodes: a linear RNN with sigma_min > 1 (every direction grows);
 * - may-explode: gamma sigma_max > 1 (necessary, not sufficient);
 * - level: a linear RNN with every singular value 1 (to 1e-3): the norm is kept;
 * - edge: gamma sigma_max = 1 (to 1e-3) in a nonlinear cell: the bound allows neither
 *   growth nor a guaranteed decay (|phi'| < gamma away from 0 usually makes it decay);
 * - gated: an LSTM or GRU (the bound does not apply).
 */
export type RecurrentRegime = 'vanishes' | 'explodes' | 'may-explode' | 'level' | 'edge' | 'gated';

export interface RecurrentTheory {
  cell: Cell;
  sigmaMax: number;
  sigmaMin: number;
  gamma: number;
  /** gamma x sigma_max: Pascanu's number, against 1. */
  product: number;
  regime: RecurrentRegime;
  /**
   * The envelope of ||dL/dh_t|| relative to ||dL/dh_T||, t = 1 first (1 at t = T):
   * upper (gamma sigma_max)^(T-t) for a vanilla cell, lower sigma_min^(T-t) for a linear
   * one; null where no bound applies.
   */
  upper: number[] | null;
  lower: number[] | null;
}

/** The theory of an RNN with recurrent matrix `wRec` (row-major n x n; for gated cells, the candidate's block). */
export function recurrentTheory(wRec: ArrayLike<number>, n: number, activation: Activation, cell: Cell, seqLength: number): RecurrentTheory {
  const sMax = sigmaMax(wRec, n, { maxIterations: 1000, tolerance: 1e-12 }).sigma;
  const vanilla = cell === 'rnn';
  const linear = vanilla && activation === 'linear';
  const sMin = linear ? sigmaMin(wRec, n) : Number.NaN;
  const gamma = derivativeBound(activation);
  const product = gamma * sMax;
  const powers = (base: number) => Array.from({ length: seqLength }, (_, t) => base ** (seqLength - 1 - t));
  let regime: RecurrentRegime;
  if (!vanilla) regime = 'gated';
  else if (linear && Math.abs(sMax - 1) < 1e-3 && Math.abs(sMin - 1) < 1e-3) regime = 'level';
  else if (Math.abs(product - 1) < 1e-3) regime = 'edge';
  else if (product < 1) regime = 'vanishes';
  else if (linear && sMin > 1) regime = 'explodes';
  else regime = 'may-explode';
  return {
    cell,
    sigmaMax: sMax,
    sigmaMin: sMin,
    gamma,
    product,
    regime,
    upper: vanilla ? powers(product) : null,
    lower: linear ? powers(sMin) : null,
  };
}
