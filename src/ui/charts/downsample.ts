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
  const drawable = (y: number) => Number.isFinite(y) && (!log || y > 0);
  const x0 = xAt(0);
  const span = xAt(length - 1) - x0;
  const bucketOf = (i: number) => (span > 0 ? Math.min(buckets - 1, Math.floor(((xAt(i) - x0) / span) * buckets)) : i);
  let i = 0;
  while (i < length) {
    // One bucket: every following point with the same bucket index (always at least one).
    const bucket = bucketOf(i);
    let first = -1;
    let last = -1;
    let minI = -1;
    let maxI = -1;
    let gapAfter = false;
    do {
      const y = yAt(i);
      if (drawable(y)) {
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
      if (points.length > 0 && points[points.length - 1].y !== null) points.push({ x: xAt(i - 1), y: null });
      continue;
    }
    const keep = [...new Set([first, minI, maxI, last])].sort((a, b) => a - b);
    for (const k of keep) points.push({ x: xAt(k), y: yAt(k) });
    if (gapAfter) points.push({ x: xAt(i - 1), y: null });
  }
  return { points, dropped, nonFinite };
}

/**
 * An SVG path through the points in pixel space, broken at gaps. A point with gaps on
 * both sides becomes a dot (a zero-length segment, drawn by the round line cap), so the
 * last finite step before a blow-up stays visible.
 */
export function pathOf(points: readonly SeriesPoint[], xPx: (x: number) => number, yPx: (y: number) => number): string {
  let d = '';
  let runLength = 0;
  let lastX = 0;
  let lastY = 0;
  const endRun = () => {
    if (runLength === 1) d += `L${(lastX + 0.01).toFixed(2)},${lastY.toFixed(1)}`;
    runLength = 0;
  };
  for (const p of points) {
    const x = p.y === null ? Number.NaN : xPx(p.x);
    const y = p.y === null ? Number.NaN : yPx(p.y);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      endRun();
      continue;
    }
    d += `${runLength > 0 ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    runLength++;
    lastX = x;
    lastY = y;
  }
  endRun();
  return d;
}
