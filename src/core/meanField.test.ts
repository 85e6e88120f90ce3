import { describe, expect, it } from 'vitest';
import {
  chi1,
  correlationDepth,
  criticalLine,
  criticalSigmaW2,
  lengthFixedPoint,
  meanFieldPoint,
  midpointGaussianRule,
} from './meanField';
import { SELU_ALPHA, SELU_LAMBDA } from './model';
import { meanSquaredPhi, meanSquaredPhiPrime, phi, phiPrime } from './theory';

/** E[f(u1) f(u2)] by a direct 2-D midpoint rule on [-9, 9]^2 (n cells a side). */
function directPair(f: (u: number) => number, q: number, c: number, n: number): number {
  const h = 18 / n;
  const s = Math.sqrt(q);
  const r = Math.sqrt(1 - c * c);
  let acc = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z1 = -9 + (i + 0.5) * h;
    const w1 = Math.exp(-0.5 * z1 * z1);
    const f1 = f(s * z1);
    let inner = 0;
    let innerTotal = 0;
    for (let j = 0; j < n; j++) {
      const z2 = -9 + (j + 0.5) * h;
      const w2 = Math.exp(-0.5 * z2 * z2);
      inner += w2 * f(s * (c * z1 + r * z2));
      innerTotal += w2;
    }
    acc += (w1 * f1 * inner) / innerTotal;
    total += w1;
  }
  return acc / total;
}

describe('Gaussian quadrature rule', () => {
  it('weights sum to 1 and the rule integrates Gaussian moments', () => {
    const { nodes, weights } = midpointGaussianRule(45);
    let w = 0;
    let m2 = 0;
    let m4 = 0;
    let m6 = 0;
    for (let i = 0; i < nodes.length; i++) {
      w += weights[i];
      m2 += weights[i] * nodes[i] ** 2;
      m4 += weights[i] * nodes[i] ** 4;
      m6 += weights[i] * nodes[i] ** 6;
    }
    expect(w).toBeCloseTo(1, 13);
    expect(m2).toBeCloseTo(1, 12);
    expect(m4).toBeCloseTo(3, 11);
    expect(m6).toBeCloseTo(15, 10);
    // Ascending, symmetric, no node on 0.
    for (let i = 1; i < nodes.length; i++) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
    expect(nodes[0]).toBeCloseTo(-nodes[nodes.length - 1], 12);
    expect(nodes[44]).toBeCloseTo(-0.1, 12);
  });
});

