import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildLut,
  colorOf,
  decadeTicks,
  formatStep,
  HeatmapCells,
  layerLabelTicks,
  logRange,
  MAX_DECADES,
  NONFINITE_RGB,
  NONPOSITIVE_RGB,
  stepColumn,
  stepTicks,
} from './heatmapModel';

const VIRIDIS_FIRST = [68, 1, 84];
const VIRIDIS_LAST = [253, 231, 37];

/** Cells of `data[row][layer]` at steps 0, stride, 2 stride, ... on [0, xMax), added in one go. */
function cellsOf(data: number[][], layers: number, columns: number, xMax: number, stride = 1) {
  const cells = new HeatmapCells();
  cells.reset(columns, layers, xMax);
  const steps = data.map((_, r) => r * stride);
  const columnsOf = Array.from({ length: layers }, (_, l) => data.map((row) => row[l]));
  cells.addRows((l) => columnsOf[l], steps, 0, data.length, stride);
  return cells;
}

const anyValue = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0));
const table = (maxRows: number) =>
  fc
    .integer({ min: 1, max: 4 })
    .chain((layers) => fc.tuple(fc.constant(layers), fc.array(fc.array(anyValue, { minLength: layers, maxLength: layers }), { minLength: 1, maxLength: maxRows })));

