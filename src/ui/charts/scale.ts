// Domains and ticks for the charts. Log axes need a fixed domain, explicit ticks and
// only finite positive values: recharts blanks a whole log chart on a single 0.

export const LOG_FLOOR = 1e-30;
export const LOG_CEIL = 1e30;

/** A log domain of whole decades covering the finite positive values (at least one decade). */
export function logDomain(values: Iterable<number>, fallback: [number, number] = [1e-3, 1e1]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return fallback;
  let lo = 10 ** Math.floor(Math.log10(Math.max(min, LOG_FLOOR)));
  let hi = 10 ** Math.ceil(Math.log10(Math.min(max, LOG_CEIL)));
  if (hi <= lo) {
    lo /= 10;
    hi *= 10;
  }
  return [lo, hi];
}

/** Powers of ten within the domain, thinned to at most `maxTicks`. */
export function logTicks([lo, hi]: [number, number], maxTicks = 6): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const span = Math.max(1, b - a);
  const every = Math.ceil(span / Math.max(1, maxTicks - 1));
  const ticks: number[] = [];
  for (let e = a; e <= b; e += every) ticks.push(10 ** e);
  return ticks;
}

export function formatPow10(v: number): string {
  if (!(v > 0)) return String(v);
  const e = Math.round(Math.log10(v));
  if (Math.abs(Math.log10(v) - e) > 1e-9) return v.toPrecision(2);
  if (e >= -2 && e <= 3) return String(10 ** e >= 1 ? 10 ** e : Number((10 ** e).toFixed(-e)));
  return `1e${e}`;
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
