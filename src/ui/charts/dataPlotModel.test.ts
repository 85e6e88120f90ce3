import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundaryImageRect,
  boundaryPixels,
  CLASS_COLORS,
  cellColor,
  classColor,
  countNonFinite,
  DARKEST,
  expectedBoundaryLength,
  fitSegments,
  fromPixel,
  GRID_EXTENT,
  hexToRgb,
  LIGHTEST,
  NON_FINITE_RGB,
  niceTicks,
  planeAxes,
  regressionYDomain,
  toPixel,
} from './dataPlotModel';

const mix = (c: number, t: number) => Math.round(255 + (c - 255) * t);

describe('cellColor', () => {
  it('takes the colour of the most probable class', () => {
    expect(cellColor([0.1, 0.7, 0.2], 0, 3).argmax).toBe(1);
    expect(cellColor([0.6, 0.3, 0.1], 0, 3).argmax).toBe(0);
    expect(cellColor([0, 0, 1, 0.2, 0.8, 0], 3, 3).argmax).toBe(1);
  });

  it('is deep at certainty and pale at chance', () => {
    const [r, g, b] = hexToRgb(CLASS_COLORS[2]);
    const sure = cellColor([0, 0, 1], 0, 3);
    expect(sure.confidence).toBe(1);
    expect(sure.rgb).toEqual([mix(r, DARKEST), mix(g, DARKEST), mix(b, DARKEST)]);
    const unsure = cellColor([1 / 3, 1 / 3, 1 / 3], 0, 3);
    expect(unsure.confidence).toBeCloseTo(0, 12);
    const [r0, g0, b0] = hexToRgb(CLASS_COLORS[0]);
    expect(unsure.rgb).toEqual([mix(r0, LIGHTEST), mix(g0, LIGHTEST), mix(b0, LIGHTEST)]);
  });

  it('gets lighter as confidence falls (every channel moves towards white)', () => {
    const a = cellColor([0.95, 0.05], 0, 2).rgb;
    const b = cellColor([0.6, 0.4], 0, 2).rgb;
    for (let c = 0; c < 3; c++) expect(b[c]).toBeGreaterThanOrEqual(a[c]);
    expect(b.some((v, c) => v > a[c])).toBe(true);
  });

  it('marks non-finite probabilities grey instead of throwing', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const cell = cellColor([0.2, bad, 0.8], 0, 3);
      expect(cell.argmax).toBe(-1);
      expect(cell.rgb).toEqual([...NON_FINITE_RGB]);
    }
  });

  it('always returns channels in 0..255 (any probabilities)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 7 }), (probs) => {
        const { rgb, argmax, confidence } = cellColor(probs, 0, probs.length);
        expect(rgb.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
        expect(argmax).toBeGreaterThanOrEqual(-1);
        expect(argmax).toBeLessThan(probs.length);
        expect(confidence >= 0 && confidence <= 1).toBe(true);
      }),
    );
  });
});

describe('boundaryPixels', () => {
  it('writes one opaque RGBA pixel per cell, in row order, and counts NaN cells', () => {
    const res = 2;
    // cells: class 0 sure, class 1 sure, NaN, class 2 sure
    const values = new Float32Array([1, 0, 0, 0, 1, 0, Number.NaN, 0, 0, 0, 0, 1]);
    const { rgba, nonFinite } = boundaryPixels(values, res, 3);
    expect(rgba.length).toBe(res * res * 4);
    expect(nonFinite).toBe(1);
    const px = (i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));
    const deep = (k: number) => [...hexToRgb(CLASS_COLORS[k]).map((c) => mix(c, DARKEST)), 255];
    expect(px(0)).toEqual(deep(0));
    expect(px(1)).toEqual(deep(1));
    expect(px(2)).toEqual([...NON_FINITE_RGB, 255]);
    expect(px(3)).toEqual(deep(2));
  });
});

describe('expectedBoundaryLength', () => {
  it('is res^2 x classes in 2-D, res in 1-D, and 0 for unusable shapes', () => {
    expect(expectedBoundaryLength(48, 3, 2)).toBe(48 * 48 * 3);
    expect(expectedBoundaryLength(128, 1, 1)).toBe(128);
    expect(expectedBoundaryLength(1, 3, 2)).toBe(0);
    expect(expectedBoundaryLength(48, 3, 5)).toBe(0);
  });
});

