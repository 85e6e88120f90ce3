import { describe, expect, it } from 'vitest';
import { isTurn, SCHEDULE, stickyLogDomain } from './live';

describe('stickyLogDomain', () => {
  it('grows at once, keeps its bounds while the data fill it, shrinks when they no longer do', () => {
    expect(stickyLogDomain(null, [1, 10])).toEqual([1, 10]);
    expect(stickyLogDomain([1, 10], [1, 100])).toEqual([1, 100]); // grows
    expect(stickyLogDomain([1, 100], [2, 50])).toEqual([1, 100]); // fills > 40%: kept
    expect(stickyLogDomain([1e-6, 1e2], [1, 10])).toEqual([1, 10]); // fills 1/8: shrinks
  });
});

describe('the update schedule', () => {
  const turns = (v: number, names: (keyof typeof SCHEDULE)[]) => names.filter((n) => isTurn(v, SCHEDULE[n]));
  const heavy: (keyof typeof SCHEDULE)[] = ['layerNorms', 'heatmap', 'updateRatio'];
  const axes: (keyof typeof SCHEDULE)[] = ['lossAxes', 'normAxes', 'flowAxes'];

  it('redraws exactly one heavy chart per update', () => {
    for (let v = 0; v < 120; v++) expect(turns(v, heavy)).toHaveLength(1);
  });

  it('changes at most one set of axes per update, and only on a heatmap turn', () => {
    for (let v = 0; v < 120; v++) {
      const due = turns(v, axes);
      expect(due.length).toBeLessThanOrEqual(1);
      if (due.length === 1) expect(turns(v, heavy)).toEqual(['heatmap']);
    }
    // Every chart gets its turn.
    for (const name of axes) expect(Array.from({ length: 12 }, (_, v) => isTurn(v, SCHEDULE[name])).filter(Boolean)).toHaveLength(1);
  });
});