describe('binning rows into the columns of a step axis', () => {
  it('places steps on columns from 0 to xMax', () => {
    expect(stepColumn(0, 100, 50)).toBe(0);
    expect(stepColumn(50, 100, 50)).toBe(25);
    expect(stepColumn(99.9, 100, 50)).toBe(49);
    expect(stepColumn(100, 100, 50)).toBe(50); // off the axis
  });

  it('fills the columns of each row’s steps, leaves the rest of the axis empty', () => {
    // 10 rows of stride 1 on [0, 20) over 40 columns: each row covers 2 columns, half the axis.
    const cells = cellsOf(Array.from({ length: 10 }, (_, r) => [r + 1]), 1, 40, 20);
    expect(cells.cell(0, 0)).toBe(1);
    expect(cells.cell(0, 1)).toBe(1);
    expect(cells.cell(0, 19)).toBe(10);
    expect(cells.cell(0, 20)).toBeNull();
    expect(cells.filledColumns()).toBe(20);
  });

  it('keeps a one-row spike when 10,000 rows fall into 300 columns', () => {
    const layers = 100;
    const spikeRow = 4321;
    const data = Array.from({ length: 10_000 }, (_, r) => Array.from({ length: layers }, (_, l) => (r === spikeRow && l === 7 ? 1e6 : 1 + ((r + l) % 5) * 1e-3)));
    const cells = cellsOf(data, layers, 300, 10_000);
    const c = stepColumn(spikeRow, 10_000, 300);
    expect(cells.cell(7, c)).toBe(1e6);
    // Only that cell has it; the same column of another layer does not.
    expect(Array.from(cells.values).filter((v) => v === 1e6).length).toBe(1);
    expect(cells.cell(8, c)).toBeLessThan(2);
  });

  it('marks a column non-finite when any of its rows is NaN or infinite, even beside larger values', () => {
    const data = [[1], [Number.NaN], [5], [2], [Number.POSITIVE_INFINITY], [3], [0], [0]];
    const cells = cellsOf(data, 1, 4, 8);
    expect([0, 1, 2, 3].map((c) => cells.cell(0, c))).toEqual([Number.NaN, 5, Number.NaN, 0]);
  });

  it('equals the max of the rows covering each cell (NaN if any is non-finite), for any data', () => {
    fc.assert(
      fc.property(table(60), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 4 }), ([layers, data], columns, stride) => {
        const xMax = data.length * stride;
        const cells = cellsOf(data, layers, columns, xMax, stride);
        for (let c = 0; c < columns; c++) {
          // Rows whose steps [r * stride, (r + 1) * stride) reach column c.
          const rows = data.filter((_, r) => {
            const c0 = stepColumn(r * stride, xMax, columns);
            const c1 = Math.max(c0 + 1, stepColumn((r + 1) * stride, xMax, columns));
            return c >= c0 && c < c1;
          });
          for (let l = 0; l < layers; l++) {
            const vs = rows.map((row) => row[l]);
            const expected = vs.length === 0 ? null : vs.every(Number.isFinite) ? Math.max(...vs) : Number.NaN;
            expect(cells.cell(l, c)).toBe(expected);
          }
        }
      }),
    );
  });

  it('k appends a few rows at a time give the same cells and pixels as one pass', () => {
    fc.assert(
      fc.property(table(80), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 6 }), ([layers, data], columns, cuts) => {
        const xMax = data.length + 3;
        const range = { lo: -3, hi: 6 };
        const whole = cellsOf(data, layers, columns, xMax);
        whole.paint(range);
        const parts = new HeatmapCells();
        parts.reset(columns, layers, xMax);
        const steps = data.map((_, r) => r);
        const bounds = [...new Set([0, ...cuts.map((c) => Math.min(c, data.length)), data.length])].sort((a, b) => a - b);
        const columnsOf = Array.from({ length: layers }, (_, l) => data.map((row) => row[l]));
        for (let i = 0; i + 1 < bounds.length; i++) {
          const touched = parts.addRows((l) => columnsOf[l], steps, bounds[i], bounds[i + 1], 1);
          if (touched) parts.paint(range, touched[0], touched[1]);
        }
        expect(parts.values).toEqual(whole.values);
        expect(parts.broken).toEqual(whole.broken);
        expect(parts.pixels).toEqual(whole.pixels);
        expect(parts.rows).toBe(data.length);
      }),
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

  it('lays out pixels with the input layer on the bottom row and the readout on top, empty cells transparent', () => {
    // 3 columns × 3 layers, rows reach 2 of them: layer 0 large, layer 1 NaN, layer 2 zero.
    const cells = cellsOf([[1e2, Number.NaN, 0], [1e2, Number.NaN, 0]], 3, 3, 3);
    cells.paint(range);
    const px = cells.pixels;
    expect(px.length).toBe(3 * 3 * 4);
    const at = (x: number, y: number) => Array.from(px.slice((y * 3 + x) * 4, (y * 3 + x) * 4 + 4));
    expect(at(0, 2)).toEqual([...VIRIDIS_LAST, 255]); // bottom row: layer 0
    expect(at(1, 1)).toEqual([...NONFINITE_RGB, 255]); // middle: layer 1
    expect(at(0, 0)).toEqual([...NONPOSITIVE_RGB, 255]); // top row: layer 2 (readout)
    expect(at(2, 0)[3]).toBe(0); // no row reached column 2
  });

  it('colours every cell as colorOf does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 1e-12, max: 1e12, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY)), { minLength: 6, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        (values, columns) => {
          const layers = 3;
          const rows = Math.floor(values.length / layers);
          const data = Array.from({ length: rows }, (_, r) => values.slice(r * layers, (r + 1) * layers));
          const cells = cellsOf(data, layers, columns, rows);
          const range = { lo: -6, hi: 6 };
          cells.paint(range);
          for (let l = 0; l < layers; l++) {
            for (let c = 0; c < columns; c++) {
              const p = ((layers - 1 - l) * columns + c) * 4;
              const v = cells.cell(l, c);
              if (v === null) expect(cells.pixels[p + 3]).toBe(0);
              else expect(Array.from(cells.pixels.slice(p, p + 3))).toEqual(colorOf(v, range));
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

  it('never puts two layer labels closer than the rows the labels need (depth 19: 20 layers, 11 labels fit)', () => {
    expect(layerLabelTicks(20, 11)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 19]);
    for (let L = 2; L <= 201; L++) {
      for (const fit of [4, 7, 11, 16]) {
        const ticks = layerLabelTicks(L, fit);
        const minGap = Math.min(...ticks.slice(1).map((t, i) => t - ticks[i]));
        expect(ticks[0]).toBe(0);
        expect(ticks[ticks.length - 1]).toBe(L - 1);
        expect(ticks.length).toBeLessThanOrEqual(Math.max(2, fit));
        // fit labels fill the axis: a label needs L / fit rows of it.
        if (ticks.length > 1 && L > fit) expect(minGap, `L=${L} fit=${fit}`).toBeGreaterThanOrEqual((L - 1) / (fit - 1));
      }
    }
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
});
