// Picks the tfjs backend in the worker: WebGL, then wasm, then cpu. tf.setBackend
// returns false rather than throwing when a backend fails to initialise, so every
// attempt checks it, and the reason for each fallback is kept for the user.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName, BackendPreference } from '../protocol';

// Threaded wasm breaks in a minified build and gave no speed-up on small networks.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const ORDER: BackendName[] = ['webgl', 'wasm', 'cpu'];

async function tryBackend(name: BackendName): Promise<string | null> {
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') {
    return 'this browser has no OffscreenCanvas in workers, which WebGL in a worker needs';
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `${name} failed to initialise`;
    await tf.ready();
    // A tiny op proves the backend really runs (a lost or blocked GPU fails here).
    const probe = tf.tidy(() => tf.sum(tf.mul(tf.ones([4]), 2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 8 ? null : `${name} computed 2 x 4 = ${value}`;
  } catch (error) {
    return `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
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

export async function selectBackend(preference: BackendPreference): Promise<BackendInfo> {
  const candidates = preference === 'auto' ? ORDER : [preference, ...ORDER.filter((b) => b !== preference)];
  const reasons: string[] = [];
  for (const name of candidates) {
    const failure = await tryBackend(name);
    if (failure === null) {
      const { renderer, float32 } = describeRenderer();
      const reasonsText = reasons.length > 0 ? reasons.join('; ') : null;
      const noFloat32 = name === 'webgl' && !float32 ? 'WebGL here cannot render float32 textures: values above 65504 read as NaN' : null;
      return {
        backend: name,
        renderer,
        float32,
        fallbackReason: [reasonsText, noFloat32].filter(Boolean).join('; ') || null,
      };
    }
    reasons.push(failure);
  }
  throw new Error(`no tfjs backend works here: ${reasons.join('; ')}`);
}
