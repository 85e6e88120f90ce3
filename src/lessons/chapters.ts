// The guided lessons' chapters (guide=1, guide=2, ... in the URL): for each, the runs it
// loads and the chart it points at. This part is small and in the page's bundle, so a
// link such as ?guide=3 can load its runs before the lesson's text and KaTeX arrive;
// the texts (src/lessons/text/), formulas and questions (src/lessons/questions.ts) load
// with the lesson panel. src/lessons/questions.test.ts trains every chapter's runs on the
// cpu backend and checks that its question gets the answer its text explains.

import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { PhaseSpec } from '../core/phase/grid';
import type { VariantSpec } from '../core/runSet';
import type { Page } from '../url/phaseCodec';
import { presetById, presetRuns } from '../url/presets';

export const CHAPTER_IDS = [
  'descent',
  'backprop',
  'explodes',
  'vanishes',
  'fix-lr',
  'fix-clip',
  'fix-init',
  'fix-optimizer',
  'fix-decay',
  'fix-layernorm',
  'fix-residual',
  'rnn',
  'phase',
  'overfitting',
  'faq',
] as const;
export type ChapterId = (typeof CHAPTER_IDS)[number];

/** What a chapter points at: one of the lab's charts, or the phase diagram's map. */
export type LookPart = 'flow' | 'loss' | 'layer-norms' | 'heatmap' | 'update-ratio' | 'global-norm' | 'data' | 'spectral' | 'phase-map';

export interface Chapter {
  id: ChapterId;
  /** 1-based, as in guide=N. */
  number: number;
  config: RunConfig;
  variants: VariantSpec[];
  page: Page;
  phase?: PhaseSpec;
  look: LookPart;
}

const LETTERS = ['b', 'c', 'd'] as const;

/** A chapter's runs: A's config (DEFAULT_CONFIG with a patch) and the runs beside it. */
function runs(patch: Partial<RunConfig>, beside: { name: string; patch: Partial<RunConfig> }[] = []) {
  return { config: { ...DEFAULT_CONFIG, ...patch }, variants: beside.map((v, i) => ({ letter: LETTERS[i], ...v })) };
}

/** A preset's runs (and its phase grid), so that a chapter and its preset never drift apart. */
function fromPreset(id: string, extra: { name: string; patch: Partial<RunConfig> }[] = []) {
  const preset = presetById(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const { config, variants } = presetRuns(preset);
  const more = extra.map((v, i) => ({ letter: LETTERS[variants.length + i], ...v }));
  return { config, variants: [...variants, ...more], phase: preset.phase };
}

type Draft = Omit<Chapter, 'number' | 'page'> & { page?: Page };

const DRAFTS: Draft[] = [
  {
    id: 'descent',
    // Linear regression (no hidden layer) on the sine points, three step sizes.
    ...runs({ depth: 0, dataset: 'sine', init: 'zeros', optimizer: 'sgd', learningRate: 0.01 }, [
      { name: 'η 0.3', patch: { learningRate: 0.3 } },
      { name: 'η 1.5', patch: { learningRate: 1.5 } },
    ]),
    look: 'loss',
  },
  { id: 'backprop', ...fromPreset('healthy'), look: 'flow' },
  { id: 'explodes', ...fromPreset('exploding'), look: 'flow' },
  { id: 'vanishes', ...fromPreset('vanishing'), look: 'flow' },
  { id: 'fix-lr', ...fromPreset('lr-too-high'), look: 'loss' },
  { id: 'fix-clip', ...fromPreset('clipping-rescues', [{ name: 'clip by value 0.01', patch: { clip: 'value', clipThreshold: 0.01 } }]), look: 'global-norm' },
  {
    id: 'fix-init',
    ...runs({ depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, optimizer: 'sgd', learningRate: 0.01 }, [
      { name: 'He, gain 1', patch: { initGain: 1 } },
      { name: 'Xavier', patch: { init: 'xavier_normal', initGain: 1 } },
    ]),
    look: 'flow',
  },
  { id: 'fix-optimizer', ...fromPreset('adam-vs-sgd', [{ name: 'RMSprop', patch: { optimizer: 'rmsprop', learningRate: 0.001 } }]), look: 'update-ratio' },
  {
    id: 'fix-decay',
    ...runs({ depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 }, [
      { name: 'weight clip 0.3', patch: { weightClip: 0.3 } },
      { name: 'weight decay 0.1', patch: { weightDecay: 0.1 } },
    ]),
    look: 'loss',
  },
  { id: 'fix-layernorm', ...fromPreset('layernorm-rescues'), look: 'flow' },
  { id: 'fix-residual', ...fromPreset('residual-rescues'), look: 'flow' },
  { id: 'rnn', ...fromPreset('lstm-keeps-gradient'), look: 'flow' },
  { id: 'phase', ...fromPreset('phase-edge-of-chaos'), page: 'phase', look: 'phase-map' },
  { id: 'overfitting', ...fromPreset('overfitting', [{ name: 'weight decay 0.05', patch: { weightDecay: 0.05 } }]), look: 'loss' },
  { id: 'faq', ...runs({}), look: 'flow' },
];

export const CHAPTERS: readonly Chapter[] = DRAFTS.map((d, i) => ({ ...d, number: i + 1, page: d.page ?? 'lab' }));
export const CHAPTER_COUNT = CHAPTERS.length;

/** Chapter `n` (1-based), or undefined. */
export function chapterAt(n: number): Chapter | undefined {
  return Number.isInteger(n) ? CHAPTERS[n - 1] : undefined;
}
