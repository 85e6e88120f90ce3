// The pure part of the per-layer charts: which statistic the gradient view shows, how a
// layer is named, which layers the legend offers, and the per-layer series (min-max
// downsampled so 100 layers × thousands of steps stay a few thousand points).

import type { Activation } from '../../core/config';
import type { FrameLayerStat } from '../../protocol';
import type { GradientView } from '../../store/store';
import { formatNumber, logDomain } from './scale';

/** At most this many drawn points per layer line. */
export const MAX_POINTS_PER_SERIES = 150;
/** downsampleMinMax keeps up to 4 points per bucket. */
export const SERIES_BUCKETS = Math.floor(MAX_POINTS_PER_SERIES / 4);
/** Up to this many layers the legend has one swatch per layer. */
export const SWATCH_LEGEND_MAX = 12;

export function statForView(view: GradientView): FrameLayerStat {
  return view === 'weight' ? 'weightGradNorm' : 'preactGradNorm';
}

/** Short axis/legend label of the statistic a view shows. */
export function statLabel(view: GradientView): string {
  return view === 'weight' ? '‖∇W‖' : '‖δ‖';
}

/**
 * Display name of a 0-based layer: "readout" for the last, otherwise "layer k" with k
 * 1-based (as in the health banner: layer 1 is the first hidden layer).
 */
export function layerName(layer: number, numLayers: number): string {
  return layer === numLayers - 1 ? 'readout' : `layer ${layer + 1}`;
}

/** A highlighted layer that exists in a run of `numLayers` layers, else null. */
export function validLayer(layer: number | null | undefined, numLayers: number): number | null {
  return layer !== null && layer !== undefined && Number.isInteger(layer) && layer >= 0 && layer < numLayers ? layer : null;
}

/** 0, 1, …, numLayers - 1. */
export function layerIndices(numLayers: number): number[] {
  return Array.from({ length: Math.max(0, numLayers) }, (_, i) => i);
}

/** Layers with a quick-pick button in the compact legend: first, quartiles, last (0-based, unique, sorted). */
export function quickLayers(numLayers: number): number[] {
  if (numLayers <= 0) return [];
  const picks = [0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * (numLayers - 1)));
  return [...new Set(picks)].sort((a, b) => a - b);
}

/** Toggling a layer in the legend: clicking the highlighted layer again clears it. */
export function toggleLayer(current: number | null, layer: number): number | null {
  return current === layer ? null : layer;
}

/**
 * Every statistic the engine measures of one layer at the newest step, labelled for the
 * legend's details line: gradients, weights, the update, the layer's output and its
 * dead (relu) or saturated (tanh, sigmoid, elu, selu) units. The readout has no units
 * of that kind, nor does a linear network.
 */
export function layerDetails(value: (stat: FrameLayerStat) => number, activation: Activation, isReadout: boolean): { label: string; value: string }[] {
  const f = (stat: FrameLayerStat) => formatNumber(value(stat));
  const details = [
    { label: '‖∇W‖', value: f('weightGradNorm') },
    { label: 'max |∇W|', value: f('weightGradMaxAbs') },
    { label: '‖∇b‖', value: f('biasGradNorm') },
    { label: '‖δ‖', value: f('preactGradNorm') },
    { label: '‖W‖', value: f('weightNorm') },
    { label: 'update / weight', value: f('updateRatio') },
    { label: isReadout ? 'logits mean ± std' : 'output mean ± std', value: `${f('activationMean')} ± ${f('activationStd')}` },
  ];
  if (!isReadout && activation !== 'linear') {
    const share = value('saturation');
    details.push({
      label: activation === 'relu' || activation === 'leaky_relu' ? 'dead units' : 'saturated units',
      value: Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–',
    });
  }
  return details;
}

export interface LayerSeries {
  /**
   * One downsampled line per layer (0-based), as flat [x0, y0, x1, y1, ...] pairs in
   * step order; a NaN y is a gap. The points are those downsampleMinMax keeps.
   */
  series: Float64Array[];
  /** Log y domain covering every drawn point. */
  yDomain: [number, number];
  /** Values not drawable on a log axis (≤ 0, NaN, ±Inf), over all layers. */
  dropped: number;
  /** Of those, NaN or infinite. */
  nonFinite: number;
}

