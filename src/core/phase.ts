// The phase diagram's engine (not yet wired into the page): a grid over two numeric
// fields of a configuration, and per cell the log10 ratio of the first to the last
// hidden layer's per-unit ||delta|| at initialization, measured over several seeds and
// predicted by mean-field theory (theory.ts, the same prediction as the gradient-flow
// chart's line). Positive: gradients explode towards the input; negative: they vanish.

import { CONFIG_LIMITS, type NumberLimit, type RunConfig } from './config';
import { makeDataset } from './datasets';
import { createRng } from './rng';
import { predictTheory } from './theory';
import { createMlpTrainer } from './trainer';

/** The fields a phase diagram can sweep. */
export const PHASE_FIELDS = ['initGain', 'depth', 'width', 'initStd'] as const;
export type PhaseField = (typeof PHASE_FIELDS)[number];

export interface PhaseAxis {
  field: PhaseField;
  values: number[];
}

/**
 * `n` values of `field` from `from` to `to`, both included: log-spaced where the field is
 * shown on a log scale (gain, std), else evenly; integers rounded, repeats dropped; all
 * inside the field's limits.
 */
export function axisValues(field: PhaseField, from: number, to: number, n: number): number[] {
  const limit = CONFIG_LIMITS[field] as NumberLimit;
  const clamp = (v: number) => Math.min(limit.max, Math.max(limit.min, v));
  const [a, b] = [clamp(from), clamp(to)];
  const count = Math.max(1, Math.round(n));
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = count === 1 ? 0 : i / (count - 1);
    let v = limit.log ? Math.exp(Math.log(a) + f * (Math.log(b) - Math.log(a))) : a + f * (b - a);
    v = limit.integer ? Math.round(v) : Number(v.toPrecision(6));
    if (!values.includes(v)) values.push(v);
  }
  return values;
}

/** The configuration of one cell: the base with the two swept fields set. */
export function cellConfig(base: RunConfig, x: PhaseField, xValue: number, y: PhaseField, yValue: number): RunConfig {
  return { ...base, model: 'mlp', [x]: xValue, [y]: yValue };
}

/** Mean-field theory's log10 ratio of the first to the last hidden layer's per-unit ||delta|| (NaN below depth 2). */
export function predictedLogRatio(config: RunConfig): number {
  if (config.depth < 2) return Number.NaN;
  const data = makeDataset(config, createRng(config.seed).fork());
  const theory = predictTheory(config, data.inputDim, data.outputDim, data.inputSecondMoment);
  // Relative to the last hidden layer; the hidden layers share one width, so per unit is per layer.
  return Math.log10(theory.preactGradNormRelative[0]);
}

export interface MeasuredCell {
  /** Mean over the seeds of the log10 ratio; NaN when no seed gave a finite one. */
  mean: number;
  /** Standard deviation over the seeds (0 for one). */
  spread: number;
  /** The seeds whose ratio was not finite (a gradient of 0, or an overflow). */
  nonFinite: number;
}

/**
 * The measured log10 ratio of the first to the last hidden layer's ||delta|| at
 * initialization: the gradients of the initial weights on one training batch, for
 * seeds seed, seed + 1, ... (data, weights and batch all follow the seed).
 */
export async function measureCell(config: RunConfig, seeds: number): Promise<MeasuredCell> {
  const logs: number[] = [];
  let nonFinite = 0;
  for (let k = 0; k < seeds; k++) {
    const trainer = createMlpTrainer({ ...config, seed: config.seed + k }, { testEvery: Number.MAX_SAFE_INTEGER });
    try {
      const deltas = (await trainer.step()).layers.preactGradNorm;
      const ratio = Math.log10(deltas[0] / deltas[config.depth - 1]);
      if (Number.isFinite(ratio)) logs.push(ratio);
      else nonFinite++;
    } finally {
      trainer.dispose();
    }
  }
  if (logs.length === 0) return { mean: Number.NaN, spread: Number.NaN, nonFinite };
  const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
  const spread = Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / logs.length);
  return { mean, spread, nonFinite };
}
