// The history of a run in bounded memory: typed columns of fixed capacity with
// progressive downsampling. When the columns fill up, every other row is dropped and
// the stride doubles, so a 100,000-step run keeps at most `capacity` rows spread
// evenly over all of it. The latest step is always kept in full, apart from the rows.
// Held-out measurements (every few steps) and health changes have their own lists.
//
// Per-layer statistics are stored layer-major (one contiguous column per layer), the
// layout the charts read: a layer's line is a view, never a transposition. Appending a
// row writes one value into each layer's column.

import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame, type FrameLayerStat, HEALTH_CODES } from '../protocol';
import type { HealthStatus } from '../core/health';

export const DEFAULT_CAPACITY = 2048;

const S = Object.fromEntries(FRAME_SCALARS.map((name, i) => [name, i])) as Record<(typeof FRAME_SCALARS)[number], number>;
const NS = FRAME_SCALARS.length;
const NL = FRAME_LAYER_STATS.length;

export interface HealthEvent {
  step: number;
  status: HealthStatus;
  layer: number | null;
}

/**
 * Columns sharing one step axis that keep every `stride`-th row pushed; when full they
 * drop every other row and double the stride (`compactions` counts how often: a chart
 * that draws rows incrementally starts over when it changes). A column of width w is
 * row-major (row r at r * w) unless `layerMajor[c]`, then it holds w series of
 * `capacity` values each (row r of series k at k * capacity + r).
 */
class Columns {
  stride = 1;
  length = 0;
  compactions = 0;
  private pushed = 0;
  readonly step: Float64Array;
  readonly values: Float64Array[];

  constructor(
    readonly capacity: number,
    readonly widths: number[],
    readonly layerMajor: boolean[] = widths.map(() => false),
  ) {
    this.step = new Float64Array(capacity);
    this.values = widths.map((w) => new Float64Array(capacity * w));
  }

  /** Calls write(column, target, row) for the new row, unless the stride skips it. */
  push(step: number, write: (column: number, target: Float64Array, row: number) => void): void {
    const index = this.pushed++;
    if (index % this.stride !== 0) return;
    if (this.length === this.capacity) {
      this.compact();
      if (index % this.stride !== 0) return;
    }
    const row = this.length++;
    this.step[row] = step;
    for (let c = 0; c < this.values.length; c++) write(c, this.values[c], row);
  }

  /** Keeps rows 0, 2, 4, ...: those pushed at multiples of the doubled stride. */
  private compact(): void {
    const n = this.length;
    const kept = Math.ceil(n / 2);
    for (let row = 0, k = 0; row < n; row += 2, k++) this.step[k] = this.step[row];
    this.values.forEach((col, c) => {
      const w = this.widths[c];
      if (this.layerMajor[c]) {
        for (let s = 0; s < w; s++) {
          const base = s * this.capacity;
          for (let row = 0, k = 0; row < n; row += 2, k++) col[base + k] = col[base + row];
        }
      } else {
        for (let row = 0, k = 0; row < n; row += 2, k++) col.copyWithin(k * w, row * w, row * w + w);
      }
    });
    this.length = kept;
    this.stride *= 2;
    this.compactions++;
  }
}

/** Every LOSS_LOG_EVERY-th step's loss, for the printed log of the classic example. */
export const LOSS_LOG_EVERY = 100;
const LOSS_LOG_MAX = 500;

export class RunHistory {
  private readonly rows: Columns;
  readonly lossLog: { step: number; loss: number }[] = [];
  private readonly tests: Columns;
  readonly healthEvents: HealthEvent[] = [];
  /** Exact values of the newest step (overwritten by the next step: copy before keeping). */
  readonly latestScalars: Float64Array = new Float64Array(NS).fill(Number.NaN);
  readonly latestLayers: Float64Array;
  stepsSeen = 0;

  constructor(
    readonly numLayers: number,
    capacity = DEFAULT_CAPACITY,
  ) {
    // Column 0: the scalars; columns 1..NL: one per layer statistic.
    this.rows = new Columns(capacity, [NS, ...FRAME_LAYER_STATS.map(() => numLayers)], [false, ...FRAME_LAYER_STATS.map(() => true)]);
    this.tests = new Columns(Math.max(64, capacity / 4), [2]);
    this.latestLayers = new Float64Array(NL * numLayers).fill(Number.NaN);
  }

  get length(): number {
    return this.rows.length;
  }
  get stride(): number {
    return this.rows.stride;
  }
  get capacity(): number {
    return this.rows.capacity;
  }
  /** Changes whenever kept rows are dropped (see Columns): drawn rows no longer match. */
  get compactions(): number {
    return this.rows.compactions;
  }
  get lastStep(): number {
    return this.stepsSeen === 0 ? -1 : this.latestScalars[S.step];
  }

