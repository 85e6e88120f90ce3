import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { TRIAL_AFTER_STEPS, TRIAL_STEPS } from '../core/fixTrials';
import type { HealthStatus } from '../core/health';
import type { StepStats } from '../core/stepStats';
import { createTrainer, type Trainer } from '../core/trainer';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type FromWorker } from '../protocol';
import { createRunLoop, FRAME_MS, frameMsFor, MAX_UNACKED_FRAMES, type RunLoop, TRIAL_SHARE } from './runLoop';

const config: RunConfig = { ...DEFAULT_CONFIG, depth: 4, width: 8, samples: 128 };

function harness() {
  const messages: FromWorker[] = [];
  const trainers: Trainer[] = [];
  const loop: RunLoop = createRunLoop({
    // The page acknowledges every frame as it arrives.
    post: (m) => {
      messages.push(m);
      if (m.type === 'frame') queueMicrotask(() => loop.handle({ type: 'ack', frames: 1 }));
    },
    createTrainer: (c) => {
      const t = createTrainer(c);
      trainers.push(t);
      return t;
    },
    now: () => performance.now(),
    schedule: (fn, delay) => setTimeout(fn, delay),
  });
  const frames = (runId?: number) =>
    messages.flatMap((m) => (m.type === 'frame' && (runId === undefined || m.frame.runId === runId) ? [m.frame] : []));
  const stepsOf = (runId?: number) =>
    frames(runId).flatMap((f) => Array.from({ length: f.count }, (_, i) => f.scalars[i * FRAME_SCALARS.length]));
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  loops.push(loop);
  return { loop, messages, frames, stepsOf, trainers, wait };
}

/** Every loop of a test is handed an empty set at its end: fix trials still under way stop. */
const loops: RunLoop[] = [];
let cleanup: (() => void) | null = null;
afterEach(async () => {
  for (const loop of loops.splice(0)) {
    loop.handle({ type: 'start', setId: 1e9, runs: [], paused: true, speed: 0 });
    await loop.idle();
  }
  cleanup?.();
  cleanup = null;
});

