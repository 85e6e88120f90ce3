// The worker's run loop, without any worker globals so that it runs in unit tests with
// a fake `post`. It trains continuously, packs the steps of about FRAME_MS into one
// frame (typed arrays, transferred), and answers pause, step and reset between frames.

import type { RunConfig } from '../core/config';
import type { StepStats } from '../core/stepStats';
import type { LiveSettings, Trainer } from '../core/trainer';
import {
  FRAME_LAYER_STATS,
  FRAME_SCALARS,
  type Frame,
  type FromWorker,
  HEALTH_CODES,
  type RunMeta,
  type Speed,
  type ToWorker,
  assertNever,
} from '../protocol';

/** Steps of about this long go into one frame: ~30 frames a second, so charts can refresh at 20 Hz or more. */
export const FRAME_MS = 33;
export const BOUNDARY_EVERY_MS = 400;
export const BOUNDARY_RESOLUTION = 48;
/** At most this many steps go into one frame, whatever the speed. */
export const MAX_STEPS_PER_FRAME = 200;

export interface RunLoopDeps {
  post(message: FromWorker, transfer?: Transferable[]): void;
  createTrainer(config: RunConfig): Trainer;
  now(): number;
  /** Calls `fn` soon, after pending messages have been handled (setTimeout). */
  schedule(fn: () => void, delayMs: number): void;
}

export interface RunLoop {
  handle(message: Exclude<ToWorker, { type: 'init' }>): void;
  /** Resolves when no step is in flight (for tests). */
  idle(): Promise<void>;
}

export function packFrame(runId: number, steps: StepStats[], stepsPerSecond: number): Frame {
  const count = steps.length;
  const numLayers = steps[0].layers.weightGradNorm.length;
  const scalars = new Float64Array(count * FRAME_SCALARS.length);
  const layers = new Float64Array(count * FRAME_LAYER_STATS.length * numLayers);
  steps.forEach((s, i) => {
    const row: Record<(typeof FRAME_SCALARS)[number], number> = {
      step: s.step,
      loss: s.loss,
      accuracy: s.accuracy ?? Number.NaN,
      testLoss: s.testLoss ?? Number.NaN,
      testAccuracy: s.testAccuracy ?? Number.NaN,
      gradNormBeforeClip: s.gradNormBeforeClip,
      gradNormAfterClip: s.gradNormAfterClip,
      health: HEALTH_CODES.indexOf(s.health.status),
      healthLayer: s.health.layer ?? Number.NaN,
    };
    FRAME_SCALARS.forEach((name, k) => {
      scalars[i * FRAME_SCALARS.length + k] = row[name];
    });
    FRAME_LAYER_STATS.forEach((name, k) => {
      layers.set(s.layers[name], (i * FRAME_LAYER_STATS.length + k) * numLayers);
    });
  });
  return { runId, count, numLayers, scalars, layers, health: steps[count - 1].health, stepsPerSecond };
}

export function runMetaOf(runId: number, config: RunConfig, trainer: Trainer): RunMeta {
  const ds = trainer.dataset;
  return {
    runId,
    config,
    numLayers: config.depth + 1,
    widths: [...Array.from({ length: config.depth }, () => config.width), ds.outputDim],
    theory: trainer.theory,
    classification: ds.classification,
    numClasses: ds.outputDim,
    points: ds.trainX.slice(),
    labels: ds.trainY.slice(),
    inputDim: ds.inputDim,
  };
}

