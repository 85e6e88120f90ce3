// The words for what the RNN family measures and predicts (codes and numbers come from
// core/families/rnn/theory.ts), and the site vocabulary the shared charts use: the MLP's
// sites are layers, the RNN's are time steps.

import type { ModelFamily } from '../core/config';
import type { RecurrentTheory } from '../core/families/rnn/theory';
import { type Lang, t } from '../i18n/i18n';
import { formatNumber } from './charts/scale';

export interface SiteWords {
  /** "layer" or "time step". */
  site: string;
  /** Capitalised, for titles: "Layer" or "Time step". */
  Site: string;
  /** The per-site axis label. */
  axis: string;
  /** The first and last site, as a key says them. */
  first: string;
  last: string;
}

/** The site words of a family in a language. */
export function siteWords(family: ModelFamily, lang: Lang = 'en'): SiteWords {
  const f = family === 'rnn' ? 'rnn' : 'mlp';
  return {
    site: t(lang, `site.${f}`),
    Site: t(lang, `site.${f}.title`),
    axis: t(lang, `site.${f}.axis`),
    first: t(lang, `site.${f}.first`),
    last: t(lang, `site.${f}.last`),
  };
}

/** Pascanu's condition for this network, in words. */
export function describeRecurrentTheory(r: RecurrentTheory, lang: Lang = 'en'): string {
  const p = `γ·σ_max(W_rec) = ${formatNumber(r.gamma)} × ${formatNumber(r.sigmaMax)} = ${formatNumber(r.product)}`;
  return t(lang, `rnn.theory.${r.regime}`, { p, sigmaMin: formatNumber(r.sigmaMin), sigmaMax: formatNumber(r.sigmaMax), cell: r.cell === 'lstm' ? 'LSTM' : 'GRU' });
}

/** The envelope's legend: which bounds are drawn. */
export function envelopeLabel(r: RecurrentTheory, lang: Lang = 'en'): string {
  return t(lang, r.upper && r.lower ? 'rnn.envelope.both' : r.upper ? 'rnn.envelope.upper' : 'rnn.envelope.none');
}
