// Pure logic behind the data plot (DataPlot.tsx): the colour of each decision-boundary
// cell from the model's class probabilities, the mapping between the input plane and
// canvas pixels, and the regression fit as pixel segments. No DOM here, so it is tested
// in Node.

/**
 * Half-width of the input plane the worker evaluates the model on: [-1.5, 1.5]^2.
 * Same value as GRID_EXTENT in src/core/trainer.ts; defined again here because
 * trainer.ts imports tfjs at runtime and must stay out of the main bundle.
 */
export const GRID_EXTENT = 1.5;

/** Okabe-Ito colours (colour-blind safe), one per class. */
export const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;

/** Cells where the model outputs NaN or Infinity. */
export const NON_FINITE_RGB: readonly [number, number, number] = [150, 150, 150];

/** How far a cell moves from white towards its class colour: LIGHTEST at chance, DARKEST at certainty. */
export const LIGHTEST = 0.12;
export const DARKEST = 0.6;

export type Rgb = [number, number, number];

export function classColor(k: number): string {
  return CLASS_COLORS[((k % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

export function hexToRgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = Number.parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const CLASS_RGB: Rgb[] = CLASS_COLORS.map(hexToRgb);

export interface CellColor {
  rgb: Rgb;
  /** The predicted class, or -1 where a probability is not finite. */
  argmax: number;
  /** How sure the model is, 0 at chance (1/K) and 1 at certainty. */
  confidence: number;
}

/**
 * Colour of one grid cell: the colour of its most probable class, mixed with white so
 * that uncertain cells (max probability near 1/K) are pale and confident ones are deep.
 * `probs[offset .. offset + numClasses)` are the cell's class probabilities.
 */
export function cellColor(probs: ArrayLike<number>, offset: number, numClasses: number): CellColor {
  let best = -1;
  let bestP = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < numClasses; k++) {
    const p = probs[offset + k];
    if (!Number.isFinite(p)) return { rgb: [...NON_FINITE_RGB], argmax: -1, confidence: 0 };
    if (p > bestP) {
      bestP = p;
      best = k;
    }
  }
  if (best < 0) return { rgb: [...NON_FINITE_RGB], argmax: -1, confidence: 0 };
  const chance = 1 / numClasses;
  const confidence = numClasses <= 1 ? 1 : clamp01((bestP - chance) / (1 - chance));
  const mix = LIGHTEST + (DARKEST - LIGHTEST) * confidence;
  const base = CLASS_RGB[best % CLASS_RGB.length];
  const rgb = base.map((c) => Math.round(255 + (c - 255) * mix)) as Rgb;
  return { rgb, argmax: best, confidence };
}

export interface BoundaryPixels {
  /** RGBA, resolution x resolution, row 0 at the top (y = +extent). */
  rgba: Uint8ClampedArray;
  /** Cells with a non-finite probability (drawn grey). */
  nonFinite: number;
}

/** The decision boundary as an RGBA image, one pixel per grid cell. */
export function boundaryPixels(values: ArrayLike<number>, resolution: number, numClasses: number): BoundaryPixels {
  const cells = resolution * resolution;
  const rgba = new Uint8ClampedArray(cells * 4);
  let nonFinite = 0;
  for (let i = 0; i < cells; i++) {
    const { rgb, argmax } = cellColor(values, i * numClasses, numClasses);
    if (argmax < 0) nonFinite++;
    rgba[i * 4] = rgb[0];
    rgba[i * 4 + 1] = rgb[1];
    rgba[i * 4 + 2] = rgb[2];
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, nonFinite };
}

/** Number of values a boundary message should hold for this run, or 0 when it cannot be drawn. */
export function expectedBoundaryLength(resolution: number, numClasses: number, inputDim: number): number {
  if (!(resolution >= 2) || !Number.isInteger(resolution)) return 0;
  if (inputDim === 1) return resolution;
  if (inputDim === 2 && numClasses >= 1) return resolution * resolution * numClasses;
  return 0;
}

export function countNonFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) n++;
  return n;
}

/** A linear map from a data interval to a pixel interval (either may be reversed). */
export interface Axis {
  domain: [number, number];
  range: [number, number];
}

export function toPixel(axis: Axis, v: number): number {
  const [d0, d1] = axis.domain;
  const [r0, r1] = axis.range;
  return r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

export function fromPixel(axis: Axis, px: number): number {
  const [d0, d1] = axis.domain;
  const [r0, r1] = axis.range;
  return d0 + ((px - r0) / (r1 - r0)) * (d1 - d0);
}

/** The input plane on a square of `size` pixels: x to the right, y up. */
export function planeAxes(size: number, extent = GRID_EXTENT): { x: Axis; y: Axis } {
  return {
    x: { domain: [-extent, extent], range: [0, size] },
    y: { domain: [-extent, extent], range: [size, 0] },
  };
}

/**
 * Where to draw the resolution x resolution boundary image on a square plot of `size`
 * pixels so that each pixel's centre lands on its grid sample: the samples run from
 * -extent to +extent inclusive (linspace), so the image overhangs the plot by half a
 * cell on every side (the plot clips it).
 */
export function boundaryImageRect(resolution: number, size: number): { x: number; y: number; w: number; h: number } {
  const cell = size / (resolution - 1);
  return { x: -cell / 2, y: -cell / 2, w: size + cell, h: size + cell };
}

/**
 * The y range of the regression plot: the targets with 10% padding, widened to show
 * the fit but by at most one data span on each side, so a wild fit does not flatten
 * the data (the rest of it runs off the plot).
 */
export function regressionYDomain(targets: ArrayLike<number>, fit: ArrayLike<number> | null): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < targets.length; i++) {
    const v = targets[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) {
    lo = -1;
    hi = 1;
  }
  if (hi - lo < 1e-6) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.1;
  lo -= pad;
  hi += pad;
  const span = hi - lo;
  if (fit) {
    for (let i = 0; i < fit.length; i++) {
      const v = fit[i];
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = Math.max(v, lo - span);
      if (v > hi) hi = Math.min(v, hi + span);
    }
  }
  return [lo, hi];
}

/**
 * The regression fit as polylines in pixels: `values[i]` is the prediction at
 * x = -extent + i * 2 extent / (n - 1). Non-finite predictions break the line.
 */
export function fitSegments(values: ArrayLike<number>, x: Axis, y: Axis, extent = GRID_EXTENT): [number, number][][] {
  const n = values.length;
  const segments: [number, number][][] = [];
  let current: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      if (current.length > 0) segments.push(current);
      current = [];
      continue;
    }
    const xv = n === 1 ? 0 : -extent + (i * 2 * extent) / (n - 1);
    current.push([toPixel(x, xv), toPixel(y, v)]);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** "Nice" tick values (1, 2, 5 x 10^k steps) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, maxTicks = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return ticks;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
