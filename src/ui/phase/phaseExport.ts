// The phase diagram as a file: JSON of the grid (rows follow y, columns follow x; log10
// ratios, null where a cell has none), and the file names. Pure.

import type { PhaseGrid } from '../../store/phaseStore';
import type { PhaseLines } from '../../core/phase/lines';

const orNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);

export function phaseToJson(grid: PhaseGrid, lines: PhaseLines | null, meta: { backend: string | null; exportedAt: Date }): string {
  const nx = grid.xValues.length;
  const rows = <T>(pick: (i: number) => T) => grid.yValues.map((_, iy) => grid.xValues.map((_, ix) => pick(iy * nx + ix)));
  const doc = {
    config: grid.config,
    seeds: grid.spec.seeds,
    x: { field: grid.spec.x.field, values: grid.xValues },
    y: { field: grid.spec.y.field, values: grid.yValues },
    quantity: 'log10 of the first over the last hidden layer’s ||delta|| at initialization (per unit)',
    measured: rows((i) => orNull(grid.cells[i]?.measured)),
    spread: rows((i) => orNull(grid.cells[i]?.spread)),
    predicted: rows((i) => orNull(grid.cells[i]?.predicted)),
    /** Per cell, how many seeds overflowed float32 in the forward pass, or had a gradient of exactly 0. */
    overflow: rows((i) => grid.cells[i]?.overflow ?? null),
    zero: rows((i) => grid.cells[i]?.zero ?? null),
    theory: lines ? { critical: lines.critical, trainable: lines.trainable, notes: lines.notes } : null,
    backend: meta.backend,
    exportedAt: meta.exportedAt.toISOString(),
  };
  return JSON.stringify(doc, null, 1);
}

export const phaseFilename = (grid: PhaseGrid, ext: 'json' | 'svg' | 'png') =>
  `gradscope-phase-${grid.spec.x.field}-${grid.spec.y.field}-seed${grid.config.seed}.${ext}`;
