import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { predictTheory } from '../core/theory';
import type { RunMeta } from '../protocol';
import { oneStepFrame } from '../test/frames';
import { selectRunConfigs, useStore } from './store';

function meta(runId: number, depth: number): RunMeta {
  return {
    runId,
    config: { ...DEFAULT_CONFIG, depth },
    numLayers: depth + 1,
    widths: [...Array.from({ length: depth }, () => 32), 3],
    theory: predictTheory({ ...DEFAULT_CONFIG, depth }, 2, 3, 0.3),
    classification: true,
    numClasses: 3,
    points: new Float32Array(0),
    labels: new Float32Array(0),
    inputDim: 2,
  };
}

const frame = oneStepFrame;

const start = (...ids: number[]) =>
  useStore.getState().runsStarting(ids.map((runId, i) => ({ letter: (['a', 'b', 'c', 'd'] as const)[i], runId, numLayers: 5 })));

describe('store', () => {
  beforeEach(() => useStore.setState({ config: { ...DEFAULT_CONFIG }, variants: [], selectedRun: 0 }));

  it('a new run starts an empty history of its depth', () => {
    start(3);
    useStore.getState().runStarted(meta(3, 4));
    const [run] = useStore.getState().runs;
    expect(run.runId).toBe(3);
    expect(run.meta?.runId).toBe(3);
    expect(run.history.numLayers).toBe(5);
    expect(run.history.stepsSeen).toBe(0);
  });

  it('ignores a run that is not in the current set', () => {
    start(3);
    useStore.getState().runStarted(meta(2, 7));
    expect(useStore.getState().runs[0].meta).toBeNull();
  });

  it('appends frames of the current runs in one update, each to its run, and drops stale ones', () => {
    start(7, 9);
    useStore.getState().runStarted(meta(7, 4));
    useStore.getState().runStarted(meta(9, 4));
    const version = useStore.getState().historyVersion;
    let updates = 0;
    const unsubscribe = useStore.subscribe(() => updates++);
    useStore.getState().appendFrames([frame(7, 5, 0), frame(6, 5, 99), frame(9, 5, 0), frame(7, 5, 1)]);
    unsubscribe();
    const state = useStore.getState();
    expect(updates).toBe(1);
    expect(state.historyVersion).toBe(version + 1);
    expect(Array.from(state.runs[0].history.steps())).toEqual([0, 1]);
    expect(Array.from(state.runs[1].history.steps())).toEqual([0]);
    expect(state.runs[0].health?.status).toBe('exploding');
    expect(state.runs[0].stepsPerSecond).toBe(42);
  });

  it('keeps the same verdict object while the verdict does not change', () => {
    start(8);
    useStore.getState().runStarted(meta(8, 4));
    useStore.getState().appendFrames([frame(8, 5, 0)]);
    const first = useStore.getState().runs[0].health;
    useStore.getState().appendFrames([frame(8, 5, 1)]);
    // frame() reports `since` = its step, so the verdict changed: a new object.
    expect(useStore.getState().runs[0].health).not.toBe(first);
    const second = useStore.getState().runs[0].health;
    const again = frame(8, 5, 2);
    again.health = { ...(second as NonNullable<typeof second>) };
    useStore.getState().appendFrames([again]);
    expect(useStore.getState().runs[0].health).toBe(second);
  });

  it('setConfig merges a patch into a new config object', () => {
    const before = useStore.getState().config;
    useStore.getState().setConfig({ learningRate: 0.5 });
    const after = useStore.getState().config;
    expect(after).not.toBe(before);
    expect(after.learningRate).toBe(0.5);
    expect(after.depth).toBe(before.depth);
  });

  it('Compare adds a copy of the selected run and selects it; the controls then edit it alone', () => {
    const s = useStore.getState();
    expect(s.addVariant()).toBe(1);
    expect(useStore.getState().variants).toEqual([{ letter: 'b', name: '', patch: {} }]);
    expect(useStore.getState().selectedRun).toBe(1);
    useStore.getState().setConfig({ clip: 'norm' });
    expect(useStore.getState().config.clip).toBe('none');
    expect(selectRunConfigs(useStore.getState())[1].clip).toBe('norm');
    // A shared field edited on B goes to A, and every run follows.
    useStore.getState().setConfig({ seed: 7 });
    expect(selectRunConfigs(useStore.getState()).map((c) => c.seed)).toEqual([7, 7]);
    expect(useStore.getState().variants[0].patch).toEqual({ clip: 'norm' });
  });

  it('a variant follows A in the fields it does not change, and keeps the ones it does', () => {
    useStore.getState().addVariant({ learningRate: 0.1 });
    useStore.getState().setRunConfig(0, { depth: 40, learningRate: 0.001 });
    const [a, b] = selectRunConfigs(useStore.getState());
    expect(a.depth).toBe(40);
    expect(b.depth).toBe(40);
    expect(b.learningRate).toBe(0.1);
    // Set back to A's value, the field stops being a difference.
    useStore.getState().setRunConfig(1, { learningRate: 0.001 });
    expect(useStore.getState().variants[0].patch).toEqual({});
  });

  it('holds at most three variants, and a fix can open beside any run', () => {
    const s = useStore.getState();
    expect(s.addVariant({ clip: 'norm' })).toBe(1);
    expect(s.addVariant({ optimizer: 'adam' }, { from: 0, name: 'Adam' })).toBe(2);
    expect(s.addVariant({ residual: true }, { from: 1 })).toBe(3);
    expect(s.addVariant()).toBeNull();
    const configs = selectRunConfigs(useStore.getState());
    expect(configs.map((c) => [c.clip, c.optimizer, c.residual])).toEqual([
      ['none', 'sgd', false],
      ['norm', 'sgd', false],
      ['none', 'adam', false],
      ['norm', 'sgd', true],
    ]);
    expect(useStore.getState().variants.map((v) => v.letter)).toEqual(['b', 'c', 'd']);
  });

  it('removing a variant keeps the others and their letters; making one run A keeps every config', () => {
    const s = useStore.getState();
    s.addVariant({ clip: 'norm' });
    s.addVariant({ optimizer: 'adam' }, { from: 0 });
    s.addVariant({ initGain: 2 }, { from: 0 });
    const before = selectRunConfigs(useStore.getState());
    useStore.getState().promoteVariant(2);
    const after = selectRunConfigs(useStore.getState());
    expect(after[0]).toEqual(before[2]);
    expect(after[2]).toEqual(before[0]);
    expect(after[1]).toEqual(before[1]);
    expect(after[3]).toEqual(before[3]);
    expect(useStore.getState().selectedRun).toBe(0);
    useStore.getState().selectRun(1);
    useStore.getState().removeVariant(1);
    expect(useStore.getState().variants.map((v) => v.letter)).toEqual(['c', 'd']);
    expect(useStore.getState().selectedRun).toBe(0);
    expect(selectRunConfigs(useStore.getState()).slice(1)).toEqual([after[2], after[3]]);
  });
});
