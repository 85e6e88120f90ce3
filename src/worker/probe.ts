// A short timing of the run's own network on the backend that is running now, for
// `auto` to compare WebGL with wasm (worker/backend.ts). Warm-up steps first: WebGL
// compiles its shaders on the first one.
import type { RunConfig } from '../core/config';
import { createTrainer } from '../core/trainer';

export const PROBE_WARMUP_STEPS = 2;
export const PROBE_STEPS = 5;

/** Median milliseconds of an instrumented training step of `config`. */
export async function probeStepMs(config: RunConfig): Promise<number> {
  const trainer = createTrainer(config, { testEvery: Number.MAX_SAFE_INTEGER });
  try {
    for (let i = 0; i < PROBE_WARMUP_STEPS; i++) await trainer.step();
    const times: number[] = [];
    for (let i = 0; i < PROBE_STEPS; i++) {
      const t0 = performance.now();
      await trainer.step();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    trainer.dispose();
  }
}
