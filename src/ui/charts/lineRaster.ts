// Draws many polylines into a pixel buffer (then put on a canvas with putImageData),
// one segment at a time, so that a chart that gains k steps draws k steps' worth of
// pixels. Each pixel keeps the highest-ranked line covering it (a z-buffer): the result
// does not depend on the order segments are drawn in, so drawing the newest rows onto
// the last image gives exactly the image a full redraw gives. Stroking 100 paths through
// the canvas API cost ~100 ms per redraw under software rendering; this costs a few ms
// for a full redraw and next to nothing for an update.

/** A linear x and log10 y mapping from data to pixels (y grows downwards). */
export interface LogPlotMap {
  /** Data x at pixel 0, and pixels per unit of x. */
  x0: number;
  xScale: number;
  /** log10 of the data y at pixel `height`, and pixels per decade. */
  logY0: number;
  yScale: number;
  height: number;
}

export function logPlotMap(xDomain: readonly [number, number], yDomain: readonly [number, number], width: number, height: number): LogPlotMap {
  const logY0 = Math.log10(yDomain[0]);
  return {
    x0: xDomain[0],
    xScale: width / (xDomain[1] - xDomain[0]),
    logY0,
    yScale: height / (Math.log10(yDomain[1]) - logY0),
    height,
  };
}

/** Drawable on a log axis: finite and positive (NaN, 0, negatives and ±Inf are gaps). */
const drawable = (v: number) => v > 0 && v < Number.POSITIVE_INFINITY;

/** Packs [r, g, b] and an alpha (0-255) into one little-endian RGBA word. */
export function packRgba(rgb: readonly [number, number, number], alpha = 255): number {
  return ((alpha << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0]) >>> 0;
}

export interface DirtyRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class LinePlot {
  width = 0;
  height = 0;
  /** Per pixel: the rank of the line drawn on top (0: none). */
  z = new Uint16Array(0);
  /** RGBA pixels, up to date inside the rectangles `resolve` has returned. */
  pixels: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(0);
  private words = new Uint32Array(0);
  /** Colour of each rank, packed RGBA; rank 0 is transparent. */
  private palette = new Uint32Array(1);
  private dx0 = Number.POSITIVE_INFINITY;
  private dy0 = Number.POSITIVE_INFINITY;
  private dx1 = Number.NEGATIVE_INFINITY;
  private dy1 = Number.NEGATIVE_INFINITY;

  /** Sets the size (in device pixels) and clears; a no-op but for the clear when unchanged. */
  reset(width: number, height: number): void {
    if (width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.z = new Uint16Array(width * height);
      this.pixels = new Uint8ClampedArray(width * height * 4);
      this.words = new Uint32Array(this.pixels.buffer);
    } else {
      this.z.fill(0);
    }
    this.markDirty(0, 0, width - 1, height - 1);
  }

  /** Colours by rank: colors[k] is rank k + 1. */
  setPalette(colors: readonly number[]): void {
    this.palette = new Uint32Array(colors.length + 1);
    this.palette.set(colors, 1);
  }

  private markDirty(x0: number, y0: number, x1: number, y1: number): void {
    if (x0 < this.dx0) this.dx0 = x0;
    if (y0 < this.dy0) this.dy0 = y0;
    if (x1 > this.dx1) this.dx1 = x1;
    if (y1 > this.dy1) this.dy1 = y1;
  }

