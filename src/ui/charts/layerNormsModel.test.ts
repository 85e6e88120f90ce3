import { describe, expect, it } from 'vitest';
import {
  layerIndices,
  layerName,
  layerSeries,
  MAX_POINTS_PER_SERIES,
  quickLayers,
  statForView,
  toggleLayer,
  validLayer,
} from './layerNormsModel';

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

describe('layerSeries', () => {
  it(`keeps 101 layers × 5000 steps to ≤ ${MAX_POINTS_PER_SERIES} points per line, spikes included`, () => {
    const L = 101;
    const rows = 5000;
    const value = (r: number, l: number) => (r === 2345 && l === 50 ? 1e9 : 10 ** (-l / 20) * (1 + (r % 3) * 0.1));
    const out = layerSeries(
      rows,
      L,
      (r) => r * 2,
      (r) => Float64Array.from({ length: L }, (_, l) => value(r, l)),
    );
    expect(out.series.length).toBe(L);
    for (const s of out.series) expect(s.filter((p) => p.y !== null).length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(out.series[50].some((p) => p.y === 1e9 && p.x === 4690)).toBe(true);
    expect(out.series[49].some((p) => p.y === 1e9)).toBe(false);
    // Each line is its own layer: layer 0 stays near 1, layer 100 near 1e-5.
    expect(out.series[0].every((p) => p.y === null || (p.y >= 1 && p.y <= 1.21))).toBe(true);
    expect(out.series[100].every((p) => p.y === null || (p.y >= 0.99e-5 && p.y <= 1.21e-5))).toBe(true);
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
    const out = layerSeries(
      3,
      2,
      (r) => r,
      (r) => data[r],
    );
    expect(out.dropped).toBe(3);
    expect(out.nonFinite).toBe(2);
    const empty = layerSeries(
      0,
      4,
      (r) => r,
      () => [],
    );
    expect(empty.series).toEqual([[], [], [], []]);
    expect(empty.yDomain[1]).toBeGreaterThan(empty.yDomain[0]);
  });
});
