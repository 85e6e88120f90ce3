// Times the training step in a worker on one backend, bare (the step, reading back only
// the loss) and instrumented (every per-layer statistic, one read-back), interleaved in
// short blocks; each figure is the median block. The same engine code as the app's
// worker (src/core), so the WebGL statistics path is measured, not assumed.
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { createTrainer } from '../../src/core/trainer';
import type { BackendName } from '../../src/protocol';
import { failureText, softwareRenderer, tryBackend } from '../../src/worker/backend';
import { interleavedMedians } from '../interleaved';

export interface EngineResult {
  backend: string;
  depth: number;
  bareMs: number;
  instrumentedMs: number;
  renderer: string | null;
  error?: string;
}

const ROUNDS = 15;
const BLOCK = 10;

async function time(backend: string, depth: number): Promise<EngineResult> {
  const trainer = createTrainer({ ...DEFAULT_CONFIG, depth }, { testEvery: Number.MAX_SAFE_INTEGER });
  try {
    // Warm-up: WebGL compiles its shaders on the first steps.
    const [bareMs, instrumentedMs] = await interleavedMedians(
      [
        ['bare', () => trainer.stepBare()],
        ['instrumented', () => trainer.step()],
      ],
      ROUNDS,
      BLOCK,
      3,
    );
    return { backend, depth, bareMs, instrumentedMs, renderer: null };
  } finally {
    trainer.dispose();
  }
}

/** `runs` networks trained in turn, one step each, for `seconds`: steps done by each. */
async function interleave(backend: BackendName, depth: number, runs: number, seconds: number): Promise<number[]> {
  const failure = await tryBackend(backend);
  if (failure !== null) throw new Error(failureText(failure));
  const trainers = Array.from({ length: runs }, (_, i) => createTrainer({ ...DEFAULT_CONFIG, depth, seed: DEFAULT_CONFIG.seed + i }, { testEvery: Number.MAX_SAFE_INTEGER }));
  for (const t of trainers) for (let i = 0; i < 3; i++) await t.step();
  const steps = trainers.map(() => 0);
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < runs; i++) {
      await trainers[i].step();
      steps[i]++;
    }
  }
  for (const t of trainers) t.dispose();
  return steps;
}

type Request = { backend: BackendName; depths: number[] } | { mode: 'interleave'; backend: BackendName; depth: number; runs: number; seconds: number };

self.onmessage = async (event: MessageEvent<Request>) => {
  if ('mode' in event.data) {
    const { backend, depth, runs, seconds } = event.data;
    self.postMessage(await interleave(backend, depth, runs, seconds));
    return;
  }
  const { backend, depths } = event.data;
  const failure = await tryBackend(backend);
  let renderer: string | null = null;
  if (backend === 'webgl' && failure === null) {
    const gl = tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } };
    const ctx = gl.gpgpu?.gl;
    const debug = ctx?.getExtension('WEBGL_debug_renderer_info');
    renderer = ctx ? String(ctx.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : ctx.RENDERER)) : null;
    renderer = softwareRenderer(renderer) ? `software: ${softwareRenderer(renderer)}` : renderer;
  }
  const rows: EngineResult[] = [];
  for (const depth of depths) {
    if (failure !== null) {
      rows.push({ backend, depth, bareMs: Number.NaN, instrumentedMs: Number.NaN, renderer, error: failureText(failure) });
      continue;
    }
    rows.push({ ...(await time(backend, depth)), renderer });
  }
  self.postMessage(rows);
};
