// The pure part of the layer × step heatmap: binning history rows into pixel columns
// of a fixed step axis (max per column, so spikes survive; any NaN/Inf in a column marks
// it), a log10 colour range from the data, and value → RGB through a 256-entry viridis
// lookup table.
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

/** The column of `step` when steps [0, xMax) spread over `columns` columns. */
export function stepColumn(step: number, xMax: number, columns: number): number {
  return Math.floor((step / xMax) * columns);
}

/**
 * The heatmap's cells on a fixed step axis [0, xMax): `columns` columns (one per device
 * pixel) by `layers` rows. A history row at step s covers the columns of steps
 * [s, s + stride); a cell is the max of the rows covering it, NaN once any of them was
 * non-finite (so a spike or a blow-up is never averaged away), and empty (transparent)
 * until a row reaches it. Max and "any" do not depend on order, so adding rows a few at
 * a time gives the same cells as adding them all at once: an update bins and colours
 * only the columns its new rows touch.
 */
export class HeatmapCells {
  columns = 0;
  layers = 0;
  xMax = 1;
  /** values[layer * columns + column]: max so far (-Inf: no row yet). */
  values = new Float64Array(0);
  broken = new Uint8Array(0);
  /** Rows added since the last reset. */
  rows = 0;
  /** RGBA, `columns` wide and `layers` high, the readout on the top row. */
  pixels: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(0);

  reset(columns: number, layers: number, xMax: number): void {
    const cells = columns * layers;
    if (this.values.length !== cells) {
      this.values = new Float64Array(cells);
      this.broken = new Uint8Array(cells);
      this.pixels = new Uint8ClampedArray(cells * 4);
    } else {
      this.broken.fill(0);
      this.pixels.fill(0);
    }
    this.values.fill(Number.NEGATIVE_INFINITY);
    this.columns = columns;
    this.layers = layers;
    this.xMax = xMax;
    this.rows = 0;
  }

  /**
   * Adds rows [from, to) (steps[r]; layer l's value series(l)[r]) and returns the columns
   * they touched, [first, end), or null when none is on the axis.
   */
  addRows(series: (layer: number) => ArrayLike<number>, steps: ArrayLike<number>, from: number, to: number, stride: number): [number, number] | null {
    const { columns: W, layers: L, values, broken, xMax } = this;
    let first = W;
    let end = 0;
    for (let r = from; r < to; r++) {
      const c0 = Math.max(0, stepColumn(steps[r], xMax, W));
      if (c0 >= W) continue;
      const c1 = Math.min(W, Math.max(c0 + 1, stepColumn(steps[r] + stride, xMax, W)));
      if (c0 < first) first = c0;
      if (c1 > end) end = c1;
      for (let l = 0; l < L; l++) {
        const v = series(l)[r];
        const base = l * W;
        if (!Number.isFinite(v)) {
          for (let c = c0; c < c1; c++) broken[base + c] = 1;
        } else {
          for (let c = c0; c < c1; c++) if (v > values[base + c]) values[base + c] = v;
        }
      }
    }
    this.rows += Math.max(0, to - from);
    return end > first ? [first, end] : null;
  }

  /** Colours columns [first, end) into `pixels` (see colorOf; empty cells transparent). */
  paint(range: LogRange, first = 0, end = this.columns, lut: Uint8ClampedArray = defaultLut()): void {
    const { columns: W, layers: L, values, broken, pixels } = this;
    const size = lut.length / 3;
    // cellIndex, inlined: this runs for every cell of a full repaint.
    const scale = (size - 1) / (range.hi - range.lo);
    for (let l = 0; l < L; l++) {
      const y = L - 1 - l;
      for (let c = first; c < end; c++) {
        const k = l * W + c;
        const v = values[k];
        const p = (y * W + c) * 4;
        if (broken[k]) {
          pixels[p] = NONFINITE_RGB[0];
          pixels[p + 1] = NONFINITE_RGB[1];
          pixels[p + 2] = NONFINITE_RGB[2];
        } else if (v === Number.NEGATIVE_INFINITY) {
          pixels[p + 3] = 0;
          continue;
        } else if (v > 0) {
          const t = Math.round((Math.log10(v) - range.lo) * scale);
          const i = 3 * Math.max(0, Math.min(size - 1, t));
          pixels[p] = lut[i];
          pixels[p + 1] = lut[i + 1];
          pixels[p + 2] = lut[i + 2];
        } else {
          pixels[p] = NONPOSITIVE_RGB[0];
          pixels[p + 1] = NONPOSITIVE_RGB[1];
          pixels[p + 2] = NONPOSITIVE_RGB[2];
        }
        pixels[p + 3] = 255;
      }
    }
  }

  /** The cell of `layer` at `column`: its max, NaN if non-finite, null if empty. */
  cell(layer: number, column: number): number | null {
    const k = layer * this.columns + column;
    if (this.broken[k]) return Number.NaN;
    const v = this.values[k];
    return v === Number.NEGATIVE_INFINITY ? null : v;
  }

  /** Columns some row has reached. */
  filledColumns(): number {
    let n = 0;
    for (let c = 0; c < this.columns; c++) {
      for (let l = 0; l < this.layers; l++) {
        const k = l * this.columns + c;
        if (this.broken[k] || this.values[k] !== Number.NEGATIVE_INFINITY) {
          n++;
          break;
        }
      }
    }
    return n;
  }
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

/**
 * Layers to label on the y axis (0-based): the first, the last, and every `step` layers
 * between, at most `maxLabels` of them. Neighbours are never closer than `step` rows (so
 * labels that fit `maxLabels` to the axis never overlap): a label too near the last one
 * gives way to it.
 */
export function layerLabelTicks(numLayers: number, maxLabels: number): number[] {
  if (numLayers <= 0) return [];
  const n = Math.max(2, Math.min(numLayers, Math.floor(maxLabels)));
  if (numLayers <= n) return Array.from({ length: numLayers }, (_, i) => i);
  const last = numLayers - 1;
  const step = Math.ceil(last / (n - 1));
  const ticks: number[] = [];
  for (let l = 0; l < last; l += step) ticks.push(l);
  if (ticks.length > 1 && last - ticks[ticks.length - 1] < step) ticks.pop();
  ticks.push(last);
  return ticks;
}