describe('run loop', () => {
  it('announces the run, then streams frames of consecutive steps packed in typed arrays', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 0 });
    await h.wait(300);
    h.loop.handle({ type: 'pause', setId: 1 });
    await h.loop.idle();
    const started = h.messages.find((m) => m.type === 'runStarted');
    expect(started?.type === 'runStarted' && started.meta.numLayers).toBe(5);
    const frames = h.frames(1);
    expect(frames.length).toBeGreaterThan(0);
    const f = frames[0];
    expect(f.layers.length).toBe(f.count * FRAME_LAYER_STATS.length * 5);
    const steps = h.stepsOf(1);
    expect(steps).toEqual(steps.map((_, i) => i));
    expect(h.messages.some((m) => m.type === 'boundary')).toBe(true);
  });

  it('pause stops the frames; step runs exactly that many steps and stays paused', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: true, speed: 0 });
    await h.wait(100);
    await h.loop.idle();
    expect(h.stepsOf(1)).toEqual([]);
    h.loop.handle({ type: 'step', setId: 1, count: 3 });
    await h.wait(50);
    await h.loop.idle();
    expect(h.stepsOf(1)).toEqual([0, 1, 2]);
    await h.wait(100);
    expect(h.stepsOf(1)).toEqual([0, 1, 2]);
    const last = h.messages.filter((m) => m.type === 'state').pop();
    expect(last).toMatchObject({ running: false, step: 3 });
  });

  it('a new start replaces the run; messages for the old runId are ignored', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: true, speed: 0 });
    h.loop.handle({ type: 'start', setId: 2, runs: [{ runId: 2, config: { ...config, depth: 2 } }], paused: true, speed: 0 });
    h.loop.handle({ type: 'step', setId: 1, count: 5 });
    await h.wait(50);
    await h.loop.idle();
    expect(h.stepsOf()).toEqual([]);
    h.loop.handle({ type: 'step', setId: 2, count: 2 });
    await h.wait(50);
    await h.loop.idle();
    expect(h.frames(2).every((f) => f.numLayers === 3)).toBe(true);
    expect(h.stepsOf(2)).toEqual([0, 1]);
  });

  it('pauses by itself when training diverges', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, depth: 10, width: 32, learningRate: 10 } }], paused: false, speed: 0 });
    for (let i = 0; i < 100 && !h.messages.some((m) => m.type === 'state' && !m.running); i++) await h.wait(20);
    await h.loop.idle();
    const frames = h.frames(1);
    expect(frames[frames.length - 1].health.status).toBe('diverged');
    const steps = h.stepsOf(1).length;
    await h.wait(100);
    expect(h.stepsOf(1).length).toBe(steps);
  });

  it('paces to the requested speed', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 20 });
    await h.wait(500);
    h.loop.handle({ type: 'pause', setId: 1 });
    await h.loop.idle();
    // 20 steps/s for 0.5 s: about 10 (one is due at once).
    expect(h.stepsOf(1).length).toBeGreaterThanOrEqual(5);
    expect(h.stepsOf(1).length).toBeLessThanOrEqual(13);
  });

  it('a restart while a step is in flight waits for that step before disposing, and the new run goes on', async () => {
    const messages: FromWorker[] = [];
    let inFlight = 0;
    let disposedUnderStep = false;
    const trainers: Trainer[] = [];
    const loop: RunLoop = createRunLoop({
      post: (m) => {
        messages.push(m);
        if (m.type === 'frame') queueMicrotask(() => loop.handle({ type: 'ack', frames: 1 }));
      },
      createTrainer: (c) => {
        const real = createTrainer(c);
        trainers.push(real);
        const slow: Trainer = Object.create(real);
        slow.step = async () => {
          inFlight++;
          await new Promise((r) => setTimeout(r, 30));
          try {
            return await real.step();
          } finally {
            inFlight--;
          }
        };
        slow.dispose = () => {
          if (inFlight > 0) disposedUnderStep = true;
          real.dispose();
        };
        return slow;
      },
      now: () => performance.now(),
      schedule: (fn, delay) => setTimeout(fn, delay),
    });
    cleanup = () => {
      for (const t of trainers) t.dispose();
    };
    loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 0 });
    await new Promise((r) => setTimeout(r, 10)); // a step is now in flight
    loop.handle({ type: 'start', setId: 2, runs: [{ runId: 2, config }], paused: false, speed: 0 });
    await new Promise((r) => setTimeout(r, 400));
    loop.handle({ type: 'pause', setId: 2 });
    await loop.idle();
    expect(disposedUnderStep).toBe(false);
    const run2Steps = messages.filter((m) => m.type === 'frame' && m.frame.runId === 2).length;
    expect(run2Steps).toBeGreaterThan(0);
    // "paused" is the last word: no frame after it.
    const lastState = messages.map((m, i) => (m.type === 'state' ? i : -1)).reduce((a, b) => Math.max(a, b));
    expect(messages.slice(lastState + 1).some((m) => m.type === 'frame')).toBe(false);
  });

  it('an old run that diverges mid-step does not pause the new run that replaced it', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    // Diverges on its second step.
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, depth: 10, width: 32, learningRate: 10 } }], paused: false, speed: 0 });
    await h.wait(1);
    h.loop.handle({ type: 'start', setId: 2, runs: [{ runId: 2, config }], paused: false, speed: 0 });
    await h.wait(300);
    const running = h.messages.filter((m) => m.type === 'state' && m.setId === 2);
    expect(running[running.length - 1]).toMatchObject({ running: true });
    expect(h.stepsOf(2).length).toBeGreaterThan(3);
    h.loop.handle({ type: 'pause', setId: 2 });
    await h.loop.idle();
  });

  it('trains a run set in lockstep: every run takes the same steps, each in its own frames', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({
      type: 'start',
      setId: 1,
      runs: [
        { runId: 10, config },
        { runId: 11, config: { ...config, clip: 'norm', clipThreshold: 1e4 } },
        { runId: 12, config: { ...config, depth: 2 } },
      ],
      paused: true,
      speed: 0,
    });
    h.loop.handle({ type: 'step', setId: 1, count: 4 });
    await h.wait(50);
    await h.loop.idle();
    expect(h.messages.filter((m) => m.type === 'runStarted').map((m) => m.type === 'runStarted' && m.meta.runId)).toEqual([10, 11, 12]);
    for (const id of [10, 11, 12]) expect(h.stepsOf(id)).toEqual([0, 1, 2, 3]);
    expect(h.frames(12).every((f) => f.numLayers === 3)).toBe(true);
    const boundaries = h.messages.filter((m) => m.type === 'boundary').map((m) => m.type === 'boundary' && m.runId);
    expect(new Set(boundaries)).toEqual(new Set([10, 11, 12]));
    expect(h.messages.filter((m) => m.type === 'state').pop()).toMatchObject({ setId: 1, running: false, step: 4 });
  });

  it('a run that diverges stops and keeps its last step, while the others go on', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({
      type: 'start',
      setId: 1,
      runs: [
        { runId: 1, config: { ...config, depth: 10, width: 32, learningRate: 10 } },
        { runId: 2, config },
      ],
      paused: true,
      speed: 0,
    });
    h.loop.handle({ type: 'step', setId: 1, count: 30 });
    await h.wait(50);
    await h.loop.idle();
    const broken = h.frames(1);
    expect(broken[broken.length - 1].health.status).toBe('diverged');
    expect(h.stepsOf(1).length).toBeLessThan(30);
    expect(h.stepsOf(2)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // More steps reach only the live run.
    const stoppedAt = h.stepsOf(1).length;
    h.loop.handle({ type: 'step', setId: 1, count: 2 });
    await h.wait(20);
    await h.loop.idle();
    expect(h.stepsOf(1).length).toBe(stoppedAt);
    expect(h.stepsOf(2).length).toBe(32);
  });

  it('while training, only the watched run’s boundary is refreshed; every run’s when the set stops', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }, { runId: 2, config }], paused: false, speed: 0 });
    h.loop.handle({ type: 'watchBoundary', runId: 2 });
    // Past the start, which sends every run's boundary.
    await h.wait(100);
    const startAt = h.messages.length;
    await h.wait(1500);
    const during = h.messages.slice(startAt).filter((m) => m.type === 'boundary').map((m) => m.type === 'boundary' && m.runId);
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during)).toEqual(new Set([2]));
    h.loop.handle({ type: 'pause', setId: 1 });
    await h.loop.idle();
    const pausedAt = h.messages.map((m, i) => (m.type === 'state' && !m.running ? i : -1)).reduce((a, b) => Math.max(a, b));
    const last = h.messages.slice(startAt, pausedAt).filter((m) => m.type === 'boundary').slice(-2).map((m) => m.type === 'boundary' && m.runId);
    expect(last.sort()).toEqual([1, 2]);
  });

  it('live settings reach the one run they name', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }, { runId: 2, config }], paused: true, speed: 0 });
    h.loop.handle({ type: 'setLive', runId: 2, settings: { clip: 'norm', clipThreshold: 1e-3 } });
    h.loop.handle({ type: 'step', setId: 1, count: 2 });
    await h.wait(20);
    await h.loop.idle();
    const clippedNorms = (id: number) => h.frames(id).flatMap((f) => Array.from({ length: f.count }, (_, i) => f.scalars[i * FRAME_SCALARS.length + FRAME_SCALARS.indexOf('gradNormAfterClip')]));
    expect(clippedNorms(2).every((v) => Math.abs(v - 1e-3) < 1e-6)).toBe(true);
    expect(clippedNorms(1).every((v) => v > 1e-2)).toBe(true);
  });

  it('reports a config the engine refuses as an error, not a crash', async () => {
    const h = harness();
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, depth: 500 } }], paused: false, speed: 0 });
    const error = h.messages.find((m) => m.type === 'error');
    expect(error?.type === 'error' && error.message).toMatch(/depth = 500/);
  });
});

