// Owns the phase-diagram worker (created on first use) and forwards its cells into the
// phase store. While the phase diagram is on screen it follows the lab's store: a new
// configuration or grid starts a new job (after a short pause, so typing a range
// starts one job, not five); leaving the page cancels the job.

import { familySwitch, type RunConfig } from '../core/config';
import type { PhaseSpec } from '../core/phase/grid';
import type { FromPhaseWorker, ToPhaseWorker } from '../phaseProtocol';
import { assertNever } from '../protocol';
import { usePhaseStore } from '../store/phaseStore';
import { useStore } from '../store/store';

export type PhaseWorkerFactory = () => Worker;

const defaultFactory: PhaseWorkerFactory = () => new Worker(new URL('../worker/phase.worker.ts', import.meta.url), { type: 'module', name: 'gradscope-phase' });

/** A new configuration or grid waits this long for the next before a job starts. */
export const RESTART_DELAY_MS = 250;

/** The MLP a phase diagram maps: run A's configuration, or, for an RNN run, the MLP the model switch would give. */
export function phaseBase(config: RunConfig): RunConfig {
  return config.model === 'mlp' ? config : { ...config, ...familySwitch(config, 'mlp') };
}

export interface PhaseClient {
  /** Starts (or restarts) the job for the store's configuration and grid. */
  start(): void;
  cancel(): void;
  dispose(): void;
}

export function createPhaseClient(makeWorker: PhaseWorkerFactory = defaultFactory): PhaseClient {
  let worker: Worker | null = null;
  let jobId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const phase = usePhaseStore;
  const post = (message: ToPhaseWorker) => worker?.postMessage(message);

  const onMessage = (event: MessageEvent<FromPhaseWorker>) => {
    const m = event.data;
    const s = phase.getState();
    switch (m.type) {
      case 'ready':
        s.setBackend(m.info);
        return;
      case 'lines':
        s.setLines(m.jobId, m.lines);
        return;
      case 'cells':
        s.addCells(m.jobId, m.cells, m.done, m.total, m.elapsedMs);
        return;
      case 'finished':
        s.finish(m.jobId, m.elapsedMs, m.cancelled);
        return;
      case 'error':
        s.fail(m.jobId, m.message);
        return;
      default:
        assertNever(m);
    }
  };

  const ensureWorker = () => {
    if (worker) return;
    worker = makeWorker();
    worker.onmessage = onMessage;
    worker.onerror = (event) => phase.getState().fail(null, event.message || 'the phase-diagram worker failed to start');
    post({ type: 'init', backend: useStore.getState().backendPreference });
  };

  const startNow = () => {
    clearTimeout(timer);
    ensureWorker();
    const { config, view } = useStore.getState();
    const base = phaseBase(config);
    const spec: PhaseSpec = view.phase;
    jobId += 1;
    phase.getState().begin(jobId, base, spec);
    post({ type: 'start', jobId, config: base, spec });
  };

  const cancel = () => {
    clearTimeout(timer);
    if (phase.getState().status === 'running') post({ type: 'cancel', jobId });
  };

  const unsubscribe = useStore.subscribe((state, prev) => {
    const onPage = state.view.page === 'phase';
    if (!onPage) {
      if (prev.view.page === 'phase') cancel();
      return;
    }
    if (prev.view.page !== 'phase') {
      startNow();
      return;
    }
    if (state.config !== prev.config || state.view.phase !== prev.view.phase) {
      clearTimeout(timer);
      timer = setTimeout(startNow, RESTART_DELAY_MS);
    }
  });
  if (useStore.getState().view.page === 'phase') startNow();

  return {
    start: startNow,
    cancel,
    dispose() {
      clearTimeout(timer);
      unsubscribe();
      worker?.terminate();
      worker = null;
    },
  };
}
