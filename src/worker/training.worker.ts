// Worker entry: wiring only. Picks a backend, then hands every message to the run loop.
import type { RunConfig } from '../core/config';
import { TRIAL_STEPS } from '../core/fixTrials';
import { createTrainer } from '../core/trainer';
import { assertNever, type FromWorker, PROTOCOL_VERSION, type ToWorker } from '../protocol';
import { selectBackend } from './backend';
import { probeStepMs } from './probe';
import { createRunLoop } from './runLoop';

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, { transfer });
const loop = createRunLoop({
  post,
  createTrainer,
  // A trial reads no held-out loss after step 0: its verdict needs the training steps only.
  createTrialTrainer: (config) => createTrainer(config, { testEvery: TRIAL_STEPS + 1 }),
  now: () => performance.now(),
  schedule: (fn, delayMs) => setTimeout(fn, delayMs),
});

let ready: Promise<void> | null = null;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      ready = selectBackend(message.backend, message.probe ? () => probeStepMs(message.probe as RunConfig) : undefined).then(
        (info) => post({ type: 'ready', protocolVersion: PROTOCOL_VERSION, info }),
        (error: Error) => post({ type: 'error', runId: null, message: error.message, fatal: true }),
      );
      return;
    case 'start':
    case 'pause':
    case 'resume':
    case 'step':
    case 'setLive':
    case 'setSpeed':
    case 'watchBoundary':
    case 'ack':
    case 'hold': {
      const handle = () => loop.handle(message);
      if (ready) ready.then(handle);
      else handle();
      return;
    }
    default:
      assertNever(message);
  }
};

self.addEventListener('unhandledrejection', (event) => {
  post({ type: 'error', runId: null, message: String(event.reason?.message ?? event.reason), fatal: false });
});
