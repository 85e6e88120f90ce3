import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binRows,
  binStarts,
  buildLut,
  colorOf,
  columnCount,
  decadeTicks,
  formatStep,
  gridPixels,
  newHeatmapScratch,
  layerLabelTicks,
  logRange,
  MAX_DECADES,
  NONFINITE_RGB,
  NONPOSITIVE_RGB,
  stepPosition,
  stepTicks,
} from './heatmapModel';

const VIRIDIS_FIRST = [68, 1, 84];
const VIRIDIS_LAST = [253, 231, 37];

describe('binning rows into pixel columns', () => {
  it('splits rows into contiguous, non-empty columns covering every row', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 3000 }), (rows, columns) => {
        const starts = binStarts(rows, columns);
        expect(starts.length - 1).toBe(Math.min(rows, columns));
        expect(starts[0]).toBe(0);
        expect(starts[starts.length - 1]).toBe(rows);
        for (let c = 0; c + 1 < starts.length; c++) expect(starts[c + 1]).toBeGreaterThan(starts[c]);
      }),
    );
  });

  it('draws one column per row until the rows outnumber the pixels', () => {
    expect(columnCount(50, 800)).toBe(50);
    expect(columnCount(10_000, 800)).toBe(800);
    expect(columnCount(10_000, 799.6)).toBe(799);
    expect(columnCount(0, 800)).toBe(0);
  });

  it('keeps a one-row spike when 10,000 rows fall into 300 columns', () => {
    const rows = 10_000;
    const layers = 100;
    const spikeRow = 4321;
    const row = (r: number) =>
      Float64Array.from({ length: layers }, (_, l) => (r === spikeRow && l === 7 ? 1e6 : 1 + ((r + l) % 5) * 1e-3));
    const grid = binRows(rows, layers, row, 300);
    expect(grid.columns).toBe(300);
    const c = Array.from(grid.starts).findIndex((s, i) => s <= spikeRow && spikeRow < grid.starts[i + 1]);
    expect(grid.values[7 * grid.columns + c]).toBe(1e6);
    // Only that cell has it; the same column of another layer does not.
    expect(grid.values.filter((v) => v === 1e6).length).toBe(1);
    expect(grid.values[8 * grid.columns + c]).toBeLessThan(2);
  });

  it('marks a column non-finite when any of its rows is NaN or infinite, even beside larger values', () => {
    const data = [[1], [Number.NaN], [5], [2], [Number.POSITIVE_INFINITY], [3], [0], [0]];
    const grid = binRows(data.length, 1, (r) => data[r], 4);
    expect(Array.from(grid.values)).toEqual([Number.NaN, 5, Number.NaN, 0]);
  });

  it('equals the max of each column (NaN if any value is non-finite), for any data', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0));
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((layers) =>
            fc.tuple(
              fc.constant(layers),
              fc.array(fc.array(value, { minLength: layers, maxLength: layers }), { minLength: 1, maxLength: 60 }),
            ),
          ),
        fc.integer({ min: 1, max: 80 }),
        ([layers, data], columns) => {
          const grid = binRows(data.length, layers, (r) => data[r], columns);
          for (let c = 0; c < grid.columns; c++) {
            for (let l = 0; l < layers; l++) {
              const vs = data.slice(grid.starts[c], grid.starts[c + 1]).map((row) => row[l]);
              const expected = vs.every(Number.isFinite) ? Math.max(...vs) : Number.NaN;
              expect(grid.values[l * grid.columns + c]).toBe(expected);
            }
          }
        },
      ),
    );
  });
});

describe('log range', () => {
  it('covers the finite positive values in whole decades, ignoring 0, negatives, NaN and Inf', () => {
    expect(logRange([3e-5, 0, -4, Number.NaN, Number.POSITIVE_INFINITY, 20])).toEqual({ lo: -5, hi: 2 });
  });

  it(`clamps to ${MAX_DECADES} decades, keeping the largest values`, () => {
    expect(logRange([1e-60, 1e10])).toEqual({ lo: 10 - MAX_DECADES, hi: 10 });
    expect(logRange([1e-60, 1e10], 12)).toEqual({ lo: -2, hi: 10 });
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), { minLength: 1, maxLength: 20 }), (vs) => {
        const { lo, hi } = logRange(vs);
        expect(hi - lo).toBeGreaterThanOrEqual(1);
        expect(hi - lo).toBeLessThanOrEqual(MAX_DECADES);
        expect(Math.log10(Math.max(...vs))).toBeLessThanOrEqual(hi + 1e-9);
      }),
    );
  });

  it('widens a single value to two decades and falls back when nothing is positive', () => {
    expect(logRange([1, 1, 1])).toEqual({ lo: -1, hi: 1 });
    const fallback = logRange([0, Number.NaN]);
    expect(fallback.hi).toBeGreaterThan(fallback.lo);
  });
});

