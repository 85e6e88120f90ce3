// A run's history as a file: JSON (the whole record) or CSV (one row per kept step).
// Pure: takes the history and the run's facts, returns strings; ExportMenu.tsx offers
// them as downloads. Non-finite values (a diverged network) are kept visible: null in
// JSON (JSON has no NaN), "NaN" / "Infinity" / "-Infinity" in CSV.

import type { ModelFamily, RunConfig } from '../core/config';
import { PARAM_GROUPS, type ParamGroup } from '../core/stepStats';
import type { HealthStatus } from '../core/health';
import { type BackendName, FRAME_SCALARS, type FrameLayerStat, type FrameScalar, GROUP_GRAD_SCALARS, GROUP_RATIO_SCALARS, HEALTH_CODES } from '../protocol';
import type { RunHistory } from '../store/history';

export const EXPORT_FORMAT = 'gradscope-run';
export const EXPORT_VERSION = 1;

/** The per-layer statistics exported for every step. */
export const EXPORT_LAYER_STATS = ['weightGradNorm', 'preactGradNorm', 'updateRatio'] as const satisfies readonly FrameLayerStat[];
export type ExportLayerStat = (typeof EXPORT_LAYER_STATS)[number];

const CSV_LAYER_PREFIX: Record<ExportLayerStat, string> = {
  weightGradNorm: 'weight_grad_norm',
  preactGradNorm: 'preact_grad_norm',
  updateRatio: 'update_ratio',
};

export const CSV_SCALAR_COLUMNS = [
  'step',
  'loss',
  'accuracy',
  'test_loss',
  'test_accuracy',
  'grad_norm_before_clip',
  'grad_norm_after_clip',
  'health',
] as const;

export const JSON_NOTES =
  'Numbers that were NaN or +/-Infinity (a diverged network) are written as null, since JSON has no NaN. ' +
  'accuracy is null for regression; testLoss/testAccuracy are null on steps without a held-out measurement ' +
  '(held-out loss is measured every few steps; all measurements are in `tests`). ' +
  'Per-layer arrays have numLayers entries, input layer first and readout layer last. ' +
  'RNN runs (config.model = "rnn") have instead timeGradNorm, ||dL/dh_t|| for t = 1..T (numLayers = T, t = 1 first), ' +
  'recurrentSigmaMax (sigma_max of W_rec), gateMean (LSTM forget / GRU update gate; null for a vanilla cell), and per ' +
  'parameter group (input, recurrent, bias, readout) groupGradNorm and groupUpdateRatio. ' +
  'Long runs keep every `stride`-th step in `steps`; `latest` is the newest step in full.';

export type ExportHealth = HealthStatus | 'unknown';

interface ExportStepBase {
  step: number;
  loss: number | null;
  accuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  gradNormBeforeClip: number | null;
  gradNormAfterClip: number | null;
  health: ExportHealth;
}

/** An MLP step: per-layer arrays. */
export interface MlpExportStep extends ExportStepBase {
  weightGradNorm: (number | null)[];
  preactGradNorm: (number | null)[];
  updateRatio: (number | null)[];
}

/** An RNN step: per time step and per parameter group. */
export interface RnnExportStep extends ExportStepBase {
  timeGradNorm: (number | null)[];
  recurrentSigmaMax: number | null;
  gateMean: number | null;
  groupGradNorm: Record<ParamGroup, number | null>;
  groupUpdateRatio: Record<ParamGroup, number | null>;
}

export type ExportStep = MlpExportStep | RnnExportStep;

export interface ExportTest {
  step: number;
  loss: number | null;
  accuracy: number | null;
}

export interface RunExport<S extends ExportStep = ExportStep> {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  notes: string;
  /** The run's seed (config.seed; from initialConfig when given, since a new seed starts a new run). */
  seed: number;
  backend: BackendName | null;
  /** The settings in force at export (learning rate, optimizer, clipping and batch size can change mid-run). */
  config: RunConfig;
  /** The settings the run started with, when known. */
  initialConfig: RunConfig | null;
  numLayers: number;
  /** `steps` holds every stride-th step. */
  stride: number;
  stepsSeen: number;
  lastStep: number;
  steps: S[];
  /** Every held-out measurement kept (its own, coarser stride on long runs). */
  tests: ExportTest[];
  /** The newest step in full (it may fall between kept rows). */
  latest: S | null;
}

export interface ExportInput {
  history: RunHistory;
  config: RunConfig;
  initialConfig?: RunConfig | null;
  backend: BackendName | null;
  /** Defaults to now. */
  exportedAt?: Date;
}

/** NaN and +/-Infinity become null (JSON has no representation for them). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A number for CSV: non-finite values spelled out as NaN, Infinity, -Infinity. */
export function csvNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return String(v);
}

/** The status name of a numeric health code (index into HEALTH_CODES). */
export function healthName(code: number): ExportHealth {
  return Number.isInteger(code) && code >= 0 && code < HEALTH_CODES.length ? HEALTH_CODES[code] : 'unknown';
}

