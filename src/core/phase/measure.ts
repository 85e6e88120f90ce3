// The phase diagram's measurement: the log10 ratio of the first to the last hidden
// layer's ||delta|| at initialization, for many networks at once.
//
// Networks that differ only in their gain and bias scale share their draws (the same
// underlying weights and biases, scaled), and a network of depth L is the first L
// layers of a deeper one drawn from the same seed: createParams draws layer by layer,
// so the prefix is the same, and the readout of depth L is what the stream would draw
// after L layers (an Rng clone taken there). So one block of networks (a width, a few
// scale variants, several seeds, several depths) runs as one forward pass per seed to
// the deepest depth, the variants stacked as rows (each row scaled by its variant's
// gain), with a backward pass from each depth's readout, and every cell is
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
  const kept: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    kept.push(t);
    return t;
  };
  const matrix = (values: Float32Array, rows: number, cols: number) => keep(tf.tensor2d(values, [rows, cols]));
  // The backward pass multiplies by W^T: kept transposed, as 2-D products without a
  // transpose are the fast path of the wasm backend (a batched or transposed product is
  // several times slower there).
  const transposed = (values: Float32Array, rows: number, cols: number) => {
    const out = new Float32Array(values.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
    return matrix(out, cols, rows);
  };
  try {
    const perSeed: SeedTensors[] = drawn.map(({ draws }) => ({
      x: matrix(draws.x, batch, inDim),
      target: matrix(draws.target, batch, dataset.classification ? outDim : 1),
      weights: draws.weights.map((w, l) => matrix(w, l === 0 ? inDim : width, width)),
      weightsT: draws.weights.map((w, l) => (l === 0 ? null : transposed(w, width, width))),
      biases: draws.biases.map((b) => matrix(b, 1, width)),
      readouts: new Map(depths.map((L) => [L, matrix(draws.readouts.get(L) as Float32Array, width, outDim)])),
      readoutsT: new Map(depths.map((L) => [L, transposed(draws.readouts.get(L) as Float32Array, width, outDim)])),
    }));

    // Chunks of variants whose stored forward pass fits CHUNK_FLOATS.
    const perVariant = 2 * maxDepth * seeds * batch * width;
    const chunkSize = Math.max(1, Math.floor(CHUNK_FLOATS / perVariant));
    const block: BlockTensors = { perSeed, batch, outDim, classification: dataset.classification };
    for (let start = 0; start < variants.length; start += chunkSize) {
      for (const result of measureChunk(base, variants.slice(start, start + chunkSize), depths, block)) {
        yield { ...result, variantStart: start };
      }
    }
  } finally {
    for (const t of kept) t.dispose();
  }
}

/** One seed's batch and draws as tensors (2-D, rows are examples). */
interface SeedTensors {
  x: tf.Tensor2D;
  target: tf.Tensor2D;
  weights: tf.Tensor2D[];
  /** W^T of the hidden layers (null for the input layer, which the backward pass does not cross). */
  weightsT: (tf.Tensor2D | null)[];
  biases: tf.Tensor2D[];
  readouts: Map<number, tf.Tensor2D>;
  readoutsT: Map<number, tf.Tensor2D>;
}

interface BlockTensors {
  perSeed: SeedTensors[];
  batch: number;
  outDim: number;
  classification: boolean;
}

/** What a seed's forward pass keeps for the backward passes. */
interface SeedForward {
  us: tf.Tensor[];
  as: tf.Tensor[];
  invStds: tf.Tensor[];
  /** Per variant: every pre-activation so far finite ([V] bool). */
  finite: tf.Tensor;
  h: tf.Tensor;
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
    return tf.tensor2d(out, [rows, 1]);
  };
  const stored: tf.Tensor[] = [];
  const gainRow = perRow((v) => v.gain);
  const biasRow = variants.some((v) => v.biasStd !== 0) ? perRow((v) => v.biasStd) : null;
  stored.push(gainRow, ...(biasRow ? [biasRow] : []));
  const act = base.activation;
  const layerNorm = base.normalization === 'layer';
  try {
    const seeds: SeedForward[] = t.perSeed.map((seed) => {
      const h = tf.tile(seed.x, [V, 1]);
      const finite = tf.fill([V], 1, 'bool');
      stored.push(h, finite);
      return { us: [], as: [], invStds: [], finite, h };
    });
    const maxDepth = depths[depths.length - 1];
    for (let l = 0; l < maxDepth; l++) {
      t.perSeed.forEach((seed, s) => {
        const f = seeds[s];
        const [u, a, out, ok, invStd] = tf.tidy(() => {
          let z = tf.mul(tf.matMul(f.h as tf.Tensor2D, seed.weights[l]), gainRow);
          if (biasRow) z = tf.add(z, tf.mul(seed.biases[l], biasRow));
          // Checked at every layer: relu (on wasm) turns NaN into 0, so an overflow can vanish from what follows.
          const ok = tf.logicalAnd(f.finite, tf.all(tf.isFinite(tf.reshape(z, [V, -1])), 1));
          if (!layerNorm) {
            const a = activate(act, z);
            return [z, a, base.residual && l > 0 ? tf.add(f.h, a) : a, ok];
          }
          const { mean, variance } = tf.moments(z, -1, true);
          const r = tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON));
          const u = tf.mul(tf.sub(z, mean), r);
          const a = activate(act, u);
          return [u, a, base.residual && l > 0 ? tf.add(f.h, a) : a, ok, r];
        });
        f.us.push(u);
        f.as.push(a);
        if (invStd) f.invStds.push(invStd);
        f.finite = ok;
        f.h = out;
        stored.push(u, a, out, ok, ...(invStd ? [invStd] : []));
      });
      const L = l + 1;
      if (depths.includes(L)) yield backwardFrom(L, seeds, variants, t, { gainRow, act, layerNorm, residual: base.residual });
    }
  } finally {
    for (const s of stored) s.dispose();
  }
}

