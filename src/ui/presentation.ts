// Presentation mode: which 2 to 4 charts fill the projector's screen, and how large
// type and lines are drawn there. The charts are a numbered layout (keys 1 to 4) or the
// teacher's own pick (charts= in the link); a lesson's chart always joins them, first.
// Sizes follow the screen's height, so the same page reads from the back of a room at
// 1280 x 720 and at 3840 x 2160.
import { useSyncExternalStore } from 'react';
import type { ModelFamily } from '../core/config';
import type { MessageKey } from '../i18n/i18n';
import { useStore } from '../store/store';
import { CHART_PARTS_OF, type HideablePart, PRESENT_CHARTS } from '../url/presetCodec';

/** The layouts a key picks (1 to 4), per model family: each a list of 2 to 4 charts. */
export const LAYOUTS: readonly Record<ModelFamily, readonly HideablePart[]>[] = [
  { mlp: ['flow', 'loss'], rnn: ['flow', 'loss'] },
  { mlp: ['flow', 'heatmap', 'loss'], rnn: ['flow', 'heatmap', 'loss'] },
  { mlp: ['flow', 'loss', 'heatmap', 'layer-norms'], rnn: ['flow', 'loss', 'heatmap', 'spectral'] },
  { mlp: ['loss', 'global-norm', 'update-ratio', 'layer-norms'], rnn: ['loss', 'global-norm', 'update-ratio', 'spectral'] },
];
/** The layout shown when the link names no charts (0-based). */
export const DEFAULT_LAYOUT = 1;

/** The title of each family's charts, as their cards say it. */
export const CHART_TITLES: Record<ModelFamily, Partial<Record<HideablePart, MessageKey>>> = {
  mlp: {
    flow: 'chart.flow.title',
    loss: 'chart.loss.title',
    'layer-norms': 'chart.norms.title',
    heatmap: 'chart.heatmap.title',
    'update-ratio': 'chart.ratio.title',
    'global-norm': 'chart.norm.title',
    data: 'chart.data.title',
  },
  rnn: {
    flow: 'chart.time.title',
    loss: 'chart.loss.title',
    heatmap: 'chart.heatmap.title.rnn',
    spectral: 'chart.spectral.title',
    'global-norm': 'chart.norm.title',
    'update-ratio': 'chart.groups.title',
    'layer-norms': 'chart.norms.title.rnn',
  },
};

/**
 * The charts presentation mode shows, in order: the link's pick (those of this family
 * and not hidden) or the default layout, with the lesson's chart first (the last one
 * makes way for it when there are already four).
 */
export function presentedCharts(family: ModelFamily, picked: readonly HideablePart[], hidden: ReadonlySet<string>, look: string | null): HideablePart[] {
  const ofFamily = CHART_PARTS_OF[family];
  const usable = (list: readonly HideablePart[]) => list.filter((c) => ofFamily.includes(c) && !hidden.has(c));
  let charts = usable(picked);
  if (charts.length < PRESENT_CHARTS.min) charts = usable(LAYOUTS[DEFAULT_LAYOUT][family]);
  if (charts.length < PRESENT_CHARTS.min) charts = usable(ofFamily).slice(0, PRESENT_CHARTS.max);
  const lookPart = ofFamily.find((c) => c === look && !hidden.has(c));
  if (lookPart) charts = [lookPart, ...charts.filter((c) => c !== lookPart)].slice(0, PRESENT_CHARTS.max);
  return charts;
}

/** Which numbered layout (0-based) the pick is, or -1 for a pick of the teacher's own. */
export function layoutIndex(family: ModelFamily, picked: readonly HideablePart[]): number {
  if (picked.length === 0) return DEFAULT_LAYOUT;
  return LAYOUTS.findIndex((l) => l[family].length === picked.length && l[family].every((c, i) => picked[i] === c));
}

/**
 * The pick after a chart's box is ticked or cleared: added at the end or taken out,
 * never fewer than 2 nor more than 4 (null: the change is not allowed).
 */
export function toggleChart(current: readonly HideablePart[], part: HideablePart): HideablePart[] | null {
  const next = current.includes(part) ? current.filter((c) => c !== part) : [...current, part];
  return next.length < PRESENT_CHARTS.min || next.length > PRESENT_CHARTS.max ? null : next;
}

export interface PresentSizes {
  /** The page's type, CSS px. */
  base: number;
  /** Chart text (ticks, axis labels, legends), CSS px: about 2% of the screen's height. */
  chartFont: number;
  /** Lines are drawn this many times their laptop width. */
  lineScale: number;
}

/** Type and line sizes for a screen `height` CSS px tall. */
export function presentSizes(height: number): PresentSizes {
  const h = Number.isFinite(height) && height > 0 ? height : 1080;
  return {
    base: Math.max(16, Math.round(h * 0.02)),
    chartFont: Math.max(15, Math.round(h * 0.021)),
    lineScale: Math.max(1.5, Math.round((h / 540) * 4) / 4),
  };
}

const subscribeResize = (onChange: () => void) => {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
};
const windowHeight = () => (typeof window === 'undefined' ? 1080 : window.innerHeight);

/** In presentation mode, the sizes for this window (following resizes: a projector, full screen); otherwise null. */
export function usePresentSizes(): PresentSizes | null {
  const present = useStore((s) => s.view.present);
  const height = useSyncExternalStore(subscribeResize, present ? windowHeight : noHeight, noHeight);
  return present ? presentSizes(height) : null;
}
const noHeight = () => 0;
