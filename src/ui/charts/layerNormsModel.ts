// The pure part of the per-layer charts: which statistic the gradient view shows, how a
// layer is named, which layers the legend offers, and what the legend says of a layer.

import type { Activation, ModelFamily } from '../../core/config';
import { type Lang, t } from '../../i18n/i18n';
import type { FrameLayerStat } from '../../protocol';
import type { GradientView } from '../../store/store';
import { formatNumber } from './scale';

/** Up to this many layers the legend has one swatch per layer. */
export const SWATCH_LEGEND_MAX = 12;

/** The statistic a view shows; an RNN has one per time step, ||dL/dh_t|| (its weights are shared by every step). */
export function statForView(view: GradientView, family: ModelFamily = 'mlp'): FrameLayerStat {
  return view === 'weight' && family === 'mlp' ? 'weightGradNorm' : 'preactGradNorm';
}

/** Short axis/legend label of the statistic a view shows. */
export function statLabel(view: GradientView, family: ModelFamily = 'mlp'): string {
  if (family === 'rnn') return '‖dL/dh_t‖';
  return view === 'weight' ? '‖∇W‖' : '‖δ‖';
}

/**
 * Display name of a 0-based layer: "readout" for the last, otherwise "layer k" with k
 * 1-based (as in the health banner: layer 1 is the first hidden layer).
 */
export function layerName(layer: number, numLayers: number, family: ModelFamily = 'mlp', lang: Lang = 'en'): string {
  if (family === 'rnn') return `t = ${layer + 1}`;
  return layer === numLayers - 1 ? t(lang, 'site.mlp.last') : t(lang, 'site.layerN', { n: layer + 1 });
}

/** A highlighted layer that exists in a run of `numLayers` layers, else null. */
export function validLayer(layer: number | null | undefined, numLayers: number): number | null {
  return layer !== null && layer !== undefined && Number.isInteger(layer) && layer >= 0 && layer < numLayers ? layer : null;
}

/** 0, 1, …, numLayers - 1. */
export function layerIndices(numLayers: number): number[] {
  return Array.from({ length: Math.max(0, numLayers) }, (_, i) => i);
}

/** Layers with a quick-pick button in the compact legend: first, quartiles, last (0-based, unique, sorted). */
export function quickLayers(numLayers: number): number[] {
  if (numLayers <= 0) return [];
  const picks = [0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * (numLayers - 1)));
  return [...new Set(picks)].sort((a, b) => a - b);
}

/** Toggling a layer in the legend: clicking the highlighted layer again clears it. */
export function toggleLayer(current: number | null, layer: number): number | null {
  return current === layer ? null : layer;
}

/**
 * Every statistic the engine measures of one layer at the newest step, labelled for the
 * legend's details line: gradients, weights, the update, the layer's output and its
 * dead (relu) or saturated (tanh, sigmoid, elu, selu) units. The readout has no units
 * of that kind, nor does a linear network.
 */
export function layerDetails(value: (stat: FrameLayerStat) => number, activation: Activation, isReadout: boolean, lang: Lang = 'en'): { label: string; value: string }[] {
  const f = (stat: FrameLayerStat) => formatNumber(value(stat));
  const details = [
    { label: '‖∇W‖', value: f('weightGradNorm') },
    { label: 'max |∇W|', value: f('weightGradMaxAbs') },
    { label: '‖∇b‖', value: f('biasGradNorm') },
    { label: '‖δ‖', value: f('preactGradNorm') },
    { label: '‖W‖', value: f('weightNorm') },
    { label: t(lang, 'details.update'), value: f('updateRatio') },
    { label: t(lang, isReadout ? 'details.logits' : 'details.output'), value: `${f('activationMean')} ± ${f('activationStd')}` },
  ];
  if (!isReadout && activation !== 'linear') {
    const share = value('saturation');
    details.push({
      label: t(lang, activation === 'relu' || activation === 'leaky_relu' ? 'details.dead' : 'details.saturated'),
      value: Number.isFinite(share) ? `${Math.round(share * 100)}%` : '–',
    });
  }
  return details;
}
