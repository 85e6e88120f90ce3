// The fixes the health banner offers, in words: each is a candidate the worker has tried
// ahead on the same seed (core/fixes.ts, core/fixTrials.ts), labelled with what it
// changes and what it measured, best first.

import type { RunConfig } from '../core/config';
import { type FixId, rateSweep } from '../core/fixes';
import { type FixTrial, rankTrials, rescues, type TrialOutcome } from '../core/fixTrials';
import type { HealthStatus } from '../core/health';
import { formatNumber } from './charts/scale';

export interface Fix {
  id: FixId;
  /** What it changes: "Lower learning rate to 0.3". */
  label: string;
  /** A few words: the label of the variant this fix opens side by side. */
  short: string;
  why: string;
  patch: Partial<RunConfig>;
  /** What the trial measured: "trains: loss 0.41 after 200 steps". */
  measured: string;
  rescues: boolean;
  verdict: TrialOutcome['verdict'];
}

const initName = (init: unknown) => String(init).replace('_', ' ');

/** What a fix changes, in words. */
export function describeFix(id: FixId, patch: Partial<RunConfig>): { label: string; short: string; why: string } {
  switch (id) {
    case 'init':
      return { label: `Use ${initName(patch.init)} (gain 1)`, short: initName(patch.init), why: 'the initialization that keeps gradient variance level for this activation' };
    case 'lr':
      return { label: `Lower learning rate to ${patch.learningRate}`, short: `lr ${patch.learningRate}`, why: 'smaller steps: the largest rate of a short sweep that stayed healthy' };
    case 'clip':
      return {
        label: `Clip by norm (${formatNumber(patch.clipThreshold ?? 1, 2)})`,
        short: 'clip by norm',
        why: 'caps the global gradient norm at about its average over the last steps',
      };
    case 'leaky':
      return { label: 'Switch to leaky relu', short: 'leaky ReLU', why: 'a leaky unit never dies: it always passes 1% of the gradient' };
    case 'relu':
      return { label: 'Switch to relu + he', short: 'ReLU + He', why: 'relu does not squash gradients' };
    case 'adam':
      return { label: `Switch to Adam (lr ${patch.learningRate})`, short: 'Adam', why: 'per-weight step sizes' };
    case 'norm':
      return { label: 'Add layer norm', short: 'layer norm', why: 'rescales every layer' };
    case 'residual':
      return { label: 'Add residual connections', short: 'residual', why: 'an identity path for the gradient' };
    case 'orthogonal':
      return { label: 'Use an orthogonal W_rec (gain 1)', short: 'orthogonal W_rec', why: 'every singular value 1: σ_max(W_rec) = 1, so the matrix neither grows nor shrinks the gradient' };
    case 'lstm':
      return { label: 'Switch to an LSTM cell', short: 'LSTM', why: 'the cell state passes the gradient on through the forget gate, added rather than multiplied' };
    case 'gru':
      return { label: 'Switch to a GRU cell', short: 'GRU', why: 'the update gate keeps a share of the old state, and of the gradient, at every step' };
  }
}

const FAILURE: Record<Exclude<TrialOutcome['verdict'], 'trains' | 'stalls' | 'diverges'>, HealthStatus> = {
  vanishes: 'vanishing',
  explodes: 'exploding',
};

/** What a trial measured, in words; "still" where it fails the way the run did. */
export function describeOutcome(trial: FixTrial, runStatus: HealthStatus, config: RunConfig): string {
  const o = trial.outcome;
  const loss = formatNumber(o.loss, 3);
  let text: string;
  switch (o.verdict) {
    case 'trains':
      text = `trains: loss ${loss} after ${o.steps} steps`;
      break;
    case 'stalls':
      text = `healthy, but the loss is still ${loss} after ${o.steps} steps`;
      break;
    case 'diverges':
      text = `${runStatus === 'diverged' ? 'still diverges' : 'diverges'} at step ${o.steps}`;
      break;
    default: {
      const word = o.verdict === 'vanishes' ? 'vanishes' : 'explodes';
      const still = FAILURE[o.verdict] === runStatus ? 'still ' : '';
      const site = config.model === 'rnn' ? 'time step' : 'layer';
      text = `${still}${word}${o.layer !== null ? ` (${site} ${o.layer})` : ''} after ${o.steps} steps`;
      // A run that diverged: staying finite is half the rescue, and worth saying (clipping an RNN).
      if (runStatus === 'diverged' && o.verdict === 'explodes') text = `stays finite (loss ${loss}), but ${text}`;
    }
  }
  if (trial.id === 'lr' && trial.tried > 1) {
    const sweep = rateSweep(config.learningRate);
    const larger = sweep.slice(0, trial.tried).filter((r) => r !== trial.patch.learningRate);
    text += o.verdict === 'trains' || o.verdict === 'stalls' ? `; ${larger.join(', ')} did not` : `; every rate down to ${sweep[trial.tried - 1]} failed`;
  }
  return text;
}

/** The tried fixes for a run, best first: those that rescue it, then those that do not. */
export function rankedFixes(trials: readonly FixTrial[], runStatus: HealthStatus, config: RunConfig): Fix[] {
  return rankTrials(trials).map((trial) => ({
    id: trial.id,
    ...describeFix(trial.id, trial.patch),
    patch: trial.patch,
    measured: describeOutcome(trial, runStatus, config),
    rescues: rescues(trial),
    verdict: trial.outcome.verdict,
  }));
}
