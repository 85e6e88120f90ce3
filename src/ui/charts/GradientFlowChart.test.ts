import { describe, expect, it } from 'vitest';
import type { TheoryPrediction } from '../../core/theory';
import { anchoredTheory, flowView, layerTicks, notDrawnReason } from './GradientFlowChart';

function theoryOf(relative: number[]): TheoryPrediction {
  return {
    weightVariance: [],
    preactVariance: [],
    chiPerLayer: [],
    chiStar: 2,
    qStar: 1,
    preactGradNormRelative: relative,
    summary: 'test',
    recurrent: null,
  };
}

describe('anchoredTheory', () => {
  it('scales the relative prediction by the measured value of the last hidden layer', () => {
    // depth 3: layers 0..3, last hidden layer is index 2 (relative value 1).
    const out = anchoredTheory([4, 2, 1, 0.5], [100, 50, 3, 7], 3);
    expect(out.anchorLayer).toBe(2);
    expect(out.values).toEqual([12, 6, 3, 1.5]);
  });

  it('falls back to the nearest drawable layer below when the anchor is 0 or NaN', () => {
    const out = anchoredTheory([4, 2, 1, 0.5], [8, 10, 0, 7], 3);
    expect(out.anchorLayer).toBe(1);
    expect(out.values).toEqual([20, 10, 5, 2.5]);
    const last = anchoredTheory([4, 2, 1, 0.5], [Number.NaN, 0, Number.POSITIVE_INFINITY, 7], 3);
    expect(last.anchorLayer).toBe(3);
    expect(last.values).toEqual([56, 28, 14, 7]);
  });

  it('draws nothing for depth 0, mismatched lengths, or nothing to anchor to', () => {
    expect(anchoredTheory([], [1], 0)).toEqual({ values: [], anchorLayer: null });
    expect(anchoredTheory([2, 1, 0.5], [1, 1], 2)).toEqual({ values: [], anchorLayer: null });
    expect(anchoredTheory([2, 1, 0.5], [Number.NaN, 0, Number.NaN], 2)).toEqual({ values: [], anchorLayer: null });
  });
});

describe('flowView', () => {
  it('puts layer l at x = l + 1 and turns 0 / NaN / ∞ into counted gaps', () => {
    const values = new Float64Array([1e-3, 0, 1e-2, Number.NaN, 1e-1, Number.POSITIVE_INFINITY]);
    const v = flowView(values, 'weight', theoryOf([1, 1, 1, 1, 1, 1]));
    expect(v.L).toBe(6);
    expect(v.measured.dropped).toBe(3);
    expect(v.measured.nonFinite).toBe(2);
    const drawn = v.measured.points.filter((p) => p.y !== null);
    expect(drawn.map((p) => p.x)).toEqual([1, 3, 5]);
    expect(v.measured.points.some((p) => p.y === null)).toBe(true);
    expect(v.theory).toBeNull();
    expect(notDrawnReason(v.measured)).toBe('2 NaN/∞, 1 zero');
  });

  it('draws the anchored theory in the delta view and widens the axis to cover it', () => {
    // depth 3, chi = 100 per layer in norm: the theory spans 1e-2 .. 1e4 times the anchor.
    const values = new Float64Array([1, 1, 1, 1]);
    const v = flowView(values, 'delta', theoryOf([1e4, 1e2, 1, 1e-2]));
    expect(v.anchorLayer).toBe(2);
    expect(v.theory?.points.map((p) => p.y)).toEqual([1e4, 1e2, 1, 1e-2]);
    expect(v.yDomain[0]).toBeLessThanOrEqual(1e-2);
    expect(v.yDomain[1]).toBeGreaterThanOrEqual(1e4);
  });

  it('has a usable axis before the first step (all NaN)', () => {
    const v = flowView(new Float64Array(21).fill(Number.NaN), 'delta', theoryOf(new Array(21).fill(1)));
    expect(v.theory).toBeNull();
    expect(v.yDomain[0]).toBeGreaterThan(0);
    expect(v.yDomain[1]).toBeGreaterThan(v.yDomain[0]);
  });
});

describe('layerTicks', () => {
  it('starts at 1, ends at the output layer, increases, and stays readable', () => {
    for (const L of [1, 2, 3, 7, 11, 21, 50, 101]) {
      const t = layerTicks(L);
      expect(t[0]).toBe(1);
      expect(t[t.length - 1]).toBe(L);
      expect(t.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
      expect(t.every(Number.isInteger)).toBe(true);
    }
    expect(layerTicks(5)).toEqual([1, 2, 3, 4, 5]);
    expect(layerTicks(21)).toEqual([1, 5, 10, 15, 21]);
  });
});

describe('lastFiniteLayers', () => {
  it('falls back to the last kept step where every layer is finite', async () => {
    const { RunHistory } = await import('../../store/history');
    const { FRAME_LAYER_STATS, FRAME_SCALARS } = await import('../../protocol');
    const { lastFiniteLayers } = await import('./GradientFlowChart');
    const L = 3;
    const h = new RunHistory(L, 16);
    const frameOf = (step: number, value: number) => {
      const scalars = new Float64Array(FRAME_SCALARS.length);
      scalars[0] = step;
      return {
        runId: 1,
        count: 1,
        numLayers: L,
        scalars,
        layers: new Float64Array(FRAME_LAYER_STATS.length * L).fill(value),
        health: { status: 'healthy' as const, layer: null, reason: '', since: 0 },
        stepsPerSecond: 1,
      };
    };
    h.appendFrame(frameOf(0, 2));
    expect(lastFiniteLayers(h, 'preactGradNorm')).toMatchObject({ step: 0 });
    h.appendFrame(frameOf(1, Number.NaN));
    const fallback = lastFiniteLayers(h, 'preactGradNorm');
    expect(fallback.step).toBe(0);
    expect(Array.from(fallback.values)).toEqual([2, 2, 2]);
  });
});
