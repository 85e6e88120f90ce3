// The phase diagram's measurement: the log10 ratio of the first to the last hidden
// layer's ||delta|| at initialization, for many networks at once.
//
// Networks that differ only in their gain and bias scale share their draws (the same
// underlying weights and biases, scaled), and a network of depth L is the first L
// layers of a deeper one drawn from the same seed: createParams draws layer by layer,
// so the prefix is the same, and the readout of depth L is what the stream would draw
// after L layers (an Rng clone taken there). So one block of networks (a width, a few
// scale variants, several seeds, several depths) runs as one batched forward pass to
// the deepest depth, with a backward pass from each depth's readout, and every cell is
// exactly the run the lab would start with that configuration and seed: its first
// batch (up to PHASE_BATCH examples of it), its weights, its biases.
//
// The backward pass is rescaled every few layers (per network, by its largest entry),
// so a gradient that grows 10^100 across depth still gives a finite ratio; a forward
// pass that overflows float32 is reported as such, as the lab's run would be NaN.

import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../config';
import { makeDataset } from '../datasets';
import { initWeights } from '../init';
import { activate, activationBackward, initBiases, LAYER_NORM_EPSILON, layerShapes, lossAndGradient } from '../model';
import { createRng } from '../rng';
import { createBatchSampler } from '../training';

/** The examples of the first batch the measurement uses (its first this many). */
export const PHASE_BATCH = 32;
/** Floats the stored forward pass of one chunk of networks may take (64 MiB). */
const CHUNK_FLOATS = 16 * 1024 * 1024;
/** The backward pass is rescaled every this many layers. */
const RESCALE_EVERY = 4;

/** How a network's ratio came out. */
export type RatioOutcome = 'finite' | 'overflow' | 'zero' | 'nan';

export interface ScaleVariant {
  gain: number;
  biasStd: number;
}

export interface DepthResult {
  depth: number;
  /** The index of the first variant these results are for (a block runs its variants in chunks). */
  variantStart: number;
  /** [variant][seed]: log10 of ||delta_1|| / ||delta_L|| (NaN where not finite). */
  logRatio: number[][];
  /** [variant][seed]. */
  outcome: RatioOutcome[][];
}

/** What one seed's networks draw: its first batch and the unit-gain weights and biases of every layer. */
interface SeedDraws {
  x: Float32Array;
  target: Float32Array;
  /** Weight matrices at gain 1, input layer first (maxDepth of them). */
  weights: Float32Array[];
  /** The readout at gain 1 of a network of each needed depth. */
  readouts: Map<number, Float32Array>;
  /** Hidden biases at std 1. */
  biases: Float32Array[];
}

function drawSeed(base: RunConfig, width: number, maxDepth: number, depths: readonly number[], seed: number) {
  const root = createRng(seed);
  const dataRng = root.fork();
  const initRng = root.fork();
  const batchRng = root.fork();
  const biasRng = root.fork();
  const dataset = makeDataset(base, dataRng);
  const size = Math.min(base.batchSize, dataset.numTrain);
  const indices = createBatchSampler(dataset.numTrain, batchRng).next(size).slice(0, PHASE_BATCH);
  const x = new Float32Array(indices.length * dataset.inputDim);
  const outW = dataset.classification ? dataset.outputDim : 1;
  const target = new Float32Array(indices.length * outW);
  indices.forEach((row, i) => {
    x.set(dataset.trainX.subarray(row * dataset.inputDim, (row + 1) * dataset.inputDim), i * dataset.inputDim);
    if (dataset.classification) target[i * outW + dataset.trainY[row]] = 1;
    else target[i] = dataset.trainY[row];
  });
  const unit = { scheme: base.init, gain: 1, std: base.initStd };
  const shapes = layerShapes({ depth: maxDepth, width, inputDim: dataset.inputDim, outputDim: dataset.outputDim });
  const weights: Float32Array[] = [];
  const readouts = new Map<number, Float32Array>();
  const biases: Float32Array[] = [];
  for (let l = 0; l < maxDepth; l++) {
    if (l > 0 && depths.includes(l)) readouts.set(l, initWeights(unit, width, dataset.outputDim, initRng.clone()));
    weights.push(initWeights(unit, shapes[l][0], shapes[l][1], initRng));
    biases.push(initBiases(1, width, biasRng) as Float32Array);
  }
  readouts.set(maxDepth, initWeights(unit, width, dataset.outputDim, initRng));
  const draws: SeedDraws = { x, target, weights, readouts, biases };
  return { draws, batch: indices.length, dataset };
}

/**
 * Measures every (variant, seed) network of one width at each of `depths` (ascending,
 * each >= 2), yielding one chunk of variants' results at one depth at a time (shallow
 * first) so a caller can stream them and stop in between. Seeds are base.seed + k.
 */
