// The backend a benchmark runs on: wasm is imported on demand (it may be missing);
// false when the backend cannot start here.
import * as tf from '@tensorflow/tfjs-core';

export async function selectBackend(name: string): Promise<boolean> {
  if (name === 'wasm') {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (e) {
      console.log(`wasm backend unavailable: ${(e as Error).message}`);
      return false;
    }
  }
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}
