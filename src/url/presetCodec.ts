// The URL codec: RunConfig and view options <-> a readable, stable query string.
// Pure (never touches window). Version 1:
//   v=1&depth=30&width=32&act=relu&init=he_normal&gain=1&opt=sgd&lr=0.01&mom=0.9...
// Decoding is forgiving: a bad value (wrong type, out of range, unknown name, NaN, an
// overlong value, a repeated key) falls back to its default or is clamped, and every
// correction is reported as a warning for the page to show. Unknown keys are ignored.
//
// Variants (runs B, C, D beside run A, the run the plain keys describe) carry only the
// fields that differ from A, under their letter and a dot:
//   v=1&depth=40&gain=3&b.clip=norm&b.clipv=1&c.opt=adam&b.name=clipped
// A bad variant value falls back to A's value. The data (dataset, noise, samples, test
// split) and the seed are A's for every run: the runs share their data and batches.

import { z } from 'zod';
import { CONFIG_LIMITS, DEFAULT_CONFIG, datasetsOf, defaultDatasetOf, familySwitch, type ModelFamily, type RunConfig, usesField } from '../core/config';
import { MAX_VARIANT_NAME_LENGTH, SHARED_FIELDS, VARIANT_LETTERS, type VariantLetter, type VariantSpec } from '../core/runSet';
import { DEFAULT_PHASE_SPEC, type PhaseSpec } from '../core/phase/grid';
import type { Lang } from '../i18n/i18n';
import { decodeLang } from './langCodec';
import { decodePhase, encodePhase, type Page } from './phaseCodec';
import { Notes, note, type UrlNote } from './notes';
import { capQuery, cleanLesson, MAX_PAIR_LENGTH, quoted } from './queryLimits';

export { cleanLesson, MAX_PAIR_LENGTH, MAX_QUERY_LENGTH } from './queryLimits';

export const URL_VERSION = 1;
export const MAX_VALUE_LENGTH = 64;
/** A lesson text longer than this is cut (to this many characters, the ellipsis included). */
export const MAX_LESSON_LENGTH = 280;

/** Query key for every config field, in the order they are written. */
export const CONFIG_KEYS: readonly (readonly [string, keyof RunConfig])[] = [
  ['model', 'model'],
  ['cell', 'cell'],
  ['seq', 'seqLength'],
  ['depth', 'depth'],
  ['width', 'width'],
  ['act', 'activation'],
  ['init', 'init'],
  ['gain', 'initGain'],
  ['std', 'initStd'],
  ['bstd', 'biasStd'],
  ['opt', 'optimizer'],
  ['lr', 'learningRate'],
  ['mom', 'momentum'],
  ['b1', 'beta1'],
  ['b2', 'beta2'],
  ['clip', 'clip'],
  ['clipv', 'clipThreshold'],
  ['norm', 'normalization'],
  ['res', 'residual'],
  ['data', 'dataset'],
  ['noise', 'noise'],
  ['n', 'samples'],
  ['batch', 'batchSize'],
  ['wd', 'weightDecay'],
  ['wclip', 'weightClip'],
  ['test', 'testSplit'],
  ['seed', 'seed'],
];

export const BACKEND_OPTIONS = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendOption = (typeof BACKEND_OPTIONS)[number];

/** Parts of the page that `hide=` can hide. */
export const HIDEABLE_PARTS = [
  'controls',
  'theory',
  'runbar',
  'flow',
  'layer-norms',
  'heatmap',
  'loss',
  'data',
  'update-ratio',
  'global-norm',
  'spectral',
  'header',
] as const;
export type HideablePart = (typeof HIDEABLE_PARTS)[number];
/** The parts that are charts, per model family: a link that hides all of its family's leaves nothing to watch. */
export const CHART_PARTS_OF: Record<ModelFamily, readonly HideablePart[]> = {
  mlp: ['flow', 'layer-norms', 'heatmap', 'loss', 'data', 'update-ratio', 'global-norm'],
  rnn: ['flow', 'layer-norms', 'heatmap', 'loss', 'spectral', 'update-ratio', 'global-norm'],
};
/** Every chart of every family: what `charts=` (presentation mode's charts) may name. */
export const CHART_PARTS = [...new Set([...CHART_PARTS_OF.mlp, ...CHART_PARTS_OF.rnn])] as readonly HideablePart[];
/** Presentation mode fills the screen with this many charts. */
export const PRESENT_CHARTS = { min: 2, max: 4 } as const;