export function* measureBlock(
  base: RunConfig,
  width: number,
  variants: readonly ScaleVariant[],
  depths: readonly number[],
  seeds: number,
): Generator<DepthResult, void, void> {
  if (variants.length === 0 || depths.length === 0) return;
  const maxDepth = depths[depths.length - 1];
  const seedList = Array.from({ length: seeds }, (_, k) => base.seed + k);
  const drawn = seedList.map((seed) => drawSeed(base, width, maxDepth, depths, seed));
  const { batch, dataset } = drawn[0];
  const inDim = dataset.inputDim;
  const outDim = dataset.outputDim;
  const S = seeds;
  const stack = (pick: (d: SeedDraws) => Float32Array, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float32Array(S * size);
    drawn.forEach((d, s) => {
      out.set(pick(d.draws), s * size);
    });
    return tf.tensor(out, [S, ...shape]);
  };
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    kept.push(t);
    return t;
  };
  try {
    const x = keep(stack((d) => d.x, [batch, inDim]));
    const target = keep(stack((d) => d.target, [batch, dataset.classification ? outDim : 1]));
    const weights = Array.from({ length: maxDepth }, (_, l) => keep(stack((d) => d.weights[l], l === 0 ? [inDim, width] : [width, width])));
    const biases = Array.from({ length: maxDepth }, (_, l) => keep(stack((d) => d.biases[l], [1, width])));
    const readouts = new Map(depths.map((L) => [L, keep(stack((d) => d.readouts.get(L) as Float32Array, [width, outDim]))]));

    // Chunks of variants whose stored forward pass fits CHUNK_FLOATS.
    const perVariant = 2 * maxDepth * S * batch * width;
    const chunkSize = Math.max(1, Math.floor(CHUNK_FLOATS / perVariant));
    const tensors = { x, target, weights, biases, readouts, S, batch, outDim, classification: dataset.classification };
    for (let start = 0; start < variants.length; start += chunkSize) {
      for (const result of measureChunk(base, variants.slice(start, start + chunkSize), depths, tensors)) {
        yield { ...result, variantStart: start };
      }
    }
  } finally {
    for (const t of kept) t.dispose();
  }
}

interface BlockTensors {
  x: tf.Tensor;
  target: tf.Tensor;
  weights: tf.Tensor[];
  biases: tf.Tensor[];
  readouts: Map<number, tf.Tensor>;
  S: number;
  batch: number;
  outDim: number;
  classification: boolean;
}

function* measureChunk(base: RunConfig, variants: readonly ScaleVariant[], depths: readonly number[], t: BlockTensors): Generator<Omit<DepthResult, 'variantStart'>, void, void> {
  const V = variants.length;
  const B = t.batch;
  const rows = V * B;
  // Per row: its network's gain and bias std (rows v * B .. v * B + B - 1 are variant v's).
  const perRow = (pick: (v: ScaleVariant) => number) => {
    const out = new Float32Array(rows);
    variants.forEach((v, i) => {
      out.fill(pick(v), i * B, (i + 1) * B);
    });
    return tf.tensor3d(out, [1, rows, 1]);
  };
  const stored: tf.Tensor[] = [];
  const gainRow = perRow((v) => v.gain);
  const biasRow = variants.some((v) => v.biasStd !== 0) ? perRow((v) => v.biasStd) : null;
  stored.push(gainRow, ...(biasRow ? [biasRow] : []));
  const act = base.activation;
  const layerNorm = base.normalization === 'layer';
  const us: tf.Tensor[] = [];
  const as: tf.Tensor[] = [];
  const invStds: tf.Tensor[] = [];
  try {
    let h = tf.tile(t.x, [1, V, 1]);
    stored.push(h);
    const maxDepth = depths[depths.length - 1];
    for (let l = 0; l < maxDepth; l++) {
      const [u, a, out, invStd] = tf.tidy(() => {
        let z = tf.mul(tf.matMul(h, t.weights[l]), gainRow);
        if (biasRow) z = tf.add(z, tf.mul(t.biases[l], biasRow));
        if (!layerNorm) {
          const a = activate(act, z);
          return [z, a, base.residual && l > 0 ? tf.add(h, a) : a];
        }
        const { mean, variance } = tf.moments(z, -1, true);
        const r = tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON));
        const u = tf.mul(tf.sub(z, mean), r);
        const a = activate(act, u);
        return [u, a, base.residual && l > 0 ? tf.add(h, a) : a, r];
      });
      us.push(u);
      as.push(a);
      if (invStd) invStds.push(invStd);
      stored.push(u, a, out, ...(invStd ? [invStd] : []));
      h = out;
      const L = l + 1;
      if (depths.includes(L)) yield backwardFrom(L, h, variants, t, { gainRow, us, as, invStds, act, layerNorm, residual: base.residual });
    }
  } finally {
    for (const s of stored) s.dispose();
  }
}