/** A trainer whose steps cost 1 ms of a virtual clock each and report `status` (statistics copied from a real step). */
function timedTrainer(real: Trainer, template: StepStats, clock: { t: number }, status: HealthStatus, count: { n: number }, cost = (_step: number) => 1): Trainer {
  let n = 0;
  return {
    family: real.family,
    dataset: real.dataset,
    theory: real.theory,
    numSites: real.numSites,
    widths: real.widths,
    get stepCount() {
      return n;
    },
    async step() {
      clock.t += cost(n);
      count.n++;
      const step = n++;
      return { ...template, step, loss: 1, health: { status, layer: status === 'healthy' ? null : 2, reason: '', since: 0 } };
    },
    stepBare: async () => 0,
    updateSettings: () => undefined,
    predictGrid: (r) => real.predictGrid(r),
    readWeights: (l) => real.readWeights(l),
    dispose: () => undefined,
  };
}

/**
 * A loop on a virtual clock (each fake step costs its ms of it) whose page acknowledges
 * every frame; `visible` and `trial` make the trainers (timedTrainer).
 */
function virtualLoop(clock: { t: number }, visible: (c: RunConfig) => Trainer, trial?: (c: RunConfig) => Trainer) {
  const messages: FromWorker[] = [];
  const loop: RunLoop = createRunLoop({
    post: (m) => {
      messages.push(m);
      if (m.type === 'frame') queueMicrotask(() => loop.handle({ type: 'ack', frames: 1 }));
    },
    createTrainer: visible,
    createTrialTrainer: trial,
    now: () => clock.t,
    schedule: (fn, delay) => setTimeout(fn, delay),
  });
  loops.push(loop);
  return { loop, messages };
}

