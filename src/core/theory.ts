// Closed-form predictions of gradient flow at initialization (mean-field theory:
// He et al. 2015, eq. 13; Poole et al. 2016; Schoenholz et al. 2017).
//
// For a plain MLP with weight variance sigma_w^2 and width n, the per-unit variance of
// delta_l = dL/dz_l obeys  E[delta_l^2] = chi_l * E[delta_{l+1}^2]  with
//     chi_l = n * sigma_w^2 * E[phi'(z_l)^2],  z_l ~ N(0, q_l),
// and q_l follows the forward variance map q_{l+1} = n sigma_w^2 E[phi(z_l)^2] + sigma_b^2.
// chi < 1 vanishes, chi > 1 explodes: a straight line on a log axis. For relu and
// linear units E[phi'^2] (1/2 and 1) does not depend on q; for tanh, sigmoid, elu and
// selu it is a 1-D Gaussian integral computed numerically here.
//
// Layer norm makes z unit-variance before the activation and divides delta by the
// standard deviation of z, so chi becomes E[phi'(u)^2] / E[phi(u)^2] with u ~ N(0,1),
// independent of the weight scale (mean subtraction is ignored: an approximation).
// Residual connections add the identity to each backward step: the gradient of the
// residual stream grows by (1 + chi_l) per layer instead of being multiplied by chi_l.

import type { Activation, RunConfig } from './config';
import { nominalVariance } from './init';
import type { RecurrentTheory } from './families/rnn/theory';
import { LEAKY_RELU_SLOPE as LEAKY_SLOPE, layerShapes, SELU_ALPHA, SELU_LAMBDA } from './model';

export function phi(kind: Activation, z: number): number {
  switch (kind) {
    case 'linear':
      return z;
    case 'relu':
      return Math.max(z, 0);
    case 'leaky_relu':
      return z > 0 ? z : LEAKY_SLOPE * z;
    case 'elu':
      return z > 0 ? z : Math.expm1(z);
    case 'selu':
      return SELU_LAMBDA * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
  }
}

export function phiPrime(kind: Activation, z: number): number {
  switch (kind) {
    case 'linear':
      return 1;
    case 'relu':
      return z > 0 ? 1 : 0;
    case 'leaky_relu':
      return z > 0 ? 1 : LEAKY_SLOPE;
    case 'elu':
      return z > 0 ? 1 : Math.exp(z);
    case 'selu':
      return SELU_LAMBDA * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z));
    case 'tanh': {
      const t = Math.tanh(z);
      return 1 - t * t;
    }
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
  }
}

// Standard-normal quadrature: the midpoint rule on [-10, 10] with 2000 cells. It is
// spectrally accurate for smooth integrands against the Gaussian, and no node sits on 0,
// where relu's derivative jumps (the cells split it exactly in half).
const QUAD_POINTS = 2000;
const QUAD_RANGE = 10;
const quadNodes = new Float64Array(QUAD_POINTS);
const quadWeights = new Float64Array(QUAD_POINTS);
{
  const h = (2 * QUAD_RANGE) / QUAD_POINTS;
  let total = 0;
  for (let i = 0; i < QUAD_POINTS; i++) {
    const t = -QUAD_RANGE + (i + 0.5) * h;
    quadNodes[i] = t;
    quadWeights[i] = Math.exp(-0.5 * t * t);
    total += quadWeights[i];
  }
  for (let i = 0; i < QUAD_POINTS; i++) quadWeights[i] /= total;
}

/** E[f(z)] for z ~ N(0, q). */
export function gaussianExpectation(f: (z: number) => number, q: number): number {
  const s = Math.sqrt(Math.max(0, q));
  let acc = 0;
  for (let i = 0; i < QUAD_POINTS; i++) acc += quadWeights[i] * f(s * quadNodes[i]);
  return acc;
}

export const meanSquaredPhi = (kind: Activation, q: number) => gaussianExpectation((z) => phi(kind, z) ** 2, q);
export const meanSquaredPhiPrime = (kind: Activation, q: number) =>
  gaussianExpectation((z) => phiPrime(kind, z) ** 2, q);

export interface TheoryPrediction {
  /** Weight variance actually drawn per layer (the real variance, input layer first). */
  weightVariance: number[];
  /** Forward pre-activation variance q_l of each hidden layer. */
  preactVariance: number[];
  /**
   * chi_l for hidden layers l = 1..depth: the predicted per-layer factor of the per-unit
   * delta variance from layer l+1 back to layer l (for residual nets, of the stream's).
   */
  chiPerLayer: number[];
  /** chi at the fixed point q* of the forward map (plain nets; NaN if none is reached). */
  chiStar: number;
  qStar: number;
  /**
   * Predicted ||delta_l|| per example relative to the last hidden layer's (which is 1),
   * for every layer 1..depth+1. Empty for depth 0.
   */
  preactGradNormRelative: number[];
  /** One sentence saying which regime the prediction is in. */
  summary: string;
  /** RNN runs: the bounds through time (families/rnn/theory.ts); the per-layer fields above are then empty. */
  recurrent: RecurrentTheory | null;
}

const varianceFactorOf = (chi: number) => (chi > 1.05 ? 'explode' : chi < 0.95 ? 'vanish' : 'stay level');

type TheoryConfig = Pick<RunConfig, 'depth' | 'width' | 'activation' | 'init' | 'initGain' | 'initStd' | 'normalization' | 'residual'> &
  Partial<Pick<RunConfig, 'biasStd'>>;

