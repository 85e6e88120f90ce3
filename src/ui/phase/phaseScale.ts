// The phase diagram's scales: the diverging colour of a log10 ratio, the colour
// domain in whole decades, axis ticks and where a value sits on an axis. Pure.

import { PHASE_FIELD_SPECS, type PhaseField } from '../../core/phase/grid';
import type { PhaseCell } from '../../core/phase/sweep';

/**
 * ColorBrewer RdBu (11 classes), blue to red: vanishing blue, level near-white,
 * exploding red. Safe for the common colour-vision deficiencies; its lightness rises to
 * the middle and falls again, so the two sides also differ in greyscale by their labels.
 */
const RDBU = ['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'];

const hexToRgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/**
 * Where `value` decades sits on the colour scale, -1 (deepest blue, -domain) to 1
 * (deepest red, +domain): logarithmic in the decades beyond the first (a symmetric log
 * scale), so a map spanning 50 decades still shows the few decades around the
 * critical line in full colour.
 */
export function colorPosition(value: number, domain: number): number {
  const p = (Math.sign(value) * Math.log1p(Math.abs(value))) / Math.log1p(domain);
  return Math.min(1, Math.max(-1, p));
}

/** The value at a colour position (the inverse of colorPosition). */
export const valueAtPosition = (p: number, domain: number) => Math.sign(p) * Math.expm1(Math.abs(p) * Math.log1p(domain));

/** The colour of `value` decades on a scale from -domain (deepest blue) to +domain (deepest red). */
export function divergingColor(value: number, domain: number): string {
  const t = ((colorPosition(value, domain) + 1) / 2) * (RDBU.length - 1);
  const i = Math.min(RDBU.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [hexToRgb(RDBU[i]), hexToRgb(RDBU[i + 1])];
  const rgb = a.map((c, k) => Math.round(c + f * (b[k] - c)));
  return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
}

export const VANISH_COLOR = RDBU[0];
export const EXPLODE_COLOR = RDBU[RDBU.length - 1];
export const NAN_COLOR = '#8c8c8c';
export const PENDING_COLOR = '#e6e6e6';

const DOMAINS = [1, 2, 3, 5, 10, 20, 30, 50, 100, 200];

/** The smallest of 1, 2, 3, 5, 10, ... decades that holds the largest |value| (values not finite ignored). */
export function colorDomain(values: Iterable<number>): number {
  let peak = 0;
  for (const v of values) if (Number.isFinite(v)) peak = Math.max(peak, Math.abs(v));
  return DOMAINS.find((d) => d >= peak) ?? DOMAINS[DOMAINS.length - 1];
}

/** Legend ticks: 0, ±1, ±3, ±10, ... up to the domain, and the domain itself. */
export function legendTicks(domain: number): number[] {
  const steps = [1, 3, 10, 30, 100].filter((v) => v <= domain / 2.5);
  const side = [...steps, domain];
  return [...side.slice().reverse(), 0, ...side.map((v) => -v)];
}

/** What a cell shows: the measurement, the theory, or how far the measurement is from it. */
export type PhaseShow = 'measured' | 'predicted' | 'difference';

export function shownValue(cell: PhaseCell, show: PhaseShow): number {
  if (show === 'predicted') return cell.predicted;
  if (show === 'difference') return cell.measured - cell.predicted;
  return cell.measured;
}

/** A cell's fill: its colour, or the deepest colour of its side when its seeds overflowed or the gradient hit exactly 0. */
export function cellFill(cell: PhaseCell, show: PhaseShow, domain: number): { fill: string; hatch: 'overflow' | 'zero' | null } {
  const value = shownValue(cell, show);
  if (Number.isFinite(value)) return { fill: divergingColor(value, domain), hatch: null };
  if (show !== 'predicted' && cell.finite === 0) {
    if (cell.overflow > 0) return { fill: EXPLODE_COLOR, hatch: 'overflow' };
    if (cell.zero > 0) return { fill: VANISH_COLOR, hatch: 'zero' };
  }
  return { fill: NAN_COLOR, hatch: null };
}

/** Position of a value along an axis of `values` (evenly spaced in display coordinates), in cell units: 0 is the first cell's centre. */
export function axisPosition(field: PhaseField, values: readonly number[], v: number): number {
  if (values.length < 2) return 0;
  const log = PHASE_FIELD_SPECS[field].log;
  const d = (x: number) => (log ? Math.log(x) : x);
  return ((d(v) - d(values[0])) / (d(values[values.length - 1]) - d(values[0]))) * (values.length - 1);
}

/** Round tick values inside [lo, hi]: 1-2-5 steps on a linear axis, powers of 2 (or 10 over a wide range) on a log one. */
export function axisTicks(field: PhaseField, lo: number, hi: number, target = 5): number[] {
  if (PHASE_FIELD_SPECS[field].log) {
    const base = hi / lo > 64 ? 10 : 2;
    const ticks: number[] = [];
    for (let k = Math.ceil(Math.log(lo) / Math.log(base) - 1e-9); base ** k <= hi * (1 + 1e-9); k++) ticks.push(base ** k);
    return ticks.length > target + 3 ? ticks.filter((_, i) => i % 2 === 0) : ticks;
  }
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) ticks.push(Number(v.toPrecision(10)));
  return ticks;
}

/** "10⁸·⁷" style: 10 to a signed power (one decimal by default). */
export function decadesText(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) < 0.5 * 10 ** -digits) return '1';
  return `10${superscript(value.toFixed(digits))}`;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '.': '·', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
export const superscript = (text: string) => Array.from(text, (c) => SUPERSCRIPT[c] ?? c).join('');