describe('steps per second', () => {
  it('are counted over the last 2 s: a run whose steps alternate fast and slow reads steady', async () => {
    const real = createTrainer(config);
    const template = await real.step();
    const clock = { t: 0 };
    const count = { n: 0 };
    // 50 steps of 1 ms, then 50 of 8 ms, and again: frames of about 1000 and 125 steps/s.
    const { loop, messages } = virtualLoop(clock, () => timedTrainer(real, template, clock, 'healthy', count, (s) => (Math.floor(s / 50) % 2 === 0 ? 1 : 8)));
    loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 0 });
    for (let i = 0; i < 400 && clock.t < 12_000; i++) await new Promise((r) => setTimeout(r, 5));
    loop.handle({ type: 'pause', setId: 1 });
    await loop.idle();
    const rates = messages.flatMap((m) => (m.type === 'frame' && m.frame.scalars[0] > 300 ? [m.frame.stepsPerSecond] : []));
    expect(rates.length).toBeGreaterThan(20);
    // The true mean rate: 100 steps per 450 ms.
    for (const r of rates) expect(r).toBeGreaterThan(180);
    for (const r of rates) expect(r).toBeLessThan(270);
    real.dispose();
  });
});

describe('frames of a run set', () => {
  it('come less often per run as the set grows (FRAME_MS x sqrt(N)), and carry every step', async () => {
    const real = createTrainer(config);
    const template = await real.step();
    const framesPerRun = async (runs: number) => {
      const clock = { t: 0 };
      const count = { n: 0 };
      // Each step costs 1 ms of the virtual clock; the set trains 3 s of it.
      const { loop, messages } = virtualLoop(clock, () => timedTrainer(real, template, clock, 'healthy', count));
      const specs = Array.from({ length: runs }, (_, i) => ({ runId: i + 1, config }));
      loop.handle({ type: 'start', setId: 1, runs: specs, paused: false, speed: 0 });
      for (let i = 0; i < 2000 && clock.t < 3000; i++) await new Promise((r) => setTimeout(r, 1));
      loop.handle({ type: 'pause', setId: 1 });
      await loop.idle();
      const frames = messages.flatMap((m) => (m.type === 'frame' && m.frame.runId === 1 ? [m.frame] : []));
      const steps = frames.reduce((n, f) => n + f.count, 0);
      return { frames: frames.length, steps, stepsTaken: count.n / runs };
    };
    const one = await framesPerRun(1);
    const four = await framesPerRun(4);
    expect(frameMsFor(1)).toBe(FRAME_MS);
    expect(frameMsFor(4)).toBe(2 * FRAME_MS);
    // One run: a frame every ~33 ms of training; four: every ~66 ms.
    expect(one.frames).toBeGreaterThan(70);
    expect(four.frames).toBeLessThan(one.frames * 0.6);
    expect(four.frames).toBeGreaterThan(one.frames * 0.4);
    // No step is lost by packing more of them into a frame.
    expect(one.steps).toBe(one.stepsTaken);
    expect(four.steps).toBe(four.stepsTaken);
    real.dispose();
  });
});

