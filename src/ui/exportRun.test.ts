import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame, type FrameScalar, HEALTH_CODES } from '../protocol';
import { RunHistory } from '../store/history';
import {
  buildRunExport,
  type MlpExportStep,
  CSV_SCALAR_COLUMNS,
  csvColumns,
  csvNumber,
  EXPORT_LAYER_STATS,
  type ExportInput,
  exportFilename,
  finiteOrNull,
  healthName,
  type RnnExportStep,
  type RunExport,
  runSetToCsv,
  runSetToJson,
  runToCsv,
  runToJson,
} from './exportRun';

const NS = FRAME_SCALARS.length;
const NL = FRAME_LAYER_STATS.length;

/** A known, distinct value for every (step, stat, layer). */
const layerValue = (step: number, k: number, layer: number) => step * 1000 + k * 10 + layer + 0.5;

interface StepSpec {
  step: number;
  scalars?: Partial<Record<FrameScalar, number>>;
  /** Overrides: [statIndex, layer, value]. */
  layers?: [number, number, number][];
}

function makeFrame(numLayers: number, specs: StepSpec[]): Frame {
  const count = specs.length;
  const scalars = new Float64Array(count * NS);
  const layers = new Float64Array(count * NL * numLayers);
  specs.forEach((spec, i) => {
    const base: Record<FrameScalar, number> = {
      ...(Object.fromEntries(FRAME_SCALARS.map((name) => [name, Number.NaN])) as Record<FrameScalar, number>),
      step: spec.step,
      loss: 1 / (spec.step + 1),
      accuracy: 0.5,
      testLoss: Number.NaN,
      testAccuracy: Number.NaN,
      gradNormBeforeClip: 2 + spec.step,
      gradNormAfterClip: 1 + spec.step,
      health: 0,
      healthLayer: Number.NaN,
      ...spec.scalars,
    };
    FRAME_SCALARS.forEach((name, k) => {
      scalars[i * NS + k] = base[name];
    });
    for (let k = 0; k < NL; k++) {
      for (let l = 0; l < numLayers; l++) layers[(i * NL + k) * numLayers + l] = layerValue(spec.step, k, l);
    }
    for (const [k, l, v] of spec.layers ?? []) layers[(i * NL + k) * numLayers + l] = v;
  });
  return {
    runId: 1,
    count,
    numLayers,
    scalars,
    layers,
    health: { status: 'healthy', layer: null, reason: '', since: 0 },
    stepsPerSecond: 10,
  };
}

const WG = FRAME_LAYER_STATS.indexOf('weightGradNorm');
const PG = FRAME_LAYER_STATS.indexOf('preactGradNorm');
const UR = FRAME_LAYER_STATS.indexOf('updateRatio');

const config: RunConfig = { ...DEFAULT_CONFIG, depth: 3, seed: 7 };
const numLayers = config.depth + 1;
const when = new Date('2030-01-02T03:04:05.000Z');

function sampleHistory(): RunHistory {
  const history = new RunHistory(numLayers);
  history.appendFrame(
    makeFrame(numLayers, [
      { step: 0 },
      { step: 1, scalars: { testLoss: 0.9, testAccuracy: 0.6 } },
      { step: 2, scalars: { health: 2, healthLayer: 2 } },
    ]),
  );
  history.appendFrame(
    makeFrame(numLayers, [
      {
        step: 3,
        scalars: { loss: Number.NaN, accuracy: Number.NaN, gradNormBeforeClip: Number.POSITIVE_INFINITY, health: 3 },
        layers: [
          [WG, 1, Number.NaN],
          [PG, 0, Number.POSITIVE_INFINITY],
          [UR, 3, Number.NEGATIVE_INFINITY],
        ],
      },
    ]),
  );
  return history;
}

const input = (history: RunHistory, extra: Partial<ExportInput> = {}): ExportInput => ({
  history,
  config,
  backend: 'cpu',
  exportedAt: when,
  ...extra,
});

