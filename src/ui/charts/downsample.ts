// Min-max downsampling: each of at most `buckets` x-intervals keeps its first, min, max
// and last point, so spikes survive and a chart never draws more points than pixels.
// Values a log axis cannot show (0, negative, NaN, Inf) become gaps, and are counted so
// the chart can flag them.

export interface SeriesPoint {
  x: number;
  /** null draws a gap. */
  y: number | null;
}

export interface Downsampled {
  points: SeriesPoint[];
  /** How many input values could not be drawn (non-finite, or <= 0 on a log axis). */
  dropped: number;
  /** How many of those were NaN or infinite. */
  nonFinite: number;
  /**
   * StepSeries: where the points of the bucket still open begin. Those before it are
   * settled (the next rows change only what comes after), so a live chart can draw them
   * as a path of their own that stays as it is (settledPaths).
   */
  openFrom?: number;
}

export function downsampleMinMax(
  length: number,
  xAt: (i: number) => number,
  yAt: (i: number) => number,
  buckets: number,
  log: boolean,
): Downsampled {
  const points: SeriesPoint[] = [];
  let dropped = 0;
  let nonFinite = 0;
  if (length === 0) return { points, dropped, nonFinite };
  const x0 = xAt(0);
  const span = xAt(length - 1) - x0;
  const bucketOf = (i: number) => (span > 0 ? Math.min(buckets - 1, Math.floor(((xAt(i) - x0) / span) * buckets)) : i);
  let i = 0;
  while (i < length) {
    const bucket = takeBucket(i, length, bucketOf, xAt, yAt, log, points, points);
    dropped += bucket.dropped;
    nonFinite += bucket.nonFinite;
    i = bucket.end;
  }
  return { points, dropped, nonFinite };
}

/**
 * One bucket: row `start` and every following row with the same bucket index (always at
 * least one). Appends to `out` its first, min, max and last drawable points, in row
 * order, and a gap (y null) after it when it ends in values it cannot draw, or when it
 * has none while the line drawn so far (`before`'s last point) does not end in a gap.
 */
function takeBucket(
  start: number,
  length: number,
  bucketOf: (i: number) => number,
  xAt: (i: number) => number,
  yAt: (i: number) => number,
  log: boolean,
  before: readonly SeriesPoint[],
  out: SeriesPoint[],
): { end: number; dropped: number; nonFinite: number } {
  const bucket = bucketOf(start);
  let i = start;
  let first = -1;
  let last = -1;
  let minI = -1;
  let maxI = -1;
  let gapAfter = false;
  let dropped = 0;
  let nonFinite = 0;
  do {
    const y = yAt(i);
    if (Number.isFinite(y) && (!log || y > 0)) {
      if (first < 0) first = i;
      last = i;
      if (minI < 0 || y < yAt(minI)) minI = i;
      if (maxI < 0 || y > yAt(maxI)) maxI = i;
      gapAfter = false;
    } else {
      dropped++;
      if (!Number.isFinite(y)) nonFinite++;
      gapAfter = true;
    }
    i++;
  } while (i < length && bucketOf(i) === bucket);
  if (first < 0) {
    if (before.length > 0 && before[before.length - 1].y !== null) out.push({ x: xAt(i - 1), y: null });
  } else {
    // first <= min(minI, maxI) <= max(minI, maxI) <= last: each row once, in order.
    let kept = -1;
    for (const k of [first, Math.min(minI, maxI), Math.max(minI, maxI), last]) {
      if (k === kept) continue;
      kept = k;
      out.push({ x: xAt(k), y: yAt(k) });
    }
    if (gapAfter) out.push({ x: xAt(i - 1), y: null });
  }
  return { end: i, dropped, nonFinite };
}

/**
 * Min-max downsampling of a series over training steps that keeps the buckets it has
 * finished, so that an update costs what arrived since the last one. Its buckets are
 * fixed intervals of the step axis's domain (not of the data, whose every new step would
 * move every bucket boundary): a new row changes only the last bucket. Each bucket keeps
 * its first, min, max and last point, as downsampleMinMax does.
 *
 * `update` starts over when the rows are not those it has seen (`source` or `key`
 * changed: another history, a compaction, a new domain or bucket count).
 */
export class StepSeries {
  private source: unknown = null;
  private key = '';
  /** The points of the finished buckets, and the values they could not draw. */
  private done: SeriesPoint[] = [];
  private doneDropped = 0;
  private doneNonFinite = 0;
  /** The first row of the bucket still open. */
  private nextRow = 0;

