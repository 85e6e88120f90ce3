import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { predictTheory } from '../core/theory';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame, type RunMeta } from '../protocol';
import { useStore } from './store';

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

function frame(runId: number, numLayers: number, step: number): Frame {
  const scalars = new Float64Array(FRAME_SCALARS.length).fill(0.5);
  scalars[0] = step;
  return {
    runId,
    count: 1,
    numLayers,
    scalars,
    layers: new Float64Array(FRAME_LAYER_STATS.length * numLayers).fill(1),
    health: { status: 'exploding', layer: 2, reason: 'test', since: step },
    stepsPerSecond: 42,
  };
}

describe('store', () => {
  beforeEach(() => useStore.setState({ runId: 0 }));

  it('a new run starts an empty history of its depth', () => {
    useStore.getState().runStarted(meta(3, 4));
    const { history, runId } = useStore.getState();
    expect(runId).toBe(3);
    expect(history.numLayers).toBe(5);
    expect(history.stepsSeen).toBe(0);
  });

  it('appends frames of the current run in one update, and drops stale ones', () => {
    useStore.getState().runStarted(meta(7, 4));
    const version = useStore.getState().historyVersion;
    let updates = 0;
    const unsubscribe = useStore.subscribe(() => updates++);
    useStore.getState().appendFrames([frame(7, 5, 0), frame(6, 5, 99), frame(7, 5, 1)]);
    unsubscribe();
    const state = useStore.getState();
    expect(updates).toBe(1);
    expect(state.historyVersion).toBe(version + 1);
    expect(Array.from(state.history.steps())).toEqual([0, 1]);
    expect(state.health?.status).toBe('exploding');
    expect(state.stepsPerSecond).toBe(42);
  });

  it('keeps the same verdict object while the verdict does not change', () => {
    useStore.getState().runStarted(meta(8, 4));
    useStore.getState().appendFrames([frame(8, 5, 0)]);
    const first = useStore.getState().health;
    useStore.getState().appendFrames([frame(8, 5, 1)]);
    // frame() reports `since` = its step, so the verdict changed: a new object.
    expect(useStore.getState().health).not.toBe(first);
    const second = useStore.getState().health;
    const again = frame(8, 5, 2);
    again.health = { ...(second as NonNullable<typeof second>) };
    useStore.getState().appendFrames([again]);
    expect(useStore.getState().health).toBe(second);
  });

  it('setConfig merges a patch into a new config object', () => {
    const before = useStore.getState().config;
    useStore.getState().setConfig({ learningRate: 0.5 });
    const after = useStore.getState().config;
    expect(after).not.toBe(before);
    expect(after.learningRate).toBe(0.5);
    expect(after.depth).toBe(before.depth);
  });
});
