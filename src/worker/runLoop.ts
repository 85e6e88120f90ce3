// The worker's run loop, without any worker globals so that it runs in unit tests with
// a fake `post`. It trains continuously, packs the steps of about FRAME_MS (longer for a
// set of runs: frameMsFor) into one frame per run (typed arrays, transferred), and
// answers pause, step and reset between frames. It trains a run set in lockstep: each
// round steps every live run once, in one worker (one core stays free for the page: see
// the note in createRunLoop). When a run's verdict turns bad, it tries the fixes for it
// ahead (core/fixTrials.ts) in the same worker: while the set trains, the trials get at
// most TRIAL_SHARE of the time, plus the turns of their run once it has stopped
// (diverged); once the whole set stops (diverged, paused), all of it.

import type { RunConfig } from '../core/config';
import type { StepStats } from '../core/stepStats';
import type { LiveSettings, Trainer } from '../core/trainer';
import { assertNever, type FromWorker, type RunSpec, runSetSlowdown, type Speed, type ToWorker } from '../protocol';
import { packFrame, runMetaOf } from './frames';
import { createTrialQueue } from './trialQueue';

/** Steps of about this long go into one frame: ~30 frames a second, so charts can refresh at 20 Hz or more. */
export const FRAME_MS = 33;

/**
 * A set of N runs sends a frame per run every FRAME_MS x sqrt(N) (66 ms for four runs):
 * the page lands a set's frames that much less often (runSetSlowdown), so more frames
 * would only be more messages for the page's main thread to take in.
 */
export const frameMsFor = (runCount: number): number => FRAME_MS * runSetSlowdown(runCount);

export const BOUNDARY_EVERY_MS = 400;
export const BOUNDARY_RESOLUTION = 48;
/** At most this many steps go into one frame, whatever the speed. */
export const MAX_STEPS_PER_FRAME = 200;
/**
 * The share of the worker's time fix trials take while the set trains: the visible runs
 * keep at least 1 - TRIAL_SHARE of their speed (the budget is 10% slower at most).
 */
export const TRIAL_SHARE = 0.08;
/** Steps per second are counted over this window: steady to read, and still current. */
export const RATE_WINDOW_MS = 2000;
/** Frame messages per run the page may leave unacknowledged (about a quarter second of training) before the loop waits. */
export const MAX_UNACKED_FRAMES = 8;

export interface RunLoopDeps {
  post(message: FromWorker, transfer?: Transferable[]): void;
  createTrainer(config: RunConfig): Trainer;
  /** A trainer for a fix trial (no held-out measurements needed); createTrainer when absent. */
  createTrialTrainer?(config: RunConfig): Trainer;
  now(): number;
  /** Calls `fn` soon, after pending messages have been handled (setTimeout). */
  schedule(fn: () => void, delayMs: number): void;
}

export interface RunLoop {
  handle(message: Exclude<ToWorker, { type: 'init' }>): void;
  /** Resolves when no step is in flight (for tests). */
  idle(): Promise<void>;
}

/** One run of the set the loop trains. */
interface Slot {
  runId: number;
  trainer: Trainer;
  /** Its config with the live settings applied since (what a fix trial starts from). */
  config: RunConfig;
  /** Diverged: it takes no more steps, the others go on. */
  stopped: boolean;
}

/**
 * Why one worker for the whole set, the runs taking turns step by step: measured with
 * `BENCH_UI_PARTS=lockstep npm run bench:ui` (wasm, depth 50, 2 cores), each of N runs
 * in one worker keeps 0.97-0.98 of 1/N of one run's steps/s, so running them together
 * costs under 3%. A worker each gets ~1.5x more steps in total, but only by taking both
 * cores, and the page (charts, input) then competes with training for every frame.
 * One worker also keeps the step counts equal without any coordination.
 */
