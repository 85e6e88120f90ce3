// The RNN family's trainer: a recurrent network (vanilla, LSTM or GRU cell; hidden size
// `width`) read out at the last of `seqLength` time steps, trained on a sequence task.
// It shares the Trainer interface, optimizers, clipping and batching with the MLP
// (core/training.ts) and differs in what it measures, per training step with one
// read-back:
// - per time step t (the sites): ||dL/dh_t|| (RMS over the batch, from the backward
//   pass: throughTime.ts) and the mean and spread of h_t;
// - per parameter group (input, recurrent, bias, readout): gradient norm and update ratio;
// - sigma_max(W_rec) by warm-started power iteration on the read-back matrix
//   (spectral.ts), and the mean forget (LSTM) or update (GRU) gate.
// On cpu and wasm one op of our own measures every tensor (tensorStats.ts); on WebGL
// the tensors of each kind are stacked and reduced by tfjs ops.

import * as tf from '@tensorflow/tfjs-core';
import { assertValidConfig, type RunConfig } from '../../config';
import { makeDataset } from '../../datasets';
import { batchAccuracy } from '../../finishStats';
import { assessThroughTime, HealthTracker } from '../../health';
import { initWeights } from '../../init';
import { accuracyOf, lossOf } from '../../model';
import { createRng, type Rng } from '../../rng';
import { sigmaMax } from '../../spectral';
import { allocLayerStats, PARAM_GROUPS } from '../../stepStats';
import { hasTensorStats, readInPlace, type StatKind, tensorStats } from '../../tensorStats';
import type { TheoryPrediction } from '../../theory';
import {
  clipGradients,
  clipScaleOf,
  createBatchSampler,
  dataTensors,
  createLiveState,
  readScalar,
  stepIsScaledGradient,
  type Trainer,
  type TrainerOptions,
} from '../../training';
import { recurrentTheory } from './theory';
import { CELL_BLOCKS, type Recorded, type RnnParams, rnnLogits, throughTimeRaw } from './throughTime';

/**
 * The gates' biases at initialization follow the chrono initialization (Tallec and
 * Ollivier 2018): the LSTM's forget bias b_f = log(u), the GRU's update bias log(u), with
 * u drawn uniformly from [1, T - 1] for every unit, so the units start out keeping their
 * state (and the gradient) over time scales up to the sequence length. A constant forget
 * bias of 1 keeps only sigmoid(1)^(T-1), about 1e-7 over 50 steps. Unlike the paper the
 * input gate's bias stays 0 (not -b_f): a half-open input gate writes from the first
 * step, and on the memory task it learns several times faster.
 */
export function chronoBias(seqLength: number, units: number, rng: Rng): Float32Array {
  const out = new Float32Array(units);
  const top = Math.max(1, seqLength - 1);
  for (let i = 0; i < units; i++) out[i] = Math.log(1 + rng.next() * (top - 1));
  return out;
}

