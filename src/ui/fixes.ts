// The fixes the health banner offers, in words: each is a candidate the worker has tried
// ahead on the same seed (core/fixes.ts, core/fixTrials.ts), labelled with what it
// changes and what it measured, best first.

import type { RunConfig } from '../core/config';
import { type FixId, rateSweep } from '../core/fixes';
import { type FixTrial, rankTrials, rescues, type TrialOutcome } from '../core/fixTrials';
import type { HealthStatus } from '../core/health';
import { type Lang, t } from '../i18n/i18n';
import { formatNumber } from './charts/scale';
import { optionLabel } from './controlSpecs';

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

/** What a fix changes, in words. */
export function describeFix(id: FixId, patch: Partial<RunConfig>, lang: Lang = 'en'): { label: string; short: string; why: string } {
  const params = {
    init: patch.init ? optionLabel(lang, 'init', patch.init) : '',
    lr: String(patch.learningRate),
    clip: formatNumber(patch.clipThreshold ?? 1, 2),
  };
  return {
    label: t(lang, `fix.${id}.label`, params),
    short: t(lang, `fix.${id}.short`, params),
    why: t(lang, `fix.${id}.why`, params),
  };
}

const FAILURE: Record<Exclude<TrialOutcome['verdict'], 'trains' | 'stalls' | 'diverges'>, HealthStatus> = {
  vanishes: 'vanishing',
  explodes: 'exploding',
};

/** What a trial measured, in words; "still" where it fails the way the run did. */
export function describeOutcome(trial: FixTrial, runStatus: HealthStatus, config: RunConfig, lang: Lang = 'en'): string {
  const o = trial.outcome;
  const loss = formatNumber(o.loss, 3);
  const steps = o.steps;
  let text: string;
  switch (o.verdict) {
    case 'trains':
      text = t(lang, 'outcome.trains', { loss, steps });
      break;
    case 'stalls':
      text = t(lang, 'outcome.stalls', { loss, steps });
      break;
    case 'diverges':
      text = t(lang, runStatus === 'diverged' ? 'outcome.stillDiverges' : 'outcome.diverges', { steps });
      break;
    default: {
      const still = FAILURE[o.verdict] === runStatus;
      const word = t(lang, `outcome.${o.verdict}${still ? '.still' : ''}`);
      const site = o.layer !== null ? t(lang, config.model === 'rnn' ? 'outcome.atTimeStep' : 'outcome.atLayer', { site: o.layer }) : '';
      text = t(lang, 'outcome.failure', { word, site, steps });
      // A run that diverged: staying finite is half the rescue, and worth saying (clipping an RNN).
      if (runStatus === 'diverged' && o.verdict === 'explodes') text = t(lang, 'outcome.finiteBut', { loss, text });
    }
  }
  if (trial.id === 'lr' && trial.tried > 1) {
    const sweep = rateSweep(config.learningRate);
    const larger = sweep.slice(0, trial.tried).filter((r) => r !== trial.patch.learningRate);
    text += o.verdict === 'trains' || o.verdict === 'stalls' ? t(lang, 'outcome.ratesDidNot', { rates: larger.join(', ') }) : t(lang, 'outcome.ratesFailed', { rate: String(sweep[trial.tried - 1]) });
  }
  return text;
}

/** The tried fixes for a run, best first: those that rescue it, then those that do not. */
export function rankedFixes(trials: readonly FixTrial[], runStatus: HealthStatus, config: RunConfig, lang: Lang = 'en'): Fix[] {
  return rankTrials(trials).map((trial) => ({
    id: trial.id,
    ...describeFix(trial.id, trial.patch, lang),
    patch: trial.patch,
    measured: describeOutcome(trial, runStatus, config, lang),
    rescues: rescues(trial),
    verdict: trial.outcome.verdict,
  }));
}