const SCALAR_INDEX = Object.fromEntries(FRAME_SCALARS.map((name, i) => [name, i])) as Record<(typeof FRAME_SCALARS)[number], number>;

function stepOf(model: ModelFamily, scalar: (name: FrameScalar) => number, layers: (stat: ExportLayerStat) => ArrayLike<number>): ExportStep {
  const list = (stat: ExportLayerStat) => Array.from(layers(stat), finiteOrNull);
  const base: ExportStepBase = {
    step: scalar('step'),
    loss: finiteOrNull(scalar('loss')),
    accuracy: finiteOrNull(scalar('accuracy')),
    testLoss: finiteOrNull(scalar('testLoss')),
    testAccuracy: finiteOrNull(scalar('testAccuracy')),
    gradNormBeforeClip: finiteOrNull(scalar('gradNormBeforeClip')),
    gradNormAfterClip: finiteOrNull(scalar('gradNormAfterClip')),
    health: healthName(scalar('health')),
  };
  if (model === 'rnn') {
    const groups = (names: readonly FrameScalar[]) =>
      Object.fromEntries(PARAM_GROUPS.map((g, k) => [g, finiteOrNull(scalar(names[k]))])) as Record<ParamGroup, number | null>;
    return {
      ...base,
      timeGradNorm: list('preactGradNorm'),
      recurrentSigmaMax: finiteOrNull(scalar('sigmaMax')),
      gateMean: finiteOrNull(scalar('gateMean')),
      groupGradNorm: groups(GROUP_GRAD_SCALARS),
      groupUpdateRatio: groups(GROUP_RATIO_SCALARS),
    };
  }
  return { ...base, weightGradNorm: list('weightGradNorm'), preactGradNorm: list('preactGradNorm'), updateRatio: list('updateRatio') };
}

export function buildRunExport({ history, config, initialConfig = null, backend, exportedAt = new Date() }: ExportInput): RunExport {
  const steps: ExportStep[] = [];
  for (let row = 0; row < history.length; row++) {
    steps.push(
      stepOf(
        config.model,
        (name) => history.scalar(name, row),
        (stat) => history.layerRow(stat, row),
      ),
    );
  }
  const tests: ExportTest[] = [];
  for (let row = 0; row < history.testLength; row++) {
    const t = history.testAt(row);
    tests.push({ step: t.step, loss: finiteOrNull(t.loss), accuracy: finiteOrNull(t.accuracy) });
  }
  const latest =
    history.stepsSeen > 0
      ? stepOf(
          config.model,
          (name) => history.latestScalars[SCALAR_INDEX[name]],
          (stat) => history.latestLayer(stat),
        )
      : null;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    notes: JSON_NOTES,
    seed: (initialConfig ?? config).seed,
    backend,
    config: { ...config },
    initialConfig: initialConfig ? { ...initialConfig } : null,
    numLayers: history.numLayers,
    stride: history.stride,
    stepsSeen: history.stepsSeen,
    lastStep: history.lastStep,
    steps,
    tests,
    latest,
  };
}

/** The run as JSON (compact: a long deep run has hundreds of thousands of numbers). */
export function runToJson(input: ExportInput): string {
  return JSON.stringify(buildRunExport(input));
}

/** An RNN's scalar columns (after the shared ones, before health) and their frame scalars. */
export const CSV_RNN_SCALARS: readonly (readonly [string, FrameScalar])[] = [
  ['recurrent_sigma_max', 'sigmaMax'],
  ['gate_mean', 'gateMean'],
  ...PARAM_GROUPS.map((g, k) => [`grad_norm_${g}`, GROUP_GRAD_SCALARS[k]] as const),
  ...PARAM_GROUPS.map((g, k) => [`update_ratio_${g}`, GROUP_RATIO_SCALARS[k]] as const),
];

/** The per-site statistics a family's CSV has, with their column prefix and site letter. */
const csvSiteStats = (model: ModelFamily): { stat: ExportLayerStat; prefix: string; site: string }[] =>
  model === 'rnn'
    ? [{ stat: 'preactGradNorm', prefix: 'time_grad_norm', site: 't' }]
    : EXPORT_LAYER_STATS.map((stat) => ({ stat, prefix: CSV_LAYER_PREFIX[stat], site: 'L' }));

/** The frame scalars written as numbers, in column order (health is written by name, after them). */
const csvScalarNames = (model: ModelFamily): FrameScalar[] => [...CSV_SHARED_SCALARS, ...(model === 'rnn' ? CSV_RNN_SCALARS.map(([, s]) => s) : [])];