export function createRnnTrainer(config: RunConfig, options: TrainerOptions = {}): Trainer {
  assertValidConfig(config);
  if (config.model !== 'rnn') throw new Error('createRnnTrainer: model=rnn expected');
  const testEvery = options.testEvery ?? 10;
  const statistics = options.statistics ?? 'auto';
  const kernelStatistics = () => statistics === 'kernel' || (statistics === 'auto' && hasTensorStats());
  const root = createRng(config.seed);
  const dataRng = root.fork();
  const initRng = root.fork();
  const batchRng = root.fork();

  const dataset = makeDataset(config, dataRng);
  const T = dataset.seqLength;
  const C = dataset.stepDim;
  const H = config.width;
  const cell = config.cell;
  const data = dataTensors(dataset);
  const params = createRnnParams(config, C, dataset.outputDim, initRng);
  const paramList = [params.wIn, params.wRec, params.b, params.wOut, params.bOut];
  const weightMatrices = [params.wIn, params.wRec, params.wOut];
  /** The block of W_rec the theory and sigma_max are about: all of it, or the gated cell's candidate. */
  const candidate = (w: tf.Tensor2D) => (cell === 'rnn' ? w : tf.slice(w, [0, 2 * H], [H, H]));

  const initialBlock = tf.tidy(() => candidate(params.wRec).dataSync() as Float32Array);
  const recurrent = recurrentTheory(initialBlock, H, config.activation, cell, T);
  const theory: TheoryPrediction = {
    weightVariance: [],
    preactVariance: [],
    chiPerLayer: [],
    chiStar: Number.NaN,
    qStar: Number.NaN,
    preactGradNormRelative: [],
    summary: '',
    recurrent,
  };

  const live = createLiveState(config);
  const health = new HealthTracker();
  const batches = createBatchSampler(dataset.numTrain, batchRng);
  let stepCount = 0;
  let disposed = false;
  let sigmaVector: Float64Array | undefined;
  const batchSize = () => Math.min(live.settings.batchSize, dataset.numTrain);
  const widths = Array.from({ length: T }, () => H);

  const clip = (grads: tf.Tensor[], globalSumSq: () => tf.Tensor) => clipGradients(grads, live.settings, globalSumSq);

  /** Optimizer step, then weight clipping; returns the applied step of every parameter. */
  const applyUpdate = (grads: tf.Tensor[]): tf.Tensor[] => {
    const before = live.settings.weightClip > 0 ? weightMatrices.map((w) => tf.clone(w)) : null;
    const steps = live.optimizer.apply(paramList, grads, live.settings);
    if (!before) return steps;
    const c = live.settings.weightClip;
    for (const w of weightMatrices) w.assign(tf.clipByValue(w, -c, c));
    return [tf.sub(before[0], params.wIn), tf.sub(before[1], params.wRec), steps[2], tf.sub(before[2], params.wOut), steps[4]];
  };

  const nextBatch = () => {
    const indices = batches.next(batchSize());
    const idx = tf.tensor1d(indices, 'int32');
    const x = tf.reshape(tf.gather(data.trainX, idx), [indices.length, T, C]) as tf.Tensor3D;
    return { indices, x, target: tf.gather(data.trainTarget, idx) };
  };

  const gradList = (g: RnnParams) => [g.wIn, g.wRec, g.b, g.wOut, g.bOut];
  const sumSqOf = (tensors: tf.Tensor[]) => tf.addN(tensors.map((t) => tf.sum(tf.square(t))));

  const testMetrics = (): tf.Tensor => {
    if (dataset.numTest === 0) return tf.tensor1d([Number.NaN, Number.NaN]);
    const x = tf.reshape(data.testX, [dataset.numTest, T, C]) as tf.Tensor3D;
    const logits = rnnLogits(params, x, config.activation, cell);
    const loss = lossOf(logits, data.testTarget, dataset.classification);
    const acc = dataset.classification ? accuracyOf(logits, data.testLabels) : tf.scalar(Number.NaN);
    return tf.stack([loss, acc]);
  };

  const trainer: Trainer = {
    family: 'rnn',
    dataset,
    theory,
    numSites: T,
    widths,
    get stepCount() {
      return stepCount;
    },

    async step() {
      if (disposed) throw new Error('trainer disposed');
      const step = stepCount++;
      const measureTest = step % testEvery === 0;
      const stepsKnown = stepIsScaledGradient(live.settings);
      const kernel = kernelStatistics();
      const gated = cell !== 'rnn';
      let batchIndices: Int32Array = new Int32Array(0);
      // Layout of the packed read-back.
      const layout = { loss: 0, stats: 1, rows: 0, wRec: 0, clipped: 0, test: 0, logits: 0, end: 0 };
      const packed = tf.tidy(() => {
        const { indices, x, target } = nextBatch();
        batchIndices = indices;
        const record: Recorded = { hidden: [], gates: [] };
        const raw = throughTimeRaw(params, x, target, config.activation, dataset.classification, cell, true, record);
        const grads = gradList(raw.grads);
        const clipped = clip(grads, () => sumSqOf(grads));
        const clippedSumSq = live.settings.clip === 'value' ? sumSqOf(clipped) : null;
        const steps = applyUpdate(clipped);
        // Rows: T hidden-state gradients, T hidden states, T gates (gated cells), 5 gradients, 5 parameters, 5 steps.
        const measured = [...(raw.hiddenGrads ?? []), ...record.hidden, ...record.gates, ...grads, ...paramList, ...(stepsKnown ? [] : steps)];
        const kinds: StatKind[] = measured.map((_, i) => (i >= T && i < 2 * T + record.gates.length ? 'sum' : 'norm'));
        const stats = kernel ? tensorStats(measured, kinds) : opStats(raw.hiddenGrads ?? [], record.hidden, record.gates, [...grads, ...paramList, ...(stepsKnown ? [] : steps)]);
        const parts: tf.Tensor[] = [tf.reshape(raw.loss, [1]), tf.reshape(stats, [-1]), tf.reshape(candidate(params.wRec), [-1])];
        if (clippedSumSq) parts.push(tf.reshape(clippedSumSq, [1]));
        if (measureTest) parts.push(testMetrics());
        if (dataset.classification && record.logits) parts.push(tf.reshape(record.logits, [-1]));
        layout.rows = measured.length;
        layout.wRec = 1 + 3 * measured.length;
        layout.clipped = layout.wRec + H * H;
        layout.test = layout.clipped + (clippedSumSq ? 1 : 0);
        layout.logits = layout.test + (measureTest ? 2 : 0);
        layout.end = layout.logits + (dataset.classification ? indices.length * dataset.outputDim : 0);
        for (const t of [...record.hidden, ...record.gates]) t.dispose();
        record.logits?.dispose();
        return tf.concat(parts) as tf.Tensor1D;
      });
      try {
        const values = kernel ? readInPlace(packed) : ((await packed.data()) as Float32Array);
        if (values.length !== layout.end) throw new Error(`read back ${values.length} values, expected ${layout.end}`);
        const batch = batchIndices.length;
        const loss = values[0];
        const row = (r: number, column: number) => values[layout.stats + 3 * r + column];
        const G = gated ? T : 0;
        // NaN where a statistic is per layer only (see StepStats.layers).
        const sites = allocLayerStats(T, Number.NaN);
        for (let t = 0; t < T; t++) {
          sites.preactGradNorm[t] = Math.sqrt(batch) * row(t, 0);
          const count = batch * H;
          const mean = row(T + t, 1) / count;
          const meanSq = row(T + t, 0) ** 2 / count;
          sites.activationMean[t] = mean;
          sites.activationStd[t] = Math.sqrt(Math.max(0, meanSq - mean * mean));
        }
        let gateSum = 0;
        for (let t = 0; t < G; t++) gateSum += row(2 * T + t, 1) / (batch * H);
        const base = 2 * T + G;
        const norm = (r: number) => row(base + r, 0);
        const gradNorm = [0, 1, 2, 3, 4].map(norm);
        const paramNorm = [5, 6, 7, 8, 9].map(norm);
        const before = Math.sqrt(gradNorm.reduce((s, g) => s + g * g, 0));
        const after =
          live.settings.clip === 'none' ? before : live.settings.clip === 'norm' ? (Number.isFinite(before) ? Math.min(before, live.settings.clipThreshold) : before) : Math.sqrt(values[layout.clipped]);
        const scale = live.settings.learningRate * clipScaleOf(live.settings, before);
        const stepNorm = stepsKnown ? gradNorm.map((g) => scale * g) : [10, 11, 12, 13, 14].map(norm);
        // Groups: input (W_in), recurrent (W_rec), bias (b), readout (W_out and b_out).
        const pair = (a: number[], i: number, j?: number) => Math.sqrt(a[i] ** 2 + (j === undefined ? 0 : a[j] ** 2));
        const groupGradNorm = Float64Array.from([pair(gradNorm, 0), pair(gradNorm, 1), pair(gradNorm, 2), pair(gradNorm, 3, 4)]);
        const groupParam = [pair(paramNorm, 0), pair(paramNorm, 1), pair(paramNorm, 2), pair(paramNorm, 3, 4)];
        const groupStep = [pair(stepNorm, 0), pair(stepNorm, 1), pair(stepNorm, 2), pair(stepNorm, 3, 4)];
        const groupUpdateRatio = Float64Array.from(PARAM_GROUPS, (_, k) =>
          groupParam[k] === 0 ? (groupStep[k] === 0 ? 0 : Number.POSITIVE_INFINITY) : groupStep[k] / groupParam[k],
        );
        const wRecValues = values.subarray(layout.wRec, layout.wRec + H * H);
        let sigma = Number.NaN;
        if (wRecValues.every(Number.isFinite)) {
          const found = sigmaMax(wRecValues, H, { start: sigmaVector, maxIterations: 30, tolerance: 1e-6 });
          sigma = found.sigma;
          sigmaVector = found.vector;
        }
        const hiddenRms = Array.from({ length: T }, (_, t) => Math.hypot(sites.activationMean[t], sites.activationStd[t]));
        // The biases start at 0, so their ratio is no measure of a too-large step (the MLP's health, too, reads the weights' only).
        const weightRatios = [groupUpdateRatio[0], groupUpdateRatio[1], groupUpdateRatio[3]];
        const verdict = health.update(step, assessThroughTime(loss, sites.preactGradNorm, hiddenRms, weightRatios));
        const finiteOrNull = (v: number) => (Number.isNaN(v) ? null : v);
        return {
          step,
          loss,
          accuracy: dataset.classification
            ? batchAccuracy(values.subarray(layout.logits, layout.end), batchIndices, dataset.trainY, dataset.outputDim)
            : null,
          testLoss: measureTest ? finiteOrNull(values[layout.test]) : null,
          testAccuracy: measureTest && dataset.classification ? finiteOrNull(values[layout.test + 1]) : null,
          gradNormBeforeClip: before,
          gradNormAfterClip: after,
          layers: sites,
          recurrent: { sigmaMax: sigma, gateMean: gated ? gateSum / T : Number.NaN, groupGradNorm, groupUpdateRatio },
          health: verdict,
        };
      } finally {
        packed.dispose();
      }
    },

    async stepBare() {
      if (disposed) throw new Error('trainer disposed');
      stepCount++;
      const loss = tf.tidy(() => {
        const { x, target } = nextBatch();
        const raw = throughTimeRaw(params, x, target, config.activation, dataset.classification, cell, false, null);
        const grads = gradList(raw.grads);
        applyUpdate(clip(grads, () => sumSqOf(grads)));
        return raw.loss;
      });
      return readScalar(loss);
    },

    updateSettings(next) {
      live.update(next);
    },

    async predictGrid() {
      return new Float32Array(0);
    },

    async readWeights(layer) {
      return (await weightMatrices[layer].data()) as Float32Array;
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const p of paramList) p.dispose();
      live.dispose();
      for (const t of Object.values(data)) t.dispose();
    },
  };
  return trainer;
}