/** The forward and backward variance maps of the per-layer theory (see the header). */
export interface VarianceProfile {
  /** Weight variance drawn per layer, input layer first. */
  weightVariance: number[];
  /** q_l of each hidden layer. */
  preactVariance: number[];
  /**
   * Per-unit variance of delta_l for every layer, the readout's (anchored at 1) last.
   * Ratios between hidden layers do not depend on what lies above them, so a deeper
   * network's profile holds a shallower one's (the phase diagram reads it so).
   */
  deltaVariance: number[];
  shapes: [number, number][];
}

export function varianceProfile(config: TheoryConfig, inputDim: number, outputDim: number, inputSecondMoment: number): VarianceProfile {
  const shapes = layerShapes({ depth: config.depth, width: config.width, inputDim, outputDim });
  const weightVariance = shapes.map(([fanIn, fanOut]) =>
    nominalVariance({ scheme: config.init, gain: config.initGain, std: config.initStd }, fanIn, fanOut),
  );
  const act = config.activation;
  const layerNorm = config.normalization === 'layer';
  const depth = config.depth;
  // sigma_b^2: the hidden biases' variance, added to every hidden pre-activation's.
  const biasVariance = (config.biasStd ?? 0) ** 2;

  // Forward: pre-activation variance q_l and, for the residual stream, its second moment.
  const preactVariance: number[] = [];
  let streamSecondMoment = inputSecondMoment; // per feature of the layer's input
  for (let l = 0; l < depth; l++) {
    const fanIn = shapes[l][0];
    const q = fanIn * weightVariance[l] * streamSecondMoment + biasVariance;
    preactVariance.push(q);
    const branch = meanSquaredPhi(act, layerNorm ? 1 : q);
    streamSecondMoment = config.residual && l > 0 ? streamSecondMoment + branch : branch;
  }

  // E[phi'(u)^2] per hidden layer, and the layer-norm division by var(z).
  const gainOf = (l: number) => {
    const q = preactVariance[l];
    if (layerNorm) return q > 0 ? meanSquaredPhiPrime(act, 1) / q : Number.POSITIVE_INFINITY;
    return meanSquaredPhiPrime(act, q);
  };

  // Backward, per-unit variances: D_l for delta_l, G_l for dL/dh_l (the layer's output).
  // Anchor the readout's delta at 1; only ratios are predicted.
  const deltaVariance = new Array<number>(depth + 1).fill(0);
  deltaVariance[depth] = 1;
  let streamGrad = shapes[depth][1] * weightVariance[depth] * deltaVariance[depth];
  for (let l = depth - 1; l >= 0; l--) {
    deltaVariance[l] = gainOf(l) * streamGrad;
    const fanOut = shapes[l][1];
    const fromBranch = fanOut * weightVariance[l] * deltaVariance[l];
    streamGrad = config.residual && l > 0 ? streamGrad + fromBranch : fromBranch;
  }
  return { weightVariance, preactVariance, deltaVariance, shapes };
}

export function predictTheory(config: TheoryConfig, inputDim: number, outputDim: number, inputSecondMoment: number): TheoryPrediction {
  const { weightVariance, preactVariance, deltaVariance: deltaVar, shapes } = varianceProfile(config, inputDim, outputDim, inputSecondMoment);
  const act = config.activation;
  const layerNorm = config.normalization === 'layer';
  const depth = config.depth;
  const biasVariance = (config.biasStd ?? 0) ** 2;
  const chiPerLayer: number[] = [];
  for (let l = 0; l < depth - 1; l++) chiPerLayer.push(deltaVar[l] / deltaVar[l + 1]);

  // Fixed point of the plain forward map at this width.
  const sigma2 = depth >= 2 ? weightVariance[1] : weightVariance[0];
  let qStar = preactVariance[0] ?? 0;
  for (let i = 0; i < 500 && Number.isFinite(qStar) && qStar < 1e30; i++) {
    const next = config.width * sigma2 * meanSquaredPhi(act, layerNorm ? 1 : qStar) + biasVariance;
    if (Math.abs(next - qStar) <= 1e-10 * Math.max(1, qStar)) {
      qStar = next;
      break;
    }
    qStar = next;
  }
  const converged = Number.isFinite(qStar) && qStar < 1e30 && qStar > 1e-30;
  const chiStar = layerNorm
    ? meanSquaredPhiPrime(act, 1) / meanSquaredPhi(act, 1)
    : converged || act === 'relu' || act === 'linear' || act === 'leaky_relu'
      ? config.width * sigma2 * meanSquaredPhiPrime(act, converged ? qStar : 1)
      : Number.NaN;

  const widths = shapes.map(([, fanOut]) => fanOut);
  const preactGradNormRelative =
    depth === 0
      ? []
      : deltaVar.map((d, l) => Math.sqrt((d * widths[l]) / (deltaVar[depth - 1] * widths[depth - 1])));

  const meanChi =
    chiPerLayer.length > 0 ? Math.exp(chiPerLayer.reduce((a, c) => a + Math.log(c), 0) / chiPerLayer.length) : 1;
  const summary =
    depth < 2
      ? 'Too shallow for a trend across depth.'
      : config.residual
        ? `Residual: the gradient of the stream grows by about ${meanChi.toPrecision(3)}x in variance per layer.`
        : `chi = ${(Number.isFinite(chiStar) ? chiStar : meanChi).toPrecision(3)}: gradients ${varianceFactorOf(Number.isFinite(chiStar) ? chiStar : meanChi)} with depth (variance factor per layer).`;

  return { weightVariance, preactVariance, chiPerLayer, chiStar, qStar: converged ? qStar : Number.NaN, preactGradNormRelative, summary, recurrent: null };
}
