// Fixes are tried before they are offered: each candidate (core/fixes.ts) trains for a
// short horizon on the same seed, data and batch order as the failing run, and what
// happened is kept as codes and numbers (the UI words them). A job runs one training
// step per call, so that the run loop can interleave it with the visible runs and keep
// its share of the worker's time small.

import type { RunConfig } from './config';
import type { FixCandidate, FixId } from './fixes';
import type { HealthStatus } from './health';
import type { Trainer } from './trainer';

/** Steps each candidate trains for. */
export const TRIAL_STEPS = 200;
/** A bad verdict other than divergence is tried for once it has lasted this many steps (one-step flickers are not). */
export const TRIAL_AFTER_STEPS = 10;
/** The verdict is read over this many last steps (or all of them, for a shorter trial). */
export const JUDGE_WINDOW = 40;
/** A trial is healthy when at least this share of the judged steps is. */
export const HEALTHY_SHARE = 0.9;
/**
 * It trains when it is healthy and its loss (the mean of the last LOSS_WINDOW steps) is
 * below this share of the chance loss (or of its step-0 loss, where that is lower): one
 * bar for every fix, so the same loss never reads "trains" for one and not another.
 */
export const LEARNS_BELOW = 0.95;
export const LOSS_WINDOW = 10;

/**
 * trains: healthy and the loss went below chance; stalls: healthy, but the loss did not
 * get there (yet); both rescue the run from its gradient problem. vanishes / explodes:
 * the verdict over the last steps; diverges: NaN or infinity at `steps`.
 */
export type TrialVerdict = 'trains' | 'stalls' | 'vanishes' | 'explodes' | 'diverges';

export interface TrialOutcome {
  verdict: TrialVerdict;
  /** Steps trained (for `diverges`, the 0-based step where the values turned non-finite). */
  steps: number;
  /** Mean training loss over the last steps (NaN once diverged). */
  loss: number;
  /** The loss at step 0. */
  firstLoss: number;
  /** For vanishes / explodes / diverges: the 1-based layer the last bad verdict named, or null. */
  layer: number | null;
}

export interface FixTrial {
  id: FixId;
  /** The patch this outcome is of (for the learning rate: the rate kept). */
  patch: Partial<RunConfig>;
  outcome: TrialOutcome;
  /** How many of the candidate's patches were tried (the learning-rate sweep tries several). */
  tried: number;
  /** How many patches the candidate has. */
  of: number;
}

/** What one step of a trial contributes to its verdict. */
export interface TrialStep {
  loss: number;
  status: HealthStatus;
  layer: number | null;
}

/**
 * The loss of a guess that ignores the input: ln(classes) for softmax cross-entropy,
 * the targets' variance for mean squared error.
 */
export function chanceLoss(dataset: { classification: boolean; outputDim: number; trainY: ArrayLike<number> }): number {
  if (dataset.classification) return Math.log(dataset.outputDim);
  const y = Array.from(dataset.trainY);
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, y.length);
  return y.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, y.length);
}

/** The verdict of a trial from its steps (all of them, step 0 first), against the chance loss. */
export function judgeTrial(steps: readonly TrialStep[], chance = Number.POSITIVE_INFINITY): TrialOutcome {
  const firstLoss = steps[0]?.loss ?? Number.NaN;
  const diverged = steps.findIndex((s) => s.status === 'diverged' || !Number.isFinite(s.loss));
  if (diverged >= 0) return { verdict: 'diverges', steps: diverged, loss: Number.NaN, firstLoss, layer: steps[diverged].layer };
  const judged = steps.slice(-JUDGE_WINDOW);
  const healthy = judged.filter((s) => s.status === 'healthy').length;
  const tail = steps.slice(-LOSS_WINDOW);
  const loss = tail.reduce((a, s) => a + s.loss, 0) / Math.max(1, tail.length);
  if (healthy >= HEALTHY_SHARE * judged.length) {
    const bar = LEARNS_BELOW * Math.min(firstLoss, chance);
    return { verdict: loss < bar ? 'trains' : 'stalls', steps: steps.length, loss, firstLoss, layer: null };
  }
  // The bad verdict seen most over the judged steps, and the layer it named last.
  const vanishing = judged.filter((s) => s.status === 'vanishing').length;
  const exploding = judged.filter((s) => s.status === 'exploding').length;
  const status = vanishing >= exploding ? 'vanishing' : 'exploding';
  const last = [...judged].reverse().find((s) => s.status === status);
  return { verdict: status === 'vanishing' ? 'vanishes' : 'explodes', steps: steps.length, loss, firstLoss, layer: last?.layer ?? null };
}

