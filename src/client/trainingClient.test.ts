import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { FromWorker, ToWorker } from '../protocol';
import { useStore } from '../store/store';
import { oneStepFrame } from '../test/frames';
import { createTrainingClient, flushIntervalMs, type TrainingClient } from './trainingClient';

/** A worker that records what the page sends it and lets the test answer. */
function fakeWorker() {
  const sent: ToWorker[] = [];
  const worker = {
    onmessage: null as ((event: MessageEvent<FromWorker>) => void) | null,
    onerror: null,
    postMessage: (message: ToWorker) => sent.push(message),
    terminate: () => {},
  };
  const receive = (message: FromWorker) => worker.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  return { worker: worker as unknown as Worker, sent, receive };
}


/**
 * Trains `runs` runs for `seconds` of fake time, the worker sending a frame per run every
 * 33 ms, and counts the store's landings of frames (history versions) and the frames acked.
 */
function train(runs: number, seconds: number) {
  const letters = (['b', 'c', 'd'] as const).slice(0, runs - 1);
  useStore.setState({
    config: { ...DEFAULT_CONFIG, depth: 3 },
    variants: letters.map((letter) => ({ letter, patch: {}, name: letter.toUpperCase() })),
    selectedRun: 0,
  });
  const fake = fakeWorker();
  client = createTrainingClient(
    () => fake.worker,
    (flush) => flush(),
  );
  const start = fake.sent.find((m) => m.type === 'start');
  if (start?.type !== 'start') throw new Error('no start message');
  const runIds = start.runs.map((r) => r.runId);
  const numLayers = useStore.getState().runs[0].history.numLayers;
  let landings = 0;
  const unsubscribe = useStore.subscribe((s, prev) => {
    if (s.historyVersion !== prev.historyVersion) landings++;
  });
  let sentFrames = 0;
  for (let t = 0, step = 0; t < seconds * 1000; t += 33, step++) {
    for (const runId of runIds) {
      fake.receive({ type: 'frame', frame: oneStepFrame(runId, numLayers, step) });
      sentFrames++;
    }
    vi.advanceTimersByTime(33);
  }
  vi.advanceTimersByTime(1000);
  unsubscribe();
  const acked = fake.sent.reduce((n, m) => n + (m.type === 'ack' ? m.frames : 0), 0);
  return { landings, sentFrames, acked, steps: useStore.getState().runs.map((r) => r.history.stepsSeen) };
}

let client: TrainingClient | null = null;

describe('landing frames from the worker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
  });
  afterEach(() => {
    client?.dispose();
    client = null;
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('lands one run\'s frames as they come', () => {
    const { landings, sentFrames, acked } = train(1, 2);
    expect(landings).toBeGreaterThanOrEqual(sentFrames - 1);
    expect(acked).toBe(sentFrames);
  });

  it('lands a set of four runs at most 12 times a second, losing no frame', () => {
    expect(flushIntervalMs(4)).toBeGreaterThan(80);
    const { landings, sentFrames, acked, steps } = train(4, 2);
    // At most 12 a second, plus the first landing and the last (the frames left when the worker stops).
    expect(landings).toBeLessThanOrEqual(2 * 12 + 2);
    expect(landings).toBeGreaterThanOrEqual(2 * 10);
    // Every frame lands and is acknowledged, so the worker is never held back for long.
    expect(acked).toBe(sentFrames);
    expect(steps).toEqual([sentFrames / 4, sentFrames / 4, sentFrames / 4, sentFrames / 4]);
  });

  it('lands two runs more often than four', () => {
    const two = train(2, 2);
    client?.dispose();
    const four = train(4, 2);
    expect(two.landings).toBeGreaterThan(four.landings);
    expect(two.landings).toBeLessThanOrEqual(2 * 17 + 2);
  });
});
