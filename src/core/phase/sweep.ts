// A phase-diagram sweep: every cell of the grid measured (measure.ts) and predicted
// (predict.ts), a coarse quarter of the grid first, in blocks that share their draws.
// A generator of finished cells, so the worker streams them and can stop between any
// two yields.

import type { RunConfig } from '../config';
import { axisValues, cellConfig, measureOrder, type PhaseSpec } from './grid';
import { measureBlock, type RatioOutcome, type ScaleVariant } from './measure';
import { dataShapeOf, predictedLogRatios } from './predict';

export interface PhaseCell {
  /** Column (x) and row (y) index. */
  ix: number;
  iy: number;
  /** 0: the coarse quarter of the grid; 1: the refinement. */
  level: 0 | 1;
  /** Mean over the seeds whose ratio was finite of log10 ||delta_1|| / ||delta_L||; NaN when none was. */
  measured: number;
  /** Their standard deviation (0 for one seed). */
  spread: number;
  /** Seeds per outcome. */
  finite: number;
  overflow: number;
  zero: number;
  nan: number;
  /** Mean-field theory's log10 ratio for the cell. */
  predicted: number;
}

export interface SweepProgress {
  cells: PhaseCell[];
  done: number;
  total: number;
}

interface Block {
  level: 0 | 1;
  width: number;
  variants: ScaleVariant[];
  depths: number[];
  /** Grid cell of (variant index, depth). */
  cellAt: Map<string, [number, number]>;
  configs: Map<string, RunConfig>;
}

/**
 * The blocks of one rectangle of cells: grouped by width; within a width, its scale
 * variants times its depths. With two axes, each a scale field or a shape field, every
 * such product is exactly the rectangle's cells.
 */
function blocksOf(base: RunConfig, spec: PhaseSpec, level: 0 | 1, xs: number[], ys: number[], xv: number[], yv: number[]): Block[] {
  const byWidth = new Map<number, Block>();
  for (const iy of ys) {
    for (const ix of xs) {
      const config = cellConfig(base, { [spec.x.field]: xv[ix], [spec.y.field]: yv[iy] });
      let block = byWidth.get(config.width);
      if (!block) {
        block = { level, width: config.width, variants: [], depths: [], cellAt: new Map(), configs: new Map() };
        byWidth.set(config.width, block);
      }
      let v = block.variants.findIndex((s) => s.gain === config.initGain && s.biasStd === config.biasStd);
      if (v < 0) v = block.variants.push({ gain: config.initGain, biasStd: config.biasStd }) - 1;
      if (!block.depths.includes(config.depth)) block.depths.push(config.depth);
      block.cellAt.set(`${v}:${config.depth}`, [ix, iy]);
      block.configs.set(`${v}:${config.depth}`, config);
    }
  }
  for (const block of byWidth.values()) block.depths.sort((a, b) => a - b);
  return [...byWidth.values()];
}

export function* phaseSweep(base: RunConfig, spec: PhaseSpec): Generator<SweepProgress, void, void> {
  const xv = axisValues(spec.x);
  const yv = axisValues(spec.y);
  const total = xv.length * yv.length;
  const data = dataShapeOf(base);
  let done = 0;
  for (const rect of measureOrder(xv.length, yv.length)) {
    for (const block of blocksOf(base, spec, rect.level, rect.xs, rect.ys, xv, yv)) {
      // Depths below 2 have no ratio; they finish at once as NaN.
      const measurable = block.depths.filter((d) => d >= 2);
      const predicted = new Map<string, number>();
      block.variants.forEach((_, v) => {
        const config = block.configs.get(`${v}:${block.depths[0]}`) ?? [...block.configs.values()][0];
        const values = predictedLogRatios(config, block.depths, data);
        block.depths.forEach((d, i) => {
          predicted.set(`${v}:${d}`, values[i]);
        });
      });
      const shallow = block.depths.filter((d) => d < 2);
      if (shallow.length > 0) {
        const cells = block.variants.flatMap((_, v) => shallow.map((d) => emptyCell(block, v, d, predicted)));
        done += cells.length;
        yield { cells, done, total };
      }
      if (measurable.length === 0) continue;
      for (const result of measureBlock(base, block.width, block.variants, measurable, spec.seeds)) {
        const cells: PhaseCell[] = result.logRatio.map((ratios, i) => {
          const v = result.variantStart + i;
          const [ix, iy] = block.cellAt.get(`${v}:${result.depth}`) as [number, number];
          return summarise(ix, iy, block.level, ratios, result.outcome[i], predicted.get(`${v}:${result.depth}`) ?? Number.NaN);
        });
        done += cells.length;
        yield { cells, done, total };
      }
    }
  }
}

function emptyCell(block: Block, v: number, depth: number, predicted: Map<string, number>): PhaseCell {
  const [ix, iy] = block.cellAt.get(`${v}:${depth}`) as [number, number];
  return { ix, iy, level: block.level, measured: Number.NaN, spread: Number.NaN, finite: 0, overflow: 0, zero: 0, nan: 0, predicted: predicted.get(`${v}:${depth}`) ?? Number.NaN };
}

function summarise(ix: number, iy: number, level: 0 | 1, ratios: number[], outcomes: RatioOutcome[], predicted: number): PhaseCell {
  const finite = ratios.filter((_, s) => outcomes[s] === 'finite');
  const count = (o: RatioOutcome) => outcomes.filter((x) => x === o).length;
  const mean = finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
  const spread = finite.length > 0 ? Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length) : Number.NaN;
  return { ix, iy, level, measured: mean, spread, finite: finite.length, overflow: count('overflow'), zero: count('zero'), nan: count('nan'), predicted };
}