const VERDICT_ORDER: readonly TrialVerdict[] = ['trains', 'stalls', 'vanishes', 'explodes', 'diverges'];

/** Negative when outcome `a` is better than `b`: trains before stalls before ... before diverges; then lower loss, then later divergence. */
export function compareOutcomes(a: TrialOutcome, b: TrialOutcome): number {
  const byVerdict = VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict);
  if (byVerdict !== 0) return byVerdict;
  if (a.verdict === 'diverges') return b.steps - a.steps;
  return a.loss - b.loss;
}

/** Best first: the fixes that rescue the run (by loss), then those that do not. Stable. */
export function rankTrials(trials: readonly FixTrial[]): FixTrial[] {
  return trials
    .map((t, i) => ({ t, i }))
    .sort((x, y) => compareOutcomes(x.t.outcome, y.t.outcome) || x.i - y.i)
    .map(({ t }) => t);
}

/** The run's gradient problem is gone: it trains, or at least stays healthy. */
export const rescues = (trial: FixTrial) => trial.outcome.verdict === 'trains' || trial.outcome.verdict === 'stalls';

export interface TrialJob {
  /** The candidates, in the order they are tried. */
  readonly candidates: readonly FixCandidate[];
  /** The candidates tried to the end so far, in the order tried. */
  readonly results: readonly FixTrial[];
  readonly done: boolean;
  /** One training step of the current trial; true when a candidate finished with it. */
  step(): Promise<boolean>;
  dispose(): void;
}

/**
 * Tries `candidates` one after the other on `config` patched, each for `horizon` steps
 * (less when it diverges). A candidate with several patches (the learning-rate sweep,
 * largest rate first) tries them in order and keeps the first that stays healthy, else
 * the best outcome.
 */
export function createTrialJob(
  config: RunConfig,
  candidates: readonly FixCandidate[],
  makeTrainer: (config: RunConfig) => Trainer,
  horizon = TRIAL_STEPS,
): TrialJob {
  const results: FixTrial[] = [];
  let ci = 0;
  let pi = 0;
  let trainer: Trainer | null = null;
  let steps: TrialStep[] = [];
  let best: FixTrial | null = null;
  let chance = Number.POSITIVE_INFINITY;

  const finishPatch = (): boolean => {
    trainer?.dispose();
    trainer = null;
    const candidate = candidates[ci];
    const trial: FixTrial = { id: candidate.id, patch: candidate.patches[pi], outcome: judgeTrial(steps, chance), tried: pi + 1, of: candidate.patches.length };
    steps = [];
    if (!best || compareOutcomes(trial.outcome, best.outcome) < 0) best = trial;
    const last = pi + 1 >= candidate.patches.length;
    if (rescues(trial) || last) {
      results.push({ ...best, tried: pi + 1 });
      best = null;
      ci++;
      pi = 0;
      return true;
    }
    pi++;
    return false;
  };

  return {
    candidates,
    results,
    get done() {
      return ci >= candidates.length;
    },
    async step() {
      if (ci >= candidates.length) return false;
      if (!trainer) {
        trainer = makeTrainer({ ...config, ...candidates[ci].patches[pi] });
        // Every trial shares the run's data (the same seed), so one chance loss serves all.
        chance = chanceLoss(trainer.dataset);
      }
      const stats = await trainer.step();
      steps.push({ loss: stats.loss, status: stats.health.status, layer: stats.health.layer });
      if (stats.health.status === 'diverged' || steps.length >= horizon) return finishPatch();
      return false;
    },
    dispose() {
      trainer?.dispose();
      trainer = null;
      ci = candidates.length;
    },
  };
}