describe('a page that does not take its frames', () => {
  it('the worker stops at MAX_UNACKED_FRAMES unacknowledged frames, and goes on from there once they are acknowledged', async () => {
    const messages: FromWorker[] = [];
    const trainers: Trainer[] = [];
    const loop = createRunLoop({
      post: (m) => messages.push(m), // a frozen page: nothing is acknowledged
      createTrainer: (c) => {
        const t = createTrainer(c);
        trainers.push(t);
        return t;
      },
      now: () => performance.now(),
      schedule: (fn, delay) => setTimeout(fn, delay),
    });
    loops.push(loop);
    cleanup = () => {
      for (const t of trainers) t.dispose();
    };
    const frames = () => messages.filter((m) => m.type === 'frame').length;
    const steps = () => messages.reduce((n, m) => n + (m.type === 'frame' ? m.frame.count : 0), 0);
    loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 0 });
    await new Promise((r) => setTimeout(r, 600));
    expect(frames()).toBe(MAX_UNACKED_FRAMES);
    const held = steps();
    await new Promise((r) => setTimeout(r, 300));
    expect(steps()).toBe(held);
    // The page thaws and takes them: training goes on, continuing from the step it stopped at.
    loop.handle({ type: 'ack', frames: MAX_UNACKED_FRAMES });
    for (let i = 0; i < 100 && frames() < 2 * MAX_UNACKED_FRAMES; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    expect(frames()).toBe(2 * MAX_UNACKED_FRAMES);
    const next = messages.filter((m) => m.type === 'frame')[MAX_UNACKED_FRAMES];
    expect(next.type === 'frame' && next.frame.scalars[0]).toBe(held);
  });
});

