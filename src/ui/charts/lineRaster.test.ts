import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinePlot, logPlotMap, packRgba, parseColor } from './lineRaster';

/**
 * The rasteriser the charts used before drawing incrementally (opaque lines), kept as
 * the reference: the z-buffered one must cover the very same pixels.
 */
function referenceCoverage(xy: number[], w: number, h: number, width: number): boolean[] {
  const cover = new Array<boolean>(w * h).fill(false);
  const half = Math.max(0, Math.round(width) - 1) / 2;
  const lo = -Math.floor(half);
  const hi = Math.ceil(half);
  const plot = (x: number, y: number) => {
    if (x >= 0 && y >= 0 && x < w && y < h) cover[y * w + x] = true;
  };
  const finite = (j: number) => j >= 0 && j + 1 < xy.length && Number.isFinite(xy[j] + xy[j + 1]);
  for (let k = 0; k + 1 < xy.length; k += 2) {
    if (!finite(k) || finite(k - 2) || finite(k + 2)) continue;
    const cx = Math.round(xy[k]);
    const cy = Math.round(xy[k + 1]);
    for (let ox = lo - 1; ox <= hi + 1; ox++) for (let oy = lo - 1; oy <= hi + 1; oy++) plot(cx + ox, cy + oy);
  }
  for (let k = 0; k + 3 < xy.length; k += 2) {
    const [x0, y0, x1, y1] = xy.slice(k, k + 4);
    if (!Number.isFinite(x0 + y0 + x1 + y1)) continue;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
    const steep = Math.abs(dy) > Math.abs(dx);
    for (let s = 0; s <= steps; s++) {
      const px = Math.floor(x0 + (dx / steps) * s + 0.5);
      const py = Math.floor(y0 + (dy / steps) * s + 0.5);
      if (steep) for (let o = lo; o <= hi; o++) plot(px + o, py);
      else for (let o = lo; o <= hi; o++) plot(px, py + o);
    }
  }
  return cover;
}

const W = 40;
const H = 30;
const map = logPlotMap([0, 40], [1e-3, 1e3], W, H);
/** Pixel coordinates of row i, computed as LinePlot does (NaN for gaps). */
const pixelOf = (step: number, v: number) =>
  v > 0 && v < Number.POSITIVE_INFINITY ? [(step - map.x0) * map.xScale, map.height - (Math.log10(v) - map.logY0) * map.yScale] : [Number.NaN, Number.NaN];

/** A value series: mostly within the axes, with gaps (NaN, 0, Inf) and some off-scale values. */
const series = (maxLength: number) =>
  fc.array(fc.oneof({ weight: 8, arbitrary: fc.double({ min: 1e-4, max: 1e4, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 0, Number.POSITIVE_INFINITY) }), {
    minLength: 0,
    maxLength,
  });

function draw(lines: number[][], width: number, cuts: number[] = []) {
  const plot = new LinePlot();
  plot.reset(W, H);
  plot.setPalette(lines.map((_, l) => packRgba([l * 40, 10, 200])));
  const n = Math.max(0, ...lines.map((l) => l.length));
  const bounds = [...new Set([0, ...cuts.map((c) => Math.min(c, n)), n])].sort((a, b) => a - b);
  const resolved = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i + 1 < bounds.length; i++) {
    lines.forEach((values, l) => {
      const steps = values.map((_, r) => r);
      plot.line(steps, values, bounds[i], Math.min(bounds[i + 1], values.length), map, l + 1, width);
    });
    // What is on screen: only the dirty rectangle is put each time.
    const rect = plot.resolve();
    if (!rect) continue;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      const from = (y * W + rect.x) * 4;
      resolved.set(plot.pixels.subarray(from, from + rect.width * 4), from);
    }
  }
  return { z: Array.from(plot.z), screen: resolved };
}

describe('LinePlot', () => {
  it('covers exactly the pixels of the reference rasteriser, dots for lone points included', () => {
    fc.assert(
      fc.property(series(40), fc.integer({ min: 1, max: 5 }), (values, width) => {
        // A trailing gap: a lone last point is a dot in both (LinePlot waits for its successor).
        const ys = [...values, Number.NaN];
        const { z } = draw([ys], width);
        const xy = ys.flatMap((v, r) => pixelOf(r, v));
        expect(z.map((v) => v > 0)).toEqual(referenceCoverage(xy, W, H, width));
      }),
    );
  });

  it('k appends draw the same pixels as one full redraw (any data, any split)', () => {
    fc.assert(
      fc.property(fc.array(series(50), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (lines, cuts, width) => {
        const full = draw(lines, width);
        const parts = draw(lines, width, cuts);
        expect(parts.z).toEqual(full.z);
        expect(parts.screen).toEqual(full.screen);
      }),
    );
  });

  it('keeps the higher-ranked line on top whatever the drawing order', () => {
    const a = [1, 1, 1, 1];
    const b = [1e-2, 1, 1e2, 1];
    const plot = (order: number[]) => {
      const p = new LinePlot();
      p.reset(W, H);
      for (const l of order) p.line([0, 10, 20, 30], [a, b][l], 0, 4, map, l + 1, 2);
      return Array.from(p.z);
    };
    expect(plot([0, 1])).toEqual(plot([1, 0]));
    expect(plot([0, 1]).filter((z) => z === 2).length).toBeGreaterThan(0);
  });

  it('colours pixels by the palette of the rank on top, transparent elsewhere', () => {
    const p = new LinePlot();
    p.reset(10, 10);
    const red = packRgba([255, 0, 0]);
    p.setPalette([red]);
    const m = logPlotMap([0, 9], [1, 10], 10, 10);
    p.line([0, 9], [2, 2], 0, 2, m, 1, 1);
    const rect = p.resolve();
    expect(rect).toEqual({ x: 0, y: 0, width: 10, height: 10 }); // the first resolve after a reset covers all
    const y = Math.floor(10 - Math.log10(2) * 10 + 0.5);
    expect(Array.from(p.pixels.subarray((y * 10 + 4) * 4, (y * 10 + 4) * 4 + 4))).toEqual([255, 0, 0, 255]);
    expect(p.pixels[((y - 3) * 10 + 4) * 4 + 3]).toBe(0);
    // Nothing new: nothing to put.
    expect(p.resolve()).toBeNull();
  });

  it('draws only the visible part of a segment to a value far off the axis', () => {
    const p = new LinePlot();
    p.reset(W, H);
    p.line([0, 20, 40], [1, 1e300, 1], 0, 3, map, 1, 3);
    // Both segments climb out through the top edge, almost vertically, at x = 0 and x = 40.
    expect(p.z[5 * W + 0]).toBe(1);
    expect(p.z[5 * W + 39]).toBe(1);
    expect(p.z[5 * W + 20]).toBe(0);
  });

  it('parses the palette colours', () => {
    expect(parseColor('rgb(68,1,84)')).toEqual([68, 1, 84]);
    expect(parseColor('#0072B2')).toEqual([0, 114, 178]);
  });
});
