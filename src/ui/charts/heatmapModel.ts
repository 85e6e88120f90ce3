// The pure part of the layer × step heatmap: binning history rows into pixel columns
// (max per column, so spikes survive; any NaN/Inf in a column marks it), a log10 colour
// range from the data, and value → RGB through a 256-entry viridis lookup table.
// No DOM here: HeatmapChart draws what these functions compute.

import { viridis } from './palette';

export { formatStep, stepTicks } from './scale';

/** Colour of cells whose value is NaN or ±Inf (not part of viridis). */
export const NONFINITE_RGB: readonly [number, number, number] = [255, 0, 255];
/** Colour of cells whose value is zero or negative (no logarithm). */
export const NONPOSITIVE_RGB: readonly [number, number, number] = [170, 170, 170];
/** The widest colour range, in decades; smaller values all get the bottom colour. */
export const MAX_DECADES = 40;
/** Range used before any finite positive value arrives. */
export const FALLBACK_RANGE: LogRange = { lo: -3, hi: 1 };

export interface LogRange {
  /** log10 of the value drawn with the first colour. */
  lo: number;
  /** log10 of the value drawn with the last colour. */
  hi: number;
}

/** Buffers binRows and gridPixels may reuse from one redraw to the next. */
export interface HeatmapScratch {
  values: Float64Array;
  broken: Uint8Array;
  pixels: Uint8ClampedArray<ArrayBuffer>;
}

export const newHeatmapScratch = (): HeatmapScratch => ({ values: new Float64Array(0), broken: new Uint8Array(0), pixels: new Uint8ClampedArray(0) });

export interface HeatmapGrid {
  columns: number;
  layers: number;
  /** values[layer * columns + column]: max of the column's rows, NaN if any was non-finite. */
  values: Float64Array;
  /** First row (inclusive) of each column, plus `rows` at the end (length columns + 1). */
  starts: Int32Array;
}

/** How many columns to draw: one per row, at most one per device pixel. */
export function columnCount(rows: number, pixelWidth: number): number {
  return Math.max(0, Math.min(rows, Math.floor(pixelWidth)));
}

/** Splits `rows` rows into `columns` contiguous, non-empty, near-equal groups. */
export function binStarts(rows: number, columns: number): Int32Array {
  const cols = Math.max(0, Math.min(rows, columns));
  const starts = new Int32Array(cols + 1);
  for (let c = 0; c <= cols; c++) starts[c] = Math.floor((c * rows) / cols);
  return starts;
}

/**
 * Bins `rows` rows of `layers` values each (rowAt(row)[layer], or a row-major array) into at most `columns`
 * columns. Each cell is the max over its rows; a NaN or infinite value anywhere in the
 * column makes the cell NaN (the marker colour), so a blow-up is never averaged away.
 */
export function binRows(
  rows: number,
  layers: number,
  rowAt: ((row: number) => ArrayLike<number>) | Float64Array,
  columns: number,
  scratch?: HeatmapScratch,
): HeatmapGrid {
  const starts = binStarts(rows, columns);
  const cols = starts.length - 1;
  const cells = cols * layers;
  // With `scratch`, the grid's values live in a buffer reused across calls (valid until the next call).
  if (scratch && scratch.values.length < cells) {
    scratch.values = new Float64Array(cells);
    scratch.broken = new Uint8Array(cells);
  }
  const values = scratch ? scratch.values.subarray(0, cells) : new Float64Array(cells);
  const broken = scratch ? scratch.broken.subarray(0, cells) : new Uint8Array(cells);
  values.fill(Number.NEGATIVE_INFINITY);
  broken.fill(0);
  // Row-major values (row r, layer l at r * layers + l) are read in place.
  const flat = rowAt instanceof Float64Array ? rowAt : null;
  let c = 0;
  for (let r = 0; r < rows && cols > 0; r++) {
    while (r >= starts[c + 1]) c++;
    const row = flat ?? (rowAt as (row: number) => ArrayLike<number>)(r);
    const base = flat ? r * layers : 0;
    for (let l = 0; l < layers; l++) {
      const v = row[base + l];
      const k = l * cols + c;
      if (!Number.isFinite(v)) broken[k] = 1;
      else if (v > values[k]) values[k] = v;
    }
  }
  for (let k = 0; k < values.length; k++) if (broken[k]) values[k] = Number.NaN;
  return { columns: cols, layers, values, starts };
}

/**
 * The log10 range covering the finite positive values, widened to whole decades (at
 * least one) and clamped to `maxDecades`, keeping the largest values (a blow-up matters
 * more than the exact depth of a vanishing gradient).
 */
export function logRange(values: Iterable<number>, maxDecades = MAX_DECADES): LogRange {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { ...FALLBACK_RANGE };
  let lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi <= lo) {
    lo -= 1;
    hi += 1;
  }
  const span = Math.max(1, Math.floor(maxDecades));
  if (hi - lo > span) lo = hi - span;
  return { lo, hi };
}

