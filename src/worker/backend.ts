// Picks the tfjs backend in the worker: WebGL, then wasm, then cpu. tf.setBackend
// returns false rather than throwing when a backend fails to initialise, so every
// attempt checks it, and the reason for each fallback is kept for the user.
//
// Every start has a deadline (BACKEND_START_DEADLINE_MS: download, compile, first
// kernel): a backend that has not started by then is abandoned for the next one, and
// removed from the engine so that a late answer cannot start it after all.
//
// `auto` runs the backend that serves the person, not merely the first that works:
// WebGL when it is hardware-accelerated, wasm when the WebGL renderer is a software one
// (SwiftShader, llvmpipe, ...: several times slower than wasm for these small networks)
// or when a short probe of the run's own network shows WebGL more than
// PROBE_SLOWER_LIMIT times slower than wasm.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type BackendFailure, type BackendInfo, type BackendName, type BackendPreference, failureText } from '../protocol';
import { primeShapeFeedback } from './shapeFeedback';

export { failureText };

// Before anything trains (shapeFeedback.ts: a V8 deoptimisation loop in tfjs's shape code).
primeShapeFeedback();

// Threaded wasm breaks in a minified build and gave no speed-up on small networks.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

/** WebGL renderers that run on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software rasterizer|microsoft basic render/i;
/** Auto leaves WebGL for wasm when a probe finds it more than this many times slower. */
export const PROBE_SLOWER_LIMIT = 2;

/** A backend that has not started within this long is given up for the next one. */
export const BACKEND_START_DEADLINE_MS = 10_000;

/** Backends given up on in this worker, and why (tfjs no longer knows them). */
const abandoned = new Map<BackendName, BackendFailure>();

const timeoutFailure = (name: BackendName, ms: number): BackendFailure => ({ backend: name, code: name === 'wasm' ? 'wasmTimeout' : 'timeout', seconds: ms / 1000 });

/** Milliseconds per training step of the run's network on the current backend. */
export type StepProbe = () => Promise<number>;

/** The software renderer's name, when `renderer` is one. */
export function softwareRenderer(renderer: string | null): string | null {
  const m = renderer ? SOFTWARE_RENDERER.exec(renderer) : null;
  return m ? m[0] : null;
}

/**
 * Starts backend `name` and proves it computes; null when it runs, else why not. One that
 * has not done so within `deadlineMs` is abandoned (for good, in this worker).
 */
export async function tryBackend(name: BackendName, deadlineMs = BACKEND_START_DEADLINE_MS): Promise<BackendFailure | null> {
  const gaveUp = abandoned.get(name);
  if (gaveUp) return gaveUp;
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') return { backend: name, code: 'noOffscreenCanvas' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  const result = await Promise.race([startBackend(name), late]);
  clearTimeout(timer);
  if (result !== 'late') return result;
  const reason = timeoutFailure(name, deadlineMs);
  abandoned.set(name, reason);
  // Makes the pending start obsolete (tfjs drops its answer) and frees the engine for the next backend.
  try {
    tf.removeBackend(name);
  } catch {
    // Already gone.
  }
  return reason;
}

async function startBackend(name: BackendName): Promise<BackendFailure | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return { backend: name, code: 'notInitialised' };
    await tf.ready();
    // A tiny op proves the backend really runs (a lost or blocked GPU fails here).
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.ones([4]), 2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 8 ? null : { backend: name, code: 'wrongResult', detail: String(value) };
  } catch (error) {
    return { backend: name, code: 'threw', detail: error instanceof Error ? error.message : String(error) };
  }
}

function describeRenderer(): { renderer: string | null; float32: boolean } {
  if (tf.getBackend() !== 'webgl') return { renderer: null, float32: true };
  let renderer: string | null = null;
  try {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
    if (gl) {
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
  } catch {
    renderer = null;
  }
  return { renderer, float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') };
}

/**
 * Why auto should leave WebGL (which is running now) for wasm, or null to stay. Leaves
 * the wasm backend running when it returns a reason.
 */
async function autoLeavesWebgl(renderer: string | null, probe: StepProbe | undefined): Promise<BackendInfo['choiceReason']> {
  const software = softwareRenderer(renderer);
  if (software) {
    return (await tryBackend('wasm')) === null
      ? { short: 'auto: WebGL is software here', long: `WebGL is software-rendered here (${software}): auto runs wasm, which is faster on a CPU`, code: 'software', software }
      : null;
  }
  if (!probe) return null;
  const webglMs = await probe();
  if ((await tryBackend('wasm')) !== null) {
    await tryBackend('webgl');
    return null;
  }
  const wasmMs = await probe();
  const ratio = webglMs / wasmMs;
  if (ratio > PROBE_SLOWER_LIMIT) {
    return {
      short: `auto: WebGL ${ratio.toFixed(1)}x slower`,
      long: `WebGL is ${ratio.toFixed(1)}x slower than wasm here for this network (${webglMs.toFixed(1)} vs ${wasmMs.toFixed(1)} ms a step): auto runs wasm`,
      code: 'slower',
      ratio,
      webglMs,
      wasmMs,
    };
  }
  await tryBackend('webgl');
  return null;
}

export async function selectBackend(preference: BackendPreference, probe?: StepProbe, deadlineMs = BACKEND_START_DEADLINE_MS): Promise<BackendInfo> {
  const candidates = preference === 'auto' ? ORDER : [preference, ...ORDER.filter((b) => b !== preference)];
  const failures: BackendFailure[] = [];
  for (const name of candidates) {
    const failure = await tryBackend(name, deadlineMs);
    if (failure === null) {
      const { renderer, float32 } = describeRenderer();
      if (preference === 'auto' && name === 'webgl') {
        const choiceReason = await autoLeavesWebgl(renderer, probe);
        if (choiceReason) return { backend: 'wasm', renderer, float32: true, fallbackReason: null, fallbacks: [], choiceReason };
      }
      if (name === 'webgl' && !float32) failures.push({ backend: 'webgl', code: 'noFloat32' });
      return { backend: name, renderer, float32, fallbackReason: failures.map(failureText).join('; ') || null, fallbacks: failures, choiceReason: null };
    }
    failures.push(failure);
  }
  throw new Error(`no tfjs backend works here: ${failures.map(failureText).join('; ')}`);
}
