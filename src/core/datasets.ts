// Small synthetic datasets: four 2-D classification tasks and one 1-D regression for
// the MLP, and two sequence tasks for the RNN (families/rnn/sequences.ts; a sequence is
// one row of seqLength x stepDim values, time-major). Inputs lie roughly in [-1, 1]; a
// seeded shuffle splits them into train and test.

import { type DatasetKind, isClassification, type RunConfig } from './config';
import { MEMORY_SYMBOLS, makeSequences } from './families/rnn/sequences';
import { permutation, type Rng } from './rng';

export interface Dataset {
  kind: DatasetKind;
  inputDim: number;
  /** Number of classes, or 1 for regression. */
  outputDim: number;
  classification: boolean;
  /** Row-major [n, inputDim]. */
  trainX: Float32Array;
  /** Classification: class index per row; regression: target per row. */
  trainY: Float32Array;
  testX: Float32Array;
  testY: Float32Array;
  numTrain: number;
  numTest: number;
  /** Mean of x^2 over all features and training rows (the input's second moment). */
  inputSecondMoment: number;
  /** Sequence tasks: time steps per row and values per time step (inputDim = seqLength x stepDim); point data: 0 and inputDim. */
  seqLength: number;
  stepDim: number;
}

interface RawData {
  x: Float32Array;
  y: Float32Array;
  inputDim: number;
  outputDim: number;
}

/**
 * Standard deviation of the input noise per unit of `noise` for the 2-D sets: noise 0.1
 * blurs the spiral's arms a little, noise 1 buries them.
 */
export const INPUT_NOISE_SCALE = 0.3;

export const DATASET_CLASSES: Record<DatasetKind, number> = {
  spiral: 3,
  circles: 2,
  xor: 2,
  gaussians: 3,
  sine: 1,
  adding: 1,
  memory: MEMORY_SYMBOLS,
};

function generate(kind: DatasetKind, n: number, noise: number, seqLength: number, rng: Rng): RawData & { stepDim: number } {
  const outputDim = DATASET_CLASSES[kind];
  if (kind === 'adding' || kind === 'memory') {
    const seq = makeSequences(kind, n, seqLength, rng);
    return { x: seq.x, y: seq.y, inputDim: seq.seqLength * seq.inputDim, outputDim, stepDim: seq.inputDim };
  }
  return { ...generatePoints(kind, n, noise, rng, outputDim), stepDim: 0 };
}

function generatePoints(kind: DatasetKind, n: number, noise: number, rng: Rng, outputDim: number): RawData {
  if (kind === 'sine') {
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const xi = rng.next() * 2 - 1;
      x[i] = xi;
      y[i] = Math.sin(Math.PI * xi) + noise * rng.normal();
    }
    return { x, y, inputDim: 1, outputDim };
  }
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let px = 0;
    let py = 0;
    let label = 0;
    switch (kind) {
      case 'spiral': {
        label = i % 3;
        const t = rng.next();
        const angle = (label * 2 * Math.PI) / 3 + t * 1.5 * 2 * Math.PI;
        const r = 0.1 + 0.85 * t;
        px = r * Math.cos(angle);
        py = r * Math.sin(angle);
        break;
      }
      case 'circles': {
        label = i % 2;
        const angle = rng.next() * 2 * Math.PI;
        const r = label === 0 ? 0.45 * Math.sqrt(rng.next()) : 0.7 + 0.25 * rng.next();
        px = r * Math.cos(angle);
        py = r * Math.sin(angle);
        break;
      }
      case 'xor': {
        const a = rng.next() * 2 - 1;
        const b = rng.next() * 2 - 1;
        // Keep a small margin around the axes so the task is learnable at zero noise.
        px = a + Math.sign(a) * 0.05;
        py = b + Math.sign(b) * 0.05;
        label = px * py > 0 ? 1 : 0;
        break;
      }
      case 'gaussians': {
        label = i % 3;
        const angle = (label * 2 * Math.PI) / 3 + Math.PI / 2;
        px = 0.55 * Math.cos(angle) + 0.18 * rng.normal();
        py = 0.55 * Math.sin(angle) + 0.18 * rng.normal();
        break;
      }
    }
    x[2 * i] = px + INPUT_NOISE_SCALE * noise * rng.normal();
    x[2 * i + 1] = py + INPUT_NOISE_SCALE * noise * rng.normal();
    y[i] = label;
  }
  return { x, y, inputDim: 2, outputDim };
}

export function makeDataset(
  config: Pick<RunConfig, 'dataset' | 'samples' | 'noise' | 'testSplit'> & Partial<Pick<RunConfig, 'seqLength'>>,
  rng: Rng,
): Dataset {
  const raw = generate(config.dataset, config.samples, config.noise, config.seqLength ?? 2, rng);
  const order = permutation(config.samples, rng);
  const numTest = Math.min(config.samples - 1, Math.round(config.samples * config.testSplit));
  const numTrain = config.samples - numTest;
  const d = raw.inputDim;
  const pick = (from: number, count: number) => {
    const xs = new Float32Array(count * d);
    const ys = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const src = order[from + i];
      for (let k = 0; k < d; k++) xs[i * d + k] = raw.x[src * d + k];
      ys[i] = raw.y[src];
    }
    return { xs, ys };
  };
  const train = pick(0, numTrain);
  const test = pick(numTrain, numTest);
  let sumSq = 0;
  for (const v of train.xs) sumSq += v * v;
  return {
    kind: config.dataset,
    inputDim: d,
    outputDim: raw.outputDim,
    classification: isClassification(config.dataset),
    trainX: train.xs,
    trainY: train.ys,
    testX: test.xs,
    testY: test.ys,
    numTrain,
    numTest,
    inputSecondMoment: sumSq / Math.max(1, train.xs.length),
    seqLength: raw.stepDim > 0 ? d / raw.stepDim : 0,
    stepDim: raw.stepDim > 0 ? raw.stepDim : d,
  };
}
