// Mean-field signal propagation in a deep random MLP (Poole et al. 2016; Schoenholz et
// al. 2017, "Deep Information Propagation"), in the infinite-width limit.
//
// With sigma_w^2 = fanIn * Var(w) and sigma_b^2 = Var(b), a pre-activation's variance
// follows the length map
//     q_{l+1} = sigma_w^2 E[phi(sqrt(q_l) z)^2] + sigma_b^2,       z ~ N(0, 1),
// and the correlation c of two inputs, once q sits at its fixed point q*, the map
//     C(c) = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*,
//     u1 = sqrt(q*) z1,  u2 = sqrt(q*) (c z1 + sqrt(1 - c^2) z2).
// c = 1 is always fixed; the slope there is chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2], the
// per-layer factor of the gradient variance. chi_1 < 1 is ordered (c* = 1, gradients
// vanish), chi_1 > 1 chaotic (a stable c* < 1, gradients explode); chi_1 = 1 is the
// critical line, the edge of chaos. Near the stable c*, |c_l - c*| ~ exp(-l / xi_c) with
//     chi_c = C'(c*) = sigma_w^2 E[phi'(u1) phi'(u2)],   xi_c = -1 / ln chi_c,
// which is chi_1 in the ordered phase and diverges at criticality. Networks deeper than
// about 6 xi_c do not train (Schoenholz et al., fig. 5).
//
// Quadrature. For tanh and sigmoid, 1-D expectations use the midpoint rule in z on
// [-9, 9] with spacing min(h0, h1 / sqrt(q)), so the unit's features (width ~1 in
// u = sqrt(q) z) stay resolved at any q; for analytic units it converges spectrally. For
// elu and selu, whose derivatives jump at 0, composite Gauss-Legendre panels have an edge
// on 0. A fixed Gauss-Hermite rule does not do: with 48 nodes it puts E[tanh(sqrt(q) z)^2]
// off by 3e-2 at q = 20 and chi_1 by a factor of 1e10 at q = 1000.
// The 2-D expectation uses Mehler's expansion: with h_k = He_k / sqrt(k!) and
// a_k = E[phi(sqrt(q) z) h_k(z)],
//     E[phi(u1) phi(u2)] = sum_k a_k^2 c^k,   E[phi'(u1) phi'(u2)] = sum_k k a_k^2 c^(k-1) / q
// (the second by Stein's identity), so C is a power series with non-negative terms:
// convex on [0, 1], with C'(c) = chi_c(c) exactly. Its tail is bounded by Parseval
// (sum_k a_k^2 = E[phi^2], sum_k k a_k^2 = q E[phi'^2]).
//
// Scale-free units (linear, relu, leaky_relu: phi(a z) = a phi(z) for a > 0) have
// E[phi(sqrt(q) z)^2] = m q, with m = E[phi'(z)^2] (1, 1/2, (1 + slope^2)/2), so
// chi_1 = sigma_w^2 m whatever q, and q* = sigma_b^2 / (1 - chi_1) when chi_1 < 1.
// Otherwise q grows by the factor chi_1 per layer: q* = Infinity, or NaN at chi_1 = 1
// exactly without bias (every q is fixed), or 0 for chi_1 < 1 without bias (q decays).
// Without bias (or with q* = Infinity, where the bias no longer counts) their correlation
// map is independent of sigma_w^2 and has slope 1 at c = 1 (relu's arc-cosine map, the
// identity for linear), so c approaches 1 polynomially: c* = 1, chi_c = 1, xi_c = Infinity.
// elu and selu, whose q grows without bound at large sigma_w^2, are treated the same way
// there: relu-like in that limit. At q* = 0 (tanh, elu, selu without bias in the ordered
// phase) the units act at 0: chi_1 = sigma_w^2 (phi'(0-)^2 + phi'(0+)^2) / 2, and by the
// ordered-phase rule chi_c = chi_1.

import type { Activation } from './config';
import { phi, phiPrime } from './theory';

