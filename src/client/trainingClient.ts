// Owns the training worker. Sends the store's run set to it (a fresh set, every run
// from step 0, when a run is added or removed or a run's architecture, data or seed
// change; live settings to the one run otherwise), and forwards what comes
// back into the store, at most one store update per animation frame (in the page, at the
// start of the frame loop's frame: ui/frameLoop.ts) and, for a set of N runs, at most
// 24/sqrt(N) a second (flushIntervalMs), acknowledging the frames it lands
// (the worker sends more only as they are taken). Messages from a stale set (a runId or
// setId no longer current) are dropped. A hidden tab pauses the set; a worker that has
// not started a backend within WORKER_START_DEADLINE_MS is replaced by one on cpu.

import { flushSync } from 'react-dom';
import { needsRestart, type RunConfig, sitesOf } from '../core/config';
import type { RunLetter } from '../core/runSet';
import type { LiveSettings } from '../core/trainer';
import { assertNever, type BackendFailure, failureText, type Frame, type FromWorker, PROTOCOL_VERSION, runSetSlowdown, type ToWorker } from '../protocol';
import { type AppState, selectRunConfigs, useStore } from '../store/store';

export interface TrainingClient {
  /** Runs `count` steps and stays paused. */
  step(count: number): void;
  /** Terminates the worker (after a crash or a lost GPU) and starts over. */
  restart(): void;
  dispose(): void;
}

const LIVE_FIELDS = [
  'optimizer',
  'learningRate',
  'momentum',
  'beta1',
  'beta2',
  'weightDecay',
  'clip',
  'clipThreshold',
  'weightClip',
  'batchSize',
] as const satisfies readonly (keyof LiveSettings)[];

export type WorkerFactory = () => Worker;

/**
 * The worker gives each backend BACKEND_START_DEADLINE_MS (worker/backend.ts) and moves
 * on; one that has said nothing after this long (a start that blocks the worker itself)
 * is replaced by a fresh worker on cpu.
 */
export const WORKER_START_DEADLINE_MS = 35_000;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/training.worker.ts', import.meta.url), { type: 'module', name: 'gradscope-training' });

/**
 * The shortest time between two landings of frames for a set of `runCount` runs. One run
 * lands what came at every animation frame (about 20-25 a second, as the worker sends
 * them). A set of N runs draws about N times as much per landing (overlaid lines, small
 * multiples), so it lands at most 24/sqrt(N) times a second (runSetSlowdown: 17 for two
 * runs, 12 for four), which leaves the second core room for the person's input. Measured
 * with four runs at depth 50 (wasm, 2 cores): without it the page and the training worker
 * used 1.94 of the 2 cores.
 */
