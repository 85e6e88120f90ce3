import { describe, expect, it } from 'vitest';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame } from '../../protocol';
import { RunHistory } from '../../store/history';
import { axisMaps, bucketsFor, HEALTHY_BAND, layerStyle, updateRatioView } from './UpdateRatioChart';

const NS = FRAME_SCALARS.length;
const NL = FRAME_LAYER_STATS.length;
const UR = FRAME_LAYER_STATS.indexOf('updateRatio');

/** `count` steps from `first` where layer l's update ratio at step s is ratio(s, l). */
function frame(L: number, first: number, count: number, ratio: (s: number, l: number) => number): Frame {
  const scalars = new Float64Array(count * NS);
  const layers = new Float64Array(count * NL * L).fill(1);
  for (let i = 0; i < count; i++) {
    const s = first + i;
    scalars[i * NS + FRAME_SCALARS.indexOf('step')] = s;
    for (let l = 0; l < L; l++) layers[(i * NL + UR) * L + l] = ratio(s, l);
  }
  return { runId: 1, count, numLayers: L, scalars, layers, health: { status: 'healthy', layer: null, reason: '', since: 0 }, stepsPerSecond: 0 };
}

describe('updateRatioView', () => {
  it('gives one downsampled series per layer with its own values', () => {
    const h = new RunHistory(3, 2048);
    h.appendFrame(frame(3, 0, 1000, (_, l) => 10 ** (-2 - l)));
    const v = updateRatioView(h);
    expect(v.layers).toHaveLength(3);
    v.layers.forEach((series, l) => {
      expect(series.points.length).toBeLessThanOrEqual(4 * 150);
      expect(series.points.length).toBeGreaterThan(0);
      expect(series.points.every((p) => p.y === 10 ** (-2 - l))).toBe(true);
    });
    expect(v.xDomain[1]).toBeGreaterThanOrEqual(999);
    expect(v.dropped).toBe(0);
  });

  it('always shows the healthy band and every drawn value', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(2, 0, 50, (s) => (s === 10 ? 5 : 1e-7)));
    const v = updateRatioView(h);
    expect(v.yDomain[0]).toBeLessThanOrEqual(1e-7);
    expect(v.yDomain[1]).toBeGreaterThanOrEqual(5);
    const empty = updateRatioView(new RunHistory(4, 64));
    expect(empty.yDomain[0]).toBeLessThan(HEALTHY_BAND[0]);
    expect(empty.yDomain[1]).toBeGreaterThan(HEALTHY_BAND[1]);
    const inside = new RunHistory(2, 64);
    inside.appendFrame(frame(2, 0, 10, () => 1e-3));
    const v2 = updateRatioView(inside);
    expect(v2.yDomain[0]).toBeLessThan(HEALTHY_BAND[0]);
    expect(v2.yDomain[1]).toBeGreaterThan(HEALTHY_BAND[1]);
    expect(empty.layers).toHaveLength(4);
  });

  it('counts zero and non-finite ratios over all layers as gaps', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(2, 0, 20, (s, l) => (l === 1 && s === 5 ? Number.NaN : s === 0 ? 0 : 1e-3)));
    const v = updateRatioView(h);
    expect(v.dropped).toBe(3); // step 0 of both layers, and the NaN
    expect(v.nonFinite).toBe(1);
    expect(v.layers[1].points.some((p) => p.y === null)).toBe(true);
  });

  it('bounds the points drawn with 101 layers and a full history', () => {
    const L = 101;
    const h = new RunHistory(L);
    for (let s = 0; s < 5000; s += 500) h.appendFrame(frame(L, s, 500, (t, l) => 1e-3 * (1.5 + Math.sin(t / 7 + l))));
    const v = updateRatioView(h);
    expect(v.layers).toHaveLength(L);
    // Min-max keeps at most 4 points per bucket: about 24,000 points in all, not 505,000.
    const total = v.layers.reduce((a, s) => a + s.points.length, 0);
    expect(total).toBeLessThanOrEqual(4 * bucketsFor(L) * L);
    expect(total).toBeGreaterThan(L * bucketsFor(L));
  });
});

describe('bucketsFor', () => {
  it('uses at most 150 buckets and fewer as layers are added, keeping the total bounded', () => {
    expect(bucketsFor(1)).toBe(150);
    expect(bucketsFor(21)).toBeLessThanOrEqual(150);
    let previous = Number.POSITIVE_INFINITY;
    for (let L = 1; L <= 101; L++) {
      const b = bucketsFor(L);
      expect(b).toBeLessThanOrEqual(previous);
      expect(b).toBeGreaterThanOrEqual(30);
      previous = b;
    }
    expect(bucketsFor(101) * 101).toBeLessThanOrEqual(6000);
  });
});

describe('layerStyle', () => {
  it('draws every layer alike when none is highlighted, else thickens one and fades the rest', () => {
    expect(layerStyle(3, null)).toEqual(layerStyle(0, null));
    const on = layerStyle(2, 2);
    const off = layerStyle(1, 2);
    expect(on.width).toBeGreaterThan(off.width);
    expect(on.opacity).toBe(1);
    expect(off.opacity).toBe(0.25);
  });
});

describe('axisMaps', () => {
  it('maps x linearly and y by decades between the pixel ends of the domains', () => {
    // x: steps 0..1000 onto 50..550 px; y: 1e-5..1e-1 onto 200..0 px (SVG y grows down).
    const m = axisMaps([0, 1000], [1e-5, 1e-1], [50, 550], [200, 0]);
    expect(m.x(0)).toBeCloseTo(50);
    expect(m.x(500)).toBeCloseTo(300);
    expect(m.x(1000)).toBeCloseTo(550);
    expect(m.y(1e-5)).toBeCloseTo(200);
    expect(m.y(1e-3)).toBeCloseTo(100);
    expect(m.y(1e-2)).toBeCloseTo(50);
    expect(m.y(1e-1)).toBeCloseTo(0);
  });
});
