// Domains and ticks for the charts. Log axes need a fixed domain, explicit ticks and
// only finite positive values: recharts blanks a whole log chart on a single 0.

export const LOG_FLOOR = 1e-30;
export const LOG_CEIL = 1e30;

const NICE = [1, 2, 5];

/** The largest 1-2-5 number <= v, or the smallest >= v. */
export function niceLog(v: number, up: boolean): number {
  const e = Math.floor(Math.log10(v));
  const candidates = [-1, 0, 1].flatMap((de) => NICE.map((m) => m * 10 ** (e + de)));
  return up ? Math.min(...candidates.filter((c) => c >= v * (1 - 1e-9))) : Math.max(...candidates.filter((c) => c <= v * (1 + 1e-9)));
}

/**
 * A log domain covering the finite positive values: whole decades when they span more
 * than two, otherwise 1-2-5 bounds so a narrow range still fills the chart.
 */
export function logDomain(values: Iterable<number>, fallback: [number, number] = [1e-3, 1e1]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return fallback;
  min = Math.max(min, LOG_FLOOR);
  max = Math.min(max, LOG_CEIL);
  if (Math.log10(max / min) > 2) return [10 ** Math.floor(Math.log10(min)), 10 ** Math.ceil(Math.log10(max))];
  let lo = niceLog(min, false);
  let hi = niceLog(max, true);
  if (hi <= lo) {
    lo = niceLog(lo * 0.99, false);
    hi = niceLog(hi * 1.01, true);
  }
  return [lo, hi];
}

/** Ticks for a log domain: powers of ten thinned to `maxTicks`, or 1-2-5 steps in a narrow one. */
export function logTicks([lo, hi]: [number, number], maxTicks = 6): number[] {
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.ceil(Math.log10(hi) - 1e-9);
  const within = (t: number) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9);
  if (b - a <= 2) {
    const ticks: number[] = [];
    for (let e = a; e <= b; e++) for (const m of NICE) if (within(m * 10 ** e)) ticks.push(Number((m * 10 ** e).toPrecision(3)));
    if (ticks.length >= 2) return ticks.length > maxTicks + 2 ? ticks.filter((t) => NICE.slice(0, 2).some((m) => Math.abs(t / 10 ** Math.floor(Math.log10(t)) - m) < 1e-6)) : ticks;
  }
  const span = Math.max(1, b - a);
  const every = Math.ceil(span / Math.max(1, maxTicks - 1));
  const ticks: number[] = [];
  for (let e = a; e <= b; e += every) if (within(10 ** e)) ticks.push(10 ** e);
  return ticks;
}

/** The smallest 1-2-5 number >= v (for a step axis's end). */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  return niceLog(v, true);
}

export function formatPow10(v: number): string {
  if (!(v > 0)) return String(v);
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = Number((v / 10 ** e).toPrecision(2));
  if (e >= -2 && e <= 3) return String(Number(v.toPrecision(2)));
  return m === 1 ? `1e${e}` : `${m}e${e}`;
}

/** A linear domain padded by 5%, or `fallback` when there is nothing finite. */
export function linearDomain(values: Iterable<number>, fallback: [number, number] = [0, 1]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return fallback;
  if (max === min) return [min - 1, max + 1];
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

export function formatNumber(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return v.toExponential(Math.max(0, digits - 1));
  return Number(v.toPrecision(digits)).toString();
}

/** The step axis of charts over training: 0 to a 1-2-5 number past the last step. */
export function stepDomain(lastStep: number): [number, number] {
  return [0, niceCeil(Math.max(10, lastStep + 1))];
}

/** "Nice" step ticks (1, 2, 5 × 10^k) within [from, to], at most about `maxTicks`. */
export function stepTicks(from: number, to: number, maxTicks = 5): number[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  if (to === from) return [from];
  const raw = (to - from) / Math.max(1, maxTicks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const every = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let s = Math.ceil(from / every) * every; s <= to + 1e-9; s += every) ticks.push(Math.round(s));
  return ticks;
}

/** A step count for an axis label: 950, 12k, 1.5M. */
export function formatStep(step: number): string {
  const a = Math.abs(step);
  if (a >= 1e6) return `${Number((step / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((step / 1e3).toPrecision(3))}k`;
  return String(Math.round(step));
}

/**
 * The x axis of a chart over training steps, with its ticks given: left to recharts,
 * every new domain costs a round of arbitrary-precision "nice" tick arithmetic.
 */
export function stepAxis(xMax: number, label = 'step'): { domain: [number, number]; label: string; ticks: number[]; format: (v: number) => string } {
  return { domain: [0, xMax], label, ticks: stepTicks(0, xMax, 5), format: formatStep };
}

