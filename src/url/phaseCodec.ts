// The phase diagram's part of the URL (only with view=phase):
//   view=phase&px=gain&xr=0.25,4&nx=24&py=depth&yr=2,100&ny=24&pseeds=4
// px / py name the swept fields (grid.ts PHASE_FIELDS), xr / yr their ranges, nx / ny
// the grid points, pseeds the seeds per cell. Bad values fall back with a warning, as
// every other field does; an axis given without a range gets its field's own.

import { DEFAULT_PHASE_SPEC, PHASE_FIELD_SPECS, PHASE_FIELDS, PHASE_GRID_MAX, PHASE_SEEDS_MAX, type PhaseAxis, type PhaseField, type PhaseSpec } from '../core/phase/grid';
import { quoted } from './queryLimits';
import { note } from './notes';

export const PAGES = ['lab', 'phase'] as const;
export type Page = (typeof PAGES)[number];

type Single = (key: string) => string | undefined;

function decodeAxis(which: 'x' | 'y', single: Single, fallback: PhaseAxis, warnings: string[]): PhaseAxis {
  const fieldKey = `p${which}`;
  const rawField = single(fieldKey);
  let field = fallback.field;
  let fieldGiven = false;
  if (rawField !== undefined) {
    if ((PHASE_FIELDS as readonly string[]).includes(rawField.trim())) {
      field = rawField.trim() as PhaseField;
      fieldGiven = field !== fallback.field;
    } else note(warnings, 'oneOf', { key: fieldKey, raw: quoted(rawField), options: PHASE_FIELDS.join(', '), value: fallback.field });
  }
  const spec = PHASE_FIELD_SPECS[field];
  let [from, to] = fieldGiven ? [spec.from, spec.to] : [fallback.from, fallback.to];
  const rangeKey = `${which}r`;
  const rawRange = single(rangeKey);
  if (rawRange !== undefined) {
    const parts = rawRange.split(',').map((p) => Number(p.trim()));
    if (parts.length === 2 && parts.every(Number.isFinite) && parts[0] !== parts[1]) {
      const clamp = (v: number) => Math.min(spec.max, Math.max(spec.min, v));
      const [a, b] = [clamp(Math.min(parts[0], parts[1])), clamp(Math.max(parts[0], parts[1]))];
      if (a !== Math.min(parts[0], parts[1]) || b !== Math.max(parts[0], parts[1])) {
        note(warnings, 'rangeOutside', { key: rangeKey, raw: quoted(rawRange), field, min: String(spec.min), max: String(spec.max), a: String(a), b: String(b) });
      }
      if (a < b) [from, to] = [a, b];
    } else note(warnings, 'rangeBad', { key: rangeKey, raw: quoted(rawRange), from: String(from), to: String(to) });
  }
  const countKey = `n${which}`;
  let n = fallback.n;
  const rawCount = single(countKey);
  if (rawCount !== undefined) {
    const v = Number(rawCount.trim());
    if (Number.isInteger(v) && v >= 2 && v <= PHASE_GRID_MAX) n = v;
    else note(warnings, 'count', { key: countKey, raw: quoted(rawCount), min: '2', max: String(PHASE_GRID_MAX), value: String(n) });
  }
  return { field, from, to, n };
}

/** The page (lab or phase diagram) and the phase diagram's grid. Never throws. */
export function decodePhase(single: Single, warnings: string[]): { page: Page; phase: PhaseSpec } {
  let page: Page = 'lab';
  const rawPage = single('view');
  if (rawPage !== undefined) {
    if ((PAGES as readonly string[]).includes(rawPage.trim())) page = rawPage.trim() as Page;
    else note(warnings, 'view', { raw: quoted(rawPage), options: PAGES.join(', ') });
  }
  if (page !== 'phase') return { page, phase: DEFAULT_PHASE_SPEC };
  const x = decodeAxis('x', single, DEFAULT_PHASE_SPEC.x, warnings);
  let y = decodeAxis('y', single, DEFAULT_PHASE_SPEC.y, warnings);
  if (y.field === x.field) {
    const other = x.field === DEFAULT_PHASE_SPEC.y.field ? DEFAULT_PHASE_SPEC.x.field : DEFAULT_PHASE_SPEC.y.field;
    note(warnings, 'sameAxis', { field: y.field, value: other });
    const spec = PHASE_FIELD_SPECS[other];
    y = { field: other, from: spec.from, to: spec.to, n: y.n };
  }
  let seeds = DEFAULT_PHASE_SPEC.seeds;
  const rawSeeds = single('pseeds');
  if (rawSeeds !== undefined) {
    const v = Number(rawSeeds.trim());
    if (Number.isInteger(v) && v >= 1 && v <= PHASE_SEEDS_MAX) seeds = v;
    else note(warnings, 'count', { key: 'pseeds', raw: quoted(rawSeeds), min: '1', max: String(PHASE_SEEDS_MAX), value: String(seeds) });
  }
  return { page, phase: { x, y, seeds } };
}

/** Writes the page and, on the phase diagram, its grid. */
export function encodePhase(params: URLSearchParams, page: Page, phase: PhaseSpec): void {
  if (page === 'lab') return;
  params.set('view', page);
  for (const [which, axis] of [['x', phase.x], ['y', phase.y]] as const) {
    params.set(`p${which}`, axis.field);
    params.set(`${which}r`, `${axis.from},${axis.to}`);
    params.set(`n${which}`, String(axis.n));
  }
  params.set('pseeds', String(phase.seeds));
}