/** Number of drawn (non-gap) points of a flat series. */
export function pointCount(series: Float64Array | undefined): number {
  let n = 0;
  if (series) for (let i = 1; i < series.length; i += 2) if (!Number.isNaN(series[i])) n++;
  return n;
}

/**
 * Per-layer lines of one statistic from row-major history values (row r, layer l at
 * values[r * numLayers + l]; step of row r at steps[r]). Each line is min-max
 * downsampled (see downsampleMinMax, whose points it keeps) to ≤ 4 x `buckets` points.
 * One pass over the rows in memory order, all layers at once: the bucket of a row is the
 * same for every layer, and nothing is transposed or allocated per value. With
 * `scratch`, the lines are views into one buffer reused across calls (valid until the
 * next call).
 */
export function layerSeries(
  values: Float64Array,
  steps: Float64Array,
  rows: number,
  numLayers: number,
  buckets = SERIES_BUCKETS,
  scratch?: { buffer: Float64Array },
): LayerSeries {
  const L = numLayers;
  // Each line: at most 4 points per bucket and a gap marker after each, as (x, y) pairs.
  const perLine = 2 * 5 * (rows > 0 ? Math.min(rows, buckets) : 0);
  let buffer: Float64Array;
  if (scratch) {
    if (scratch.buffer.length < perLine * L) scratch.buffer = new Float64Array(perLine * L);
    buffer = scratch.buffer;
  } else buffer = new Float64Array(perLine * L);
  const lengths = new Int32Array(L);
  const push = (l: number, x: number, y: number) => {
    const at = l * perLine + lengths[l];
    buffer[at] = x;
    buffer[at + 1] = y;
    lengths[l] += 2;
  };
  const lastY = (l: number) => buffer[l * perLine + lengths[l] - 1];
  let dropped = 0;
  let nonFinite = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const first = new Int32Array(L);
  const last = new Int32Array(L);
  const minI = new Int32Array(L);
  const maxI = new Int32Array(L);
  const gapAfter = new Uint8Array(L);
  const keep = [0, 0, 0, 0];
  const x0 = rows > 0 ? steps[0] : 0;
  const span = rows > 0 ? steps[rows - 1] - x0 : 0;
  const bucketOf = (r: number) => (span > 0 ? Math.min(buckets - 1, Math.floor(((steps[r] - x0) / span) * buckets)) : r);
  let r = 0;
  while (r < rows) {
    const bucket = bucketOf(r);
    first.fill(-1);
    last.fill(-1);
    minI.fill(-1);
    maxI.fill(-1);
    gapAfter.fill(0);
    do {
      const base = r * L;
      for (let l = 0; l < L; l++) {
        const y = values[base + l];
        if (y > 0 && y < Number.POSITIVE_INFINITY) {
          if (first[l] < 0) first[l] = r;
          last[l] = r;
          if (minI[l] < 0 || y < values[minI[l] * L + l]) minI[l] = r;
          if (maxI[l] < 0 || y > values[maxI[l] * L + l]) maxI[l] = r;
          gapAfter[l] = 0;
        } else {
          dropped++;
          if (!Number.isFinite(y)) nonFinite++;
          gapAfter[l] = 1;
        }
      }
      r++;
    } while (r < rows && bucketOf(r) === bucket);
    const endStep = steps[r - 1];
    for (let l = 0; l < L; l++) {
      if (first[l] < 0) {
        if (lengths[l] > 0 && !Number.isNaN(lastY(l))) push(l, endStep, Number.NaN);
        continue;
      }
      keep[0] = first[l];
      keep[1] = minI[l];
      keep[2] = maxI[l];
      keep[3] = last[l];
      keep.sort((a, b) => a - b);
      for (let k = 0; k < 4; k++) {
        if (k > 0 && keep[k] === keep[k - 1]) continue;
        const y = values[keep[k] * L + l];
        push(l, steps[keep[k]], y);
        if (y < min) min = y;
        if (y > max) max = y;
      }
      if (gapAfter[l]) push(l, endStep, Number.NaN);
    }
  }
  const yDomain = Number.isFinite(min) ? logDomain([min, max]) : logDomain([], [1e-4, 1e1]);
  const series = Array.from({ length: L }, (_, l) => buffer.subarray(l * perLine, l * perLine + lengths[l]));
  return { series, yDomain, dropped, nonFinite };
}