  appendFrame(frame: Frame): void {
    const L = this.numLayers;
    if (frame.numLayers !== L) throw new Error(`frame has ${frame.numLayers} layers, history ${L}`);
    for (let i = 0; i < frame.count; i++) {
      const scalars = frame.scalars.subarray(i * NS, (i + 1) * NS);
      const layers = frame.layers.subarray(i * NL * L, (i + 1) * NL * L);
      const step = scalars[S.step];
      const capacity = this.rows.capacity;
      this.rows.push(step, (c, target, row) => {
        if (c === 0) {
          target.set(scalars, row * NS);
          return;
        }
        const from = (c - 1) * L;
        for (let l = 0; l < L; l++) target[l * capacity + row] = layers[from + l];
      });
      const testLoss = scalars[S.testLoss];
      if (!Number.isNaN(testLoss)) {
        this.tests.push(step, (_, target, row) => {
          target[row * 2] = testLoss;
          target[row * 2 + 1] = scalars[S.testAccuracy];
        });
      }
      if (step % LOSS_LOG_EVERY === 0) {
        this.lossLog.push({ step, loss: scalars[S.loss] });
        if (this.lossLog.length > LOSS_LOG_MAX) this.lossLog.shift();
      }
      const status = HEALTH_CODES[scalars[S.health]] ?? 'healthy';
      const last = this.healthEvents[this.healthEvents.length - 1];
      if (!last || last.status !== status) {
        const layer = scalars[S.healthLayer];
        this.healthEvents.push({ step, status, layer: Number.isNaN(layer) ? null : layer });
        if (this.healthEvents.length > 1000) this.healthEvents.splice(0, this.healthEvents.length - 1000);
      }
      // In place: a fresh copy per step is garbage the page's collector must chase.
      this.latestScalars.set(scalars);
      this.latestLayers.set(layers);
      this.stepsSeen++;
    }
  }

  /** Step of row i. */
  stepAt(row: number): number {
    return this.rows.step[row];
  }
  steps(): Float64Array {
    return this.rows.step.subarray(0, this.rows.length);
  }

  scalar(name: (typeof FRAME_SCALARS)[number], row: number): number {
    return this.rows.values[0][row * NS + S[name]];
  }

  private statColumn(stat: FrameLayerStat): Float64Array {
    return this.rows.values[1 + FRAME_LAYER_STATS.indexOf(stat)];
  }

  /** Statistic `stat` of layer `layer` (0-based) at row `row`. */
  layerValue(stat: FrameLayerStat, row: number, layer: number): number {
    return this.statColumn(stat)[layer * this.rows.capacity + row];
  }

  /** Every kept row of `stat` for one layer (0-based), oldest first: a view, valid until the next append. */
  layerSeries(stat: FrameLayerStat, layer: number): Float64Array {
    const start = layer * this.rows.capacity;
    return this.statColumn(stat).subarray(start, start + this.rows.length);
  }

  /** All layers of `stat` at row `row`, copied into `out` (a new array by default). */
  layerRow(stat: FrameLayerStat, row: number, out: Float64Array = new Float64Array(this.numLayers)): Float64Array {
    const col = this.statColumn(stat);
    const capacity = this.rows.capacity;
    for (let l = 0; l < this.numLayers; l++) out[l] = col[l * capacity + row];
    return out;
  }

  latestScalar(name: (typeof FRAME_SCALARS)[number]): number {
    return this.latestScalars[S[name]];
  }

  latestLayer(stat: FrameLayerStat): Float64Array {
    const k = FRAME_LAYER_STATS.indexOf(stat);
    return this.latestLayers.subarray(k * this.numLayers, (k + 1) * this.numLayers);
  }

  /** Like `compactions`, for the held-out measurements. */
  get testCompactions(): number {
    return this.tests.compactions;
  }
  get testLength(): number {
    return this.tests.length;
  }
  testAt(row: number): { step: number; loss: number; accuracy: number } {
    const v = this.tests.values[0];
    return { step: this.tests.step[row], loss: v[row * 2], accuracy: v[row * 2 + 1] };
  }

  /** One pass over a per-layer statistic: its drawable range and how many values a log axis cannot show. */
  layerSummary(stat: FrameLayerStat): { lo: number; hi: number; dropped: number; nonFinite: number } {
    const col = this.statColumn(stat);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    let dropped = 0;
    let nonFinite = 0;
    const n = this.rows.length;
    for (let l = 0; l < this.numLayers; l++) {
      const start = l * this.rows.capacity;
      for (let i = start; i < start + n; i++) {
        const v = col[i];
        if (v > 0 && v < Number.POSITIVE_INFINITY) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        } else {
          dropped++;
          if (!Number.isFinite(v)) nonFinite++;
        }
      }
    }
    return { lo, hi, dropped, nonFinite };
  }

  /** The same for scalar columns. */
  scalarRange(...names: (typeof FRAME_SCALARS)[number][]): [number, number] {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const name of names) {
      const [a, b] = rangeOf(this.rows.values[0], S[name], this.rows.length * NS, NS, 0);
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    return [lo, hi];
  }

  /** Bytes held by the columns: fixed at construction, whatever the run length. */
  get bytes(): number {
    const columns = (c: Columns) => c.step.byteLength + c.values.reduce((a, v) => a + v.byteLength, 0);
    return columns(this.rows) + columns(this.tests);
  }
}

/** [min positive finite, max finite] of values[start], values[start + stride], ... below end. */
function rangeOf(values: Float64Array, start: number, end: number, stride: number, floor: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i += stride) {
    const v = values[i];
    if (v > floor && v < lo) lo = v;
    if (v > hi && v < Number.POSITIVE_INFINITY) hi = v;
  }
  return [lo, hi];
}

/** layerSummary over several runs' histories (a run set's shared axis or colour scale). */
export function layerSummaryOf(histories: readonly RunHistory[], stat: FrameLayerStat): { lo: number; hi: number; dropped: number; nonFinite: number } {
  const out = { lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY, dropped: 0, nonFinite: 0 };
  for (const h of histories) {
    const s = h.layerSummary(stat);
    if (s.lo < out.lo) out.lo = s.lo;
    if (s.hi > out.hi) out.hi = s.hi;
    out.dropped += s.dropped;
    out.nonFinite += s.nonFinite;
  }
  return out;
}