/** The CSV header: scalar columns, then L1..Ln of each layer statistic (an RNN: its scalars, then t1..tT of ||dL/dh_t||). */
export function csvColumns(numLayers: number, model: ModelFamily = 'mlp'): string[] {
  const columns: string[] = [...CSV_SCALAR_COLUMNS.slice(0, -1), ...(model === 'rnn' ? CSV_RNN_SCALARS.map(([c]) => c) : []), 'health'];
  for (const { prefix, site } of csvSiteStats(model)) {
    for (let l = 1; l <= numLayers; l++) columns.push(`${prefix}_${site}${l}`);
  }
  return columns;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The scalars every family's CSV has, as numbers (health is written by name, after them). */
const CSV_SHARED_SCALARS: FrameScalar[] = ['step', 'loss', 'accuracy', 'testLoss', 'testAccuracy', 'gradNormBeforeClip', 'gradNormAfterClip'];

/** One CSV row per kept step, each with `width` layer columns per statistic (empty past the run's own layers). */
function csvRows(history: RunHistory, width: number, lead: string[], model: ModelFamily): string[] {
  const L = history.numLayers;
  const rows: string[] = [];
  const names = csvScalarNames(model);
  for (let row = 0; row < history.length; row++) {
    const cells: string[] = [...lead, ...names.map((name) => csvNumber(history.scalar(name, row)))];
    cells.push(csvField(healthName(history.scalar('health', row))));
    for (const { stat } of csvSiteStats(model)) {
      const values = history.layerRow(stat, row);
      for (let l = 0; l < width; l++) cells.push(l < L ? csvNumber(values[l]) : '');
    }
    rows.push(cells.join(','));
  }
  return rows;
}

const CSV_NOTE_TEST = '# test_loss and test_accuracy are NaN on steps without a held-out measurement; accuracy is NaN for regression';

/**
 * The run as CSV: `# ` comment lines (format, backend, stride, config as key=value),
 * a header line, then one row per kept step.
 */
export function runToCsv({ history, config, backend, exportedAt = new Date() }: ExportInput): string {
  const L = history.numLayers;
  const lines: string[] = [
    `# format=${EXPORT_FORMAT} version=${EXPORT_VERSION}`,
    `# exportedAt=${exportedAt.toISOString()}`,
    `# backend=${backend ?? 'unknown'}`,
    config.model === 'rnn' ? `# numLayers=${L} (time steps: t1 = the first, t${L} = the last, where the loss is read)` : `# numLayers=${L} (L1 = input layer, L${L} = readout)`,
    `# stride=${history.stride} (${history.stride === 1 ? 'every step kept' : `one row every ${history.stride} steps`}) stepsSeen=${history.stepsSeen} lastStep=${history.lastStep}`,
    CSV_NOTE_TEST,
  ];
  for (const [key, value] of Object.entries(config)) lines.push(`# ${key}=${String(value)}`);
  lines.push(csvColumns(L, config.model).join(','));
  lines.push(...csvRows(history, L, [], config.model));
  return `${lines.join('\n')}\n`;
}

/** One run of a set, for export: what runToJson takes, and the run's label ("A", "B", or its name). */
export interface LabelledExportInput extends ExportInput {
  label: string;
}

/** A run set as JSON: `{ "runs": [ <each run's export, plus "label">, ... ] }`, A first. */
export function runSetToJson(inputs: readonly LabelledExportInput[]): string {
  return JSON.stringify({ runs: inputs.map((input) => ({ ...buildRunExport(input), label: input.label })) });
}

/**
 * A run set as CSV: as runToCsv, with a leading `run` column (the run's label); each
 * run's config in `# <label>.<field>=` lines; layer columns up to the deepest run's.
 */
export function runSetToCsv(inputs: readonly LabelledExportInput[], exportedAt = new Date()): string {
  const width = Math.max(0, ...inputs.map((i) => i.history.numLayers));
  const lines: string[] = [
    `# format=${EXPORT_FORMAT} version=${EXPORT_VERSION} runs=${inputs.length}`,
    `# exportedAt=${exportedAt.toISOString()}`,
    `# backend=${inputs[0]?.backend ?? 'unknown'}`,
    '# run = the run of the set (A first); layer columns past a run’s own layers are empty',
    CSV_NOTE_TEST,
  ];
  for (const { label, history, config } of inputs) {
    lines.push(`# ${label}.numLayers=${history.numLayers} ${label}.stride=${history.stride} ${label}.lastStep=${history.lastStep}`);
    for (const [key, value] of Object.entries(config)) lines.push(`# ${label}.${key}=${String(value)}`);
  }
  // Every run of a set has run A's model family (core/runSet.ts).
  const model = inputs[0]?.config.model ?? 'mlp';
  lines.push(['run', ...csvColumns(width, model)].join(','));
  for (const input of inputs) lines.push(...csvRows(input.history, width, [csvField(input.label)], model));
  return `${lines.join('\n')}\n`;
}

/** e.g. gradscope-run-seed42-step1234.json */
export function exportFilename(seed: number, lastStep: number, ext: 'json' | 'csv'): string {
  return `gradscope-run-seed${seed}-step${Math.max(0, lastStep)}.${ext}`;
}
