import { describe, expect, it } from 'vitest';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame } from '../protocol';
import { RunHistory } from './history';

const L = 5;
/** A frame of `count` steps from `first`, where every statistic of layer l at step s is s + l / 10. */
function frame(first: number, count: number, extra: Partial<Record<(typeof FRAME_SCALARS)[number], (s: number) => number>> = {}): Frame {
  const scalars = new Float64Array(count * FRAME_SCALARS.length);
  const layers = new Float64Array(count * FRAME_LAYER_STATS.length * L);
  for (let i = 0; i < count; i++) {
    const s = first + i;
    FRAME_SCALARS.forEach((name, k) => {
      const f = extra[name];
      scalars[i * FRAME_SCALARS.length + k] = name === 'step' ? s : f ? f(s) : name === 'health' ? 0 : s / 1000;
    });
    for (let k = 0; k < FRAME_LAYER_STATS.length; k++) for (let l = 0; l < L; l++) layers[(i * FRAME_LAYER_STATS.length + k) * L + l] = s + l / 10;
  }
  return { runId: 1, count, numLayers: L, scalars, layers, health: { status: 'healthy', layer: null, reason: '', since: 0 }, stepsPerSecond: 100 };
}

describe('RunHistory', () => {
  it('keeps every step of a short run, in order, with per-layer values', () => {
    const h = new RunHistory(L, 64);
    h.appendFrame(frame(0, 10));
    h.appendFrame(frame(10, 5));
    expect(h.length).toBe(15);
    expect(Array.from(h.steps())).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(h.layerValue('preactGradNorm', 7, 3)).toBeCloseTo(7.3);
    expect(Array.from(h.latestLayer('updateRatio'))).toEqual([14, 14.1, 14.2, 14.3, 14.4]);
    expect(h.lastStep).toBe(14);
  });

  it('holds a 100,000-step run in fixed memory, spread evenly, with the newest step exact', () => {
    const h = new RunHistory(L, 256);
    const bytes = h.bytes;
    for (let s = 0; s < 100_000; s += 500) h.appendFrame(frame(s, 500));
    expect(h.bytes).toBe(bytes);
    expect(h.length).toBeLessThanOrEqual(256);
    expect(h.length).toBeGreaterThan(128);
    const steps = Array.from(h.steps());
    const gaps = new Set(steps.slice(1).map((s, i) => s - steps[i]));
    expect(gaps.size).toBe(1); // evenly spaced
    expect([...gaps][0]).toBe(h.stride);
    expect(steps[0]).toBe(0);
    expect(h.lastStep).toBe(99_999);
    expect(h.stepsSeen).toBe(100_000);
    // Rows keep the values of the steps they hold.
    expect(h.layerValue('weightGradNorm', 10, 2)).toBeCloseTo(steps[10] + 0.2);
  });

  it('keeps held-out measurements (every 10th step) in their own list, also bounded', () => {
    const h = new RunHistory(L, 64);
    const testLoss = (s: number) => (s % 10 === 0 ? 1 / (1 + s) : Number.NaN);
    for (let s = 0; s < 20_000; s += 100) h.appendFrame(frame(s, 100, { testLoss, testAccuracy: testLoss }));
    expect(h.testLength).toBeGreaterThan(16);
    expect(h.testLength).toBeLessThanOrEqual(64);
    const first = h.testAt(0);
    expect(first.step).toBe(0);
    expect(first.loss).toBe(1);
    const last = h.testAt(h.testLength - 1);
    expect(last.loss).toBeCloseTo(1 / (1 + last.step));
  });

  it('records health changes with their step and layer', () => {
    const h = new RunHistory(L, 64);
    const health = (s: number) => (s < 5 ? 0 : s < 8 ? 2 : 3);
    h.appendFrame(frame(0, 10, { health, healthLayer: (s) => (s < 5 ? Number.NaN : 2) }));
    expect(h.healthEvents).toEqual([
      { step: 0, status: 'healthy', layer: null },
      { step: 5, status: 'exploding', layer: 2 },
      { step: 8, status: 'diverged', layer: 2 },
    ]);
  });

  it('gives each layer its rows as one contiguous series, and counts the compactions that renumber them', () => {
    const h = new RunHistory(L, 16);
    h.appendFrame(frame(0, 16));
    expect(h.compactions).toBe(0);
    const series = h.layerSeries('preactGradNorm', 3);
    expect(Array.from(series)).toEqual(Array.from({ length: 16 }, (_, s) => s + 0.3));
    h.appendFrame(frame(16, 1)); // full: every other row dropped, then step 16 kept
    expect(h.compactions).toBe(1);
    expect(Array.from(h.steps())).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
    for (let l = 0; l < L; l++) expect(Array.from(h.layerSeries('updateRatio', l))).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16].map((s) => s + l / 10));
    // A row of all layers is a copy, not a view into the columns.
    const row = h.layerRow('weightNorm', 2);
    expect(Array.from(row)).toEqual([4, 4.1, 4.2, 4.3, 4.4]);
    row[0] = -1;
    expect(h.layerValue('weightNorm', 2, 0)).toBe(4);
  });

  it('refuses a frame from a network of another depth', () => {
    const h = new RunHistory(L + 1, 64);
    expect(() => h.appendFrame(frame(0, 1))).toThrow(/layers/);
  });
});
