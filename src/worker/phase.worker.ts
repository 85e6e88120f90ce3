// Phase-diagram worker: wiring only. Picks a backend as the training worker does, then
// runs one sweep at a time (core/phase/sweep.ts), posting cells as they finish and
// giving way to the message queue between blocks, so a cancel or a new job is heard
// within one block of work.
import { assertNever } from '../protocol';
import { phaseLines } from '../core/phase/lines';
import { phaseSweep } from '../core/phase/sweep';
import type { FromPhaseWorker, ToPhaseWorker } from '../phaseProtocol';
import { selectBackend } from './backend';

const post = (message: FromPhaseWorker) => self.postMessage(message);
let ready: Promise<unknown> | null = null;
/** The job running now; a new one or a cancel replaces it. */
let current = 0;

/** A macrotask: lets queued messages (cancel, a new job) run. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function run(message: Extract<ToPhaseWorker, { type: 'start' }>) {
  const { jobId, config, spec } = message;
  current = jobId;
  await ready;
  if (current !== jobId) return;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  // The theory lines (a few hundred ms on a σ_w² x σ_b² map) follow the coarse picture.
  let linesSent = false;
  const sendLines = () => {
    if (linesSent) return;
    linesSent = true;
    post({ type: 'lines', jobId, lines: phaseLines(config, spec) });
  };
  try {
    const sweep = phaseSweep(config, spec);
    for (;;) {
      await breathe();
      if (current !== jobId) {
        sweep.return();
        post({ type: 'finished', jobId, elapsedMs: elapsed(), cancelled: true });
        return;
      }
      const next = sweep.next();
      if (next.done) break;
      post({ type: 'cells', jobId, cells: next.value.cells, done: next.value.done, total: next.value.total, elapsedMs: elapsed() });
      if (next.value.cells.some((c) => c.level === 1)) sendLines();
    }
    sendLines();
    post({ type: 'finished', jobId, elapsedMs: elapsed(), cancelled: false });
  } catch (error) {
    post({ type: 'error', jobId, message: error instanceof Error ? error.message : String(error) });
  }
}

self.onmessage = (event: MessageEvent<ToPhaseWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      ready = selectBackend(message.backend).then(
        (info) => post({ type: 'ready', info }),
        (error: Error) => post({ type: 'error', jobId: null, message: error.message }),
      );
      return;
    case 'start':
      void run(message);
      return;
    case 'cancel':
      if (current === message.jobId) current = 0;
      return;
    default:
      assertNever(message);
  }
};