export function flushIntervalMs(runCount: number): number {
  return runCount <= 1 ? 0 : (1000 / 24) * runSetSlowdown(runCount);
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Runs `flush` once, soon: by default on the next animation frame (a timer in a hidden tab). */
export type FlushScheduler = (flush: () => void) => void;

const animationFrameFlush: FlushScheduler = (flush) => {
  // rAF pauses in background tabs; a timer keeps the history from piling up there.
  if (typeof document !== 'undefined' && !document.hidden && typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
  else setTimeout(flush, 100);
};

/**
 * Training runs while the person wants it, the tab is visible and the lab is on screen
 * (the phase diagram has the machine to itself; the lab goes on when it returns).
 */
const away = (st: AppState) => st.tabHidden || st.view.page !== 'lab';
const live = (st: AppState) => st.wantsRunning && !away(st);

export function createTrainingClient(makeWorker: WorkerFactory = defaultWorkerFactory, requestFlush: FlushScheduler = animationFrameFlush): TrainingClient {
  const store = useStore;
  let worker: Worker | null = null;
  let setId = 0;
  let nextRunId = Math.max(0, ...store.getState().runs.map((r) => r.runId));
  /** The runIds of the current set, A first. */
  let runIds: number[] = [];
  const current = (runId: number) => runIds.includes(runId);
  let queued: Frame[] = [];
  let flushScheduled = false;
  let lastFlushAt = Number.NEGATIVE_INFINITY;
  let firstFrameMarked = false;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why this worker was started on cpu rather than the preferred backend, or null. */
  /** Why the worker was restarted on cpu, when it was. */
  let forced: BackendFailure | null = null;

  const post = (message: ToWorker) => worker?.postMessage(message);

  const flush = () => {
    flushScheduled = false;
    const frames = queued;
    queued = [];
    if (frames.length === 0) return;
    lastFlushAt = now();
    post({ type: 'ack', frames: frames.length });
    if (!firstFrameMarked && typeof performance !== 'undefined') {
      firstFrameMarked = true;
      performance.mark('gradscope:first-frame');
    }
    // Rendered at once, so that the frame loop's budget counts what the update costs.
    flushSync(() => store.getState().appendFrames(frames));
  };
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    const wait = lastFlushAt + flushIntervalMs(store.getState().runs.length) - now();
    if (wait > 0) setTimeout(() => requestFlush(flush), wait);
    else requestFlush(flush);
  };

  const startRun = () => {
    const state = store.getState();
    const configs = selectRunConfigs(state);
    const letters: RunLetter[] = ['a', ...state.variants.map((v) => v.letter)];
    setId += 1;
    const runs = configs.map((config) => ({ runId: ++nextRunId, config }));
    runIds = runs.map((r) => r.runId);
    // Frames of the old set that were never shown are taken all the same (the worker counts them).
    if (queued.length > 0) post({ type: 'ack', frames: queued.length });
    queued = [];
    state.runsStarting(runs.map((r, i) => ({ letter: letters[i], runId: r.runId, numLayers: sitesOf(r.config) })));
    post({ type: 'start', setId, runs, paused: !live(state), speed: state.speed });
    watchBoundary();
  };
  /** The data plot shows the selected run: only its boundary is refreshed while training. */
  const watchBoundary = () => {
    const runId = runIds[Math.min(store.getState().selectedRun, runIds.length - 1)];
    if (runId !== undefined) post({ type: 'watchBoundary', runId });
  };

  const onMessage = (message: FromWorker) => {
    const state = store.getState();
    switch (message.type) {
      case 'ready':
        clearTimeout(readyTimer);
        if (message.protocolVersion !== PROTOCOL_VERSION) {
          state.setError({ code: 'protocol', detail: '', params: { worker: message.protocolVersion, page: PROTOCOL_VERSION } });
          return;
        }
        state.setBackendInfo(
          forced
            ? {
                ...message.info,
                fallbackReason: [failureText(forced), message.info.fallbackReason].filter(Boolean).join('; '),
                fallbacks: [forced, ...(message.info.fallbacks ?? [])],
              }
            : message.info,
        );
        return;
      case 'runStarted':
        if (current(message.meta.runId)) state.runStarted(message.meta);
        return;
      case 'frame':
        // A frame is acknowledged once it is in the store (flush), a stale one at once:
        // the worker sends more only as the page takes them, so a frozen page piles up nothing.
        if (!current(message.frame.runId)) {
          post({ type: 'ack', frames: 1 });
          return;
        }
        queued.push(message.frame);
        scheduleFlush();
        return;
      case 'boundary':
        if (!current(message.runId)) return;
        state.setBoundary(message.runId, { step: message.step, resolution: message.resolution, values: message.values });
        return;
      case 'fixTrials':
        if (!current(message.runId)) return;
        state.setFixTrials(message.runId, { status: message.status, candidates: message.candidates, results: message.results, done: message.done });
        return;
      case 'state':
        if (message.setId !== setId) return;
        flush();
        state.setStatus(message.running ? 'running' : 'paused');
        return;
      case 'error':
        if (message.runId !== null && !current(message.runId)) return;
        state.setError({ code: 'worker', detail: message.message });
        if (message.fatal) state.setStatus('error');
        return;
      default:
        assertNever(message);
    }
  };

  const boot = (why: BackendFailure | null = null) => {
    clearTimeout(readyTimer);
    forced = why;
    worker?.terminate();
    try {
      worker = makeWorker();
    } catch (error) {
      store.getState().setError({ code: 'workerStart', detail: (error as Error).message });
      store.getState().setStatus('error');
      return;
    }
    worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      store.getState().setError({ code: 'workerCrash', detail: event.message ?? '' });
      store.getState().setStatus('error');
    };
    store.setState({ backendInfo: null, error: null });
    post({ type: 'init', backend: forced?.backend ?? store.getState().backendPreference, probe: store.getState().config });
    if (away(store.getState())) post({ type: 'hold', hold: true });
    if (!forced) {
      readyTimer = setTimeout(
        () => boot({ backend: null, code: 'workerSilent', seconds: WORKER_START_DEADLINE_MS / 1000 }),
        WORKER_START_DEADLINE_MS,
      );
    }
    startRun();
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.backendPreference !== prev.backendPreference) {
      // Asking for the backend that already runs (the fallback notice's offer) changes nothing.
      if (state.backendPreference !== state.backendInfo?.backend) boot();
      return;
    }
    if (state.resetCount !== prev.resetCount) {
      startRun();
      return;
    }
    if (state.config !== prev.config || state.variants !== prev.variants) {
      const next = selectRunConfigs(state);
      const before = selectRunConfigs(prev);
      if (next.length !== before.length || next.some((config, i) => needsRestart(config, before[i]))) {
        startRun();
      } else {
        next.forEach((config, i) => {
          const settings = liveDiff(config, before[i]);
          if (Object.keys(settings).length > 0 && runIds[i] !== undefined) post({ type: 'setLive', runId: runIds[i], settings });
        });
      }
    }
    if (live(state) !== live(prev)) post({ type: live(state) ? 'resume' : 'pause', setId });
    // Hidden (or away on the phase diagram), the worker's fix trials wait too (a paused set would otherwise try them at full speed).
    if (away(state) !== away(prev)) post({ type: 'hold', hold: away(state) });
    if (state.speed !== prev.speed) post({ type: 'setSpeed', speed: state.speed });
    if (state.selectedRun !== prev.selectedRun) watchBoundary();
  });

  // A hidden tab pauses training (CPU and battery on every laptop in the room) and
  // resumes it on return.
  const onVisibility = () => store.setState({ tabHidden: document.hidden });
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', onVisibility);
    if (document.hidden) onVisibility();
  }

  boot();

  return {
    step(count) {
      if (store.getState().wantsRunning) store.getState().setWantsRunning(false);
      post({ type: 'step', setId, count });
    },
    restart: () => boot(),
    dispose() {
      clearTimeout(readyTimer);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      unsubscribe();
      worker?.terminate();
      worker = null;
    },
  };
}

function liveDiff(next: RunConfig, prev: RunConfig): Partial<LiveSettings> {
  const out: Partial<Record<keyof LiveSettings, unknown>> = {};
  for (const field of LIVE_FIELDS) if (next[field] !== prev[field]) out[field] = next[field];
  return out as Partial<LiveSettings>;
}