describe('value → colour', () => {
  const range = { lo: -6, hi: 2 };

  it('gives non-finite values the magenta marker and zero/negative the grey', () => {
    expect(colorOf(Number.NaN, range)).toEqual([...NONFINITE_RGB]);
    expect(colorOf(Number.POSITIVE_INFINITY, range)).toEqual([...NONFINITE_RGB]);
    expect(colorOf(Number.NEGATIVE_INFINITY, range)).toEqual([...NONFINITE_RGB]);
    expect(colorOf(0, range)).toEqual([...NONPOSITIVE_RGB]);
    expect(colorOf(-3, range)).toEqual([...NONPOSITIVE_RGB]);
  });

  it('maps the range ends to the ends of viridis and clamps outside it', () => {
    expect(colorOf(1e-6, range)).toEqual(VIRIDIS_FIRST);
    expect(colorOf(1e-20, range)).toEqual(VIRIDIS_FIRST);
    expect(colorOf(1e2, range)).toEqual(VIRIDIS_LAST);
    expect(colorOf(1e9, range)).toEqual(VIRIDIS_LAST);
    // Larger values are lighter (viridis luminance rises monotonically).
    const lum = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const ls = [-6, -4, -2, 0, 2].map((e) => lum(colorOf(10 ** e, range)));
    for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeGreaterThan(ls[i - 1]);
  });

  it('keeps the marker colours out of the colour map', () => {
    const lut = buildLut();
    expect(lut.length).toBe(256 * 3);
    const dist = (a: readonly number[], i: number) => Math.hypot(a[0] - lut[i * 3], a[1] - lut[i * 3 + 1], a[2] - lut[i * 3 + 2]);
    for (let i = 0; i < 256; i++) {
      expect(dist(NONFINITE_RGB, i)).toBeGreaterThan(60);
      expect(dist(NONPOSITIVE_RGB, i)).toBeGreaterThan(40);
    }
  });

  it('lays out pixels with the input layer on the bottom row and the readout on top', () => {
    // 2 columns × 3 layers: layer 0 large, layer 1 NaN, layer 2 zero.
    const grid = binRows(2, 3, () => [1e2, Number.NaN, 0], 2);
    const px = gridPixels(grid, range);
    expect(px.length).toBe(2 * 3 * 4);
    const at = (x: number, y: number) => Array.from(px.slice((y * 2 + x) * 4, (y * 2 + x) * 4 + 4));
    expect(at(0, 2)).toEqual([...VIRIDIS_LAST, 255]); // bottom row: layer 0
    expect(at(1, 1)).toEqual([...NONFINITE_RGB, 255]); // middle: layer 1
    expect(at(0, 0)).toEqual([...NONPOSITIVE_RGB, 255]); // top row: layer 2 (readout)
  });

  it('colours every cell as colorOf does, and bins a row-major array like row functions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 1e-12, max: 1e12, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY)), { minLength: 6, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        (values, columns) => {
          const layers = 3;
          const rows = Math.floor(values.length / layers);
          const flat = Float64Array.from(values.slice(0, rows * layers));
          const grid = binRows(rows, layers, flat, columns, newHeatmapScratch());
          expect(grid).toEqual(binRows(rows, layers, (r) => flat.subarray(r * layers, (r + 1) * layers), columns));
          const range = { lo: -6, hi: 6 };
          const px = gridPixels(grid, range);
          for (let l = 0; l < layers; l++) {
            for (let c = 0; c < grid.columns; c++) {
              const p = ((layers - 1 - l) * grid.columns + c) * 4;
              expect(Array.from(px.slice(p, p + 3))).toEqual(colorOf(grid.values[l * grid.columns + c], range));
            }
          }
        },
      ),
    );
  });
});

describe('axis ticks', () => {
  it('labels whole decades within the range, at most maxTicks', () => {
    expect(decadeTicks({ lo: -6, hi: 2 }, 10)).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2]);
    const thinned = decadeTicks({ lo: -30, hi: 10 }, 6);
    expect(thinned.length).toBeLessThanOrEqual(6);
    expect(thinned[0]).toBe(-30);
    expect(thinned.every((e) => e >= -30 && e <= 10)).toBe(true);
  });

  it('labels the first and last layer and a few between', () => {
    expect(layerLabelTicks(3, 10)).toEqual([0, 1, 2]);
    const ticks = layerLabelTicks(101, 6);
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(100);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(layerLabelTicks(0, 5)).toEqual([]);
  });

  it('puts a few round step ticks inside the steps drawn', () => {
    expect(stepTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    const ticks = stepTicks(37, 12_345, 5);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.every((s) => s >= 37 && s <= 12_345 && s % 1000 === 0)).toBe(true);
    expect(stepTicks(5, 5)).toEqual([5]);
    expect(formatStep(950)).toBe('950');
    expect(formatStep(12_000)).toBe('12k');
    expect(formatStep(1_500_000)).toBe('1.5M');
  });

  it('places a step at the centre of its row cell', () => {
    expect(stepPosition(0, 0, 90, 10)).toBeCloseTo(0.05);
    expect(stepPosition(90, 0, 90, 10)).toBeCloseTo(0.95);
    expect(stepPosition(7, 7, 7, 1)).toBe(0.5);
  });
});
