// The fixes the lab can try for a verdict: codes and config patches, no words (the UI
// words them, ui/fixes.ts). Only fixes that change something for the config are
// candidates. Two are families rather than one patch: the learning rate is a short
// log-spaced sweep down from the current rate (the trial keeps the largest rate that
// stays healthy), and clipping takes its threshold from the gradient norms the run measured.

import { type Activation, CONFIG_LIMITS, type InitScheme, type NumberLimit, type RunConfig } from './config';
import type { HealthStatus } from './health';

export const FIX_IDS = ['init', 'lr', 'clip', 'leaky', 'relu', 'adam', 'norm', 'residual', 'orthogonal', 'lstm', 'gru'] as const;
export type FixId = (typeof FIX_IDS)[number];

export interface FixCandidate {
  id: FixId;
  /**
   * The patches to try, in order; the first that stays healthy is the fix. One patch for every
   * fix but the learning rate, whose patches are its sweep, largest rate first.
   */
  patches: Partial<RunConfig>[];
}

/** The initializer whose variance keeps chi = 1 for an activation. */
export function matchingInit(activation: Activation): InitScheme {
  switch (activation) {
    case 'relu':
    case 'leaky_relu':
    case 'elu':
      return 'he_normal';
    case 'selu':
      return 'lecun_normal';
    default:
      return 'xavier_normal';
  }
}

/** Rounded to one significant digit on the 1-3 grid (0.3, 1, 3, 10, ...): rates a person can type. */
function niceRate(x: number): number {
  const decade = 10 ** Math.floor(Math.log10(x));
  const m = x / decade;
  const mantissa = m >= 5.5 ? 10 : m >= 2 ? 3 : 1;
  return Number((mantissa * decade).toPrecision(1));
}

/** The smallest rate the sweep goes down to (the config's own lower limit). */
export const MIN_RATE = 1e-5;

/**
 * The rates the learning-rate fix tries, largest first: half a decade apart, from
 * about a third of `lr` down to a thousandth of it (on the 1-3 grid, never below
 * MIN_RATE).
 */
export function rateSweep(lr: number): number[] {
  const rates: number[] = [];
  for (let k = 1; k <= 6; k++) {
    const r = Math.max(MIN_RATE, niceRate(lr / 10 ** (k / 2)));
    if (r < lr && !rates.includes(r)) rates.push(r);
  }
  return rates;
}

/**
 * The clipping threshold from the run's measured global gradient norms (Pascanu, Mikolov
 * and Bengio 2013 suggest the average norm over recent updates): their median, so that
 * the blow-up itself does not set it, rounded to two digits, within the config's limits;
 * 1 when nothing finite was measured. Pass the norms from before the verdict turned bad.
 */
export function clipThresholdFrom(norms: readonly number[]): number {
  const finite = norms.filter((n) => Number.isFinite(n) && n > 0).sort((a, b) => a - b);
  if (finite.length === 0) return 1;
  const median = finite[Math.floor((finite.length - 1) / 2)];
  const { min, max } = CONFIG_LIMITS.clipThreshold as NumberLimit;
  return Math.min(max, Math.max(min, Number(median.toPrecision(2))));
}

/**
 * The fixes worth trying for `status`, most likely first. `recentNorms`: the run's
 * global gradient norms (before clipping) over its last steps before the verdict turned
 * bad, for the clip threshold.
 */
export function fixCandidates(status: HealthStatus, config: RunConfig, recentNorms: readonly number[] = []): FixCandidate[] {
  if (status === 'healthy') return [];
  if (config.model === 'rnn') return recurrentFixCandidates(status, config, recentNorms);
  const out: FixCandidate[] = [];
  const add = (id: FixId, ...patches: Partial<RunConfig>[]) => out.push({ id, patches });
  const init = matchingInit(config.activation);
  if (config.init !== init || config.initGain !== 1) add('init', { init, initGain: 1 });
  if (status !== 'vanishing') {
    const rates = rateSweep(config.learningRate);
    if (rates.length > 0) add('lr', ...rates.map((learningRate) => ({ learningRate })));
    if (config.clip !== 'norm') add('clip', { clip: 'norm', clipThreshold: clipThresholdFrom(recentNorms) });
  }
  if (status === 'vanishing' && config.activation === 'relu') add('leaky', { activation: 'leaky_relu' });
  if (status === 'vanishing' && (config.activation === 'sigmoid' || config.activation === 'tanh')) {
    add('relu', { activation: 'relu', init: 'he_normal', initGain: 1 });
  }
  if (config.optimizer === 'sgd' || config.optimizer === 'momentum') {
    add('adam', { optimizer: 'adam', learningRate: Math.min(config.learningRate, 0.001) });
  }
  if (config.normalization === 'none' && config.depth > 1) add('norm', { normalization: 'layer' });
  if (!config.residual && config.depth > 1) add('residual', { residual: true });
  return out;
}

/** The most an RNN's clipping fix lets the gradient's norm be. */
export const RNN_CLIP_THRESHOLD = 1;

/**
 * An RNN's fixes: clipping by norm (Pascanu, Mikolov and Bengio 2013) and a lower rate
 * against an explosion; an orthogonal W_rec at gain 1 (every singular value 1); and a
 * gated cell, LSTM or GRU, whose additive path keeps the gradient alive through time.
 */
function recurrentFixCandidates(status: HealthStatus, config: RunConfig, recentNorms: readonly number[]): FixCandidate[] {
  const out: FixCandidate[] = [];
  const add = (id: FixId, ...patches: Partial<RunConfig>[]) => out.push({ id, patches });
  if (status !== 'vanishing') {
    // An RNN can explode from its first step, when no norm measured before tells a usual size: then the threshold is 1.
    const threshold = Math.min(clipThresholdFrom(recentNorms), RNN_CLIP_THRESHOLD);
    if (config.clip !== 'norm') add('clip', { clip: 'norm', clipThreshold: threshold });
    const rates = rateSweep(config.learningRate);
    if (rates.length > 0) add('lr', ...rates.map((learningRate) => ({ learningRate })));
  }
  if (config.init !== 'orthogonal' || config.initGain !== 1) add('orthogonal', { init: 'orthogonal', initGain: 1 });
  if (config.cell === 'rnn') {
    add('lstm', { cell: 'lstm' });
    add('gru', { cell: 'gru' });
  }
  return out;
}