export function createRunLoop(deps: RunLoopDeps): RunLoop {
  let trainer: Trainer | null = null;
  let runId = -1;
  let running = false;
  let speed: Speed = 0;
  let pendingSteps = 0;
  let busy: Promise<void> = Promise.resolve();
  let tickScheduled = false;
  let ticking = false;
  let lastBoundaryAt = Number.NEGATIVE_INFINITY;
  // Steps-per-second measurement and pacing.
  let paceStart = 0;
  let pacedSteps = 0;
  let recentRate = 0;

  const postState = () => deps.post({ type: 'state', runId, running, step: trainer?.stepCount ?? 0 });

  const fail = (error: unknown) => {
    running = false;
    pendingSteps = 0;
    deps.post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error), fatal: false });
    postState();
  };

  const sendBoundary = async (t: Trainer, id: number) => {
    lastBoundaryAt = deps.now();
    const values = await t.predictGrid(t.dataset.inputDim === 1 ? 128 : BOUNDARY_RESOLUTION);
    if (id !== runId) return;
    const resolution = t.dataset.inputDim === 1 ? 128 : BOUNDARY_RESOLUTION;
    deps.post({ type: 'boundary', runId: id, step: t.stepCount, resolution, values }, [values.buffer]);
  };

  const schedule = (delayMs = 0) => {
    if (tickScheduled) return;
    tickScheduled = true;
    deps.schedule(() => {
      tickScheduled = false;
      busy = busy.then(tick);
    }, delayMs);
  };

  /** Runs the steps of one frame. */
  const tick = async () => {
    const t = trainer;
    const id = runId;
    if (!t) return;
    if (!running && pendingSteps === 0) {
      // Paused before this tick began: the pause is complete now.
      postState();
      return;
    }
    ticking = true;
    try {
      await runFrame(t, id);
    } finally {
      ticking = false;
    }
  };

  const runFrame = async (t: Trainer, id: number) => {
    const frameStart = deps.now();
    const steps: StepStats[] = [];
    let waitMs = 0;
    try {
      while (steps.length < MAX_STEPS_PER_FRAME && deps.now() - frameStart < FRAME_MS) {
        if (id !== runId) return;
        if (pendingSteps === 0) {
          if (!running) break;
          if (speed > 0) {
            // Pace to `speed` steps per second.
            const due = paceStart + (pacedSteps / speed) * 1000;
            const ahead = due - deps.now();
            if (ahead > 0) {
              waitMs = ahead;
              break;
            }
          }
        }
        const stats = await t.step();
        // A new run may have started while this step ran: leave its state alone.
        if (id !== runId) return;
        steps.push(stats);
        if (pendingSteps > 0) pendingSteps--;
        else pacedSteps++;
        if (stats.health.status === 'diverged') {
          // Stop where it broke: further steps only propagate NaN.
          running = false;
          pendingSteps = 0;
          break;
        }
      }
    } catch (error) {
      if (id === runId) fail(error);
      return;
    }
    if (id !== runId) return;
    if (steps.length > 0) {
      const elapsed = deps.now() - frameStart;
      if (elapsed > 0) recentRate = recentRate === 0 ? (steps.length * 1000) / elapsed : 0.7 * recentRate + 0.3 * ((steps.length * 1000) / elapsed);
      const frame = packFrame(id, steps, recentRate);
      deps.post({ type: 'frame', frame }, [frame.scalars.buffer, frame.layers.buffer]);
    }
    const stopped = !running && pendingSteps === 0;
    if (stopped || deps.now() - lastBoundaryAt >= BOUNDARY_EVERY_MS) await sendBoundary(t, id);
    if (stopped) postState();
    else schedule(waitMs);
  };

  const resetPace = () => {
    paceStart = deps.now();
    pacedSteps = 0;
  };

  const start = (id: number, config: RunConfig, paused: boolean, nextSpeed: Speed) => {
    // A step of the old run may be in flight: dispose its trainer only once that step
    // has finished (the queue is sequential), never under it.
    const old = trainer;
    busy = busy.then(() => old?.dispose());
    trainer = null;
    runId = id;
    running = false;
    pendingSteps = 0;
    speed = nextSpeed;
    recentRate = 0;
    try {
      trainer = deps.createTrainer(config);
    } catch (error) {
      fail(error);
      return;
    }
    deps.post({ type: 'runStarted', meta: runMetaOf(id, config, trainer) });
    const t = trainer;
    busy = busy.then(() => sendBoundary(t, id)).catch(fail);
    running = !paused;
    resetPace();
    postState();
    if (running) schedule();
  };

  return {
    handle(message) {
      switch (message.type) {
        case 'start':
          start(message.runId, message.config, message.paused, message.speed);
          return;
        case 'pause':
          if (message.runId !== runId) return;
          running = false;
          // A frame in flight finishes its current step and then reports the pause, so
          // that "paused" is never followed by one more step.
          if (!ticking && !tickScheduled) postState();
          return;
        case 'resume':
          if (message.runId !== runId || !trainer) return;
          running = true;
          resetPace();
          postState();
          schedule();
          return;
        case 'step':
          if (message.runId !== runId || !trainer) return;
          running = false;
          pendingSteps += Math.max(1, Math.floor(message.count));
          schedule();
          return;
        case 'setLive':
          if (message.runId !== runId || !trainer) return;
          trainer.updateSettings(message.settings as Partial<LiveSettings>);
          return;
        case 'setSpeed':
          speed = message.speed;
          resetPace();
          return;
        default:
          assertNever(message);
      }
    },
    idle: async () => {
      // Wait until no tick is scheduled or running.
      for (let i = 0; i < 10_000; i++) {
        await busy;
        if (!tickScheduled) return;
        await new Promise((r) => setTimeout(r, 1));
      }
    },
  };
}
