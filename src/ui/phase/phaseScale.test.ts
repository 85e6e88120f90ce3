// The phase diagram's colours and axes.
import { describe, expect, it } from 'vitest';
import { axisPosition, axisTicks, cellFill, colorDomain, colorPosition, decadesText, divergingColor, EXPLODE_COLOR, legendTicks, VANISH_COLOR, valueAtPosition } from './phaseScale';

const cell = { ix: 0, iy: 0, level: 0 as const, measured: 2, spread: 0.1, finite: 4, overflow: 0, zero: 0, nan: 0, predicted: 1.5 };

describe('phase-diagram scales', () => {
  it('diverges from near-white at 1 (0 decades) to deep blue and deep red at the domain, symmetric, log beyond the first decade', () => {
    expect(divergingColor(0, 10)).toBe('rgb(247, 247, 247)');
    expect(divergingColor(-10, 10)).toBe('rgb(5, 48, 97)');
    expect(divergingColor(10, 10)).toBe('rgb(103, 0, 31)');
    expect(divergingColor(50, 10)).toBe(divergingColor(10, 10));
    for (const v of [0.5, 1, 3, 9]) expect(colorPosition(-v, 10)).toBeCloseTo(-colorPosition(v, 10), 12);
    // 1 decade of 50 still takes a sixth of each side (a linear scale would give it a fiftieth).
    expect(colorPosition(1, 50)).toBeGreaterThan(0.15);
    for (const p of [-0.9, -0.2, 0.4, 1]) expect(colorPosition(valueAtPosition(p, 30), 30)).toBeCloseTo(p, 10);
  });

  it('the domain is the smallest of 1, 2, 3, 5, 10, 20, ... decades holding every finite value; legend ticks include 0 and both ends', () => {
    expect(colorDomain([0.2, -0.7, Number.NaN])).toBe(1);
    expect(colorDomain([4.1, -2])).toBe(5);
    expect(colorDomain([-41, Number.POSITIVE_INFINITY])).toBe(50);
    expect(legendTicks(50)).toEqual([50, 10, 3, 1, 0, -1, -3, -10, -50]);
  });

  it('cells that overflow or reach exactly 0 on every seed take the deepest colour of their side, hatched; theory shows its own number', () => {
    const overflow = { ...cell, measured: Number.NaN, finite: 0, overflow: 4 };
    expect(cellFill(overflow, 'measured', 10)).toEqual({ fill: EXPLODE_COLOR, hatch: 'overflow' });
    expect(cellFill({ ...overflow, overflow: 0, zero: 2 }, 'measured', 10)).toEqual({ fill: VANISH_COLOR, hatch: 'zero' });
    expect(cellFill(overflow, 'predicted', 10).hatch).toBeNull();
    expect(cellFill(cell, 'difference', 1).fill).toBe(divergingColor(0.5, 1));
  });

  it('axes: powers of 2 on a gain axis, round steps on a depth axis, values placed evenly in display coordinates', () => {
    expect(axisTicks('gain', 0.25, 4)).toEqual([0.25, 0.5, 1, 2, 4]);
    expect(axisTicks('depth', 2, 100)).toEqual([20, 40, 60, 80, 100]);
    expect(axisTicks('sb2', 0, 0.2)).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(axisPosition('gain', [0.25, 1, 4], 2)).toBeCloseTo(1.5, 10);
    expect(axisPosition('depth', [2, 51, 100], 75.5)).toBeCloseTo(1.5, 10);
    expect(decadesText(8.66)).toBe('10⁸·⁷');
    expect(decadesText(-3, 0)).toBe('10⁻³');
    expect(decadesText(0.01)).toBe('1');
  });
});
