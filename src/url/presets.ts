// The classroom gallery: each preset is a config (a URL), a title, two sentences on
// what to watch and a "try this next". Where the lesson is a fix, the preset is a
// comparison: the problem as run A, the fix as run B beside it, on the same seed.
// src/url/presets.test.ts trains every run of each one on the cpu backend and checks
// that it does what its text promises.

import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { HealthStatus } from '../core/health';
import type { PhaseSpec } from '../core/phase/grid';
import { type Lang, type MessageKey, t } from '../i18n/i18n';
import type { VariantSpec } from '../core/runSet';
import { Notes, note } from './notes';
import { type DecodedUrl, encodeUrl, type ViewOptions } from './presetCodec';

/**
 * What a run's text promises, checked by the tests: the verdict within `within` steps;
 * never-unhealthy: healthy on every one of them; finite: never diverged on any of them.
 */
export interface RunPromise {
  status: HealthStatus | 'never-unhealthy' | 'finite';
  within: number;
}

export interface Preset {
  id: string;
  title: string;
  watch: string;
  tryNext: string;
  config: RunConfig;
  /** Run A's promise. */
  promise: RunPromise;
  /** The runs beside A (a comparison), each with its own promise; none for a single run. */
  variants: (VariantSpec & { promise: RunPromise })[];
  /**
   * A phase-diagram lesson opens on the phase diagram of run A's network with this grid
   * (its promise, checked by the tests: wherever theory predicts more than a decade
   * either way, the measurement agrees in sign).
   */
  phase?: PhaseSpec;
}

interface VariantDraft {
  name: string;
  patch: Partial<RunConfig>;
  promise: RunPromise;
}

/** A preset's words are the catalogue's (preset.<id>.title, .watch, .tryNext): English here, both languages on the page. */
const make = (p: Omit<Preset, 'config' | 'variants' | 'title' | 'watch' | 'tryNext'> & { patch: Partial<RunConfig>; variants?: VariantDraft[]; phase?: PhaseSpec }): Preset => {
  const { patch, variants = [], ...rest } = p;
  const letters = ['b', 'c', 'd'] as const;
  const words = presetWords(rest.id, 'en');
  return { ...rest, ...words, config: { ...DEFAULT_CONFIG, ...patch }, variants: variants.map((v, i) => ({ letter: letters[i], ...v })) };
};

/** A preset's title, what to watch and what to try next, in a language. */
export function presetWords(id: string, lang: Lang): { title: string; watch: string; tryNext: string } {
  const key = (part: string) => `preset.${id}.${part}` as MessageKey;
  return { title: t(lang, key('title')), watch: t(lang, key('watch')), tryNext: t(lang, key('tryNext')) };
}

