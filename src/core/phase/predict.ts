// The phase diagram's prediction per cell: mean-field theory's log10 ratio of the first
// to the last hidden layer's per-unit ||delta||, from the same variance maps as the
// gradient-flow chart's theory line (theory.ts), so a cell and the chart agree.

import type { RunConfig } from '../config';
import { makeDataset } from '../datasets';
import { createRng } from '../rng';
import { varianceProfile } from '../theory';

/** What the prediction needs of the data: its dimensions and the inputs' second moment. */
export interface DataShape {
  inputDim: number;
  outputDim: number;
  inputSecondMoment: number;
}

export function dataShapeOf(config: RunConfig): DataShape {
  const data = makeDataset(config, createRng(config.seed).fork());
  return { inputDim: data.inputDim, outputDim: data.outputDim, inputSecondMoment: data.inputSecondMoment };
}

/**
 * Predicted log10 ratios for networks of each of `depths` that differ from `config`
 * only in depth: one variance profile at the deepest, read at each (the ratio between
 * hidden layers does not depend on the layers above them). NaN below depth 2.
 */
export function predictedLogRatios(config: RunConfig, depths: readonly number[], data: DataShape = dataShapeOf(config)): number[] {
  const deepest = Math.max(2, ...depths);
  const { deltaVariance } = varianceProfile({ ...config, depth: deepest }, data.inputDim, data.outputDim, data.inputSecondMoment);
  // Per-unit variances; the hidden layers share one width, so per unit is per layer.
  return depths.map((L) => (L < 2 ? Number.NaN : 0.5 * Math.log10(deltaVariance[0] / deltaVariance[L - 1])));
}

export const predictedLogRatio = (config: RunConfig, data?: DataShape): number => predictedLogRatios(config, [config.depth], data)[0];