export interface ViewOptions {
  /** run=0 opens paused. */
  run: boolean;
  present: boolean;
  embed: boolean;
  hide: HideablePart[];
  /** charts=: the 2 to 4 charts presentation mode shows, in order (empty: its default layout). */
  charts: HideablePart[];
  /** A short instruction from the teacher, shown as text. */
  lesson: string;
  /** The preset the link came from, if any (informational). */
  preset: string;
  /** view=phase: the phase diagram instead of the lab's charts. */
  page: Page;
  /** The phase diagram's grid (in the URL only with view=phase). */
  phase: PhaseSpec;
  /** The page's language (lang=, always written). */
  lang: Lang;
  /** guide=N: chapter N of the guided lessons is open (0: none; which chapters exist is src/lessons/chapterLinks.ts's to say). */
  guide: number;
}

export const DEFAULT_VIEW: Readonly<ViewOptions> = Object.freeze({
  run: true,
  present: false,
  embed: false,
  hide: [],
  charts: [],
  lesson: '',
  preset: '',
  page: 'lab',
  phase: DEFAULT_PHASE_SPEC,
  lang: 'en',
  guide: 0,
});

export { MAX_VARIANT_NAME_LENGTH, SHARED_FIELDS, VARIANT_LETTERS, type VariantLetter, type VariantSpec } from '../core/runSet';

export interface DecodedUrl {
  config: RunConfig;
  /** Runs B, C, D that the link names, in letter order (none for a single run). */
  variants: VariantSpec[];
  backend: BackendOption;
  view: ViewOptions;
  /** Human-readable corrections, one per bad value, in English. Empty for a clean URL. */
  warnings: string[];
  /** The same corrections as codes and parameters, for the page to word in its language. */
  notices: UrlNote[];
}


const numberText = z
  .string()
  .trim()
  .regex(/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i);

/** Decodes one config field: a value, or null (use `fallback`) with a warning pushed. */
function decodeField(
  key: string,
  field: keyof RunConfig,
  raw: string,
  warnings: string[],
  fallback: { value: RunConfig[keyof RunConfig]; what: 'default' | 'runA' } = { value: DEFAULT_CONFIG[field], what: 'default' },
): RunConfig[keyof RunConfig] | null {
  const limit = CONFIG_LIMITS[field];
  const fallBack = (why: string, extra: Record<string, string> = {}) => {
    note(warnings, why, { key, raw: quoted(raw), what: fallback.what, value: String(fallback.value), ...extra });
    return null;
  };
  switch (limit.kind) {
    case 'number': {
      if (!numberText.safeParse(raw).success) return fallBack('notNumber');
      let value = Number(raw);
      if (!Number.isFinite(value)) return fallBack('notFinite');
      if (limit.zeroMeansOff && value === 0) return 0;
      if (limit.integer && !Number.isInteger(value)) {
        const rounded = Math.round(value);
        note(warnings, 'whole', { key, raw: quoted(raw), value: String(rounded) });
        value = rounded;
      }
      if (value < limit.min || value > limit.max) {
        const clamped = Math.min(limit.max, Math.max(limit.min, value));
        note(warnings, limit.integer ? 'outsideInt' : limit.zeroMeansOff ? 'outsideNumOff' : 'outsideNum', { key, raw: quoted(raw), min: String(limit.min), max: String(limit.max), value: String(clamped) });
        return clamped;
      }
      return value;
    }
    case 'enum': {
      const parsed = z.enum(limit.options as [string, ...string[]]).safeParse(raw.trim());
      return parsed.success ? (parsed.data as RunConfig[keyof RunConfig]) : fallBack('notOption', { options: limit.options.join(', ') });
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (v === '1' || v === 'true' || v === 'on') return true;
      if (v === '0' || v === 'false' || v === 'off') return false;
      return fallBack('notBool');
    }
  }
}

