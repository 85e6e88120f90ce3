// The pure part of the per-layer charts: which statistic the gradient view shows, how a
// layer is named, which layers the legend offers, and the per-layer series (min-max
// downsampled so 100 layers × thousands of steps stay a few thousand points).

import type { FrameLayerStat } from '../../protocol';
import type { GradientView } from '../../store/store';
import { downsampleMinMax, type SeriesPoint } from './downsample';
import { logDomain } from './scale';

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

export interface LayerSeries {
  /** One downsampled line per layer (0-based). */
  series: SeriesPoint[][];
  /** Log y domain covering every drawn point. */
  yDomain: [number, number];
  /** Values not drawable on a log axis (≤ 0, NaN, ±Inf), over all layers. */
  dropped: number;
  /** Of those, NaN or infinite. */
  nonFinite: number;
}

/**
 * Per-layer lines of one statistic: `rows` rows, step `stepAt(row)`, the layers' values
 * `rowAt(row)[layer]`. Each line is min-max downsampled to ≤ MAX_POINTS_PER_SERIES points.
 */
export function layerSeries(
  rows: number,
  numLayers: number,
  stepAt: (row: number) => number,
  rowAt: (row: number) => ArrayLike<number>,
  buckets = SERIES_BUCKETS,
): LayerSeries {
  // Transpose once to per-layer columns: downsampling then reads contiguous memory.
  const steps = new Float64Array(rows);
  const columns = new Float64Array(rows * numLayers);
  for (let r = 0; r < rows; r++) {
    steps[r] = stepAt(r);
    const row = rowAt(r);
    for (let l = 0; l < numLayers; l++) columns[l * rows + r] = row[l];
  }
  const series: SeriesPoint[][] = [];
  let dropped = 0;
  let nonFinite = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let l = 0; l < numLayers; l++) {
    const base = l * rows;
    const out = downsampleMinMax(
      rows,
      (i) => steps[i],
      (i) => columns[base + i],
      buckets,
      true,
    );
    series.push(out.points);
    dropped += out.dropped;
    nonFinite += out.nonFinite;
    for (const p of out.points) {
      if (p.y === null) continue;
      if (p.y < min) min = p.y;
      if (p.y > max) max = p.y;
    }
  }
  const yDomain = Number.isFinite(min) ? logDomain([min, max]) : logDomain([], [1e-4, 1e1]);
  return { series, yDomain, dropped, nonFinite };
}
