import { describe, expect, it } from 'vitest';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame } from '../../protocol';
import { RunHistory } from '../../store/history';
import { clipNote, globalNormView } from './GlobalNormChart';

const NS = FRAME_SCALARS.length;
const col = (name: (typeof FRAME_SCALARS)[number]) => FRAME_SCALARS.indexOf(name);

function frame(first: number, count: number, before: (s: number) => number, after: (s: number) => number): Frame {
  const L = 2;
  const scalars = new Float64Array(count * NS);
  for (let i = 0; i < count; i++) {
    const s = first + i;
    scalars[i * NS + col('step')] = s;
    scalars[i * NS + col('gradNormBeforeClip')] = before(s);
    scalars[i * NS + col('gradNormAfterClip')] = after(s);
  }
  const layers = new Float64Array(count * FRAME_LAYER_STATS.length * L);
  return { runId: 1, count, numLayers: L, scalars, layers, health: { status: 'healthy', layer: null, reason: '', since: 0 }, stepsPerSecond: 0 };
}

describe('globalNormView', () => {
  it('draws both series and keeps the spike that clipping cut', () => {
    const h = new RunHistory(2, 2048);
    h.appendFrame(frame(0, 1000, (s) => (s === 500 ? 1e4 : 0.5), (s) => (s === 500 ? 1 : 0.5)));
    const v = globalNormView(h, 'norm', 1);
    expect(v.before.points.some((p) => p.y === 1e4)).toBe(true);
    expect(v.after.points.every((p) => p.y !== null && p.y <= 1)).toBe(true);
    expect(v.before.points.length).toBeLessThanOrEqual(600);
    expect(v.yDomain[1]).toBeGreaterThanOrEqual(1e4);
  });

  it('widens the axis to the threshold only when clipping by norm', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(0, 20, () => 0.02, () => 0.02));
    expect(globalNormView(h, 'norm', 100).yDomain[1]).toBeGreaterThanOrEqual(100);
    expect(globalNormView(h, 'none', 100).yDomain[1]).toBeLessThan(100);
    expect(globalNormView(h, 'value', 100).yDomain[1]).toBeLessThan(100);
  });

  it('counts NaN, ∞ and zero norms as gaps', () => {
    const h = new RunHistory(2, 256);
    h.appendFrame(frame(0, 10, (s) => (s === 3 ? Number.NaN : s === 4 ? Number.POSITIVE_INFINITY : 1), (s) => (s === 3 ? 0 : 1)));
    const v = globalNormView(h, 'none', 1);
    expect(v.before.dropped).toBe(2);
    expect(v.before.nonFinite).toBe(2);
    expect(v.after.dropped).toBe(1);
    expect(v.after.nonFinite).toBe(0);
  });
});

describe('clipNote', () => {
  it('says value clipping bounds each entry, not the norm, and names tau for norm clipping', () => {
    expect(clipNote('value', 0.5)).toMatch(/each entry/);
    expect(clipNote('value', 0.5)).toMatch(/not the norm/);
    expect(clipNote('norm', 2)).toContain('τ = 2');
    expect(clipNote('none', 1)).toMatch(/No clipping/);
  });
});
