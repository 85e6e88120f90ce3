import { describe, expect, it } from 'vitest';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame } from '../../protocol';
import { RunHistory } from '../../store/history';
import { axisMaps, HEALTHY_BAND, layerStyle, updateRatioDomain } from './UpdateRatioChart';

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

describe('updateRatioDomain', () => {
  it('always shows the healthy band with a decade either side, and every drawn value', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(2, 0, 50, (s) => (s === 10 ? 5 : 1e-7)));
    const s = h.layerSummary('updateRatio');
    const d = updateRatioDomain(s.lo, s.hi);
    expect(d[0]).toBeLessThanOrEqual(1e-7);
    expect(d[1]).toBeGreaterThanOrEqual(5);
    const empty = new RunHistory(4, 64).layerSummary('updateRatio');
    const e = updateRatioDomain(empty.lo, empty.hi);
    expect(e[0]).toBeLessThanOrEqual(HEALTHY_BAND[0] / 10);
    expect(e[1]).toBeGreaterThanOrEqual(HEALTHY_BAND[1] * 10);
    const inside = new RunHistory(2, 64);
    inside.appendFrame(frame(2, 0, 10, () => 1e-3));
    const i = inside.layerSummary('updateRatio');
    const v = updateRatioDomain(i.lo, i.hi);
    expect(v[0]).toBeLessThan(HEALTHY_BAND[0]);
    expect(v[1]).toBeGreaterThan(HEALTHY_BAND[1]);
  });

  it('counts zero and non-finite ratios over all layers as not drawn', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(2, 0, 20, (s, l) => (l === 1 && s === 5 ? Number.NaN : s === 0 ? 0 : 1e-3)));
    const s = h.layerSummary('updateRatio');
    expect(s.dropped).toBe(3); // step 0 of both layers, and the NaN
    expect(s.nonFinite).toBe(1);
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
