// Messages between the page and the training worker, defined once. Only plain data
// crosses: objects, and typed arrays sent as transferables. Every switch over these
// unions ends in assertNever, so adding a message without handling it fails to compile.

import type { RunConfig } from './core/config';
import type { FixId } from './core/fixes';
import type { FixTrial } from './core/fixTrials';
import type { HealthStatus, HealthVerdict } from './core/health';
import type { LayerStats } from './core/stepStats';
import type { TheoryPrediction } from './core/theory';
import type { LiveSettings } from './core/trainer';

export const PROTOCOL_VERSION = 4;

/**
 * How much less often a set of N runs refreshes than one run: sqrt(N). A set draws about N
 * times as much each time; the worker's frames (worker/runLoop.ts, frameMsFor) and the
 * page's landings of them (client/trainingClient.ts, flushIntervalMs) both slow by this
 * factor, so the page's drawing grows as sqrt(N) rather than N.
 */
export const runSetSlowdown = (runCount: number): number => Math.sqrt(Math.max(1, runCount));

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendPreference = 'auto' | BackendName;

/** Steps per second the run loop aims for; 0 means as fast as the backend goes. */
export type Speed = number;

/** One run of a run set: its id (unique across sets) and config. */
export interface RunSpec {
  runId: number;
  config: RunConfig;
}

/**
 * The worker trains a run set (run A and its variants) in lockstep: every live run takes
 * one step per round, so all show the same step count; a run that diverges stops and
 * the others go on. Pause, resume and step act on the whole set (`setId`).
 */
export type ToWorker =
  /** `probe`: the first run's config, for auto to time a few steps of it on WebGL and wasm. */
  | { type: 'init'; backend: BackendPreference; probe?: RunConfig }
  /** Build a fresh network for each run and start (or hold, with `paused`) training. */
  | { type: 'start'; setId: number; runs: RunSpec[]; paused: boolean; speed: Speed }
  | { type: 'pause'; setId: number }
  | { type: 'resume'; setId: number }
  /** Run `count` rounds (a step of every live run) now, then stay paused. */
  | { type: 'step'; setId: number; count: number }
  /** Learning rate, optimizer, clipping, batch size: applied to one running network. */
  | { type: 'setLive'; runId: number; settings: Partial<LiveSettings> }
  | { type: 'setSpeed'; speed: Speed }
  /**
   * The run whose decision boundary the page shows: while training, only its boundary is
   * computed (a boundary costs about two training steps; one per run would slow the set).
   * Every run's boundary is sent when the set starts and whenever it stops.
   */
  | { type: 'watchBoundary'; runId: number }
  /**
   * The page has received `frames` frame messages. The worker keeps at most
   * MAX_UNACKED_FRAMES per run unacknowledged and waits beyond that: a frozen or
   * stalled page never piles up frames (memory stays flat, and nothing jumps on thaw).
   */
  | { type: 'ack'; frames: number }
  /** The page is hidden (`hold`): fix trials wait too, so a background tab costs nothing. */
  | { type: 'hold'; hold: boolean };

/** Why a backend did not start, as a code for the page to word in its language (src/ui/Header.tsx). */
export interface BackendFailure {
  /** The backend that failed; null for the worker itself (it never reported one). */
  backend: BackendName | null;
  code: 'noOffscreenCanvas' | 'notInitialised' | 'wrongResult' | 'threw' | 'timeout' | 'wasmTimeout' | 'noFloat32' | 'workerSilent';
  /** tfjs's own message (threw), or what 2 x 4 came out as (wrongResult). */
  detail?: string;
  seconds?: number;
}

/** A failure in English (the page words the codes in its own language). */
export function failureText(f: BackendFailure): string {
  const name = f.backend === 'webgl' ? 'WebGL' : (f.backend ?? 'the worker');
  const within = (f.seconds ?? 0) >= 1 ? `${Math.round(f.seconds ?? 0)} s` : `${Math.round((f.seconds ?? 0) * 1000)} ms`;
  switch (f.code) {
    case 'noOffscreenCanvas':
      return 'this browser has no OffscreenCanvas in workers, which WebGL in a worker needs';
    case 'notInitialised':
      return `${f.backend} failed to initialise`;
    case 'wrongResult':
      return `${f.backend} computed 2 x 4 = ${f.detail}`;
    case 'threw':
      return `${f.backend} failed: ${f.detail}`;
    case 'timeout':
      return `${name} did not start within ${within}`;
    case 'wasmTimeout':
      return `the wasm files did not arrive within ${within}`;
    case 'noFloat32':
      return 'WebGL here cannot render float32 textures: values above 65504 read as NaN';
    case 'workerSilent':
      return `the training worker had not started any backend after ${within}`;
  }
}

