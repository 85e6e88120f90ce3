import { describe, expect, it } from 'vitest';
import { softwareRenderer } from './backend';

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