interface Shared {
  gainRow: tf.Tensor;
  act: RunConfig['activation'];
  layerNorm: boolean;
  residual: boolean;
}

/** The backward pass of the depth-L networks of a chunk: per (variant, seed), log10 ||delta_1|| / ||delta_L||. */
function backwardFrom(L: number, forwards: SeedForward[], variants: readonly ScaleVariant[], t: BlockTensors, s: Shared): Omit<DepthResult, 'variantStart'> {
  const V = variants.length;
  const B = t.batch;
  const S = forwards.length;
  const packed = tf.tidy(() => {
    const perNet = (v: tf.Tensor) => tf.reshape(v, [V, -1]);
    const parts = forwards.map((f, seedIndex) => {
      const seed = t.perSeed[seedIndex];
      const logits = tf.mul(tf.matMul(f.h as tf.Tensor2D, seed.readouts.get(L) as tf.Tensor2D), s.gainRow) as tf.Tensor2D;
      const forwardFinite = tf.logicalAnd(f.finite, tf.all(tf.isFinite(perNet(logits)), 1));
      const target = tf.tile(seed.target, [V, 1]);
      const { dLogits } = lossAndGradient(logits, t.classification ? target : tf.reshape(target, [-1]), t.classification);
      let grad: tf.Tensor = tf.mul(tf.matMul(dLogits, seed.readoutsT.get(L) as tf.Tensor2D), s.gainRow);
      // log (natural) of the factor the backward pass has been divided by, per network.
      let logScale: tf.Tensor = tf.zeros([V]);
      let last: tf.Tensor[] = [];
      let first: tf.Tensor[] = [];
      for (let l = L - 1; l >= 0; l--) {
        if ((L - 1 - l) % RESCALE_EVERY === 0) {
          const peak = tf.max(tf.abs(perNet(grad)), 1);
          const divisor = tf.where(tf.greater(peak, 0), peak, tf.onesLike(peak));
          grad = tf.div(grad, tf.reshape(tf.tile(tf.reshape(divisor, [V, 1]), [1, B]), [V * B, 1]));
          logScale = tf.add(logScale, tf.log(divisor));
        }
        const du = activationBackward(s.act, grad, f.us[l], f.as[l]);
        let dz: tf.Tensor = du;
        if (s.layerNorm) {
          const meanDu = tf.mean(du, -1, true);
          const meanDuU = tf.mean(tf.mul(du, f.us[l]), -1, true);
          dz = tf.mul(tf.sub(tf.sub(du, meanDu), tf.mul(f.us[l], meanDuU)), f.invStds[l]);
        }
        if (l === L - 1) last = [tf.sum(tf.square(perNet(dz)), 1), logScale];
        if (l === 0) first = [tf.sum(tf.square(perNet(dz)), 1), logScale];
        if (l > 0) {
          const through = tf.mul(tf.matMul(dz as tf.Tensor2D, seed.weightsT[l] as tf.Tensor2D), s.gainRow);
          grad = s.residual ? tf.add(grad, through) : through;
        }
      }
      return tf.stack([first[0], first[1], last[0], last[1], tf.cast(forwardFinite, 'float32')]);
    });
    // [seed, quantity, variant]
    return tf.stack(parts);
  });
  const values = packed.dataSync();
  packed.dispose();
  const logRatio: number[][] = variants.map(() => new Array<number>(S));
  const outcome: RatioOutcome[][] = variants.map(() => new Array<RatioOutcome>(S));
  for (let sIdx = 0; sIdx < S; sIdx++) {
    for (let v = 0; v < V; v++) {
      const q = (k: number) => values[(sIdx * 5 + k) * V + v];
      const [firstSq, firstLog, lastSq, lastLog] = [q(0), q(1) / Math.LN10, q(2), q(3) / Math.LN10];
      const ratio = 0.5 * Math.log10(firstSq) + firstLog - (0.5 * Math.log10(lastSq) + lastLog);
      let result: RatioOutcome = 'finite';
      if (q(4) !== 1) result = 'overflow';
      else if (firstSq === 0 || lastSq === 0) result = 'zero';
      else if (!Number.isFinite(ratio)) result = 'nan';
      logRatio[v][sIdx] = result === 'finite' ? ratio : Number.NaN;
      outcome[v][sIdx] = result;
    }
  }
  return { depth: L, logRatio, outcome };
}
