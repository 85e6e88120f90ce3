// Sequence tasks for recurrent networks, read at the last
// time step only, so that every gradient the loss sends back has to travel through time:
// - adding (Hochreiter and Schmidhuber 1997): two channels, a random value in [0, 1) and
//   a marker; one marker in each half of the sequence; the target is the sum of the two
//   marked values (mean squared error; predicting the mean, 1, scores 1/6);
// - memory: a cue symbol at t = 1, distractor symbols after it; the class is the cue
//   (softmax cross-entropy; chance is ln(symbols)).
// Inputs are row-major [n, T, inputDim]; a seeded Rng fixes every draw.

import type { Rng } from '../../rng';

import type { SEQUENCE_DATASETS } from '../../config';

export type SequenceTask = (typeof SEQUENCE_DATASETS)[number];

/** Cue symbols of the memory task (its classes); as many distractor symbols again. */
export const MEMORY_SYMBOLS = 4;

export interface SequenceData {
  task: SequenceTask;
  /** Sequences. */
  n: number;
  /** Time steps per sequence. */
  seqLength: number;
  inputDim: number;
  /** Classes (memory), or 1 (adding: a regression). */
  outputDim: number;
  classification: boolean;
  /** Row-major [n, seqLength, inputDim]. */
  x: Float32Array;
  /** The class index, or the target value, per sequence. */
  y: Float32Array;
}

/** The adding problem: n sequences of length T (T >= 2). */
export function addingProblem(n: number, T: number, rng: Rng): SequenceData {
  if (T < 2) throw new RangeError(`the adding problem needs at least 2 time steps, got ${T}`);
  const x = new Float32Array(n * T * 2);
  const y = new Float32Array(n);
  const half = Math.floor(T / 2);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) x[(i * T + t) * 2] = rng.next();
    // One marker in each half: the two values to add are never next to each other by construction.
    const first = rng.int(half);
    const second = half + rng.int(T - half);
    x[(i * T + first) * 2 + 1] = 1;
    x[(i * T + second) * 2 + 1] = 1;
    y[i] = x[(i * T + first) * 2] + x[(i * T + second) * 2];
  }
  return { task: 'adding', n, seqLength: T, inputDim: 2, outputDim: 1, classification: false, x, y };
}

/** The memory task: a cue at t = 1 (one of `symbols`), then T - 1 distractors (one-hot, channels symbols..2 symbols - 1). */
export function memoryTask(n: number, T: number, rng: Rng, symbols = MEMORY_SYMBOLS): SequenceData {
  if (T < 2) throw new RangeError(`the memory task needs at least 2 time steps, got ${T}`);
  const inputDim = 2 * symbols;
  const x = new Float32Array(n * T * inputDim);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const cue = rng.int(symbols);
    x[i * T * inputDim + cue] = 1;
    for (let t = 1; t < T; t++) x[(i * T + t) * inputDim + symbols + rng.int(symbols)] = 1;
    y[i] = cue;
  }
  return { task: 'memory', n, seqLength: T, inputDim, outputDim: symbols, classification: true, x, y };
}

export function makeSequences(task: SequenceTask, n: number, T: number, rng: Rng): SequenceData {
  return task === 'adding' ? addingProblem(n, T, rng) : memoryTask(n, T, rng);
}