/** A 256-entry RGB table along viridis (index 0 = dark purple, 255 = yellow). */
export function buildLut(size = 256): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(size * 3);
  for (let i = 0; i < size; i++) {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(viridis(size === 1 ? 0 : i / (size - 1)));
    if (!m) continue;
    lut[i * 3] = Number(m[1]);
    lut[i * 3 + 1] = Number(m[2]);
    lut[i * 3 + 2] = Number(m[3]);
  }
  return lut;
}

let sharedLut: Uint8ClampedArray | null = null;
export function defaultLut(): Uint8ClampedArray {
  sharedLut ??= buildLut();
  return sharedLut;
}

/** Position of a value in the range, 0..1 (clamped); NaN for non-finite or non-positive values. */
export function rangePosition(v: number, range: LogRange): number {
  if (!Number.isFinite(v) || !(v > 0)) return Number.NaN;
  const t = (Math.log10(v) - range.lo) / (range.hi - range.lo);
  return Math.min(1, Math.max(0, t));
}

/** Marker results of `cellIndex`. */
export const NONFINITE = -1;
export const NONPOSITIVE = -2;

/** Index into a `size`-entry table, or NONFINITE (NaN, ±Inf) / NONPOSITIVE (≤ 0). */
export function cellIndex(v: number, range: LogRange, size: number): number {
  if (!Number.isFinite(v)) return NONFINITE;
  if (!(v > 0)) return NONPOSITIVE;
  return Math.round(rangePosition(v, range) * (size - 1));
}

/** RGB of one value: viridis over the range, magenta when non-finite, grey when ≤ 0. */
export function colorOf(v: number, range: LogRange, lut: Uint8ClampedArray = defaultLut()): [number, number, number] {
  const i = cellIndex(v, range, lut.length / 3);
  if (i === NONFINITE) return [...NONFINITE_RGB];
  if (i === NONPOSITIVE) return [...NONPOSITIVE_RGB];
  return [lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]];
}

/**
 * RGBA pixels of the grid, one pixel per cell, `columns` wide and `layers` high, with
 * the input layer (0) on the bottom row and the readout on the top row.
 */
export function gridPixels(grid: HeatmapGrid, range: LogRange, lut: Uint8ClampedArray = defaultLut(), scratch?: HeatmapScratch): Uint8ClampedArray<ArrayBuffer> {
  const { columns, layers, values } = grid;
  const size = lut.length / 3;
  const bytes = columns * layers * 4;
  // With `scratch`, reuses its pixel buffer (every pixel is written below).
  if (scratch && scratch.pixels.length !== bytes) scratch.pixels = new Uint8ClampedArray(bytes);
  const pixels = scratch ? scratch.pixels : new Uint8ClampedArray(bytes);
  // cellIndex, inlined: this runs for every cell of the canvas on every redraw.
  const scale = (size - 1) / (range.hi - range.lo);
  for (let l = 0; l < layers; l++) {
    const y = layers - 1 - l;
    for (let c = 0; c < columns; c++) {
      const v = values[l * columns + c];
      const p = (y * columns + c) * 4;
      if (v > 0 && v < Number.POSITIVE_INFINITY) {
        const t = Math.round((Math.log10(v) - range.lo) * scale);
        const i = 3 * Math.max(0, Math.min(size - 1, t));
        pixels[p] = lut[i];
        pixels[p + 1] = lut[i + 1];
        pixels[p + 2] = lut[i + 2];
      } else {
        const rgb = Number.isFinite(v) ? NONPOSITIVE_RGB : NONFINITE_RGB;
        pixels[p] = rgb[0];
        pixels[p + 1] = rgb[1];
        pixels[p + 2] = rgb[2];
      }
      pixels[p + 3] = 255;
    }
  }
  return pixels;
}

/** Integer log10 values for colour-bar labels: both ends and evenly spaced between, at most `maxTicks`. */
export function decadeTicks(range: LogRange, maxTicks = 6): number[] {
  const lo = Math.ceil(range.lo);
  const hi = Math.floor(range.hi);
  if (hi < lo) return [];
  const every = Math.max(1, Math.ceil((hi - lo) / Math.max(1, maxTicks - 1)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += every) ticks.push(e);
  return ticks;
}

/** Layers to label on the y axis (0-based): first, last, and evenly spaced between. */
export function layerLabelTicks(numLayers: number, maxLabels: number): number[] {
  if (numLayers <= 0) return [];
  const n = Math.max(2, Math.min(numLayers, Math.floor(maxLabels)));
  if (numLayers <= n) return Array.from({ length: numLayers }, (_, i) => i);
  const ticks = new Set<number>();
  for (let i = 0; i < n; i++) ticks.add(Math.round((i * (numLayers - 1)) / (n - 1)));
  return [...ticks].sort((a, b) => a - b);
}

/**
 * x position (0..1 of the plot width) of a step, when `rows` evenly spaced rows from
 * step `first` to `last` fill the width (each row's cell centred on its step).
 */
export function stepPosition(step: number, first: number, last: number, rows: number): number {
  if (rows <= 1 || last <= first) return 0.5;
  return (((step - first) / (last - first)) * (rows - 1) + 0.5) / rows;
}