describe('length map', () => {
  it('q* solves q = sigma_w^2 E[phi^2] + sigma_b^2 (checked with the midpoint rule of theory.ts)', () => {
    for (const [sw2, sb2] of [
      [1.5, 0.05],
      [4, 0.05],
      [0.8, 0.2],
    ]) {
      const q = lengthFixedPoint('tanh', sw2, sb2);
      expect(q).toBeGreaterThan(0);
      expect(sw2 * meanSquaredPhi('tanh', q) + sb2).toBeCloseTo(q, 8);
    }
  });

  it('tanh without bias: q* = 0 in the ordered phase, positive in the chaotic one', () => {
    expect(lengthFixedPoint('tanh', 0.5, 0)).toBe(0);
    expect(lengthFixedPoint('tanh', 2, 0)).toBeGreaterThan(0.1);
  });

  it('scale-free units: q* = sigma_b^2 / (1 - chi_1), else 0, Infinity or NaN', () => {
    expect(lengthFixedPoint('relu', 1, 0.1)).toBeCloseTo(0.2, 12);
    expect(lengthFixedPoint('relu', 1, 0)).toBe(0);
    expect(lengthFixedPoint('relu', 3, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(lengthFixedPoint('relu', 3, 0.1)).toBe(Number.POSITIVE_INFINITY);
    expect(lengthFixedPoint('relu', 2, 0)).toBeNaN();
  });

  it('selu at sigma_w^2 = 1 without bias keeps unit variance (its self-normalising point)', () => {
    expect(lengthFixedPoint('selu', 1, 0)).toBeCloseTo(1, 2);
  });
});

describe('chi_1 and the critical line', () => {
  it('chi_1 from meanFieldPoint is sigma_w^2 E[phi\'^2] at q* (theory.ts)', () => {
    for (const [sw2, sb2] of [
      [1.5, 0.05],
      [4, 0.05],
      [0.8, 0.2],
      [0.5, 0],
    ]) {
      const p = meanFieldPoint('tanh', sw2, sb2);
      expect(p.chi1).toBeCloseTo(sw2 * meanSquaredPhiPrime('tanh', p.qStar), 7);
      expect(chi1('tanh', sw2, sb2)).toBe(p.chi1);
    }
    const s = meanFieldPoint('sigmoid', 20, 0.1);
    expect(s.chi1).toBeCloseTo(20 * meanSquaredPhiPrime('sigmoid', s.qStar), 6);
    // Kinked units: theory.ts's midpoint rule is O(h^2) at the kink, so agreement is looser.
    const e = meanFieldPoint('selu', 1.5, 0.05);
    expect(Math.abs(e.chi1 / (1.5 * meanSquaredPhiPrime('selu', e.qStar)) - 1)).toBeLessThan(1e-4);
  });

  it('chi_1 at large q* is right (a fixed Gauss-Hermite rule gets it wrong by orders of magnitude)', () => {
    // tanh'(u)^2 = sech^4(u) integrates to 4/3, so E[sech^4(sqrt(q) z)] ~ 4 / (3 sqrt(2 pi q)).
    const p = meanFieldPoint('tanh', 1000, 0);
    expect(p.chi1 / ((1000 * 4) / (3 * Math.sqrt(2 * Math.PI * p.qStar))) - 1).toBeLessThan(0.01);
    expect(p.chi1 / ((1000 * 4) / (3 * Math.sqrt(2 * Math.PI * p.qStar))) - 1).toBeGreaterThan(-0.01);
  });

  it('relu is critical at sigma_w^2 = 2 (He) whatever the bias; chi_1 = sigma_w^2 / 2', () => {
    expect(Math.abs(criticalSigmaW2('relu', 0) - 2)).toBeLessThan(1e-3);
    expect(Math.abs(criticalSigmaW2('relu', 0.1) - 2)).toBeLessThan(1e-3);
    expect(chi1('relu', 3, 0)).toBeCloseTo(1.5, 12);
    expect(criticalSigmaW2('linear', 0)).toBeCloseTo(1, 12);
  });

  it('the tanh line passes through (1, 0), rises with sigma_b^2, and is near 1.76 at sigma_b^2 = 0.05', () => {
    expect(Math.abs(criticalSigmaW2('tanh', 0) - 1)).toBeLessThan(0.02);
    const line = criticalLine('tanh', 0.2, 21);
    expect(line).toHaveLength(21);
    expect(line[0].sb2).toBe(0);
    expect(line[20].sb2).toBeCloseTo(0.2, 12);
    for (let i = 1; i < line.length; i++) expect(line[i].sw2).toBeGreaterThan(line[i - 1].sw2);
    const at005 = criticalSigmaW2('tanh', 0.05);
    expect(Math.abs(at005 - 1.76)).toBeLessThan(0.06);
    expect(chi1('tanh', at005, 0.05)).toBeCloseTo(1, 8);
  });

  it('elu passes through (1, 0); selu without bias is critical where chi_1 at q = 0 is 1', () => {
    expect(criticalSigmaW2('elu', 0)).toBeCloseTo(1, 6);
    // Below it q decays to 0, where selu's slopes are lambda and lambda * alpha on the two sides.
    const seluAtZero = 2 / (SELU_LAMBDA ** 2 * (1 + SELU_ALPHA ** 2));
    expect(criticalSigmaW2('selu', 0)).toBeCloseTo(seluAtZero, 6);
    expect(meanFieldPoint('selu', 0.4, 0).chi1).toBeCloseTo(0.4 / seluAtZero, 10);
    expect(criticalSigmaW2('selu', 0.05)).toBeGreaterThan(seluAtZero);
  });

  it('no crossing in range gives NaN', () => {
    // sigmoid's chi_1 <= sigma_w^2 / 16 stays below 1 at sigma_w^2 = 1e3 with a huge bias.
    expect(criticalSigmaW2('sigmoid', 1e4)).toBeNaN();
  });
});

describe('correlation map and depth scale', () => {
  it('ordered tanh without bias: c* = 1 and xi_c = -1 / ln sigma_w^2', () => {
    const p = meanFieldPoint('tanh', 0.5, 0);
    expect(p.cStar).toBe(1);
    expect(p.chi1).toBeCloseTo(0.5, 12);
    expect(p.xiC / (-1 / Math.log(0.5))).toBeGreaterThan(0.98);
    expect(p.xiC / (-1 / Math.log(0.5))).toBeLessThan(1.02);
  });

  it('chaotic tanh has a stable c* < 1 with chi_c < 1; it is a fixed point of the map', () => {
    const p = meanFieldPoint('tanh', 4, 0.05);
    expect(p.chi1).toBeGreaterThan(1);
    expect(p.cStar).toBeGreaterThan(0);
    expect(p.cStar).toBeLessThan(1);
    expect(p.chiC).toBeGreaterThan(0);
    expect(p.chiC).toBeLessThan(1);
    expect(p.xiC).toBeCloseTo(-1 / Math.log(p.chiC), 12);
    // The same fixed point and slope by a direct 2-D integral.
    const tanh = (u: number) => phi('tanh', u);
    const dtanh = (u: number) => phiPrime('tanh', u);
    expect((4 * directPair(tanh, p.qStar, p.cStar, 400) + 0.05) / p.qStar).toBeCloseTo(p.cStar, 8);
    expect(4 * directPair(dtanh, p.qStar, p.cStar, 400)).toBeCloseTo(p.chiC, 8);
    // Odd unit without bias: C(0) = 0, so c* = 0.
    expect(meanFieldPoint('tanh', 4, 0).cStar).toBeCloseTo(0, 12);
  });

  it('xi_c peaks at the critical line from both sides', () => {
    const crit = criticalSigmaW2('tanh', 0.05);
    const xi = (k: number) => correlationDepth('tanh', k * crit, 0.05);
    const near = Math.min(xi(0.98), xi(1.02));
    expect(xi(0.77)).toBeLessThan(near);
    expect(xi(1.3)).toBeLessThan(near);
    expect(xi(0.9)).toBeLessThan(xi(0.98));
    expect(xi(1.1)).toBeLessThan(xi(1.02));
    expect(near).toBeGreaterThan(10);
  });

  it('scale-free units without bias have xi_c = Infinity; with bias in the ordered phase xi_c = -1 / ln chi_1', () => {
    for (const sw2 of [1, 2, 3]) {
      const p = meanFieldPoint('relu', sw2, 0);
      expect(p.xiC).toBe(Number.POSITIVE_INFINITY);
      expect(p.chi1).toBeCloseTo(sw2 / 2, 12);
    }
    expect(correlationDepth('linear', 0.7, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(correlationDepth('relu', 1, 0.1)).toBeCloseTo(-1 / Math.log(0.5), 10);
  });

  it('elu whose variance grows without bound is relu-like: q* = Infinity, chi_1 = sigma_w^2 / 2, xi_c = Infinity', () => {
    const p = meanFieldPoint('elu', 2.5, 0.1);
    expect(p.qStar).toBe(Number.POSITIVE_INFINITY);
    expect(p.chi1).toBeCloseTo(1.25, 12);
    expect(p.xiC).toBe(Number.POSITIVE_INFINITY);
    expect(meanFieldPoint('elu', 1.5, 0.1).qStar).toBeLessThan(100);
  });
});
