import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleMinMax, pathOf, StepSeries, settledPaths } from './downsample';

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

  it('pathOf breaks the line at gaps, in tenths of a pixel, and makes a dot of a point alone', () => {
    const d = pathOf(
      [
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
        { x: 3, y: 4.25 },
      ],
      (x) => x * 10,
      (y) => y,
    );
    // The isolated point becomes a dot: a zero-length segment.
    expect(d).toEqual({ line: 'M200,30L300,43', dots: 'M0,10L1,10' });
    expect(pathOf([{ x: 0, y: 1 }, { x: 1, y: 2 }], (x) => x, (y) => y, 1)).toEqual({ line: 'M0,1L1,2', dots: '' });
  });
});

describe('StepSeries', () => {
  const values = fc.oneof(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY));

  it('k updates as rows arrive give exactly the points one update over every row gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), values), { minLength: 1, maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (rows, cuts, buckets, log) => {
          const steps: number[] = [];
          for (const [gap] of rows) steps.push((steps.at(-1) ?? 0) + gap);
          const ys = rows.map(([, y]) => y);
          const domain: [number, number] = [0, steps.at(-1) as number];
          const source = {};
          const stream = new StepSeries();
          for (const cut of [...cuts.map((c) => c % rows.length), rows.length].sort((a, b) => a - b)) {
            stream.update(source, 'k', cut, (i) => steps[i], (i) => ys[i], domain, buckets, log);
          }
          const streamed = stream.update(source, 'k', rows.length, (i) => steps[i], (i) => ys[i], domain, buckets, log);
          const once = new StepSeries().update(source, 'k', rows.length, (i) => steps[i], (i) => ys[i], domain, buckets, log);
          expect(streamed).toEqual(once);
          // At most 4 points a bucket (and a gap marker after it), every spike kept, every bad value counted.
          expect(once.points.filter((p) => p.y !== null).length).toBeLessThanOrEqual(4 * buckets);
          const ok = ys.filter((y) => Number.isFinite(y) && (!log || y > 0));
          if (ok.length > 0) expect(once.points.some((p) => p.y === Math.max(...ok))).toBe(true);
          expect(once.dropped).toBe(ys.length - ok.length);
          expect(once.nonFinite).toBe(ys.filter((y) => !Number.isFinite(y)).length);
        },
      ),
    );
  });

  it('keeps the points of the buckets it has finished: a new row changes only the last bucket', () => {
    const ys = Array.from({ length: 1000 }, (_, i) => 1 + (i % 10));
    const s = new StepSeries();
    const a = s.update(ys, '', 900, (i) => i, (i) => ys[i], [0, 1000], 10, true);
    const b = s.update(ys, '', 1000, (i) => i, (i) => ys[i], [0, 1000], 10, true);
    expect(b.points.slice(0, a.points.length - 4)).toEqual(a.points.slice(0, a.points.length - 4));
    expect(b.points[0]).toBe(a.points[0]); // the same objects: not recomputed
    // Another domain (the axis grew) starts over with buckets twice as wide.
    const c = s.update(ys, '', 1000, (i) => i, (i) => ys[i], [0, 2000], 10, true);
    expect(c.points.length).toBeLessThan(b.points.length);
  });
});

describe('settledPaths', () => {
  /** The segments a path draws, as "x0,y0-x1,y1" strings. */
  const segments = (d: string) => {
    const out: string[] = [];
    for (const sub of d.split('M').filter(Boolean)) {
      const pts = sub.split('L');
      for (let i = 1; i < pts.length; i++) out.push(`${pts[i - 1]}-${pts[i]}`);
    }
    return out;
  };
  const series = fc.array(fc.option(fc.double({ min: 0.01, max: 100, noNaN: true }), { nil: null, freq: 6 }), { minLength: 0, maxLength: 60 });

  it('the settled and the open path draw exactly the segments of the whole line, and the same dots', () => {
    fc.assert(
      fc.property(series, fc.nat(70), (ys, cut) => {
        const points = ys.map((y, x) => ({ x, y }));
        const px = (x: number) => x * 3.3;
        const whole = pathOf(points, px, px);
        const split = settledPaths(points, cut, px, px);
        expect([...segments(split.settled), ...segments(split.open)].sort()).toEqual(segments(whole.line).sort());
        expect(split.dots).toBe(whole.dots);
      }),
    );
  });

  it('as rows arrive in the open bucket, the settled path stays exactly as it was', () => {
    const s = new StepSeries();
    const ys = Array.from({ length: 400 }, (_, i) => 1 + Math.sin(i / 7) * 0.5);
    const source = {};
    const paths: string[] = [];
    const opens = new Set<string>();
    // Steps 300..309 fall in one bucket of [0, 400] in 40 buckets.
    for (let n = 301; n <= 309; n++) {
      const v = s.update(source, 'k', n, (i) => i, (i) => ys[i], [0, 400], 40, true);
      const split = settledPaths(v.points, v.openFrom ?? 0, (x) => x, (y) => 100 * Math.log10(y));
      paths.push(split.settled);
      opens.add(split.open);
    }
    expect(new Set(paths).size).toBe(1);
    expect(opens.size).toBeGreaterThan(1);
  });

  it('gives the open path the length of the settled stretch it continues, for its dashes to go on', () => {
    const points = [0, 1, 2, 3].map((x) => ({ x, y: 1 }));
    // Settled: (0,1)-(1,1)-(2,1), 20 units long at scale 10; a gap resets it.
    expect(settledPaths(points, 3, (x) => x, (y) => y).openDashOffset).toBe(20);
    const gap = [{ x: 0, y: 1 }, { x: 1, y: null }, { x: 2, y: 1 }, { x: 3, y: 1 }, { x: 4, y: 1 }];
    expect(settledPaths(gap, 4, (x) => x, (y) => y).openDashOffset).toBe(10);
  });
});
