import { describe, expect, it } from 'vitest';
import { SETTLE_CHUNK, stepLine } from './ChartSeries';
import { settledPaths, StepSeries } from './downsample';

describe('stepLine', () => {
  const ys = Array.from({ length: 2000 }, (_, i) => 1 + Math.sin(i / 7) * 0.5 + (i % 5) * 0.01);
  const xPx = (x: number) => x;
  const yPx = (y: number) => 100 * Math.log10(y);

  it('redraws the settled path only once a chunk of points has settled, one step at a time', () => {
    const s = new StepSeries();
    const source = {};
    let redraws = 0;
    let settledBuckets = 0;
    let last = '';
    let lastOpenFrom = 0;
    for (let n = 2; n <= 2000; n++) {
      const v = s.update(source, 'k', n, (i) => i, (i) => ys[i], [0, 2000], 150, true);
      if ((v.openFrom ?? 0) !== lastOpenFrom) settledBuckets++;
      lastOpenFrom = v.openFrom ?? 0;
      const line = stepLine(v);
      const split = settledPaths(line.points, line.openFrom ?? 0, xPx, yPx);
      if (split.settled !== last) redraws++;
      last = split.settled;
      // Drawn together, the two paths are the whole line.
      if (n % 97 === 0) {
        const whole = settledPaths(v.points, v.points.length, xPx, yPx).settled;
        const joined = split.settled && split.open ? `${split.settled}${split.open.replace(/^M[^L]*/, '')}` : split.settled || split.open;
        expect(joined).toBe(whole);
      }
    }
    // 150 buckets settle one by one; the settled path follows in chunks of points.
    expect(settledBuckets).toBeGreaterThan(140);
    expect(redraws).toBeLessThanOrEqual(Math.ceil((150 * 4) / SETTLE_CHUNK) + 1);
    expect(redraws).toBeGreaterThan(5);
  });

  it('keeps the open part to the points of at most one chunk beyond the settled ones', () => {
    const s = new StepSeries();
    const v = s.update({}, 'k', 1234, (i) => i, (i) => ys[i], [0, 2000], 150, true);
    const line = stepLine(v);
    expect(line.openFrom).toBeLessThanOrEqual(v.openFrom ?? 0);
    expect((v.points.length - (line.openFrom ?? 0))).toBeLessThan(SETTLE_CHUNK + 4);
    expect(stepLine({ points: [], dropped: 0, nonFinite: 0 }).openFrom).toBeUndefined();
  });
});