export interface BackendInfo {
  backend: BackendName;
  /** The WebGL renderer string where WebGL started and exposes one (also when another backend runs). */
  renderer: string | null;
  /** WebGL renders to float32 textures (otherwise values above 65504 turn into NaN). */
  float32: boolean;
  /** Why the preferred backend is not the one running (it failed), in English (logs, exports), or null. */
  fallbackReason: string | null;
  /** The same as codes, in the order they happened. */
  fallbacks: BackendFailure[];
  /** Why auto picked this backend over one that works (software WebGL, a probe): a few words, and the whole sentence; or null. */
  choiceReason: {
    short: string;
    long: string;
    /** The same as a code and numbers, for the page to word: a software renderer, or a probe's ratio. */
    code: 'software' | 'slower';
    software?: string;
    ratio?: number;
    webglMs?: number;
    wasmMs?: number;
  } | null;
}

/** The RNN's per-group scalars, in PARAM_GROUPS order (core/stepStats.ts). */
export const GROUP_GRAD_SCALARS = ['gradInput', 'gradRecurrent', 'gradBias', 'gradReadout'] as const satisfies readonly FrameScalar[];
export const GROUP_RATIO_SCALARS = ['ratioInput', 'ratioRecurrent', 'ratioBias', 'ratioReadout'] as const satisfies readonly FrameScalar[];

/** What the page needs to know about a run before its first frame. */
export interface RunMeta {
  runId: number;
  config: RunConfig;
  /** Sites of the per-site statistics: the MLP's layers, or the RNN's time steps. */
  numLayers: number;
  /** fanOut of each site (width for hidden layers, classes or 1 for the readout; the hidden size per time step). */
  widths: number[];
  theory: TheoryPrediction;
  classification: boolean;
  numClasses: number;
  /** Training points for the data plot: row-major [n, inputDim], labels or targets. */
  points: Float32Array;
  labels: Float32Array;
  inputDim: number;
}

/** Scalars per step, in this order, in Frame.scalars. */
export const FRAME_SCALARS = [
  'step',
  'loss',
  'accuracy',
  'testLoss',
  'testAccuracy',
  'gradNormBeforeClip',
  'gradNormAfterClip',
  'health',
  'healthLayer',
  // RNN runs (NaN for the MLP): sigma_max(W_rec), the mean gate, and per parameter group
  // (input, recurrent, bias, readout) the gradient norm and the update ratio.
  'sigmaMax',
  'gateMean',
  'gradInput',
  'gradRecurrent',
  'gradBias',
  'gradReadout',
  'ratioInput',
  'ratioRecurrent',
  'ratioBias',
  'ratioReadout',
] as const;
export type FrameScalar = (typeof FRAME_SCALARS)[number];

/** Per-layer statistics per step, in this order, in Frame.layers. */
export const FRAME_LAYER_STATS = [
  'weightGradNorm',
  'preactGradNorm',
  'updateRatio',
  'weightGradMaxAbs',
  'biasGradNorm',
  'weightNorm',
  'activationMean',
  'activationStd',
  'saturation',
] as const satisfies readonly (keyof LayerStats)[];
export type FrameLayerStat = (typeof FRAME_LAYER_STATS)[number];

export const HEALTH_CODES = ['healthy', 'vanishing', 'exploding', 'diverged'] as const;

/**
 * Several consecutive steps packed into typed arrays (transferred, not copied).
 * scalars: [count, FRAME_SCALARS.length]; layers: [count, FRAME_LAYER_STATS.length, numLayers].
 * null values (no accuracy, no test measurement) are NaN.
 */
export interface Frame {
  runId: number;
  count: number;
  numLayers: number;
  scalars: Float64Array;
  layers: Float64Array;
  /** The verdict after the last step of the frame. */
  health: HealthVerdict;
  stepsPerSecond: number;
}

export type FromWorker =
  | { type: 'ready'; protocolVersion: number; info: BackendInfo }
  | { type: 'runStarted'; meta: RunMeta }
  | { type: 'frame'; frame: Frame }
  /** Model output over the input plane (classes x res x res probabilities) or a 1-D fit. */
  | { type: 'boundary'; runId: number; step: number; resolution: number; values: Float32Array }
  /** The set's state: running or not, and the most steps any of its runs has taken. */
  | { type: 'state'; setId: number; running: boolean; step: number }
  /**
   * The fixes tried ahead for a run whose verdict turned `status` (core/fixTrials.ts):
   * sent when the trials begin and as each candidate finishes, in the order tried.
   */
  | { type: 'fixTrials'; runId: number; status: HealthStatus; candidates: FixId[]; results: FixTrial[]; done: boolean }
  | { type: 'error'; runId: number | null; message: string; fatal: boolean };

export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}