export function createRunLoop(deps: RunLoopDeps): RunLoop {
  let slots: Slot[] = [];
  let setId = -1;
  let running = false;
  let speed: Speed = 0;
  let pendingSteps = 0;
  let busy: Promise<void> = Promise.resolve();
  let tickScheduled = false;
  let ticking = false;
  let lastBoundaryAt = Number.NEGATIVE_INFINITY;
  /** The run whose boundary is refreshed while training (the one the page shows). */
  let watchedRunId: number | null = null;
  // Rounds-per-second measurement and pacing (a round is one step of every live run).
  let paceStart = 0;
  let pacedSteps = 0;
  let recentRate = 0;
  /** The frames of the last RATE_WINDOW_MS: when each began and ended, and its rounds. */
  let rateFrames: { start: number; end: number; rounds: number }[] = [];
  /** Fix trials waiting or under way, and the trial time the visible runs have earned. */
  const trials = createTrialQueue({
    post: (m) => deps.post(m),
    createTrainer: deps.createTrialTrainer ?? deps.createTrainer,
    whenIdle: (fn) => {
      busy = busy.then(fn);
    },
  });
  let trialCredit = 0;
  let trialTickScheduled = false;
  /** The page is hidden: trials wait for it. */
  let held = false;
  /** Frame messages posted and not yet acknowledged by the page; whether a frame waits for acks. */
  let unacked = 0;
  let waitingForAcks = false;

  const mostSteps = () => slots.reduce((m, s) => Math.max(m, s.trainer.stepCount), 0);
  const postState = () => deps.post({ type: 'state', setId, running, step: mostSteps() });

  const fail = (error: unknown, runId: number | null = null) => {
    running = false;
    pendingSteps = 0;
    deps.post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error), fatal: false });
    postState();
  };

  const sendBoundaries = async (current: Slot[], id: number) => {
    lastBoundaryAt = deps.now();
    for (const slot of current) {
      const t = slot.trainer;
      // A sequence model has no input plane to draw its output over.
      if (t.family !== 'mlp') continue;
      const resolution = t.dataset.inputDim === 1 ? 128 : BOUNDARY_RESOLUTION;
      const values = await t.predictGrid(resolution);
      if (id !== setId) return;
      deps.post({ type: 'boundary', runId: slot.runId, step: t.stepCount, resolution, values }, [values.buffer]);
    }
  };

  const schedule = (delayMs = 0) => {
    if (tickScheduled) return;
    tickScheduled = true;
    deps.schedule(() => {
      tickScheduled = false;
      busy = busy.then(tick);
    }, delayMs);
  };

  /** Runs the rounds of one frame. */
  const tick = async () => {
    const current = slots;
    const id = setId;
    if (current.length === 0) return;
    if (!running && pendingSteps === 0) {
      // Paused before this tick began: every run's boundary as it stands, then the pause is complete.
      await sendBoundaries(current, id);
      if (id === setId) {
        postState();
        scheduleTrials();
      }
      return;
    }
    ticking = true;
    try {
      await runFrame(current, id);
    } finally {
      ticking = false;
    }
  };

  const runFrame = async (current: Slot[], id: number) => {
    // The page has not taken the frames already sent (frozen, or busy): wait for it.
    if (unacked >= MAX_UNACKED_FRAMES * current.length) {
      waitingForAcks = true;
      return;
    }
    const frameStart = deps.now();
    const frameMs = frameMsFor(current.length);
    const steps: StepStats[][] = current.map(() => []);
    let rounds = 0;
    let waitMs = 0;
    let failed: number | null = null;
    try {
      while (rounds < MAX_STEPS_PER_FRAME && deps.now() - frameStart < frameMs) {
        if (id !== setId) return;
        if (pendingSteps === 0) {
          if (!running) break;
          if (speed > 0) {
            // Pace to `speed` rounds per second.
            const due = paceStart + (pacedSteps / speed) * 1000;
            const ahead = due - deps.now();
            if (ahead > 0) {
              waitMs = ahead;
              break;
            }
          }
        }
        for (let k = 0; k < current.length; k++) {
          const slot = current[k];
          if (slot.stopped) {
            // A run that stopped lends its turn to its own fix trials: the live runs keep
            // the pace they had, and the trials go at the speed the run trained.
            if (trials.activeRunId === slot.runId) await trials.step();
            if (id !== setId) return;
            continue;
          }
          failed = slot.runId;
          const stats = await slot.trainer.step();
          failed = null;
          // A new set may have started while this step ran: leave its state alone.
          if (id !== setId) return;
          steps[k].push(stats);
          // Stop where it broke: further steps only propagate NaN.
          if (stats.health.status === 'diverged') slot.stopped = true;
          trials.watch(slot.runId, slot.config, stats);
        }
        rounds++;
        if (pendingSteps > 0) pendingSteps--;
        else pacedSteps++;
        if (current.every((s) => s.stopped)) {
          running = false;
          pendingSteps = 0;
          break;
        }
      }
    } catch (error) {
      if (id === setId) fail(error, failed);
      return;
    }
    if (id !== setId) return;
    if (rounds > 0) {
      // Rounds over wall time across the window (the time between frames included).
      const end = deps.now();
      rateFrames.push({ start: frameStart, end, rounds });
      while (rateFrames.length > 1 && rateFrames[0].end < end - RATE_WINDOW_MS) rateFrames.shift();
      const span = end - rateFrames[0].start;
      if (span > 0) recentRate = (rateFrames.reduce((n, f) => n + f.rounds, 0) * 1000) / span;
      current.forEach((slot, k) => {
        if (steps[k].length === 0) return;
        const frame = packFrame(slot.runId, steps[k], slot.stopped ? 0 : recentRate);
        unacked++;
        deps.post({ type: 'frame', frame }, [frame.scalars.buffer, frame.layers.buffer]);
      });
    }
    // The trials' share of this frame's time (carried over a few frames at most; none
    // is saved up while there is nothing to try).
    trialCredit = trials.pending ? Math.min(trialCredit + (deps.now() - frameStart) * (TRIAL_SHARE / (1 - TRIAL_SHARE)), 3 * FRAME_MS) : 0;
    while (trials.pending && trialCredit > 0 && id === setId) {
      const t0 = deps.now();
      await trials.step();
      trialCredit -= deps.now() - t0;
    }
    if (id !== setId) return;
    const stopped = !running && pendingSteps === 0;
    if (stopped) await sendBoundaries(current, id);
    else if (deps.now() - lastBoundaryAt >= BOUNDARY_EVERY_MS) {
      const watched = current.find((s) => s.runId === watchedRunId) ?? current[0];
      await sendBoundaries([watched], id);
    }
    if (id !== setId) return;
    if (stopped) {
      postState();
      scheduleTrials();
    } else schedule(waitMs);
  };

  /** While the set does not train, the trials run on their own, a frame's time per tick. */
  const scheduleTrials = () => {
    if (trialTickScheduled || !trials.pending || held) return;
    trialTickScheduled = true;
    deps.schedule(() => {
      trialTickScheduled = false;
      busy = busy.then(async () => {
        if (running || pendingSteps > 0) return; // the frames run them now
        const start = deps.now();
        while (trials.pending && deps.now() - start < FRAME_MS && !running && pendingSteps === 0 && !held) await trials.step();
        scheduleTrials();
      });
    }, 0);
  };

  const resetPace = () => {
    paceStart = deps.now();
    pacedSteps = 0;
    // A pause is not slowness: the window starts again.
    rateFrames = [];
  };

  const start = (id: number, runs: RunSpec[], paused: boolean, nextSpeed: Speed) => {
    // A step of the old set may be in flight: dispose its trainers only once that step
    // has finished (the queue is sequential), never under it.
    const old = slots;
    busy = busy.then(() => {
      for (const slot of old) slot.trainer.dispose();
    });
    slots = [];
    trials.clear();
    trialCredit = 0;
    setId = id;
    running = false;
    pendingSteps = 0;
    speed = nextSpeed;
    recentRate = 0;
    rateFrames = [];
    const built: Slot[] = [];
    for (const run of runs) {
      try {
        built.push({ runId: run.runId, trainer: deps.createTrainer(run.config), config: run.config, stopped: false });
      } catch (error) {
        for (const slot of built) slot.trainer.dispose();
        fail(error, run.runId);
        return;
      }
    }
    slots = built;
    for (const [k, slot] of built.entries()) deps.post({ type: 'runStarted', meta: runMetaOf(runs[k].runId, runs[k].config, slot.trainer) });
    busy = busy.then(() => sendBoundaries(built, id)).catch((error) => fail(error));
    running = !paused && built.length > 0;
    resetPace();
    postState();
    if (running) schedule();
  };

  const live = () => slots.length > 0 && slots.some((s) => !s.stopped);

  return {
    handle(message) {
      switch (message.type) {
        case 'start':
          start(message.setId, message.runs, message.paused, message.speed);
          return;
        case 'pause':
          if (message.setId !== setId) return;
          running = false;
          // A frame in flight finishes its current round and then reports the pause, so
          // that "paused" is never followed by one more step; otherwise a tick reports it.
          if (!ticking && !tickScheduled) {
            if (slots.length > 0) schedule();
            else postState();
          }
          return;
        case 'resume':
          if (message.setId !== setId || !live()) return;
          running = true;
          resetPace();
          postState();
          schedule();
          return;
        case 'step':
          if (message.setId !== setId || !live()) return;
          running = false;
          pendingSteps += Math.max(1, Math.floor(message.count));
          schedule();
          return;
        case 'setLive': {
          const slot = slots.find((s) => s.runId === message.runId);
          if (!slot) return;
          slot.trainer.updateSettings(message.settings as Partial<LiveSettings>);
          // Trials of the config it had no longer apply; a verdict that stays bad is tried again.
          slot.config = { ...slot.config, ...message.settings };
          trials.forget(slot.runId);
          return;
        }
        case 'setSpeed':
          speed = message.speed;
          resetPace();
          return;
        case 'watchBoundary':
          watchedRunId = message.runId;
          return;
        case 'hold':
          held = message.hold;
          if (!held && !running) scheduleTrials();
          return;
        case 'ack':
          unacked = Math.max(0, unacked - message.frames);
          if (waitingForAcks && unacked < MAX_UNACKED_FRAMES * Math.max(1, slots.length)) {
            waitingForAcks = false;
            // The wait is not time to make up: a paced run goes on at its pace from here.
            resetPace();
            if (running || pendingSteps > 0) schedule();
          }
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