function decodeFlag(key: string, raw: string | undefined, fallback: boolean, warnings: string[]): boolean {
  if (raw === undefined) return fallback;
  const v = raw.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === '') return true;
  if (v === '0' || v === 'false') return false;
  note(warnings, 'flag', { key, raw: quoted(raw), value: fallback ? '1' : '0' });
  return fallback;
}

/** A chapter number as the link gives it: a whole number from 1 (0, or none, is no lesson). */
function decodeGuide(raw: string | undefined, warnings: string[]): number {
  if (raw === undefined || raw.trim() === '') return 0;
  const v = raw.trim();
  if (/^\d{1,3}$/.test(v)) return Number(v);
  note(warnings, 'guideNumber', { raw: quoted(raw) });
  return 0;
}

/** A preset id as the link gives it (whether a lesson of that name exists is url/presets.ts's to say). */
function presetId(raw: string, warnings: string[]): string {
  if (raw === '' || /^[a-z0-9-]{1,40}$/.test(raw)) return raw;
  note(warnings, 'presetName', { raw: quoted(raw) });
  return '';
}

/** Decodes a query string (with or without the leading '?'). Never throws. `lang`: the language when the link names none (the browser's). */
/** charts=: known charts, each once, 2 to 4 of them (too few: the default layout; too many: the first four). */
function decodeCharts(raw: string | undefined, warnings: string[]): HideablePart[] {
  if (raw === undefined) return [];
  const charts: HideablePart[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const parsed = z.enum(CHART_PARTS as [HideablePart, ...HideablePart[]]).safeParse(part);
    if (!parsed.success) note(warnings, 'chartsUnknown', { raw: quoted(part), options: CHART_PARTS.join(', ') });
    else if (!charts.includes(parsed.data)) charts.push(parsed.data);
  }
  if (charts.length > PRESENT_CHARTS.max) {
    note(warnings, 'chartsMany', { count: String(charts.length), max: String(PRESENT_CHARTS.max) });
    return charts.slice(0, PRESENT_CHARTS.max);
  }
  if (charts.length > 0 && charts.length < PRESENT_CHARTS.min) {
    note(warnings, 'chartsFew', { min: String(PRESENT_CHARTS.min) });
    return [];
  }
  return charts;
}