  /**
   * Draws rows [from, to) of one line: steps xs[i], values ys[i] on a log axis, `rank`
   * (1 = bottom), `lineWidth` device pixels across. Row i joins row i - 1 by a segment when
   * both are drawable; a drawable row with gaps on both sides becomes a dot, drawn when
   * its successor (the gap) arrives. Only rows i - 2 .. i decide what row i adds, so
   * drawing [0, a) then [a, b) covers the same pixels as drawing [0, b) at once.
   */
  line(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number, map: LogPlotMap, rank: number, lineWidth: number): void {
    const w = this.width;
    const h = this.height;
    if (w <= 0 || h <= 0 || to <= from) return;
    const z = this.z;
    const half = Math.max(0, Math.round(lineWidth) - 1) / 2;
    const lo = -Math.floor(half);
    const hi = Math.ceil(half);
    const { x0: dataX0, xScale, logY0, yScale } = map;
    const px = (i: number) => (xs[i] - dataX0) * xScale;
    const py = (i: number) => map.height - (Math.log10(ys[i]) - logY0) * yScale;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    const start = Math.max(1, from);
    let prevOk = start - 1 < to && drawable(ys[start - 1]);
    let prevX = prevOk ? px(start - 1) : 0;
    let prevY = prevOk ? py(start - 1) : 0;
    for (let i = start; i < to; i++) {
      const ok = drawable(ys[i]);
      if (!ok) {
        // A lone point between two gaps: a small square.
        if (prevOk && (i - 2 < 0 || !drawable(ys[i - 2]))) {
          const cx = Math.round(prevX);
          const cy = Math.round(prevY);
          for (let oy = lo - 1; oy <= hi + 1; oy++) {
            const y = cy + oy;
            if (y < 0 || y >= h) continue;
            for (let ox = lo - 1; ox <= hi + 1; ox++) {
              const x = cx + ox;
              if (x >= 0 && x < w && z[y * w + x] < rank) z[y * w + x] = rank;
            }
          }
          if (cx < minX) minX = cx;
          if (cx > maxX) maxX = cx;
          if (cy < minY) minY = cy;
          if (cy > maxY) maxY = cy;
        }
        prevOk = false;
        continue;
      }
      const x1 = px(i);
      const y1 = py(i);
      if (prevOk) {
        let x0 = prevX;
        let y0 = prevY;
        let dx = x1 - x0;
        let dy = y1 - y0;
        let steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
        if (steps > 4 * (w + h)) {
          // A value far outside the axes (before they catch up): step only the visible part.
          const [t0, t1] = clipToBox(x0, y0, dx, dy, -hi - 1, -hi - 1, w - lo + 1, h - lo + 1);
          if (t1 <= t0) {
            prevOk = true;
            prevX = x1;
            prevY = y1;
            continue;
          }
          x0 += dx * t0;
          y0 += dy * t0;
          dx *= t1 - t0;
          dy *= t1 - t0;
          steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
        }
        const steep = Math.abs(dy) > Math.abs(dx);
        const sx = dx / steps;
        const sy = dy / steps;
        // Skip segments wholly outside the plot (values beyond a fixed domain).
        // (A pixel of the pen is at round(v) + o, lo <= o <= hi: a margin of one pixel is safe.)
        const a = -hi - 1;
        if (!((x0 < a && x0 + dx < a) || (x0 >= w - lo + 1 && x0 + dx >= w - lo + 1) || (y0 < a && y0 + dy < a) || (y0 >= h - lo + 1 && y0 + dy >= h - lo + 1))) {
          for (let s = 0; s <= steps; s++) {
            const qx = Math.floor(x0 + sx * s + 0.5);
            const qy = Math.floor(y0 + sy * s + 0.5);
            if (steep) {
              if (qy < 0 || qy >= h) continue;
              const row = qy * w;
              for (let o = lo; o <= hi; o++) {
                const x = qx + o;
                if (x >= 0 && x < w && z[row + x] < rank) z[row + x] = rank;
              }
            } else {
              if (qx < 0 || qx >= w) continue;
              for (let o = lo; o <= hi; o++) {
                const y = qy + o;
                if (y >= 0 && y < h && z[y * w + qx] < rank) z[y * w + qx] = rank;
              }
            }
          }
          const ax = Math.min(x0, x0 + dx);
          const bx = Math.max(x0, x0 + dx);
          const ay = Math.min(y0, y0 + dy);
          const by = Math.max(y0, y0 + dy);
          if (ax < minX) minX = ax;
          if (bx > maxX) maxX = bx;
          if (ay < minY) minY = ay;
          if (by > maxY) maxY = by;
        }
      }
      prevOk = true;
      prevX = x1;
      prevY = y1;
    }
    if (maxX >= minX) {
      const pad = hi + 2;
      this.markDirty(
        Math.max(0, Math.floor(minX) - pad),
        Math.max(0, Math.floor(minY) - pad),
        Math.min(w - 1, Math.ceil(maxX) + pad),
        Math.min(h - 1, Math.ceil(maxY) + pad),
      );
    }
  }

  /**
   * Colours the pixels changed since the last call and returns their rectangle (for
   * putImageData's dirty rectangle), or null when nothing changed.
   */
  resolve(): DirtyRect | null {
    const x0 = Math.max(0, this.dx0);
    const y0 = Math.max(0, this.dy0);
    const x1 = Math.min(this.width - 1, this.dx1);
    const y1 = Math.min(this.height - 1, this.dy1);
    this.dx0 = this.dy0 = Number.POSITIVE_INFINITY;
    this.dx1 = this.dy1 = Number.NEGATIVE_INFINITY;
    if (x1 < x0 || y1 < y0) return null;
    const { z, words, palette, width } = this;
    for (let y = y0; y <= y1; y++) {
      const row = y * width;
      for (let p = row + x0; p <= row + x1; p++) words[p] = palette[z[p]] ?? 0;
    }
    return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  }
}

/** The part [t0, t1] of the segment (x0, y0) + t (dx, dy), 0 <= t <= 1, inside the box (Liang-Barsky). */
function clipToBox(x0: number, y0: number, dx: number, dy: number, left: number, top: number, right: number, bottom: number): [number, number] {
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x0 - left],
    [dx, right - x0],
    [-dy, y0 - top],
    [dy, bottom - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return [1, 0];
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
  }
  return [t0, t1];
}

/** "rgb(r,g,b)" or "#rrggbb" to [r, g, b]. */
export function parseColor(color: string): [number, number, number] {
  const m = color.match(/rgb\((\d+),\s*(\d+),\s*(\d+)\)/);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const hex = color.replace('#', '');
  return [Number.parseInt(hex.slice(0, 2), 16), Number.parseInt(hex.slice(2, 4), 16), Number.parseInt(hex.slice(4, 6), 16)];
}