export interface MeanFieldPoint {
  /** Fixed point of the length map reached from q = 1 (0, finite, Infinity, or NaN: see above). */
  qStar: number;
  /** sigma_w^2 E[phi'(sqrt(q*) z)^2]: the gradient-variance factor per layer. */
  chi1: number;
  /** Stable fixed point of the correlation map (1 in the ordered phase). */
  cStar: number;
  /** Slope of the correlation map at c*. */
  chiC: number;
  /** Correlation depth scale -1 / ln chi_c (Infinity when chi_c >= 1). */
  xiC: number;
}

// ---- quadrature ---------------------------------------------------------------------

export interface GaussianRule {
  /** Nodes z, ascending and symmetric about 0 (none on 0). */
  nodes: Float64Array;
  /** Weights for E[f(z)], z ~ N(0, 1); they sum to 1. */
  weights: Float64Array;
}

const RANGE = 9; // exp(-81 / 2) ~ 3e-18: the tails beyond are below rounding

/** Midpoint rule for E[f(z)], z ~ N(0, 1), with `half` cells of width 9 / half on each side of 0. */
export function midpointGaussianRule(half: number): GaussianRule {
  const h = RANGE / half;
  const nodes = new Float64Array(2 * half);
  const weights = new Float64Array(2 * half);
  let total = 0;
  for (let i = 0; i < 2 * half; i++) {
    const z = -RANGE + (i + 0.5) * h;
    nodes[i] = z;
    weights[i] = Math.exp(-0.5 * z * z);
    total += weights[i];
  }
  for (let i = 0; i < 2 * half; i++) weights[i] /= total;
  return { nodes, weights };
}

const ruleCache = new Map<number, GaussianRule>();

/** Rule with spacing at most min(h0, h1 / sqrt(q)); cell counts come in 8 steps per octave. */
function ruleFor(q: number, h0: number, h1: number): GaussianRule {
  const h = Math.min(h0, q > 0 ? h1 / Math.sqrt(q) : h0);
  const raw = Math.max(8, Math.min(1 << 14, RANGE / h));
  const half = Math.ceil(2 ** (Math.ceil(8 * Math.log2(raw)) / 8));
  let rule = ruleCache.get(half);
  if (!rule) {
    rule = midpointGaussianRule(half);
    ruleCache.set(half, rule);
  }
  return rule;
}

/**
 * Nodes x in [-1, 1] and weights of the n-point Gauss-Legendre rule (Newton iteration on
 * the Legendre recurrence).
 */
function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
    w[n - 1 - i] = w[i];
  }
  return { x, w };
}

const GL = new Map<number, { x: Float64Array; w: Float64Array }>();

/** Composite Gauss-Legendre rule for E[f(z)], z ~ N(0, 1), on panels between ascending edges. */
function panelRule(edges: number[], perPanel: number): GaussianRule {
  let base = GL.get(perPanel);
  if (!base) {
    base = gaussLegendre(perPanel);
    GL.set(perPanel, base);
  }
  const m = edges.length - 1;
  const nodes = new Float64Array(m * perPanel);
  const weights = new Float64Array(m * perPanel);
  let total = 0;
  for (let p = 0; p < m; p++) {
    const mid = 0.5 * (edges[p] + edges[p + 1]);
    const half = 0.5 * (edges[p + 1] - edges[p]);
    for (let i = 0; i < perPanel; i++) {
      const z = mid + half * base.x[i];
      const k = p * perPanel + i;
      nodes[k] = z;
      weights[k] = half * base.w[i] * Math.exp(-0.5 * z * z);
      total += weights[k];
    }
  }
  for (let k = 0; k < nodes.length; k++) weights[k] /= total;
  return { nodes, weights };
}

const SMOOTH = new Set<Activation>(['tanh', 'sigmoid']);

/**
 * Rule for the length map and chi_1. Analytic units: the midpoint rule, spectrally
 * accurate. Kinked units (elu, selu, at 0): Gauss-Legendre panels with edges at 0 and at
 * z = +-40 / sqrt(q), beyond which exp(sqrt(q) z) is below rounding on the negative side.
 */