export function decodeUrl(search: string, defaults: { lang?: Lang } = {}): DecodedUrl {
  const warnings = new Notes();
  const values = new Map<string, string[]>();
  if (search.length > MAX_PAIR_LENGTH) search = capQuery(search, warnings);
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  } catch {
    params = new URLSearchParams();
    note(warnings, 'unreadable');
  }
  for (const [key, value] of params) values.set(key, [...(values.get(key) ?? []), value]);

  /** The single value of a key, or undefined (absent, repeated or overlong: warned). */
  const single = (key: string, maxLength = MAX_VALUE_LENGTH): string | undefined => {
    const list = values.get(key);
    if (!list) return undefined;
    if (list.length > 1) {
      note(warnings, 'repeated', { key, count: String(list.length) });
      return undefined;
    }
    if (list[0].length > maxLength) {
      note(warnings, 'long', { key, length: String(list[0].length) });
      return undefined;
    }
    return list[0];
  };

  const version = single('v');
  if (version !== undefined && version.trim() !== String(URL_VERSION)) {
    note(warnings, 'version', { raw: quoted(version), version: String(URL_VERSION) });
  }

  const config: RunConfig = { ...DEFAULT_CONFIG };
  const given = new Set<keyof RunConfig>();
  for (const [key, field] of CONFIG_KEYS) {
    const raw = single(key);
    if (raw === undefined) continue;
    const value = decodeField(key, field, raw, warnings);
    if (value !== null) {
      (config as unknown as Record<string, unknown>)[field] = value;
      given.add(field);
    }
  }
  fitFamily(config, given, warnings);

  let backend: BackendOption = 'auto';
  const rawBackend = single('backend');
  if (rawBackend !== undefined) {
    const parsed = z.enum(BACKEND_OPTIONS).safeParse(rawBackend.trim());
    if (parsed.success) backend = parsed.data;
    else note(warnings, 'oneOf', { key: 'backend', raw: quoted(rawBackend), options: BACKEND_OPTIONS.join(', '), value: 'auto' });
  }

  const hide: HideablePart[] = [];
  const rawHide = single('hide', 200);
  if (rawHide !== undefined) {
    for (const part of rawHide.split(',').map((p) => p.trim()).filter(Boolean)) {
      const parsed = z.enum(HIDEABLE_PARTS).safeParse(part);
      if (parsed.success) {
        if (!hide.includes(parsed.data)) hide.push(parsed.data);
      } else note(warnings, 'hide', { raw: quoted(part), options: HIDEABLE_PARTS.join(', ') });
    }
  }

  const charts = decodeCharts(single('charts', 200), warnings);

  let lesson = '';
  const lessonList = values.get('lesson');
  if (lessonList) {
    if (lessonList.length > 1) note(warnings, 'lessonRepeated', { count: String(lessonList.length) });
    lesson = cleanLesson(lessonList[0]);
    if (lesson.length > MAX_LESSON_LENGTH) {
      note(warnings, 'lessonLong', { length: String(lesson.length), max: String(MAX_LESSON_LENGTH) });
      // Cut once: the cut text, ellipsis included, fits the limit, so the corrected link reads clean.
      lesson = `${lesson.slice(0, MAX_LESSON_LENGTH - 1).trimEnd()}…`;
    }
  }

  const variants = decodeVariants(values, config, single, warnings);

  const preset = single('preset') ?? '';
  const { page, phase } = decodePhase(single, warnings);
  const view: ViewOptions = {
    run: decodeFlag('run', single('run'), true, warnings),
    present: decodeFlag('present', single('present'), false, warnings),
    embed: decodeFlag('embed', single('embed'), false, warnings),
    hide,
    charts,
    lesson,
    preset: presetId(preset, warnings),
    page,
    phase,
    lang: decodeLang(single('lang'), defaults.lang ?? DEFAULT_VIEW.lang, warnings),
    guide: decodeGuide(single('guide'), warnings),
  };
  return { config, variants, backend, view, warnings: [...warnings], notices: warnings.items };
}

/**
 * A model family's own defaults for what the link leaves out (model=rnn alone is a tanh
 * RNN with an orthogonal W_rec on the adding problem, as the model switch makes it), and
 * a dataset of the other family replaced by the family's first, with a warning.
 */
function fitFamily(config: RunConfig, given: Set<keyof RunConfig>, warnings: string[]): void {
  const switched = familySwitch(DEFAULT_CONFIG, config.model);
  for (const [field, value] of Object.entries(switched) as [keyof RunConfig, unknown][]) {
    if (!given.has(field)) (config as unknown as Record<string, unknown>)[field] = value;
  }
  if (!datasetsOf(config.model).includes(config.dataset)) {
    const fallback = defaultDatasetOf(config.model);
    note(warnings, 'dataset', { dataset: config.dataset, model: config.model, options: datasetsOf(config.model).join(', '), value: fallback });
    config.dataset = fallback;
  }
}

