// What each chart shows now, in a sentence: the text alternative a screen reader reads
// ("At step 120, the gradient shrinks 1.2e6 times from the last layer to the first").
// Pure functions of a run's history, in the page's language (ChartSummary renders them).
import type { ModelFamily } from '../../core/config';
import { type Lang, t } from '../../i18n/i18n';
import type { RunHistory } from '../../store/history';
import type { HideablePart } from '../../url/presetCodec';
import { formatNumber } from './scale';

const num = (v: number) => formatNumber(v, 2);

/** The per-site gradient, first site against the last: grows, shrinks, or stays level. */
export function gradientSummary(h: RunHistory, lang: Lang, family: ModelFamily = 'mlp'): string {
  if (h.stepsSeen === 0) return t(lang, 'summary.waiting');
  const row = h.latestLayer('preactGradNorm');
  const L = row.length;
  const step = h.lastStep;
  const nonFinite = row.filter((v) => !Number.isFinite(v)).length;
  if (nonFinite > 0) return t(lang, 'summary.gradient.nonFinite', { step, count: nonFinite, total: L });
  const first = row[0];
  const last = row[L - 1];
  const site = t(lang, family === 'rnn' ? 'site.rnn' : 'site.mlp');
  const params = { step, first: num(first), last: num(last), L, site };
  if (!(first > 0) || !(last > 0)) return t(lang, 'summary.gradient.zero', params);
  const ratio = first / last;
  if (ratio >= 10) return t(lang, 'summary.gradient.grows', { ...params, ratio: num(ratio) });
  if (ratio <= 0.1) return t(lang, 'summary.gradient.shrinks', { ...params, ratio: num(1 / ratio) });
  return t(lang, 'summary.gradient.level', { ...params, ratio: num(Math.max(ratio, 1 / ratio)) });
}

/** The newest training loss against the first, and the accuracy. */
export function lossSummary(h: RunHistory, lang: Lang): string {
  if (h.stepsSeen === 0) return t(lang, 'summary.waiting');
  const loss = h.latestScalar('loss');
  const step = h.lastStep;
  if (!Number.isFinite(loss)) return t(lang, 'summary.loss.nonFinite', { step });
  const start = h.scalar('loss', 0);
  const accuracy = h.latestScalar('accuracy');
  const text = t(lang, 'summary.loss', { step, loss: num(loss), start: num(start), startStep: h.stepAt(0) });
  return Number.isFinite(accuracy) ? `${text}${t(lang, 'summary.accuracy', { accuracy: formatNumber(accuracy * 100, 3) })}` : text;
}

/** The global gradient norm, and what clipping made of it. */
export function normSummary(h: RunHistory, lang: Lang): string {
  if (h.stepsSeen === 0) return t(lang, 'summary.waiting');
  const before = h.latestScalar('gradNormBeforeClip');
  const after = h.latestScalar('gradNormAfterClip');
  const step = h.lastStep;
  if (!Number.isFinite(before)) return t(lang, 'summary.norm.nonFinite', { step });
  const clipped = Number.isFinite(after) && after < before * 0.999;
  return t(lang, clipped ? 'summary.norm.clipped' : 'summary.norm', { step, before: num(before), after: num(after) });
}

/** The spread of the update / weight ratio over the layers. */
export function ratioSummary(h: RunHistory, lang: Lang): string {
  if (h.stepsSeen === 0) return t(lang, 'summary.waiting');
  const finite = [...h.latestLayer('updateRatio')].filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return t(lang, 'summary.ratio.none', { step: h.lastStep });
  return t(lang, 'summary.ratio', { step: h.lastStep, lo: num(Math.min(...finite)), hi: num(Math.max(...finite)) });
}

/** An RNN's recurrent matrix: its largest singular value against 1. */
export function spectralSummary(h: RunHistory, lang: Lang): string {
  if (h.stepsSeen === 0) return t(lang, 'summary.waiting');
  const sigma = h.latestScalar('sigmaMax');
  if (!Number.isFinite(sigma)) return t(lang, 'summary.spectral.none', { step: h.lastStep });
  return t(lang, sigma > 1 ? 'summary.spectral.above' : 'summary.spectral.below', { step: h.lastStep, sigma: num(sigma) });
}

/** The sentence for one chart of the page, or null for a chart that has no summary (the data plot describes itself). */
export function chartSummary(part: HideablePart, h: RunHistory, lang: Lang, family: ModelFamily): string | null {
  switch (part) {
    case 'flow':
    case 'heatmap':
    case 'layer-norms':
      return gradientSummary(h, lang, family);
    case 'loss':
      return lossSummary(h, lang);
    case 'global-norm':
      return normSummary(h, lang);
    case 'update-ratio':
      return family === 'mlp' ? ratioSummary(h, lang) : null;
    case 'spectral':
      return spectralSummary(h, lang);
    default:
      return null;
  }
}