describe('fixes tried ahead', () => {
  const trialsOf = (messages: FromWorker[], runId: number) =>
    messages.flatMap((m) => (m.type === 'fixTrials' && m.runId === runId ? [m] : []));

  it('a run that diverges has every candidate tried to the end on its config, each outcome reported as it finishes', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, learningRate: 10, activation: 'linear' } }], paused: false, speed: 0 });
    for (let i = 0; i < 600 && !trialsOf(h.messages, 1).some((m) => m.done); i++) await h.wait(50);
    const reports = trialsOf(h.messages, 1).filter((m) => m.status === 'diverged');
    expect(reports[0], JSON.stringify(trialsOf(h.messages, 1)[0]).slice(0, 300)).toMatchObject({ status: 'diverged', results: [], done: false });
    const last = reports[reports.length - 1];
    expect(last.done).toBe(true);
    expect(last.results.map((r) => r.id)).toEqual(last.candidates);
    expect(last.candidates).toEqual(expect.arrayContaining(['lr', 'clip', 'adam']));
    // One report per candidate, each adding one result.
    expect(reports.map((m) => m.results.length)).toEqual(reports.map((_, i) => i));
    for (const r of last.results) expect(r.outcome.verdict === 'diverges' || r.outcome.steps === TRIAL_STEPS, r.id).toBe(true);
    // A smaller rate tried on the same seed trains the small network.
    expect(last.results.find((r) => r.id === 'lr')?.outcome.verdict).toMatch(/trains|stalls/);
  }, 60_000);

  it('a hidden page holds the trials; they go on when it returns', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'hold', hold: true });
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, learningRate: 10, activation: 'linear' } }], paused: false, speed: 0 });
    for (let i = 0; i < 200 && trialsOf(h.messages, 1).length === 0; i++) await h.wait(20);
    await h.wait(800);
    // The run diverged and its trials were set up, but none has taken a step.
    expect(trialsOf(h.messages, 1).map((m) => m.results.length)).toEqual([0]);
    const trainersHeld = h.trainers.length;
    h.loop.handle({ type: 'hold', hold: false });
    for (let i = 0; i < 600 && !trialsOf(h.messages, 1).some((m) => m.done); i++) await h.wait(20);
    expect(trialsOf(h.messages, 1).some((m) => m.done)).toBe(true);
    expect(h.trainers.length).toBeGreaterThan(trainersHeld);
  }, 30_000);

  it('a new set stops the old set’s trials: nothing more is reported for its runs', async () => {
    const h = harness();
    cleanup = () => {
      for (const t of h.trainers) t.dispose();
    };
    h.loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, learningRate: 10 } }], paused: false, speed: 0 });
    for (let i = 0; i < 200 && trialsOf(h.messages, 1).length === 0; i++) await h.wait(20);
    expect(trialsOf(h.messages, 1).length).toBeGreaterThan(0);
    h.loop.handle({ type: 'start', setId: 2, runs: [{ runId: 2, config }], paused: true, speed: 0 });
    await h.loop.idle();
    const reported = trialsOf(h.messages, 1).length;
    await h.wait(1500);
    expect(trialsOf(h.messages, 1).length).toBe(reported);
    expect(trialsOf(h.messages, 1).some((m) => m.done)).toBe(false);
  }, 30_000);

  it('while the set trains, trials take at most TRIAL_SHARE of the worker’s time', async () => {
    const real = createTrainer(config);
    const template = await real.step();
    const clock = { t: 0 };
    const visible = { n: 0 };
    const trial = { n: 0 };
    // The visible run keeps exploding (so it trains on); the trials stay healthy.
    const { loop, messages } = virtualLoop(clock, () => timedTrainer(real, template, clock, 'exploding', visible), () => timedTrainer(real, template, clock, 'healthy', trial));
    loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config }], paused: false, speed: 0 });
    // Long enough for the share to show, short of finishing the trials (5 candidates x 200 steps).
    for (let i = 0; i < 400 && visible.n < 5000; i++) await new Promise((r) => setTimeout(r, 5));
    loop.handle({ type: 'pause', setId: 1 });
    await loop.idle();
    const before = trial.n;
    expect(visible.n).toBeGreaterThan(TRIAL_AFTER_STEPS * 100);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(5 * TRIAL_STEPS);
    // Share of all steps (each costs the same), counted while the set trained.
    expect(before / (before + visible.n)).toBeLessThanOrEqual(TRIAL_SHARE + 0.01);
    expect(before / (before + visible.n)).toBeGreaterThan(TRIAL_SHARE / 2);
    expect(messages.some((m) => m.type === 'fixTrials' && m.status === 'exploding')).toBe(true);
    // Paused: the trials take the whole worker and finish.
    for (let i = 0; i < 400 && !messages.some((m) => m.type === 'fixTrials' && m.done); i++) await new Promise((r) => setTimeout(r, 5));
    expect(trial.n).toBeGreaterThan(before);
    expect(messages.some((m) => m.type === 'fixTrials' && m.done)).toBe(true);
    real.dispose();
  }, 30_000);

  it('a run that stopped lends its turns to its own trials: they advance step for step with the live runs', async () => {
    const real = createTrainer(config);
    const template = await real.step();
    const clock = { t: 0 };
    const a = { n: 0 };
    const b = { n: 0 };
    const trial = { n: 0 };
    // Run A (lr 10) diverges at once; run B stays healthy.
    const { loop } = virtualLoop(
      clock,
      (c) => timedTrainer(real, template, clock, c.learningRate === 10 ? 'diverged' : 'healthy', c.learningRate === 10 ? a : b),
      () => timedTrainer(real, template, clock, 'healthy', trial),
    );
    loop.handle({ type: 'start', setId: 1, runs: [{ runId: 1, config: { ...config, learningRate: 10 } }, { runId: 2, config }], paused: false, speed: 0 });
    for (let i = 0; i < 400 && b.n < 500; i++) await new Promise((r) => setTimeout(r, 5));
    loop.handle({ type: 'pause', setId: 1 });
    await loop.idle();
    expect(a.n).toBe(1);
    expect(b.n).toBeGreaterThanOrEqual(500);
    // One trial step in each of A's turns, plus the share: well above the share alone.
    expect(trial.n).toBeGreaterThanOrEqual(b.n - 2);
    real.dispose();
  }, 30_000);
});
