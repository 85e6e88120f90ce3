import { describe, expect, it } from 'vitest';
import { formatPow10, logDomain, logTicks, niceCeil } from './scale';

describe('log axes', () => {
  it('covers whole decades for wide data, ignoring what a log axis cannot show', () => {
    expect(logDomain([3e-7, 0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2e4])).toEqual([1e-7, 1e5]);
  });
  it('uses 1-2-5 bounds for narrow data so it fills the chart', () => {
    expect(logDomain([1.05, 1.3])).toEqual([1, 2]);
    const [lo, hi] = logDomain([0.3, 0.9]);
    expect(lo).toBeLessThanOrEqual(0.3);
    expect(hi).toBeGreaterThanOrEqual(0.9);
    expect(hi / lo).toBeLessThan(10);
  });
  it('falls back when nothing is drawable', () => {
    expect(logDomain([0, Number.NaN], [1, 10])).toEqual([1, 10]);
  });
  it('ticks: powers of ten thinned, or 1-2-5 in a narrow domain', () => {
    expect(logTicks([1e-20, 1e10]).length).toBeLessThanOrEqual(7);
    expect(logTicks([1, 10])).toEqual([1, 2, 5, 10]);
    expect(logTicks([1e-3, 1e3], 7)).toEqual([1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]);
  });
  it('formats powers of ten compactly', () => {
    expect(formatPow10(1e-6)).toBe('1e-6');
    expect(formatPow10(2e8)).toBe('2e8');
    expect(formatPow10(0.5)).toBe('0.5');
    expect(niceCeil(66.2)).toBe(100);
    expect(niceCeil(180)).toBe(200);
  });
});
