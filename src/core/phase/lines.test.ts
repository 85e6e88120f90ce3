// The theory over the phase diagram: the critical line and the 6 ξ_c trainability limit, in the plot's own coordinates.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../config';
import type { PhaseSpec } from './grid';
import { phaseLines, type Segment } from './lines';

const tanh: RunConfig = { ...DEFAULT_CONFIG, width: 64, depth: 30, activation: 'tanh', init: 'xavier_normal' };
const sw2BySb2: PhaseSpec = { x: { field: 'sw2', from: 0.5, to: 4, n: 24 }, y: { field: 'sb2', from: 0, to: 0.2, n: 24 }, seeds: 4 };
const gainByDepth: PhaseSpec = { x: { field: 'gain', from: 0.25, to: 4, n: 24 }, y: { field: 'depth', from: 2, to: 100, n: 24 }, seeds: 4 };

/** x where the polyline crosses y (linear between its points). */
function xAt(segments: Segment[], y: number): number[] {
  const out: number[] = [];
  for (const [[x1, y1], [x2, y2]] of segments) {
    if ((y1 - y) * (y2 - y) <= 0 && y1 !== y2) out.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
    else if (y1 === y && y2 === y) out.push(x1);
  }
  return out;
}

describe('phase-diagram lines', () => {
  it('tanh, σ_w² x σ_b²: the critical line passes through (1, 0) and rises with σ_b², to about 1.76 at σ_b² = 0.05', () => {
    const lines = phaseLines(tanh, sw2BySb2);
    expect(lines.notes).toEqual([]);
    const at0 = xAt(lines.critical, 0);
    expect(at0.length).toBeGreaterThan(0);
    expect(Math.abs(at0[0] - 1)).toBeLessThan(0.02);
    const at005 = xAt(lines.critical, 0.05);
    expect(Math.abs(at005[0] - 1.76)).toBeLessThan(0.06);
    const at02 = xAt(lines.critical, 0.2);
    expect(at02[0]).toBeGreaterThan(at005[0]);
    // At depth 80 the trainable band (depth <= 6 ξ_c) hugs the critical line: its edges lie on both sides of it at σ_b² = 0.05.
    const edges = xAt(phaseLines({ ...tanh, depth: 80 }, sw2BySb2).trainable, 0.05);
    expect(edges.some((x) => x < at005[0])).toBe(true);
    expect(edges.some((x) => x > at005[0])).toBe(true);
  });

  it('ReLU + He, gain x depth: the critical line is gain 1 at every depth; ξ_c is infinite, so no trainability line', () => {
    const lines = phaseLines({ ...tanh, activation: 'relu', init: 'he_normal' }, gainByDepth);
    const xs = lines.critical.flat().map(([x]) => x);
    expect(xs.length).toBeGreaterThan(10);
    for (const x of xs) expect(x).toBeCloseTo(1, 6);
    const ys = lines.critical.flat().map(([, y]) => y);
    expect(Math.min(...ys)).toBe(2);
    expect(Math.max(...ys)).toBe(100);
    expect(lines.trainable).toEqual([]);
    expect(lines.notes).toContain('xi-infinite');
  });

  it('tanh + Xavier, gain x depth: 6 ξ_c peaks at the critical gain 1, and is 6 / ln(1/g²) in the ordered phase', () => {
    const lines = phaseLines(tanh, gainByDepth);
    for (const x of lines.critical.flat().map(([gx]) => gx)) expect(x).toBeCloseTo(1, 6);
    // σ_b = 0, gain g < 1: χ₁ = g², ξ_c = -1 / ln g²; at depth 6 ξ_c the gain is g = exp(-3 / depth).
    for (const depth of [6, 12]) {
      const g = Math.exp(-3 / depth);
      const found = xAt(lines.trainable, depth).filter((x) => x < 1);
      expect(found.length).toBeGreaterThan(0);
      expect(Math.abs(found[0] - g) / g).toBeLessThan(0.03);
    }
  });

  it('layer norm or residual connections: no mean-field lines, and a note that says why', () => {
    expect(phaseLines({ ...tanh, normalization: 'layer' }, gainByDepth)).toMatchObject({ critical: [], trainable: [], notes: ['not-plain'] });
    expect(phaseLines({ ...tanh, residual: true }, gainByDepth).notes).toEqual(['not-plain']);
  });
});