  update(
    source: unknown,
    key: string,
    length: number,
    xAt: (i: number) => number,
    yAt: (i: number) => number,
    domain: readonly [number, number],
    buckets: number,
    log: boolean,
  ): Downsampled {
    const fullKey = `${key}|${domain[0]},${domain[1]}|${buckets}|${log}`;
    if (source !== this.source || fullKey !== this.key || length < this.nextRow) {
      this.source = source;
      this.key = fullKey;
      this.done = [];
      this.doneDropped = 0;
      this.doneNonFinite = 0;
      this.nextRow = 0;
    }
    const width = (domain[1] - domain[0]) / buckets;
    const bucketOf = (i: number) => (width > 0 ? Math.min(buckets - 1, Math.max(0, Math.floor((xAt(i) - domain[0]) / width))) : 0);
    let i = this.nextRow;
    let tail: SeriesPoint[] = [];
    let tailDropped = 0;
    let tailNonFinite = 0;
    while (i < length) {
      const open: SeriesPoint[] = [];
      const bucket = takeBucket(i, length, bucketOf, xAt, yAt, log, this.done, open);
      i = bucket.end;
      if (i < length) {
        // Finished: a later row is in a later bucket.
        this.done.push(...open);
        this.doneDropped += bucket.dropped;
        this.doneNonFinite += bucket.nonFinite;
        this.nextRow = i;
      } else {
        tail = open;
        tailDropped = bucket.dropped;
        tailNonFinite = bucket.nonFinite;
      }
    }
    return {
      points: tail.length > 0 ? this.done.concat(tail) : this.done.slice(),
      dropped: this.doneDropped + tailDropped,
      nonFinite: this.doneNonFinite + tailNonFinite,
      openFrom: this.done.length,
    };
  }
}

/** Run `i`'s streams from a chart's list of them (made on first use). */
export function streamsAt<T>(list: T[], i: number, make: () => T): T {
  list[i] ??= make();
  return list[i];
}

/**
 * An SVG path through the points in pixel space, broken at gaps, in units of 1/`scale`
 * pixel rounded to integers (drawn under a scale(1/`scale`) transform: an integer prints
 * several times faster than toFixed, and the path is rebuilt on every step). A point with
 * gaps on both sides goes into `dots` as a zero-length segment, for a round line cap to
 * draw, so the last finite step before a blow-up stays visible (dashed lines end their
 * dashes square, so their dots need a path of their own).
 */
export function pathOf(points: readonly SeriesPoint[], xPx: (x: number) => number, yPx: (y: number) => number, scale = 10): { line: string; dots: string } {
  let d = '';
  let dots = '';
  let runLength = 0;
  let lastX = 0;
  let lastY = 0;
  let runStart = 0;
  const endRun = () => {
    if (runLength === 1) {
      d = d.slice(0, runStart);
      dots += `M${lastX},${lastY}L${lastX + 1},${lastY}`;
    }
    runLength = 0;
  };
  for (const p of points) {
    const x = p.y === null ? Number.NaN : Math.round(xPx(p.x) * scale);
    const y = p.y === null ? Number.NaN : Math.round(yPx(p.y) * scale);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      endRun();
      continue;
    }
    if (runLength === 0) runStart = d.length;
    d += `${runLength > 0 ? 'L' : 'M'}${x},${y}`;
    runLength++;
    lastX = x;
    lastY = y;
  }
  endRun();
  return { line: d, dots };
}

/**
 * The line of `points` as two paths: the settled points before `openFrom` and the open
 * rest, which goes on from the last settled point. Drawn one over the other they are the
 * line pathOf draws; as the rows of the open bucket arrive only the open path changes,
 * and the browser re-rasterises the small box around it, not the whole line (four runs
 * on one chart: the lines' rasterisation was a sixth of a core). `openDashOffset` is the
 * length of the settled path's last stretch (in path units), for a dash pattern to go on
 * across the join; `dots` are pathOf's, of the whole line.
 */
export function settledPaths(
  points: readonly SeriesPoint[],
  openFrom: number,
  xPx: (x: number) => number,
  yPx: (y: number) => number,
  scale = 10,
): { settled: string; open: string; openDashOffset: number; dots: string } {
  const { dots } = pathOf(points, xPx, yPx, scale);
  const from = Math.max(0, Math.min(openFrom, points.length));
  const settled = pathOf(points.slice(0, from), xPx, yPx, scale).line;
  const rest = points.slice(Math.max(0, from - 1));
  const open = rest.length >= 2 ? pathOf(rest, xPx, yPx, scale).line : '';
  // The settled path's last stretch: back from its last point to a gap.
  let length = 0;
  const at = (p: SeriesPoint) => {
    if (p.y === null) return null;
    const x = Math.round(xPx(p.x) * scale);
    const y = Math.round(yPx(p.y) * scale);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
  };
  let next = from > 0 ? at(points[from - 1]) : null;
  for (let i = from - 2; i >= 0 && next; i--) {
    const here = at(points[i]);
    if (!here) break;
    length += Math.hypot(next[0] - here[0], next[1] - here[1]);
    next = here;
  }
  return { settled, open, openDashOffset: Math.round(length), dots };
}