/** Text of a label: control characters out, trimmed, at most MAX_VARIANT_NAME_LENGTH. */
function cleanName(raw: string): string {
  return Array.from(raw, (ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
    .join('')
    .trim()
    .slice(0, MAX_VARIANT_NAME_LENGTH);
}

const FIELD_OF_KEY = new Map<string, keyof RunConfig>(CONFIG_KEYS.map(([key, field]) => [key, field]));

/** The variants of a query: every key of the form "letter.field". */
function decodeVariants(
  values: Map<string, string[]>,
  a: RunConfig,
  single: (key: string, maxLength?: number) => string | undefined,
  warnings: string[],
): VariantSpec[] {
  const byLetter = new Map<VariantLetter, VariantSpec>();
  for (const key of values.keys()) {
    const m = /^([^.]{1,8})\.(.*)$/.exec(key);
    if (!m) continue;
    const [, letter, name] = m;
    if (!(VARIANT_LETTERS as readonly string[]).includes(letter)) {
      note(warnings, 'letter', { key: quoted(key) });
      continue;
    }
    const variant = byLetter.get(letter as VariantLetter) ?? { letter: letter as VariantLetter, patch: {}, name: '' };
    byLetter.set(variant.letter, variant);
    if (name === 'name') {
      const raw = single(key, 200);
      if (raw !== undefined) variant.name = cleanName(raw);
      continue;
    }
    const field = FIELD_OF_KEY.get(name);
    if (!field) {
      note(warnings, 'notSetting', { key: quoted(key) });
      continue;
    }
    if (SHARED_FIELDS.includes(field)) {
      note(warnings, 'shared', { key });
      continue;
    }
    const raw = single(key);
    if (raw === undefined) continue;
    const value = decodeField(key, field, raw, warnings, { value: a[field], what: 'runA' });
    if (value !== null && value !== a[field]) (variant.patch as Record<string, unknown>)[field] = value;
  }
  return VARIANT_LETTERS.flatMap((letter) => {
    const v = byLetter.get(letter);
    return v ? [v] : [];
  });
}

export interface EncodeOptions {
  /** Runs beside A: each writes the fields where it differs from A. */
  variants?: readonly VariantSpec[];
  backend?: BackendOption;
  view?: Partial<ViewOptions>;
}

/** Encodes a config (all fields, in table order) and any non-default view options. */
export function encodeUrl(config: RunConfig, options: EncodeOptions = {}): string {
  const params = new URLSearchParams();
  params.set('v', String(URL_VERSION));
  // The fields only the other model family reads are left out (they decode to defaults).
  for (const [key, field] of CONFIG_KEYS) {
    if (!usesField(config.model, field)) continue;
    const value = config[field];
    params.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  for (const variant of options.variants ?? []) {
    let written = false;
    for (const [key, field] of CONFIG_KEYS) {
      const value = variant.patch[field];
      if (value === undefined || value === config[field] || SHARED_FIELDS.includes(field) || !usesField(config.model, field)) continue;
      params.set(`${variant.letter}.${key}`, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
      written = true;
    }
    const name = cleanName(variant.name);
    if (name) params.set(`${variant.letter}.name`, name);
    // A variant identical to A still needs a key to exist.
    else if (!written) params.set(`${variant.letter}.name`, variant.letter.toUpperCase());
  }
  params.set('backend', options.backend ?? 'auto');
  const view = { ...DEFAULT_VIEW, ...options.view };
  if (view.preset) params.set('preset', view.preset);
  if (!view.run) params.set('run', '0');
  if (view.present) params.set('present', '1');
  if (view.embed) params.set('embed', '1');
  if (view.hide.length > 0) params.set('hide', view.hide.join(','));
  if (view.charts.length > 0) params.set('charts', view.charts.join(','));
  if (view.lesson) params.set('lesson', view.lesson);
  encodePhase(params, view.page, view.phase);
  if (view.guide > 0) params.set('guide', String(view.guide));
  params.set('lang', view.lang);
  // Keep commas in hide= and charts= readable.
  return params.toString().replace(/%2C/g, ',');
}
