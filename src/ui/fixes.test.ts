import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { fixesFor } from './fixes';

const config = (overrides: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...overrides });
const ids = (status: Parameters<typeof fixesFor>[0], c: RunConfig) => fixesFor(status, c).map((f) => f.id);

describe('fixesFor', () => {
  it('offers nothing for a healthy run', () => {
    expect(fixesFor('healthy', config({}))).toEqual([]);
  });

  it('offers only fixes that change the config', () => {
    const c = config({ clip: 'norm', optimizer: 'adam', normalization: 'layer', residual: true });
    expect(ids('exploding', c)).toEqual(['lr']);
    for (const fix of fixesFor('exploding', config({ initGain: 3 }))) {
      const patched = { ...config({ initGain: 3 }), ...fix.patch };
      expect(patched, fix.id).not.toEqual(config({ initGain: 3 }));
    }
  });

  it('explosions get a smaller step and clipping; vanishing gets none of those', () => {
    expect(ids('exploding', config({}))).toEqual(expect.arrayContaining(['lr', 'clip']));
    expect(ids('vanishing', config({}))).not.toContain('lr');
    expect(ids('vanishing', config({}))).not.toContain('clip');
  });

  it('vanishing relu nets (dead units) are offered leaky relu; squashing activations relu', () => {
    expect(ids('vanishing', config({ activation: 'relu' }))).toContain('leaky');
    expect(ids('vanishing', config({ activation: 'tanh' }))).toContain('relu');
    expect(ids('vanishing', config({ activation: 'tanh' }))).not.toContain('leaky');
    expect(fixesFor('vanishing', config({})).find((f) => f.id === 'leaky')?.patch).toEqual({ activation: 'leaky_relu' });
  });

  it('a mismatched initialization is replaced by the one that keeps chi = 1', () => {
    expect(fixesFor('vanishing', config({ activation: 'sigmoid', init: 'he_normal' })).find((f) => f.id === 'init')?.patch).toEqual({
      init: 'xavier_normal',
      initGain: 1,
    });
    expect(ids('exploding', config({ activation: 'relu', init: 'he_normal', initGain: 1 }))).not.toContain('init');
  });
});
