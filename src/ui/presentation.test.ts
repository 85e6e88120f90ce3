import { describe, expect, it } from 'vitest';
import { CHART_PARTS_OF } from '../url/presetCodec';
import { CHART_TITLES, DEFAULT_LAYOUT, LAYOUTS, layoutIndex, presentedCharts, presentSizes, toggleChart } from './presentation';

const none = new Set<string>();

describe('presentation mode charts', () => {
  it('every layout is 2 to 4 charts of its family, each with a title', () => {
    for (const layout of LAYOUTS) {
      for (const family of ['mlp', 'rnn'] as const) {
        const charts = layout[family];
        expect(charts.length).toBeGreaterThanOrEqual(2);
        expect(charts.length).toBeLessThanOrEqual(4);
        expect(new Set(charts).size).toBe(charts.length);
        for (const c of charts) {
          expect(CHART_PARTS_OF[family]).toContain(c);
          expect(CHART_TITLES[family][c]).toBeDefined();
        }
      }
    }
  });

  it('no pick shows the default layout; a pick shows its charts in order', () => {
    expect(presentedCharts('mlp', [], none, null)).toEqual(LAYOUTS[DEFAULT_LAYOUT].mlp);
    expect(presentedCharts('mlp', ['loss', 'heatmap'], none, null)).toEqual(['loss', 'heatmap']);
    expect(layoutIndex('mlp', [])).toBe(DEFAULT_LAYOUT);
    expect(layoutIndex('mlp', [...LAYOUTS[3].mlp])).toBe(3);
    expect(layoutIndex('mlp', ['loss', 'heatmap'])).toBe(-1);
  });

  it("another family's charts and hidden ones drop out; too few left falls back to the default layout", () => {
    // spectral is the RNN's: an MLP pick of loss + spectral is one chart, too few.
    expect(presentedCharts('mlp', ['loss', 'spectral'], none, null)).toEqual(LAYOUTS[DEFAULT_LAYOUT].mlp);
    expect(presentedCharts('rnn', ['loss', 'spectral'], none, null)).toEqual(['loss', 'spectral']);
    expect(presentedCharts('mlp', ['flow', 'loss', 'heatmap'], new Set(['heatmap']), null)).toEqual(['flow', 'loss']);
    expect(presentedCharts('mlp', [], new Set(['flow']), null)).toEqual(['heatmap', 'loss']);
  });

  it("a lesson's chart comes first, the last one making way when there are four", () => {
    expect(presentedCharts('mlp', ['flow', 'loss'], none, 'heatmap')).toEqual(['heatmap', 'flow', 'loss']);
    expect(presentedCharts('mlp', ['flow', 'loss', 'heatmap'], none, 'loss')).toEqual(['loss', 'flow', 'heatmap']);
    expect(presentedCharts('mlp', ['flow', 'loss', 'heatmap', 'data'], none, 'global-norm')).toEqual(['global-norm', 'flow', 'loss', 'heatmap']);
    // A look at something that is not a chart (the phase map) changes nothing.
    expect(presentedCharts('mlp', ['flow', 'loss'], none, 'phase-map')).toEqual(['flow', 'loss']);
  });

  it('ticking keeps 2 to 4 charts', () => {
    expect(toggleChart(['flow', 'loss'], 'heatmap')).toEqual(['flow', 'loss', 'heatmap']);
    expect(toggleChart(['flow', 'loss', 'heatmap'], 'loss')).toEqual(['flow', 'heatmap']);
    expect(toggleChart(['flow', 'loss'], 'loss')).toBeNull();
    expect(toggleChart(['flow', 'loss', 'heatmap', 'data'], 'global-norm')).toBeNull();
  });
});

describe('presentation mode sizes', () => {
  it('chart text is at least 2% of the screen height, and grows with it', () => {
    for (const h of [720, 1080, 2160]) {
      const s = presentSizes(h);
      expect(s.chartFont).toBeGreaterThanOrEqual(0.02 * h);
      expect(s.base).toBeGreaterThanOrEqual(16);
    }
    expect(presentSizes(2160).chartFont).toBeGreaterThan(presentSizes(1080).chartFont * 1.8);
    expect(presentSizes(2160).lineScale).toBe(4);
    expect(presentSizes(1080).lineScale).toBe(2);
    expect(presentSizes(720).lineScale).toBe(1.5);
    // A window that reports no height gets the 1080p sizes, not NaN.
    expect(presentSizes(Number.NaN)).toEqual(presentSizes(1080));
  });
});