/** The parameters as variables: W_rec by the config's scheme and gain (per block), W_in and W_out Xavier normal, biases 0 but the gates' (chronoBias). */
export function createRnnParams(config: RunConfig, inputDim: number, outputDim: number, rng: Rng) {
  const H = config.width;
  const blocks = CELL_BLOCKS[config.cell];
  const byBlocks = (rows: number, draw: () => Float32Array) => {
    const drawn = Array.from({ length: blocks }, draw);
    const out = new Float32Array(rows * blocks * H);
    for (let r = 0; r < rows; r++) for (let k = 0; k < blocks; k++) out.set(drawn[k].subarray(r * H, (r + 1) * H), (r * blocks + k) * H);
    return out;
  };
  const xavier = { scheme: 'xavier_normal' as const, gain: 1, std: 0 };
  const recurrentInit = { scheme: config.init, gain: config.initGain, std: config.initStd };
  const wIn = byBlocks(inputDim, () => initWeights(xavier, inputDim, H, rng));
  const wRec = byBlocks(H, () => initWeights(recurrentInit, H, H, rng));
  const b = new Float32Array(blocks * H);
  if (config.cell === 'lstm') {
    // Blocks [input, forget, candidate, output].
    b.set(chronoBias(config.seqLength, H, rng), H);
  } else if (config.cell === 'gru') {
    // Blocks [update, reset, candidate]: u is the share of h_(t-1) kept.
    b.set(chronoBias(config.seqLength, H, rng), 0);
  }
  const wOut = initWeights(xavier, H, outputDim, rng);
  return {
    wIn: tf.variable(tf.tensor2d(wIn, [inputDim, blocks * H])),
    wRec: tf.variable(tf.tensor2d(wRec, [H, blocks * H])),
    b: tf.variable(tf.tensor1d(b)),
    wOut: tf.variable(tf.tensor2d(wOut, [H, outputDim])),
    bOut: tf.variable(tf.zeros([outputDim]) as tf.Tensor1D),
  } satisfies { [K in keyof RnnParams]: tf.Variable };
}