function lengthRule(act: Activation, q: number): GaussianRule {
  if (SMOOTH.has(act)) return ruleFor(q, 0.2, 0.3);
  const b = q > 0 ? 40 / Math.sqrt(q) : RANGE;
  return panelRule(b < RANGE ? [-RANGE, -b, 0, b, RANGE] : [-RANGE, 0, RANGE], 40);
}

/**
 * Rule for the Mehler coefficients, fine enough for h_k up to k ~ KMAX. Kinked units:
 * panels of width 1/4 (edges on 0) with 16 nodes each, finer near 0 when q is large.
 */
function seriesRule(act: Activation, q: number): GaussianRule {
  if (SMOOTH.has(act)) return ruleFor(q, 0.02, 0.3);
  const fine = q > 0 ? Math.min(0.25, 8 / Math.sqrt(q)) : 0.25;
  const reach = q > 0 ? 40 / Math.sqrt(q) : 0;
  const positive = [0];
  for (let z = 0; z < RANGE - 1e-9; ) {
    z = Math.min(RANGE, z + (z < reach ? fine : 0.25));
    positive.push(z);
  }
  const edges = [...positive.slice(1).reverse().map((z) => -z), ...positive];
  return panelRule(edges, 16);
}

/** E[f(sqrt(q) z)] on a rule; q = 0 gives the mean of f(0-) and f(0+). */
function expectOn(rule: GaussianRule, f: (u: number) => number, q: number): number {
  const s = q > 0 ? Math.sqrt(q) : 1e-150;
  const { nodes, weights } = rule;
  let acc = 0;
  for (let i = 0; i < nodes.length; i++) acc += weights[i] * f(s * nodes[i]);
  return acc;
}

// ---- root finding -------------------------------------------------------------------

