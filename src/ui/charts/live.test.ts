import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stickyLogDomain } from './live';

describe('stickyLogDomain', () => {
  it('grows at once, keeps its bounds while the data fill it, shrinks when they no longer do', () => {
    expect(stickyLogDomain(null, [1, 10])).toEqual([1, 10]);
    expect(stickyLogDomain([1, 10], [1, 100])).toEqual([1, 200]); // grows, a 1-2-5 step to spare
    expect(stickyLogDomain([0.5, 2], [0.2, 2])).toEqual([0.1, 2]);
    expect(stickyLogDomain([1, 200], [2, 50])).toEqual([1, 200]); // fills > 25%: kept
    expect(stickyLogDomain([1e-6, 1e2], [1, 10])).toEqual([0.5, 20]); // fills 1/8: shrinks, a step to spare each side
    // A wide domain that grows takes a decade to spare on that side, so jitter does not move it again.
    expect(stickyLogDomain([1e-4, 1], [1e-4, 10])).toEqual([1e-4, 100]);
    expect(stickyLogDomain([1e-4, 100], [1e-4, 10])).toEqual([1e-4, 100]);
    expect(stickyLogDomain([1e-4, 1], [1e-5, 1])).toEqual([1e-6, 1]);
  });

  it('keeps what it covered when the data move: [0.05, 5] then [0.2, 20] is [0.05, 50], not [0.2, 50]', () => {
    expect(stickyLogDomain([0.05, 5], [0.2, 20])).toEqual([0.05, 50]);
    expect(stickyLogDomain([0.05, 50], [0.05, 5])).toEqual([0.05, 50]);
  });

  it('data moving about inside a range make it grow to cover the range, and never shrink back and forth', () => {
    // The newest step's gradient profile at depth 20 moves by up to a decade from step to
    // step: each move used to re-lay-out the axes.
    fc.assert(
      fc.property(
        fc.double({ min: -4, max: 2, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 50, maxLength: 200 }),
        (base, range, moves) => {
          let domain: [number, number] | null = null;
          for (const [size, at] of moves) {
            const span = Math.max(0.5, 0.6 * range) + size * (range - Math.max(0.5, 0.6 * range));
            const lo = base + at * (range - span);
            const next: [number, number] = [10 ** lo, 10 ** (lo + span)];
            const d = stickyLogDomain(domain, next);
            expect(d[0]).toBeLessThanOrEqual(next[0] * (1 + 1e-9));
            expect(d[1]).toBeGreaterThanOrEqual(next[1] * (1 - 1e-9));
            if (domain) {
              expect(d[0]).toBeLessThanOrEqual(domain[0]);
              expect(d[1]).toBeGreaterThanOrEqual(domain[1]);
            }
            domain = d;
          }
        },
      ),
    );
  });
});
