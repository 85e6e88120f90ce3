import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax, pathOf } from './downsample';

describe('downsampleMinMax', () => {
  it('keeps at most 4 points per bucket and keeps the spikes', () => {
    const n = 10_000;
    const ys = Array.from({ length: n }, (_, i) => (i === 4321 ? 1e6 : 1 + (i % 7)));
    const { points } = downsampleMinMax(n, (i) => i, (i) => ys[i], 100, true);
    expect(points.length).toBeLessThanOrEqual(400);
    expect(points.some((p) => p.y === 1e6)).toBe(true);
  });

  it('turns values a log axis cannot show into gaps and counts them', () => {
    const ys = [1, 2, 0, Number.NaN, Number.POSITIVE_INFINITY, 3];
    const out = downsampleMinMax(ys.length, (i) => i, (i) => ys[i], 100, true);
    expect(out.dropped).toBe(3);
    expect(out.nonFinite).toBe(2);
    expect(out.points.some((p) => p.y === null)).toBe(true);
    expect(out.points.filter((p) => p.y !== null).map((p) => p.y)).toEqual([1, 2, 3]);
  });

  it('always terminates and never returns more than 4 points per bucket (any steps, any values)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: false }), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        (ys, buckets, stepSize) => {
          const out = downsampleMinMax(ys.length, (i) => i * stepSize, (i) => ys[i], buckets, false);
          expect(out.points.filter((p) => p.y !== null).length).toBeLessThanOrEqual(4 * buckets);
        },
      ),
    );
  });

  it('pathOf breaks the line at gaps', () => {
    const d = pathOf(
      [
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
      ],
      (x) => x * 10,
      (y) => y,
    );
    // Each isolated point becomes a dot: a zero-length segment.
    expect(d).toBe('M0.0,1.0L0.01,1.0M20.0,3.0L20.01,3.0');
    expect(pathOf([{ x: 0, y: 1 }, { x: 1, y: 2 }], (x) => x, (y) => y)).toBe('M0.0,1.0L1.0,2.0');
  });
});
