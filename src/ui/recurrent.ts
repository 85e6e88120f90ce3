// The words for what the RNN family measures and predicts (codes and numbers come from
// core/families/rnn/theory.ts), and the site vocabulary the shared charts use: the MLP's
// sites are layers, the RNN's are time steps.

import type { ModelFamily } from '../core/config';
import type { RecurrentTheory } from '../core/families/rnn/theory';
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

export const SITE_WORDS: Record<ModelFamily, SiteWords> = {
  mlp: { site: 'layer', Site: 'Layer', axis: 'layer (input → output)', first: 'input', last: 'readout' },
  rnn: { site: 'time step', Site: 'Time step', axis: 'time step t (first → last, the loss at the last)', first: 't = 1', last: 't = T' },
};

/** Pascanu's condition for this network, in words. */
export function describeRecurrentTheory(r: RecurrentTheory): string {
  const p = `γ·σ_max(W_rec) = ${formatNumber(r.gamma)} × ${formatNumber(r.sigmaMax)} = ${formatNumber(r.product)}`;
  switch (r.regime) {
    case 'vanishes':
      return `${p} < 1: sufficient for the gradient to vanish through time (Pascanu et al. 2013): it shrinks at least that much per step back.`;
    case 'explodes':
      return `${p}, and even σ_min = ${formatNumber(r.sigmaMin)} > 1: in a linear RNN every direction grows, so the gradient explodes through time.`;
    case 'may-explode':
      return `${p} > 1: the condition necessary for exploding gradients holds (not sufficient: saturating units can still make it vanish).`;
    case 'level':
      return `${p}, with every singular value 1: a linear RNN keeps the gradient's norm through time, exactly.`;
    case 'edge':
      return `${p}: on the edge. The bound allows neither growth nor a guaranteed decay; |φ'| < γ away from 0 usually makes it decay.`;
    case 'gated':
      return `The ${r.cell === 'lstm' ? 'LSTM' : 'GRU'}'s gates carry the gradient along a path Pascanu's bound does not describe; σ_max of its candidate block is ${formatNumber(r.sigmaMax)}.`;
  }
}

/** The envelope's legend: which bounds are drawn. */
export function envelopeLabel(r: RecurrentTheory): string {
  if (r.upper && r.lower) return 'dashed: σ_min^(T−t) and σ_max^(T−t) × the gradient at t = T, the bounds of a linear RNN at initialization';
  if (r.upper) return 'dashed: the bound (γ·σ_max)^(T−t) × the gradient at t = T, at initialization';
  return 'no bound is drawn for a gated cell';
}