/**
 * The op path's [rows, 3] in tensorStats' layout (norm, sum, 0): the tensors of one kind
 * stacked and reduced together, each norm as max|x| x the norm of x / max|x| so that the
 * float32 sum of squares cannot overflow.
 */
function opStats(hiddenGrads: tf.Tensor2D[], hidden: tf.Tensor2D[], gates: tf.Tensor2D[], flat: tf.Tensor[]): tf.Tensor2D {
  const scaledNorms = (stacked: tf.Tensor) => {
    const axes = Array.from({ length: stacked.rank - 1 }, (_, i) => i + 1);
    const m = tf.max(tf.abs(stacked), axes);
    const shape = [stacked.shape[0], ...axes.map(() => 1)];
    const safe = tf.reshape(tf.maximum(m, 1e-30), shape);
    return tf.mul(m, tf.sqrt(tf.sum(tf.square(tf.div(stacked, safe)), axes)));
  };
  const rows: tf.Tensor[] = [];
  const zeros = (n: number) => tf.zeros([n]);
  if (hiddenGrads.length > 0) {
    const s = tf.stack(hiddenGrads);
    rows.push(tf.stack([scaledNorms(s), zeros(hiddenGrads.length), zeros(hiddenGrads.length)], 1));
  }
  for (const group of [hidden, gates]) {
    if (group.length === 0) continue;
    const s = tf.stack(group);
    rows.push(tf.stack([scaledNorms(s), tf.sum(s, [1, 2]), zeros(group.length)], 1));
  }
  const flatNorms = tf.stack(flat.map((t) => scaledNorms(tf.reshape(t, [1, -1])).reshape([])));
  rows.push(tf.stack([flatNorms, zeros(flat.length), zeros(flat.length)], 1));
  return tf.concat(rows) as tf.Tensor2D;
}