describe('number encoding', () => {
  it('JSON: non-finite becomes null, finite stays', () => {
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull(Number.POSITIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(Number.NEGATIVE_INFINITY)).toBeNull();
    expect(finiteOrNull(0)).toBe(0);
    expect(finiteOrNull(-1.5e-300)).toBe(-1.5e-300);
  });

  it('CSV: non-finite spelled out, finite round-trips through Number()', () => {
    expect(csvNumber(Number.NaN)).toBe('NaN');
    expect(csvNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(csvNumber(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    for (const v of [0, 1.25, -3e-12, 123456789.123, Number.MIN_VALUE]) expect(Number(csvNumber(v))).toBe(v);
  });

  it('decodes health codes by HEALTH_CODES', () => {
    HEALTH_CODES.forEach((name, code) => {
      expect(healthName(code)).toBe(name);
    });
    expect(healthName(Number.NaN)).toBe('unknown');
    expect(healthName(HEALTH_CODES.length)).toBe('unknown');
  });
});

describe('JSON export', () => {
  it('round-trips: header fields, one entry per kept step, per-layer arrays of numLayers', () => {
    const history = sampleHistory();
    const parsed = JSON.parse(runToJson(input(history, { initialConfig: { ...config, learningRate: 0.1 } }))) as RunExport<MlpExportStep>;
    expect(parsed.format).toBe('gradscope-run');
    expect(parsed.version).toBe(1);
    expect(parsed.exportedAt).toBe('2030-01-02T03:04:05.000Z');
    expect(parsed.seed).toBe(7);
    expect(parsed.backend).toBe('cpu');
    expect(parsed.config).toEqual(config);
    expect(parsed.initialConfig?.learningRate).toBe(0.1);
    expect(parsed.numLayers).toBe(4);
    expect(parsed.stride).toBe(1);
    expect(parsed.stepsSeen).toBe(4);
    expect(parsed.lastStep).toBe(3);
    expect(parsed.notes).toMatch(/null/);
    expect(parsed.steps.map((s) => s.step)).toEqual([0, 1, 2, 3]);
    for (const step of parsed.steps) {
      for (const stat of EXPORT_LAYER_STATS) expect(step[stat]).toHaveLength(numLayers);
    }
  });

  it('values match the history, input layer first', () => {
    const history = sampleHistory();
    const out = buildRunExport(input(history)) as RunExport<MlpExportStep>;
    for (let row = 0; row < history.length; row++) {
      const s = out.steps[row];
      expect(s.step).toBe(history.stepAt(row));
      for (const stat of EXPORT_LAYER_STATS) {
        for (let l = 0; l < numLayers; l++) {
          expect(s[stat][l]).toBe(finiteOrNull(history.layerValue(stat, row, l)));
        }
      }
    }
    const step0 = out.steps[0];
    expect(step0.loss).toBe(1);
    expect(step0.accuracy).toBe(0.5);
    expect(step0.gradNormBeforeClip).toBe(2);
    expect(step0.gradNormAfterClip).toBe(1);
    expect(step0.weightGradNorm).toEqual([0, 1, 2, 3].map((l) => layerValue(0, WG, l)));
    expect(step0.updateRatio[numLayers - 1]).toBe(layerValue(0, UR, numLayers - 1));
    expect(out.steps[2].health).toBe('exploding');
  });

  it('test loss where measured, null elsewhere; the tests list', () => {
    const out = buildRunExport(input(sampleHistory())) as RunExport<MlpExportStep>;
    expect(out.steps[1].testLoss).toBe(0.9);
    expect(out.steps[1].testAccuracy).toBe(0.6);
    expect(out.steps[0].testLoss).toBeNull();
    expect(out.steps[2].testAccuracy).toBeNull();
    expect(out.tests).toEqual([{ step: 1, loss: 0.9, accuracy: 0.6 }]);
  });

  it('NaN and Infinity become null and survive JSON.parse', () => {
    const text = runToJson(input(sampleHistory()));
    expect(text.slice(text.indexOf('"steps":'))).not.toMatch(/NaN|Infinity/);
    const s = (JSON.parse(text) as RunExport<MlpExportStep>).steps[3];
    expect(s.health).toBe('diverged');
    expect(s.loss).toBeNull();
    expect(s.accuracy).toBeNull();
    expect(s.gradNormBeforeClip).toBeNull();
    expect(s.gradNormAfterClip).toBe(4);
    expect(s.weightGradNorm[1]).toBeNull();
    expect(s.weightGradNorm[0]).toBe(layerValue(3, WG, 0));
    expect(s.preactGradNorm[0]).toBeNull();
    expect(s.updateRatio[3]).toBeNull();
  });

  it('records the stride of a downsampled history and keeps the newest step in full', () => {
    const history = new RunHistory(numLayers, 8);
    history.appendFrame(makeFrame(numLayers, Array.from({ length: 21 }, (_, i) => ({ step: i }))));
    expect(history.stride).toBeGreaterThan(1);
    const out = buildRunExport(input(history)) as RunExport<MlpExportStep>;
    expect(out.stride).toBe(history.stride);
    expect(out.steps).toHaveLength(history.length);
    expect(out.steps.map((s) => s.step)).toEqual(Array.from(history.steps()));
    for (const s of out.steps) expect(s.step % out.stride).toBe(0);
    expect(out.latest?.step).toBe(20);
    expect(out.latest?.preactGradNorm).toEqual([0, 1, 2, 3].map((l) => layerValue(20, PG, l)));
    expect(out.stepsSeen).toBe(21);
  });

  it('an empty history exports no steps and no latest', () => {
    const out = buildRunExport(input(new RunHistory(numLayers))) as RunExport<MlpExportStep>;
    expect(out.steps).toEqual([]);
    expect(out.latest).toBeNull();
  });
});

describe('CSV export', () => {
  const parse = (text: string) => {
    const lines = text.trimEnd().split('\n');
    const comments = lines.filter((l) => l.startsWith('# '));
    const data = lines.filter((l) => !l.startsWith('#'));
    return { comments, header: data[0].split(','), rows: data.slice(1).map((l) => l.split(',')) };
  };

  it('has the preamble, the header, and one row per kept step', () => {
    const history = sampleHistory();
    const { comments, header, rows } = parse(runToCsv(input(history)));
    expect(comments).toContain('# backend=cpu');
    expect(comments).toContain('# seed=7');
    expect(comments).toContain('# depth=3');
    expect(comments).toContain(`# activation=${config.activation}`);
    expect(comments.some((c) => c.startsWith('# stride=1'))).toBe(true);
    expect(header).toEqual(csvColumns(numLayers));
    expect(header.slice(0, CSV_SCALAR_COLUMNS.length)).toEqual([
      'step',
      'loss',
      'accuracy',
      'test_loss',
      'test_accuracy',
      'grad_norm_before_clip',
      'grad_norm_after_clip',
      'health',
    ]);
    expect(header).toHaveLength(8 + 3 * numLayers);
    expect(header.slice(8, 12)).toEqual(['weight_grad_norm_L1', 'weight_grad_norm_L2', 'weight_grad_norm_L3', 'weight_grad_norm_L4']);
    expect(header[12]).toBe('preact_grad_norm_L1');
    expect(header[header.length - 1]).toBe('update_ratio_L4');
    expect(rows).toHaveLength(history.length);
    for (const row of rows) expect(row).toHaveLength(header.length);
  });

  it('cells match the history and spell out non-finite values', () => {
    const history = sampleHistory();
    const { header, rows } = parse(runToCsv(input(history)));
    const col = (name: string) => header.indexOf(name);
    rows.forEach((row, r) => {
      expect(Number(row[col('step')])).toBe(history.stepAt(r));
      for (let l = 0; l < numLayers; l++) {
        expect(row[col(`weight_grad_norm_L${l + 1}`)]).toBe(csvNumber(history.layerValue('weightGradNorm', r, l)));
        expect(row[col(`preact_grad_norm_L${l + 1}`)]).toBe(csvNumber(history.layerValue('preactGradNorm', r, l)));
        expect(row[col(`update_ratio_L${l + 1}`)]).toBe(csvNumber(history.layerValue('updateRatio', r, l)));
      }
    });
    expect(Number(rows[0][col('weight_grad_norm_L2')])).toBe(layerValue(0, WG, 1));
    expect(rows[1][col('test_loss')]).toBe('0.9');
    expect(rows[0][col('test_loss')]).toBe('NaN');
    expect(rows[2][col('health')]).toBe('exploding');
    const diverged = rows[3];
    expect(diverged[col('health')]).toBe('diverged');
    expect(diverged[col('loss')]).toBe('NaN');
    expect(diverged[col('grad_norm_before_clip')]).toBe('Infinity');
    expect(diverged[col('weight_grad_norm_L2')]).toBe('NaN');
    expect(diverged[col('preact_grad_norm_L1')]).toBe('Infinity');
    expect(diverged[col('update_ratio_L4')]).toBe('-Infinity');
  });
});

describe('exportFilename', () => {
  it('names seed and step', () => {
    expect(exportFilename(42, 1234, 'json')).toBe('gradscope-run-seed42-step1234.json');
    expect(exportFilename(7, -1, 'csv')).toBe('gradscope-run-seed7-step0.csv');
  });
});

describe('export of a run set', () => {
  const shallow = new RunHistory(2);
  shallow.appendFrame(makeFrame(2, [{ step: 0 }, { step: 1 }]));
  const inputs = [
    { label: 'A', history: sampleHistory(), config: { ...DEFAULT_CONFIG, depth: numLayers - 1 }, backend: 'cpu' as const, exportedAt: when },
    { label: 'clip, 1', history: shallow, config: { ...DEFAULT_CONFIG, depth: 1, clip: 'norm' as const }, backend: 'cpu' as const, exportedAt: when },
  ];

  it('JSON holds every run, A first, each exactly as a single export plus its label', () => {
    const parsed = JSON.parse(runSetToJson(inputs));
    expect(parsed.runs.map((r: { label: string }) => r.label)).toEqual(['A', 'clip, 1']);
    for (const [i, run] of parsed.runs.entries()) {
      const { label, ...rest } = run;
      expect(label).toBe(inputs[i].label);
      expect(rest).toEqual(JSON.parse(runToJson(inputs[i])));
    }
  });

  it('CSV leads with a run column, each run’s rows under its label, layer columns up to the deepest run', () => {
    const lines = runSetToCsv(inputs, when).trim().split('\n');
    const header = lines.find((l) => !l.startsWith('#'))?.split(',') ?? [];
    expect(header[0]).toBe('run');
    expect(header.slice(1)).toEqual(csvColumns(numLayers));
    const rows = lines.filter((l) => !l.startsWith('#')).slice(1);
    expect(rows).toHaveLength(4 + 2);
    expect(rows.filter((r) => r.startsWith('A,'))).toHaveLength(4);
    // A label with a comma is quoted; the shallow run leaves the deeper layers' cells empty.
    const shallowRow = rows.filter((r) => r.startsWith('"clip, 1",'))[0].split(',');
    expect(shallowRow.length).toBe(header.length + 1);
    expect(shallowRow[shallowRow.length - 1]).toBe('');
    expect(lines).toContain('# clip, 1.clip=norm');
  });
});

describe('an RNN run', () => {
  const T = 5;
  const rnnConfig: RunConfig = { ...DEFAULT_CONFIG, model: 'rnn', cell: 'lstm', seqLength: T, dataset: 'memory', activation: 'tanh', init: 'orthogonal' };
  const history = new RunHistory(T);
  history.appendFrame(
    makeFrame(T, [
      { step: 0, scalars: { sigmaMax: 1.25, gateMean: 0.7, gradInput: 1, gradRecurrent: 2, gradBias: 3, gradReadout: 4, ratioInput: 0.1, ratioRecurrent: 0.2, ratioBias: Number.NaN, ratioReadout: 0.4 } },
      { step: 1, scalars: { sigmaMax: Number.POSITIVE_INFINITY } },
    ]),
  );
  const rnnInput: ExportInput = { history, config: rnnConfig, backend: 'wasm', exportedAt: when };

  it('JSON: per time step timeGradNorm (t = 1 first), recurrentSigmaMax, the gate and the parameter groups; no per-layer arrays', () => {
    const out = JSON.parse(runToJson(rnnInput)) as RunExport<RnnExportStep>;
    const [first, second] = out.steps;
    expect(out.numLayers).toBe(T);
    expect(first.timeGradNorm).toEqual(Array.from({ length: T }, (_, t) => layerValue(0, PG, t)));
    expect(first.recurrentSigmaMax).toBe(1.25);
    expect(first.gateMean).toBe(0.7);
    expect(first.groupGradNorm).toEqual({ input: 1, recurrent: 2, bias: 3, readout: 4 });
    expect(first.groupUpdateRatio).toEqual({ input: 0.1, recurrent: 0.2, bias: null, readout: 0.4 });
    expect(second.recurrentSigmaMax).toBeNull();
    expect('weightGradNorm' in first).toBe(false);
    expect(out.notes).toMatch(/timeGradNorm/);
  });

  it('CSV: the shared scalars, the RNN’s, health, then time_grad_norm_t1..tT; every row as wide as the header', () => {
    const lines = runToCsv(rnnInput).split('\n').filter((l) => l && !l.startsWith('#'));
    const header = lines[0].split(',');
    expect(header).toEqual(csvColumns(T, 'rnn'));
    expect(header.slice(7, 9)).toEqual(['recurrent_sigma_max', 'gate_mean']);
    expect(header.at(-T - 1)).toBe('health');
    expect(header.slice(-T)).toEqual(['time_grad_norm_t1', 'time_grad_norm_t2', 'time_grad_norm_t3', 'time_grad_norm_t4', 'time_grad_norm_t5']);
    const row = lines[1].split(',');
    expect(row).toHaveLength(header.length);
    expect(row[header.indexOf('recurrent_sigma_max')]).toBe('1.25');
    expect(row[header.indexOf('update_ratio_bias')]).toBe('NaN');
    expect(lines[2].split(',')[header.indexOf('recurrent_sigma_max')]).toBe('Infinity');
    expect(Number(row[header.indexOf('time_grad_norm_t3')])).toBe(layerValue(0, PG, 2));
  });
});
