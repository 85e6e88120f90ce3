// Messages between the page and the phase-diagram worker (worker/phase.worker.ts).
// Plain data only, as for the training worker (protocol.ts); every switch over these
// unions ends in assertNever.

import type { RunConfig } from './core/config';
import type { PhaseLines } from './core/phase/lines';
import type { PhaseSpec } from './core/phase/grid';
import type { PhaseCell } from './core/phase/sweep';
import type { BackendInfo, BackendPreference } from './protocol';

export type ToPhaseWorker =
  | { type: 'init'; backend: BackendPreference }
  /** Measure every cell of `spec` around `config` (an MLP); a new job stops the one before. */
  | { type: 'start'; jobId: number; config: RunConfig; spec: PhaseSpec }
  | { type: 'cancel'; jobId: number };

export type FromPhaseWorker =
  | { type: 'ready'; info: BackendInfo }
  /** The theory drawn over the map, sent once the coarse picture is in. */
  | { type: 'lines'; jobId: number; lines: PhaseLines }
  /** Cells as they finish; `done` of `total` so far, `elapsedMs` since the job began. */
  | { type: 'cells'; jobId: number; cells: PhaseCell[]; done: number; total: number; elapsedMs: number }
  | { type: 'finished'; jobId: number; elapsedMs: number; cancelled: boolean }
  | { type: 'error'; jobId: number | null; message: string };