describe('coordinates', () => {
  it('puts the plane corners on the canvas corners with y up', () => {
    const { x, y } = planeAxes(300);
    expect(toPixel(x, -GRID_EXTENT)).toBe(0);
    expect(toPixel(x, GRID_EXTENT)).toBe(300);
    expect(toPixel(x, 0)).toBe(150);
    expect(toPixel(y, GRID_EXTENT)).toBe(0);
    expect(toPixel(y, -GRID_EXTENT)).toBe(300);
    expect(toPixel(y, 0.75)).toBe(75);
  });

  it('fromPixel inverts toPixel', () => {
    const { x, y } = planeAxes(417);
    fc.assert(
      fc.property(fc.double({ min: -1.5, max: 1.5, noNaN: true }), (v) => {
        expect(fromPixel(x, toPixel(x, v))).toBeCloseTo(v, 9);
        expect(fromPixel(y, toPixel(y, v))).toBeCloseTo(v, 9);
      }),
    );
  });

  it('places the boundary image so pixel centres land on the grid samples (row 0 at the top)', () => {
    const res = 48;
    const size = 360;
    const r = boundaryImageRect(res, size);
    const { x, y } = planeAxes(size);
    for (const i of [0, 7, res - 1]) {
      const centre = r.x + ((i + 0.5) * r.w) / res;
      const sampleX = -GRID_EXTENT + (i * 2 * GRID_EXTENT) / (res - 1);
      expect(centre).toBeCloseTo(toPixel(x, sampleX), 9);
      const centreY = r.y + ((i + 0.5) * r.h) / res;
      const sampleY = GRID_EXTENT - (i * 2 * GRID_EXTENT) / (res - 1); // rows run from +extent down
      expect(centreY).toBeCloseTo(toPixel(y, sampleY), 9);
    }
  });
});

describe('regression plot', () => {
  it('pads the targets by 10% and widens for the fit by at most one span', () => {
    const [lo, hi] = regressionYDomain([-1, 1], null);
    expect(lo).toBeCloseTo(-1.2, 12);
    expect(hi).toBeCloseTo(1.2, 12);
    const [lo2, hi2] = regressionYDomain([-1, 1], [-1.5, 0, 1e9]);
    expect(lo2).toBeCloseTo(-1.5, 12);
    expect(hi2).toBeCloseTo(1.2 + 2.4, 12);
    const [lo3, hi3] = regressionYDomain([-1, 1], [Number.NaN, Number.POSITIVE_INFINITY]);
    expect([lo3, hi3]).toEqual([lo, hi]);
  });

  it('maps the fit over [-extent, extent] and breaks the line at NaN', () => {
    const x = { domain: [-GRID_EXTENT, GRID_EXTENT] as [number, number], range: [0, 100] as [number, number] };
    const y = { domain: [-1, 1] as [number, number], range: [50, 0] as [number, number] };
    const segs = fitSegments([0, 1, Number.NaN, -1, 0], x, y);
    expect(segs.length).toBe(2);
    expect(segs[0]).toEqual([
      [0, 25],
      [25, 0],
    ]);
    expect(segs[1]).toEqual([
      [75, 50],
      [100, 25],
    ]);
    expect(fitSegments([Number.NaN, Number.NaN], x, y)).toEqual([]);
  });
});

describe('helpers', () => {
  it('hexToRgb and classColor', () => {
    expect(hexToRgb('#0072B2')).toEqual([0, 114, 178]);
    expect(hexToRgb('#fff')).toEqual([255, 255, 255]);
    expect(classColor(0)).toBe('#0072B2');
    expect(classColor(1)).toBe('#E69F00');
    expect(classColor(2)).toBe('#009E73');
    expect(classColor(CLASS_COLORS.length)).toBe(classColor(0));
  });

  it('countNonFinite', () => {
    expect(countNonFinite(new Float32Array([1, Number.NaN, Number.POSITIVE_INFINITY, 0]))).toBe(2);
  });

  it('niceTicks covers the plane with whole units', () => {
    expect(niceTicks(-1.5, 1.5)).toEqual([-1, 0, 1]);
    expect(niceTicks(-1.2, 1.2)).toEqual([-1, 0, 1]);
    expect(niceTicks(-1.2, 1.2, 6)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(1, 1)).toEqual([]);
  });
});
