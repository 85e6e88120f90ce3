import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from './downsample';
import {
  layerDetails,
  layerIndices,
  layerName,
  layerSeries,
  pointCount,
  MAX_POINTS_PER_SERIES,
  quickLayers,
  statForView,
  toggleLayer,
  validLayer,
} from './layerNormsModel';

describe('layerDetails', () => {
  const values: Record<string, number> = {
    weightGradNorm: 0.5,
    weightGradMaxAbs: 0.02,
    biasGradNorm: 0.1,
    preactGradNorm: 1.5,
    weightNorm: 4,
    updateRatio: 0.001,
    activationMean: 0.4,
    activationStd: 0.6,
    saturation: 0.25,
  };
  const value = (stat: string) => values[stat];

  it('lists every statistic of a hidden layer, dead units for relu and saturated units for tanh', () => {
    const relu = layerDetails(value, 'relu', false);
    expect(relu.map((d) => d.label)).toEqual(['‖∇W‖', 'max |∇W|', '‖∇b‖', '‖δ‖', '‖W‖', 'update / weight', 'output mean ± std', 'dead units']);
    expect(relu.find((d) => d.label === 'output mean ± std')?.value).toBe('0.4 ± 0.6');
    expect(relu.find((d) => d.label === 'dead units')?.value).toBe('25%');
    expect(layerDetails(value, 'tanh', false).at(-1)).toEqual({ label: 'saturated units', value: '25%' });
  });

  it('has no unit count for the readout or a linear network', () => {
    expect(layerDetails(value, 'relu', true).map((d) => d.label)).not.toContain('dead units');
    expect(layerDetails(value, 'relu', true).at(-1)?.label).toBe('logits mean ± std');
    expect(layerDetails(value, 'linear', false).map((d) => d.label)).not.toContain('saturated units');
  });
});

describe('layer legend logic', () => {
  it('maps the gradient view to the layer statistic', () => {
    expect(statForView('delta')).toBe('preactGradNorm');
    expect(statForView('weight')).toBe('weightGradNorm');
  });

  it('names layers 1-based, the last one "readout"', () => {
    expect(layerName(0, 4)).toBe('layer 1');
    expect(layerName(2, 4)).toBe('layer 3');
    expect(layerName(3, 4)).toBe('readout');
    expect(layerName(100, 101)).toBe('readout');
  });

  it('offers first, quartiles and last as quick picks, without duplicates', () => {
    expect(quickLayers(101)).toEqual([0, 25, 50, 75, 100]);
    expect(quickLayers(13)).toEqual([0, 3, 6, 9, 12]);
    expect(quickLayers(3)).toEqual([0, 1, 2]);
    expect(quickLayers(1)).toEqual([0]);
    expect(quickLayers(0)).toEqual([]);
  });

  it('clears the highlight when the highlighted layer is picked again', () => {
    expect(toggleLayer(null, 3)).toBe(3);
    expect(toggleLayer(3, 5)).toBe(5);
    expect(toggleLayer(5, 5)).toBeNull();
  });

  it('ignores a highlighted layer the run does not have', () => {
    expect(validLayer(4, 5)).toBe(4);
    expect(validLayer(5, 5)).toBeNull();
    expect(validLayer(-1, 5)).toBeNull();
    expect(validLayer(null, 5)).toBeNull();
    expect(layerIndices(3)).toEqual([0, 1, 2]);
  });
});

/** Row-major values and steps from per-row functions (the layout RunHistory keeps). */
function flat(rows: number, L: number, stepAt: (r: number) => number, rowAt: (r: number) => ArrayLike<number>) {
  const values = new Float64Array(rows * L);
  const steps = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    steps[r] = stepAt(r);
    const row = rowAt(r);
    for (let l = 0; l < L; l++) values[r * L + l] = row[l];
  }
  return { values, steps };
}

/** A flat series as points (null y for gaps). */
const points = (series: Float64Array) =>
  Array.from({ length: series.length / 2 }, (_, i) => ({ x: series[2 * i], y: Number.isNaN(series[2 * i + 1]) ? null : series[2 * i + 1] }));

describe('layerSeries', () => {
  it(`keeps 101 layers × 5000 steps to ≤ ${MAX_POINTS_PER_SERIES} points per line, spikes included`, () => {
    const L = 101;
    const rows = 5000;
    const value = (r: number, l: number) => (r === 2345 && l === 50 ? 1e9 : 10 ** (-l / 20) * (1 + (r % 3) * 0.1));
    const { values, steps } = flat(
      rows,
      L,
      (r) => r * 2,
      (r) => Float64Array.from({ length: L }, (_, l) => value(r, l)),
    );
    const out = layerSeries(values, steps, rows, L);
    expect(out.series.length).toBe(L);
    for (const s of out.series) expect(pointCount(s)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(points(out.series[50]).some((p) => p.y === 1e9 && p.x === 4690)).toBe(true);
    expect(points(out.series[49]).some((p) => p.y === 1e9)).toBe(false);
    // Each line is its own layer: layer 0 stays near 1, layer 100 near 1e-5.
    expect(points(out.series[0]).every((p) => p.y === null || (p.y >= 1 && p.y <= 1.21))).toBe(true);
    expect(points(out.series[100]).every((p) => p.y === null || (p.y >= 0.99e-5 && p.y <= 1.21e-5))).toBe(true);
    expect(out.yDomain[0]).toBeLessThanOrEqual(1e-5);
    expect(out.yDomain[1]).toBeGreaterThanOrEqual(1e9);
    expect(out.nonFinite).toBe(0);
  });

  it('counts NaN/∞ and zeros as dropped, and returns a usable domain with no data', () => {
    const data = [
      [1, Number.NaN],
      [2, 0],
      [Number.POSITIVE_INFINITY, 3],
    ];
    const { values, steps } = flat(3, 2, (r) => r, (r) => data[r]);
    const out = layerSeries(values, steps, 3, 2);
    expect(out.dropped).toBe(3);
    expect(out.nonFinite).toBe(2);
    const empty = layerSeries(new Float64Array(0), new Float64Array(0), 0, 4);
    expect(empty.series.map((s) => s.length)).toEqual([0, 0, 0, 0]);
    expect(empty.yDomain[1]).toBeGreaterThan(empty.yDomain[0]);
  });

  it('keeps exactly the points downsampleMinMax keeps for each layer on its own (any values, any steps)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.oneof(fc.double({ min: -1, max: 1e6, noNaN: false }), fc.constant(0), fc.constant(Number.NaN)), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 200, maxLength: 200 }),
        (L, cells, buckets, gaps) => {
          const rows = Math.floor(cells.length / L);
          const steps = new Float64Array(rows);
          for (let r = 1; r < rows; r++) steps[r] = steps[r - 1] + gaps[r];
          const values = Float64Array.from(cells.slice(0, rows * L));
          const scratch = { buffer: new Float64Array(3) };
          layerSeries(values.map((v) => v * 2), steps, rows, L, buckets, scratch); // leaves other numbers in the buffer
          const out = layerSeries(values, steps, rows, L, buckets, scratch);
          for (let l = 0; l < L; l++) {
            const expected = downsampleMinMax(rows, (i) => steps[i], (i) => values[i * L + l], buckets, true);
            expect(points(out.series[l])).toEqual(expected.points);
          }
        },
      ),
    );
  });
});
