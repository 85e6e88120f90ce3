import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend, softwareRenderer } from './backend';

describe('softwareRenderer', () => {
  it('recognises the WebGL renderers that run on the CPU', () => {
    // What headless Chromium reports here (ANGLE over SwiftShader), and Mesa's and Windows' software renderers.
    expect(softwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe('Microsoft Basic Render');
  });

  it('leaves hardware renderers, and an unknown one, to the probe', () => {
    expect(softwareRenderer('ANGLE (NVIDIA, NVIDIA H200 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(softwareRenderer('Apple M2')).toBeNull();
    expect(softwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBeNull();
    expect(softwareRenderer(null)).toBeNull();
  });
});

describe('a backend that does not start in time', () => {
  it('is abandoned for the next one, says why, and its late answer starts nothing', async () => {
    // A wasm backend whose files never arrive (until the test lets its start finish, too late).
    let arrive: (() => void) | null = null;
    const cpu = tf.findBackend('cpu') as tf.KernelBackend;
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => new Promise<tf.KernelBackend>((resolve) => (arrive = () => resolve(cpu))));
    const t0 = Date.now();
    const info = await selectBackend('wasm', undefined, 300);
    expect(Date.now() - t0).toBeLessThan(5000);
    // WebGL cannot start in Node (no OffscreenCanvas): the chain ends on cpu.
    expect(info.backend).toBe('cpu');
    expect(info.fallbackReason).toContain('the wasm files did not arrive within 300 ms');
    expect(tf.getBackend()).toBe('cpu');
    (arrive as (() => void) | null)?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.findBackend('wasm')).toBeNull();
    // Asked again in this worker, it is not waited for a second time.
    const again = await selectBackend('wasm', undefined, 300);
    expect(again.backend).toBe('cpu');
    expect(again.fallbackReason).toContain('did not arrive');
    await tf.ready();
  });
});