/** Root of f in [a, b] with f(a), f(b) of opposite signs (Illinois regula falsi). */
function illinois(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tol: number): number {
  let side = 0;
  let c = a;
  for (let it = 0; it < 200; it++) {
    c = (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
    if (Math.abs(b - a) <= tol) return c;
    const fc = f(c);
    if (fc === 0) return c;
    if (fc * fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa *= 0.5;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb *= 0.5;
      side = 1;
    }
  }
  return c;
}

// ---- length map ---------------------------------------------------------------------

const SCALE_FREE = new Set<Activation>(['linear', 'relu', 'leaky_relu']);

/** m = E[phi'(z)^2] = E[phi(z)^2] of a scale-free unit: the mean of the two slopes squared. */
const scaleFreeGain = (act: Activation) => 0.5 * (phiPrime(act, 1) ** 2 + phiPrime(act, -1) ** 2);

const Q_MAX = 1e12; // beyond this the length map is taken to diverge
const Q_MIN = 1e-14; // below this it is taken to reach 0

/**
 * Fixed point q* of the length map reached from q = 1 (the variance of a standardised
 * input times sigma_w^2 + sigma_b^2 sits near there). 0 where q decays to zero,
 * Infinity where it grows without bound, NaN where every q is fixed (scale-free, critical, no bias).
 */
export function lengthFixedPoint(act: Activation, sw2: number, sb2: number): number {
  if (SCALE_FREE.has(act)) {
    const chi = sw2 * scaleFreeGain(act);
    if (sb2 > 0) return chi < 1 ? sb2 / (1 - chi) : Number.POSITIVE_INFINITY;
    return chi < 1 ? 0 : chi > 1 ? Number.POSITIVE_INFINITY : Number.NaN;
  }
  const h = (q: number) => sw2 * expectOn(lengthRule(act, q), (u) => phi(act, u) ** 2, q) + sb2 - q;
  // The map is increasing in q, so iterating it from q = 1 moves monotonically to the
  // nearest fixed point in the direction of h(1): bracket that one by factors of 4.
  const h1 = h(1);
  if (h1 === 0) return 1;
  let lo: number;
  let hi: number;
  let hLo: number;
  let hHi: number;
  if (h1 > 0) {
    lo = 1;
    hLo = h1;
    hi = 4;
    hHi = h(hi);
    while (hHi > 0) {
      if (hi > Q_MAX) return Number.POSITIVE_INFINITY;
      lo = hi;
      hLo = hHi;
      hi *= 4;
      hHi = h(hi);
    }
  } else {
    hi = 1;
    hHi = h1;
    lo = 0.25;
    hLo = h(lo);
    while (hLo < 0) {
      if (lo < Q_MIN) return 0;
      hi = lo;
      hHi = hLo;
      lo *= 0.25;
      hLo = h(lo);
    }
  }
  return illinois(h, lo, hi, hLo, hHi, 1e-13 * hi);
}

/** chi_1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] at q* (as q -> Infinity, the relu-like limit). */
function chi1At(act: Activation, sw2: number, qStar: number): number {
  if (SCALE_FREE.has(act)) return sw2 * scaleFreeGain(act);
  if (qStar === Number.POSITIVE_INFINITY) {
    // Only the positive half survives: phi'(u) -> phi'(+inf) there, 0 below.
    return 0.5 * sw2 * phiPrime(act, 1e3) ** 2;
  }
  return sw2 * expectOn(lengthRule(act, qStar), (u) => phiPrime(act, u) ** 2, qStar);
}

export function chi1(act: Activation, sw2: number, sb2: number): number {
  if (SCALE_FREE.has(act)) return chi1At(act, sw2, 1);
  return chi1At(act, sw2, lengthFixedPoint(act, sw2, sb2));
}

// ---- correlation map ----------------------------------------------------------------

const KMAX = 4000;

/**
 * Mehler series of the correlation map at variance q: E[phi(u1) phi(u2)] and
 * E[phi'(u1) phi'(u2)] as functions of c, coefficients computed as far as c needs.
 */
function correlationSeries(act: Activation, q: number) {
  const { nodes, weights } = seriesRule(act, q);
  const n = nodes.length;
  const s = Math.sqrt(q);
  const wf = new Float64Array(n);
  let phi2 = 0; // E[phi^2]
  let dphi2 = 0; // E[phi'^2]
  for (let i = 0; i < n; i++) {
    const u = s * nodes[i];
    const v = phi(act, u);
    wf[i] = weights[i] * v;
    phi2 += weights[i] * v * v;
    dphi2 += weights[i] * phiPrime(act, u) ** 2;
  }
  const prev = new Float64Array(n); // h_{k-2}
  const cur = new Float64Array(n).fill(1); // h_{k-1}, starting from h_0 = 1
  const a2: number[] = []; // a_k^2
  let sum0 = 0; // sum a_k^2
  let sum1 = 0; // sum k a_k^2
  const extend = () => {
    const k = a2.length;
    if (k > 0) {
      const r = Math.sqrt(k - 1);
      const d = 1 / Math.sqrt(k);
      for (let i = 0; i < n; i++) {
        const next = (nodes[i] * cur[i] - r * prev[i]) * d;
        prev[i] = cur[i];
        cur[i] = next;
      }
    }
    let a = 0;
    for (let i = 0; i < n; i++) a += wf[i] * cur[i];
    a2.push(a * a);
    sum0 += a * a;
    sum1 += k * a * a;
  };
  const scale = phi2 + q * dphi2;
  /** [E[phi(u1) phi(u2)], E[phi'(u1) phi'(u2)]] at correlation c in [0, 1). */
  return (c: number): [number, number] => {
    while (a2.length < 2) extend();
    while (a2.length < KMAX) {
      const tail = Math.max(phi2 - sum0, q * dphi2 - sum1, 0);
      if (c ** a2.length * tail <= 1e-13 * scale) break;
      for (let j = 0; j < 16; j++) extend();
    }
    let value = 0;
    let slope = 0;
    let ck = 1; // c^(k-1)
    value += a2[0];
    for (let k = 1; k < a2.length; k++) {
      slope += k * a2[k] * ck;
      ck *= c;
      value += a2[k] * ck;
    }
    return [value, slope / q];
  };
}

const depthOf = (chiC: number) => (chiC >= 1 ? Number.POSITIVE_INFINITY : -1 / Math.log(chiC));

export function meanFieldPoint(act: Activation, sw2: number, sb2: number): MeanFieldPoint {
  const qStar = lengthFixedPoint(act, sw2, sb2);
  const c1 = chi1At(act, sw2, qStar);
  const scaleFreeLimit = SCALE_FREE.has(act) ? !(sb2 > 0 && c1 < 1) : qStar === Number.POSITIVE_INFINITY;
  if (scaleFreeLimit) return { qStar, chi1: c1, cStar: 1, chiC: 1, xiC: Number.POSITIVE_INFINITY };
  if (!(c1 > 1) || qStar === 0) return { qStar, chi1: c1, cStar: 1, chiC: c1, xiC: depthOf(c1) };

  // Chaotic: g(c) = C(c) - c is convex on [0, 1] with g(0) >= 0, g(1) = 0 and
  // g'(1) = chi_1 - 1 > 0, so it has one root c* in [0, 1). Newton from c = 0 climbs to
  // it monotonically from the left (g > 0, g' < 0 there) and never overshoots.
  const series = correlationSeries(act, qStar);
  let c = 0;
  let chiC = Number.NaN;
  for (let it = 0; it < 200; it++) {
    const [e, de] = series(c);
    const g = (sw2 * e + sb2) / qStar - c;
    chiC = sw2 * de;
    if (!(g > 0) || !(chiC < 1)) break;
    const next = Math.min(c + g / (1 - chiC), 1 - 1e-12);
    if (!(next - c > 1e-14)) break;
    c = next;
  }
  return { qStar, chi1: c1, cStar: c, chiC, xiC: depthOf(chiC) };
}

/** ξ_c; Infinity at criticality or for scale-free units without bias. */
export function correlationDepth(act: Activation, sw2: number, sb2: number): number {
  return meanFieldPoint(act, sw2, sb2).xiC;
}

// ---- critical line ------------------------------------------------------------------

const SW2_MIN = 1e-3;
const SW2_MAX = 1e3;

/** Critical sigma_w^2 by Illinois on ln chi_1 in ln sigma_w^2, bracketed outward from a guess. */
function criticalFrom(act: Activation, sb2: number, guess: number): number {
  if (SCALE_FREE.has(act)) return 1 / scaleFreeGain(act);
  // chi_1 rises with sigma_w^2 for these units: walk up while it is below 1, down while above.
  const f = (t: number) => Math.log(chi1(act, Math.exp(t), sb2));
  const lo = Math.log(SW2_MIN);
  const hi = Math.log(SW2_MAX);
  let a = Math.min(hi, Math.max(lo, Math.log(guess)));
  let fa = f(a);
  if (fa === 0) return Math.exp(a);
  const dir = fa < 0 ? 1 : -1;
  let step = 0.05;
  let b = a;
  let fb = fa;
  while (fb * fa > 0) {
    if (b === (dir > 0 ? hi : lo)) return Number.NaN;
    a = b;
    fa = fb;
    b = Math.min(hi, Math.max(lo, b + dir * step));
    fb = f(b);
    step *= 2;
  }
  if (fb === 0) return Math.exp(b);
  if (!(fa * fb < 0)) return Number.NaN;
  return Math.exp(illinois(f, a, b, fa, fb, 1e-10));
}

/** σ_w² where χ₁ = 1 for this σ_b² (NaN where there is none in [1e-3, 1e3]). */
export function criticalSigmaW2(act: Activation, sb2: number): number {
  return criticalFrom(act, sb2, 1);
}

/** Points (sb2, sw2) of the critical line for sb2 from 0 to sb2Max, n points. */
export function criticalLine(act: Activation, sb2Max: number, n: number): { sb2: number; sw2: number }[] {
  const out: { sb2: number; sw2: number }[] = [];
  let guess = 1;
  for (let i = 0; i < n; i++) {
    const sb2 = n === 1 ? 0 : (sb2Max * i) / (n - 1);
    const sw2 = criticalFrom(act, sb2, guess);
    if (Number.isFinite(sw2)) guess = sw2;
    out.push({ sb2, sw2 });
  }
  return out;
}
