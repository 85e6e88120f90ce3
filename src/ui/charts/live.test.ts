import { describe, expect, it } from 'vitest';
import { stickyLogDomain } from './live';

describe('stickyLogDomain', () => {
  it('grows at once, keeps its bounds while the data fill it, shrinks when they no longer do', () => {
    expect(stickyLogDomain(null, [1, 10])).toEqual([1, 10]);
    expect(stickyLogDomain([1, 10], [1, 100])).toEqual([1, 200]); // grows, a 1-2-5 step to spare
    expect(stickyLogDomain([0.5, 2], [0.2, 2])).toEqual([0.1, 2]);
    expect(stickyLogDomain([1, 200], [2, 50])).toEqual([1, 200]); // fills > 40%: kept
    expect(stickyLogDomain([1e-6, 1e2], [1, 10])).toEqual([1, 10]); // fills 1/8: shrinks
    // A wide domain that grows takes a decade to spare on that side, so jitter does not move it again.
    expect(stickyLogDomain([1e-4, 1], [1e-4, 10])).toEqual([1e-4, 100]);
    expect(stickyLogDomain([1e-4, 100], [1e-4, 10])).toEqual([1e-4, 100]);
    expect(stickyLogDomain([1e-4, 1], [1e-5, 1])).toEqual([1e-6, 1]);
  });
});

