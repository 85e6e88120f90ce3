import { describe, expect, it } from 'vitest';
import { CHART_PARTS_OF } from '../url/presetCodec';
import { CHARTS } from './App';

describe('the page', () => {
  it('shows, per model family, exactly the charts that hide= knows as that family’s', () => {
    for (const family of ['mlp', 'rnn'] as const) {
      expect(CHARTS[family].map((c) => c.id).sort()).toEqual([...CHART_PARTS_OF[family]].sort());
    }
  });
});
