// The theory drawn over a phase diagram (Schoenholz et al. 2017): the critical line
// χ₁ = 1 between the ordered phase (gradients vanish) and the chaotic one (they
// explode), and the trainability limit depth = 6 ξ_c. Where an axis sets the weights'
// scale (gain or σ_w²), the critical line is solved exactly along the other axis
// (meanField.ts criticalSigmaW2; χ₁ touches 1 tangentially at σ_b = 0, where a contour
// would miss it); otherwise both are zero contours of a function of the two axes, traced
// by marching squares on a fine grid, so they come out right whichever two fields the
// axes are (nothing where the map lies in one phase).

import type { RunConfig } from '../config';
import { criticalSigmaW2, meanFieldPoint } from '../meanField';
import { axisValues, cellConfig, gainForSigmaW2, PHASE_FIELD_SPECS, type PhaseAxis, type PhaseField, type PhaseSpec, unitSigmaW2 } from './grid';

/** A line segment in data coordinates: [[x1, y1], [x2, y2]]. */
export type Segment = [[number, number], [number, number]];

/** Why a line is missing, or what to read it with (the page words these). */
export type LineNote =
  /** Layer norm or residual connections: mean-field lines are for plain networks (the cells' predictions still follow the lab's theory). */
  | 'not-plain'
  /** A unit without a scale of its own (relu, linear) and no bias: ξ_c is infinite, every depth is "trainable" by this measure. */
  | 'xi-infinite'
  /** χ₁ is on one side of 1 all over the map. */
  | 'one-phase'
  /** 6 ξ_c lies outside the map's depths. */
  | 'trainable-outside';

export interface PhaseLines {
  critical: Segment[];
  trainable: Segment[];
  notes: LineNote[];
  /** χ₁ at the map's corners' extremes: the smallest and largest on the fine grid. */
  chiRange: [number, number];
}

/** Fine-grid points per axis. */
const FINE = 40;

/** The fine grid's values along an axis (log-spaced where the axis is), as displayed: the coordinate t in [0, 1] and its value. */
function fineAxis(axis: PhaseAxis): { toValue: (t: number) => number; values: number[] } {
  const [lo, hi] = [axisValues({ ...axis, n: 2 })[0], axisValues({ ...axis, n: 2 }).at(-1) as number];
  const log = PHASE_FIELD_SPECS[axis.field].log;
  const toValue = (t: number) => (log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo));
  return { toValue, values: Array.from({ length: FINE }, (_, i) => toValue(i / (FINE - 1))) };
}

/** Segments where f crosses 0 on a FINE x FINE grid (f[iy][ix]), in the unit square. */
function zeroContour(f: number[][]): [[number, number], [number, number]][] {
  const segments: [[number, number], [number, number]][] = [];
  const at = (ix: number, iy: number): [number, number] => [ix / (FINE - 1), iy / (FINE - 1)];
  const cross = (a: [number, number], fa: number, b: [number, number], fb: number): [number, number] => {
    const t = fa / (fa - fb);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  };
  for (let iy = 0; iy < FINE - 1; iy++) {
    for (let ix = 0; ix < FINE - 1; ix++) {
      const corners: [[number, number], number][] = [
        [at(ix, iy), f[iy][ix]],
        [at(ix + 1, iy), f[iy][ix + 1]],
        [at(ix + 1, iy + 1), f[iy + 1][ix + 1]],
        [at(ix, iy + 1), f[iy + 1][ix]],
      ];
      if (corners.some(([, v]) => !Number.isFinite(v))) continue;
      const points: [number, number][] = [];
      for (let k = 0; k < 4; k++) {
        const [a, fa] = corners[k];
        const [b, fb] = corners[(k + 1) % 4];
        if ((fa < 0) !== (fb < 0)) points.push(cross(a, fa, b, fb));
      }
      // Two crossings: one segment; four (a saddle): pair them in order.
      for (let k = 0; k + 1 < points.length; k += 2) segments.push([points[k], points[k + 1]]);
    }
  }
  return segments;
}

