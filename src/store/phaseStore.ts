// The phase diagram's results: one grid of cells for the job on screen, filled in as
// the phase worker reports them (client/phaseClient.ts). Its own small store: the lab's
// store (store.ts) keeps the configuration and the view, this one what was measured.

import { create } from 'zustand';
import type { RunConfig } from '../core/config';
import { axisValues, type PhaseSpec } from '../core/phase/grid';
import type { PhaseLines } from '../core/phase/lines';
import type { PhaseCell } from '../core/phase/sweep';
import type { BackendInfo } from '../protocol';

export type PhaseStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface PhaseGrid {
  /** The job these cells belong to (its config and spec). */
  jobId: number;
  config: RunConfig;
  spec: PhaseSpec;
  xValues: number[];
  yValues: number[];
  /** Cells by index iy * nx + ix; null until measured. */
  cells: (PhaseCell | null)[];
}

export interface PhaseState {
  status: PhaseStatus;
  grid: PhaseGrid | null;
  lines: PhaseLines | null;
  done: number;
  total: number;
  /** Since the job began; the coarse picture's time once it was complete. */
  elapsedMs: number;
  coarseMs: number | null;
  backend: BackendInfo | null;
  error: string | null;
  /** Bumped on every batch of cells (charts memoise on it). */
  version: number;
  begin(jobId: number, config: RunConfig, spec: PhaseSpec): void;
  addCells(jobId: number, cells: PhaseCell[], done: number, total: number, elapsedMs: number): void;
  setLines(jobId: number, lines: PhaseLines): void;
  finish(jobId: number, elapsedMs: number, cancelled: boolean): void;
  fail(jobId: number | null, message: string): void;
  setBackend(info: BackendInfo): void;
}

const isCurrent = (s: PhaseState, jobId: number) => s.grid?.jobId === jobId;

export const usePhaseStore = create<PhaseState>((set, get) => ({
  status: 'idle',
  grid: null,
  lines: null,
  done: 0,
  total: 0,
  elapsedMs: 0,
  coarseMs: null,
  backend: null,
  error: null,
  version: 0,
  begin(jobId, config, spec) {
    const xValues = axisValues(spec.x);
    const yValues = axisValues(spec.y);
    set({
      status: 'running',
      grid: { jobId, config, spec, xValues, yValues, cells: new Array(xValues.length * yValues.length).fill(null) },
      lines: null,
      done: 0,
      total: xValues.length * yValues.length,
      elapsedMs: 0,
      coarseMs: null,
      error: null,
      version: get().version + 1,
    });
  },
  addCells(jobId, cells, done, total, elapsedMs) {
    const s = get();
    if (!isCurrent(s, jobId) || !s.grid) return;
    const grid = { ...s.grid, cells: s.grid.cells.slice() };
    const nx = grid.xValues.length;
    for (const cell of cells) grid.cells[cell.iy * nx + cell.ix] = cell;
    const coarseDone = s.coarseMs === null && cells.some((c) => c.level === 1);
    set({ grid, done, total, elapsedMs, coarseMs: coarseDone ? s.elapsedMs : s.coarseMs, version: s.version + 1 });
  },
  setLines(jobId, lines) {
    if (isCurrent(get(), jobId)) set({ lines });
  },
  finish(jobId, elapsedMs, cancelled) {
    const s = get();
    if (!isCurrent(s, jobId)) return;
    set({ status: cancelled ? 'cancelled' : 'done', elapsedMs, coarseMs: s.coarseMs ?? elapsedMs });
  },
  fail(jobId, message) {
    const s = get();
    if (jobId !== null && !isCurrent(s, jobId)) return;
    set({ status: 'error', error: message });
  },
  setBackend(info) {
    set({ backend: info });
  },
}));
