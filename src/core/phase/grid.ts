// The phase diagram's grid: which fields it can sweep, the values along an axis, the
// configuration of a cell, and the order cells are measured in (a coarse grid first,
// then the rest). Pure: no tensors.

import { CONFIG_LIMITS, type NumberLimit, type RunConfig } from '../config';
import { nominalVariance } from '../init';

/**
 * The fields a phase diagram sweeps. gain is the initializer's gain; sw2 is σ_w², the
 * hidden layers' fan-in times weight variance (it sets the gain); sb2 is σ_b², the
 * hidden biases' variance (it sets biasStd); depth and width are the network's.
 */
export const PHASE_FIELDS = ['gain', 'sw2', 'sb2', 'depth', 'width'] as const;
export type PhaseField = (typeof PHASE_FIELDS)[number];

export interface PhaseFieldSpec {
  /** Limits of the axis values (a range outside them is clamped). */
  min: number;
  max: number;
  integer: boolean;
  /** Values are spaced evenly in log (gain, width) or linearly. */
  log: boolean;
  /** The range a new axis starts with. */
  from: number;
  to: number;
}

const limitOf = (field: 'initGain' | 'depth' | 'width') => CONFIG_LIMITS[field] as NumberLimit;

export const PHASE_FIELD_SPECS: Record<PhaseField, PhaseFieldSpec> = {
  gain: { min: limitOf('initGain').min, max: limitOf('initGain').max, integer: false, log: true, from: 0.25, to: 4 },
  sw2: { min: 0.05, max: 20, integer: false, log: false, from: 0.5, to: 4 },
  sb2: { min: 0, max: 4, integer: false, log: false, from: 0, to: 0.2 },
  depth: { min: 2, max: limitOf('depth').max, integer: true, log: false, from: 2, to: 100 },
  width: { min: 4, max: limitOf('width').max, integer: true, log: true, from: 8, to: 256 },
};

/** Fields that change the weights' or biases' scale only (cells differing in them share their draws). */
export const SCALE_FIELDS: readonly PhaseField[] = ['gain', 'sw2', 'sb2'];

export interface PhaseAxis {
  field: PhaseField;
  from: number;
  to: number;
  /** Grid points along the axis. */
  n: number;
}

export interface PhaseSpec {
  x: PhaseAxis;
  y: PhaseAxis;
  /** Seeds per cell: seed, seed + 1, ... */
  seeds: number;
}

export const PHASE_GRID_MAX = 48;
export const PHASE_SEEDS_MAX = 16;
export const DEFAULT_PHASE_SPEC: PhaseSpec = {
  x: { field: 'gain', from: 0.25, to: 4, n: 24 },
  y: { field: 'depth', from: 2, to: 100, n: 24 },
  seeds: 4,
};

/**
 * The values of an axis, both ends included: log-spaced or linear as the field is,
 * integers rounded with repeats dropped, inside the field's limits.
 */
export function axisValues(axis: PhaseAxis): number[] {
  const spec = PHASE_FIELD_SPECS[axis.field];
  const clamp = (v: number) => Math.min(spec.max, Math.max(spec.min, v));
  const [a, b] = [clamp(axis.from), clamp(axis.to)];
  const count = Math.max(1, Math.round(axis.n));
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = count === 1 ? 0 : i / (count - 1);
    let v = spec.log ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a);
    v = spec.integer ? Math.round(v) : Number(v.toPrecision(6));
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** σ_w² of the hidden layers at gain 1 (fan-in times the nominal variance), for a width. */
export function unitSigmaW2(base: Pick<RunConfig, 'init' | 'initStd'>, width: number): number {
  return width * nominalVariance({ scheme: base.init, gain: 1, std: base.initStd }, width, width);
}

/** The gain that gives the hidden layers σ_w² = sw2 at this width (NaN for the zeros scheme). */
export function gainForSigmaW2(base: Pick<RunConfig, 'init' | 'initStd'>, width: number, sw2: number): number {
  const unit = unitSigmaW2(base, width);
  return unit > 0 ? Math.sqrt(sw2 / unit) : Number.NaN;
}

/** A cell's coordinates: the value of each swept field. */
export type CellPoint = Partial<Record<PhaseField, number>>;

/** The configuration of one cell: the base MLP with the swept fields set (σ_w² through the gain, σ_b² through biasStd). */
export function cellConfig(base: RunConfig, point: CellPoint): RunConfig {
  const config: RunConfig = { ...base, model: 'mlp' };
  if (point.depth !== undefined) config.depth = point.depth;
  if (point.width !== undefined) config.width = point.width;
  if (point.gain !== undefined) config.initGain = point.gain;
  if (point.sw2 !== undefined) config.initGain = gainForSigmaW2(config, config.width, point.sw2);
  if (point.sb2 !== undefined) config.biasStd = Math.sqrt(point.sb2);
  return config;
}

/** The point of the grid a configuration sits on, if its values lie inside both axes' ranges (for marking the current run). */
export function pointOf(config: RunConfig, field: PhaseField): number {
  switch (field) {
    case 'gain':
      return config.initGain;
    case 'sw2':
      return unitSigmaW2(config, config.width) * config.initGain ** 2;
    case 'sb2':
      return config.biasStd ** 2;
    case 'depth':
      return config.depth;
    case 'width':
      return config.width;
  }
}

/**
 * Cells in the order they are measured, as rectangular blocks of column and row
 * indices: first every other column and row (a quarter of the grid: the coarse
 * picture), then the remaining columns, then the remaining rows of the coarse columns.
 */
export function measureOrder(nx: number, ny: number): { level: 0 | 1; xs: number[]; ys: number[] }[] {
  const range = (n: number, keep: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter(keep);
  const even = (i: number) => i % 2 === 0;
  const odd = (i: number) => i % 2 === 1;
  const blocks: { level: 0 | 1; xs: number[]; ys: number[] }[] = [
    { level: 0, xs: range(nx, even), ys: range(ny, even) },
    { level: 1, xs: range(nx, odd), ys: range(ny, () => true) },
    { level: 1, xs: range(nx, even), ys: range(ny, odd) },
  ];
  return blocks.filter((b) => b.xs.length > 0 && b.ys.length > 0);
}