const WEIGHT_FIELDS: readonly PhaseField[] = ['gain', 'sw2'];
const weightAxis = (spec: PhaseSpec): 'x' | 'y' | null => (WEIGHT_FIELDS.includes(spec.x.field) ? 'x' : WEIGHT_FIELDS.includes(spec.y.field) ? 'y' : null);

/** The critical line solved at each fine value of the axis that is not the weights' scale. */
function criticalAlong(base: RunConfig, spec: PhaseSpec, xs: ReturnType<typeof fineAxis>, ys: ReturnType<typeof fineAxis>): Segment[] {
  const along = weightAxis(spec) === 'x' ? { weight: spec.x, other: spec.y, values: ys.values } : { weight: spec.y, other: spec.x, values: xs.values };
  const [lo, hi] = [axisValues({ ...along.weight, n: 2 })[0], axisValues({ ...along.weight, n: 2 }).at(-1) as number];
  const points = along.values.map((v): [number, number] | null => {
    const cell = cellConfig(base, { [along.other.field]: v });
    const sw2 = criticalSigmaW2(cell.activation, cell.biasStd ** 2);
    const w = along.weight.field === 'sw2' ? sw2 : gainForSigmaW2(cell, cell.width, sw2);
    if (!Number.isFinite(w) || w < lo || w > hi) return null;
    return weightAxis(spec) === 'x' ? [w, v] : [v, w];
  });
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a && b) segments.push([a, b]);
  }
  return segments;
}

/** A large finite stand-in for an infinite log, so contours near it still close. */
const BIG = 1e3;

export function phaseLines(base: RunConfig, spec: PhaseSpec): PhaseLines {
  const xs = fineAxis(spec.x);
  const ys = fineAxis(spec.y);
  const cache = new Map<string, { chi1: number; xiC: number }>();
  const chiLog: number[][] = [];
  const trainLog: number[][] = [];
  let chiMin = Number.POSITIVE_INFINITY;
  let chiMax = Number.NEGATIVE_INFINITY;
  let anyXiFinite = false;
  for (const y of ys.values) {
    const chiRow: number[] = [];
    const trainRow: number[] = [];
    for (const x of xs.values) {
      const cell = cellConfig(base, { [spec.x.field]: x, [spec.y.field]: y });
      const sw2 = unitSigmaW2(cell, cell.width) * cell.initGain ** 2;
      const sb2 = cell.biasStd ** 2;
      const key = `${sw2}:${sb2}`;
      let point = cache.get(key);
      if (!point) {
        const p = meanFieldPoint(cell.activation, sw2, sb2);
        point = { chi1: p.chi1, xiC: p.xiC };
        cache.set(key, point);
      }
      chiMin = Math.min(chiMin, point.chi1);
      chiMax = Math.max(chiMax, point.chi1);
      chiRow.push(Math.log(point.chi1));
      if (Number.isFinite(point.xiC)) anyXiFinite = true;
      const xi = Number.isFinite(point.xiC) ? Math.log(6 * point.xiC) : BIG;
      trainRow.push(xi - Math.log(cell.depth));
    }
    chiLog.push(chiRow);
    trainLog.push(trainRow);
  }
  const toData = (seg: [[number, number], [number, number]]): Segment =>
    seg.map(([tx, ty]) => [xs.toValue(tx), ys.toValue(ty)]) as Segment;
  const notes: LineNote[] = [];
  const plain = base.normalization === 'none' && !base.residual;
  if (!plain) return { critical: [], trainable: [], notes: ['not-plain'], chiRange: [chiMin, chiMax] };
  const critical = weightAxis(spec) ? criticalAlong(base, spec, xs, ys) : zeroContour(chiLog).map(toData);
  const trainable = anyXiFinite ? zeroContour(trainLog).map(toData) : [];
  if (critical.length === 0) notes.push('one-phase');
  if (!anyXiFinite) notes.push('xi-infinite');
  else if (trainable.length === 0) notes.push('trainable-outside');
  return { critical, trainable, notes, chiRange: [chiMin, chiMax] };
}