export const PRESETS: readonly Preset[] = [
  make({
    id: 'healthy',
    patch: { depth: 20, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.01 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'exploding',
    patch: { depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, optimizer: 'sgd', learningRate: 0.01 },
    promise: { status: 'exploding', within: 1 },
  }),
  make({
    id: 'vanishing',
    patch: { depth: 20, activation: 'sigmoid', init: 'xavier_normal', initGain: 1, optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'vanishing', within: 1 },
  }),
  make({
    id: 'lr-too-high',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 },
    promise: { status: 'diverged', within: 200 },
    variants: [{ name: 'lr 0.03', patch: { learningRate: 0.03 }, promise: { status: 'never-unhealthy', within: 300 } }],
  }),
  make({
    id: 'clipping-rescues',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 },
    promise: { status: 'diverged', within: 200 },
    variants: [{ name: 'clip by norm 0.1', patch: { clip: 'norm', clipThreshold: 0.1 }, promise: { status: 'never-unhealthy', within: 300 } }],
  }),
  make({
    id: 'adam-vs-sgd',
    patch: { depth: 20, activation: 'relu', init: 'he_normal', initGain: 0.5, optimizer: 'sgd', learningRate: 0.05 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'Adam', patch: { optimizer: 'adam', learningRate: 0.001 }, promise: { status: 'vanishing', within: 1 } }],
  }),
  make({
    id: 'edge-of-chaos',
    patch: { depth: 50, width: 64, activation: 'tanh', init: 'xavier_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.005 },
    promise: { status: 'never-unhealthy', within: 100 },
  }),
  make({
    id: 'residual-rescues',
    patch: { depth: 30, activation: 'tanh', init: 'xavier_normal', initGain: 0.5, residual: false, optimizer: 'sgd', learningRate: 0.02 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'residual', patch: { residual: true }, promise: { status: 'never-unhealthy', within: 150 } }],
  }),
  make({
    id: 'layernorm-rescues',
    patch: { depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, normalization: 'none', optimizer: 'momentum', learningRate: 0.01 },
    promise: { status: 'exploding', within: 1 },
    variants: [{ name: 'layer norm', patch: { normalization: 'layer' }, promise: { status: 'never-unhealthy', within: 100 } }],
  }),
  make({
    id: 'classic',
    patch: { depth: 0, dataset: 'circles', optimizer: 'sgd', learningRate: 0.5, init: 'zeros', batchSize: 410, noise: 0.05 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'overfitting',
    patch: { depth: 3, width: 256, activation: 'relu', init: 'he_normal', optimizer: 'adam', learningRate: 0.003, dataset: 'circles', noise: 1, samples: 96, testSplit: 0.5, batchSize: 48 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'rnn-exploding',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 32, activation: 'tanh', init: 'orthogonal', initGain: 2, dataset: 'adding', optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'exploding', within: 1 },
  }),
  make({
    id: 'rnn-vanishing',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 16, activation: 'tanh', init: 'orthogonal', initGain: 0.8, dataset: 'memory', optimizer: 'sgd', learningRate: 0.01 },
    promise: { status: 'vanishing', within: 1 },
  }),
  make({
    id: 'rnn-clipping',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 32, activation: 'tanh', init: 'orthogonal', initGain: 2, dataset: 'adding', optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'diverged', within: 100 },
    variants: [{ name: 'clip by norm 1', patch: { clip: 'norm' }, promise: { status: 'finite', within: 200 } }],
  }),
  make({
    id: 'lstm-keeps-gradient',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 100, width: 16, activation: 'tanh', init: 'orthogonal', initGain: 1, dataset: 'memory', optimizer: 'adam', learningRate: 0.003 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'LSTM', patch: { cell: 'lstm' }, promise: { status: 'never-unhealthy', within: 50 } }],
  }),
  make({
    id: 'phase-edge-of-chaos',
    patch: { depth: 30, width: 64, activation: 'tanh', init: 'xavier_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.005, batchSize: 32 },
    promise: { status: 'never-unhealthy', within: 40 },
    phase: { x: { field: 'sw2', from: 0.5, to: 4, n: 24 }, y: { field: 'sb2', from: 0, to: 0.2, n: 24 }, seeds: 4 },
  }),
  make({
    id: 'phase-relu-gain',
    patch: { depth: 20, width: 64, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.01, batchSize: 32 },
    promise: { status: 'never-unhealthy', within: 40 },
    phase: { x: { field: 'gain', from: 0.25, to: 4, n: 24 }, y: { field: 'depth', from: 2, to: 100, n: 24 }, seeds: 4 },
  }),
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * The shareable query string of a preset (every run of a comparison); `keep` carries the
 * page's own options across (its language, presentation mode and its charts).
 */
export function presetQuery(preset: Preset, keep: Partial<Pick<ViewOptions, 'lang' | 'present' | 'charts'>> = {}): string {
  const phase = preset.phase ? { page: 'phase' as const, phase: preset.phase } : {};
  return encodeUrl(preset.config, { variants: preset.variants, view: { ...keep, preset: preset.id, ...phase } });
}

/** A preset's runs as a set: A's config and the variants (without their promises). */
export function presetRuns(preset: Preset): { config: RunConfig; variants: VariantSpec[] } {
  return { config: preset.config, variants: preset.variants.map(({ letter, name, patch }) => ({ letter, name, patch })) };
}

/**
 * What a link says about its preset: an unknown one is dropped, and one whose runs the
 * link changes is dropped too (its card would claim what may no longer happen), each
 * with a warning that says so. `preset`: the id to show, or ''.
 */
export function checkPresetLink(decoded: Pick<DecodedUrl, 'config' | 'variants' | 'view'>): { preset: string; warnings: Notes } {
  const warnings = new Notes();
  const id = decoded.view.preset;
  if (!id) return { preset: '', warnings };
  const preset = presetById(id);
  if (!preset) {
    note(warnings, 'unknownPreset', { id });
    return { preset: '', warnings };
  }
  const runsOf = (config: RunConfig, variants: readonly VariantSpec[]) => new URLSearchParams(encodeUrl(config, { variants }));
  const lesson = runsOf(preset.config, preset.variants);
  const link = runsOf(decoded.config, decoded.variants);
  /** [key, the link's value (null: none), the lesson's (null: none)]. */
  const changes: [string, string | null, string | null][] = [];
  for (const key of new Set([...lesson.keys(), ...link.keys()])) {
    if (key.endsWith('.name') || key === 'backend') continue;
    const a = lesson.get(key);
    const b = link.get(key);
    if (a !== b) changes.push([key, b, a]);
  }
  if (changes.length === 0) return { preset: id, warnings };
  note(warnings, 'lessonChanged', { preset: id, title: preset.title, changes: lessonChanges(changes, 'en'), list: JSON.stringify(changes) });
  return { preset: '', warnings };
}

/** What a link changes of a lesson, in words: "gain=1 (the lesson has 2), no clip (the lesson has norm)", at most four, then how many more. */
export function lessonChanges(changes: readonly [string, string | null, string | null][], lang: Lang): string {
  const one = ([key, b, a]: [string, string | null, string | null]) =>
    b === null ? t(lang, 'urlw.change.none', { key, a: a ?? '' }) : t(lang, 'urlw.change', { key, b, a: a ?? t(lang, 'urlw.change.nothing') });
  const shown = changes.slice(0, 4).map(one).join(t(lang, 'chart.listSeparator'));
  return changes.length > 4 ? shown + t(lang, 'urlw.change.more', { count: String(changes.length - 4) }) : shown;
}
