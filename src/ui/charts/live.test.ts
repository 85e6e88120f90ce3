import { describe, expect, it } from 'vitest';
import { stickyLogDomain } from './live';

describe('stickyLogDomain', () => {
  it('grows at once, keeps its bounds while the data fill it, shrinks when they no longer do', () => {
    expect(stickyLogDomain(null, [1, 10])).toEqual([1, 10]);
    expect(stickyLogDomain([1, 10], [1, 100])).toEqual([1, 100]); // grows
    expect(stickyLogDomain([1, 100], [2, 50])).toEqual([1, 100]); // fills > 40%: kept
    expect(stickyLogDomain([1e-6, 1e2], [1, 10])).toEqual([1, 10]); // fills 1/8: shrinks
  });
});