interface Stored {
  gainRow: tf.Tensor;
  us: tf.Tensor[];
  as: tf.Tensor[];
  invStds: tf.Tensor[];
  act: RunConfig['activation'];
  layerNorm: boolean;
  residual: boolean;
}

/** The backward pass of the depth-L networks of a chunk: per (variant, seed), log10 ||delta_1|| / ||delta_L||. */
function backwardFrom(L: number, h: tf.Tensor, variants: readonly ScaleVariant[], t: BlockTensors, s: Stored): Omit<DepthResult, 'variantStart'> {
  const V = variants.length;
  const { S, batch: B, outDim } = t;
  const readout = t.readouts.get(L) as tf.Tensor;
  const packed = tf.tidy(() => {
    const perNet = (v: tf.Tensor) => tf.reshape(v, [S, V, -1]);
    const logits = tf.mul(tf.matMul(h, readout), s.gainRow);
    const forwardFinite = tf.all(tf.isFinite(perNet(logits)), 2);
    const flatTarget = tf.reshape(tf.tile(t.target, [1, V, 1]), t.classification ? [-1, outDim] : [-1]);
    const { dLogits } = lossAndGradient(tf.reshape(logits, [-1, outDim]) as tf.Tensor2D, flatTarget, t.classification);
    let grad: tf.Tensor = tf.mul(tf.matMul(tf.reshape(dLogits, [S, V * B, outDim]), readout, false, true), s.gainRow);
    // log10 of the factor the backward pass has been divided by, per network.
    let logScale: tf.Tensor = tf.zeros([S, V]);
    let lastSumSq: tf.Tensor | null = null;
    let firstSumSq: tf.Tensor | null = null;
    for (let l = L - 1; l >= 0; l--) {
      if ((L - 1 - l) % RESCALE_EVERY === 0) {
        const peak = tf.max(tf.abs(perNet(grad)), 2);
        const divisor = tf.where(tf.greater(peak, 0), peak, tf.onesLike(peak));
        grad = tf.div(grad, tf.reshape(tf.tile(tf.reshape(divisor, [S, V, 1]), [1, 1, B]), [S, V * B, 1]));
        logScale = tf.add(logScale, tf.log(divisor));
      }
      const du = activationBackward(s.act, grad, s.us[l], s.as[l]);
      let dz: tf.Tensor = du;
      if (s.layerNorm) {
        const meanDu = tf.mean(du, -1, true);
        const meanDuU = tf.mean(tf.mul(du, s.us[l]), -1, true);
        dz = tf.mul(tf.sub(tf.sub(du, meanDu), tf.mul(s.us[l], meanDuU)), s.invStds[l]);
      }
      if (l === L - 1) lastSumSq = tf.stack([tf.sum(tf.square(perNet(dz)), 2), logScale]);
      if (l === 0) firstSumSq = tf.stack([tf.sum(tf.square(perNet(dz)), 2), logScale]);
      if (l > 0) {
        const through = tf.mul(tf.matMul(dz, t.weights[l], false, true), s.gainRow);
        grad = s.residual ? tf.add(grad, through) : through;
      }
    }
    return tf.concat([tf.reshape(firstSumSq as tf.Tensor, [-1]), tf.reshape(lastSumSq as tf.Tensor, [-1]), tf.reshape(tf.cast(forwardFinite, 'float32'), [-1])]);
  });
  const values = packed.dataSync();
  packed.dispose();
  const n = S * V;
  const logRatio: number[][] = variants.map(() => new Array<number>(S));
  const outcome: RatioOutcome[][] = variants.map(() => new Array<RatioOutcome>(S));
  for (let sIdx = 0; sIdx < S; sIdx++) {
    for (let v = 0; v < V; v++) {
      const i = sIdx * V + v;
      const firstSq = values[i];
      const firstLog = values[n + i] / Math.LN10;
      const lastSq = values[2 * n + i];
      const lastLog = values[3 * n + i] / Math.LN10;
      const finiteForward = values[4 * n + i] === 1;
      const ratio = 0.5 * Math.log10(firstSq) + firstLog - (0.5 * Math.log10(lastSq) + lastLog);
      let result: RatioOutcome = 'finite';
      if (!finiteForward) result = 'overflow';
      else if (firstSq === 0 || lastSq === 0) result = 'zero';
      else if (!Number.isFinite(ratio)) result = 'nan';
      logRatio[v][sIdx] = result === 'finite' ? ratio : Number.NaN;
      outcome[v][sIdx] = result;
    }
  }
  return { depth: L, logRatio, outcome };
}
