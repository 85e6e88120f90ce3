import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { fixCandidates } from '../core/fixes';
import type { FixTrial, TrialOutcome } from '../core/fixTrials';
import { describeOutcome, rankedFixes } from './fixes';

const config = (overrides: Partial<RunConfig>): RunConfig => ({ ...DEFAULT_CONFIG, ...overrides });
const ids = (status: Parameters<typeof fixCandidates>[0], c: RunConfig) => fixCandidates(status, c).map((f) => f.id);

const trial = (id: FixTrial['id'], patch: Partial<RunConfig>, outcome: Partial<TrialOutcome>, tried = 1, of = 1): FixTrial => ({
  id,
  patch,
  tried,
  of,
  outcome: { verdict: 'trains', steps: 200, loss: 0.41, firstLoss: 1.1, layer: null, ...outcome },
});

describe('fix candidates', () => {
  it('offers nothing for a healthy run', () => {
    expect(fixCandidates('healthy', config({}))).toEqual([]);
  });

  it('offers only fixes that change the config', () => {
    const c = config({ clip: 'norm', optimizer: 'adam', normalization: 'layer', residual: true });
    expect(ids('exploding', c)).toEqual(['lr']);
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
  });

  it('a mismatched initialization is replaced by the one that keeps chi = 1', () => {
    expect(fixCandidates('vanishing', config({ activation: 'sigmoid', init: 'he_normal' })).find((f) => f.id === 'init')?.patches).toEqual([
      { init: 'xavier_normal', initGain: 1 },
    ]);
    expect(ids('exploding', config({ activation: 'relu', init: 'he_normal', initGain: 1 }))).not.toContain('init');
  });
});

describe('what each fix says it measured', () => {
  const lr10 = config({ learningRate: 10 });

  it('every label states its outcome, with the numbers measured', () => {
    expect(describeOutcome(trial('adam', { optimizer: 'adam', learningRate: 0.001 }, {}), 'diverged', lr10)).toBe('trains: loss 0.41 after 200 steps');
    expect(describeOutcome(trial('residual', { residual: true }, { verdict: 'diverges', steps: 1 }), 'diverged', lr10)).toBe('still diverges at step 1');
    expect(describeOutcome(trial('norm', { normalization: 'layer' }, { verdict: 'vanishes', layer: 20, loss: 6.7 }), 'diverged', lr10)).toBe(
      'vanishes (layer 20) after 200 steps',
    );
    expect(describeOutcome(trial('clip', { clip: 'norm' }, { verdict: 'explodes', layer: 3 }), 'exploding', lr10)).toBe('still explodes (layer 3) after 200 steps');
    expect(describeOutcome(trial('init', {}, { verdict: 'stalls', loss: 1.1 }), 'vanishing', lr10)).toBe('healthy, but the loss is still 1.1 after 200 steps');
  });

  it('the learning-rate fix names the larger rates of its sweep that did not train', () => {
    expect(describeOutcome(trial('lr', { learningRate: 0.3 }, { loss: 1.03 }, 3, 6), 'diverged', lr10)).toBe('trains: loss 1.03 after 200 steps; 3, 1 did not');
    expect(describeOutcome(trial('lr', { learningRate: 0.01 }, { verdict: 'diverges', steps: 1 }, 6, 6), 'diverged', lr10)).toBe(
      'still diverges at step 1; every rate down to 0.01 failed',
    );
  });

  it('ranks rescues first and marks the rest as not rescuing', () => {
    const fixes = rankedFixes(
      [trial('residual', { residual: true }, { verdict: 'diverges', steps: 1 }), trial('lr', { learningRate: 0.3 }, { loss: 1.03 }, 3, 6), trial('adam', { optimizer: 'adam', learningRate: 0.001 }, {})],
      'diverged',
      lr10,
    );
    expect(fixes.map((f) => [f.id, f.rescues])).toEqual([
      ['adam', true],
      ['lr', true],
      ['residual', false],
    ]);
    expect(fixes[1].label).toBe('Lower learning rate to 0.3');
  });
});

describe('fixes for a recurrent network', () => {
  const rnn = config({ model: 'rnn', cell: 'rnn', dataset: 'adding', activation: 'tanh', init: 'orthogonal', initGain: 2, learningRate: 0.1 });

  it('against an explosion: clipping by norm (threshold at most 1), a lower rate, an orthogonal W_rec at gain 1, LSTM, GRU', () => {
    const candidates = fixCandidates('diverged', rnn, [3e4, 5e4, 1e5]);
    expect(candidates.map((c) => c.id)).toEqual(['clip', 'lr', 'orthogonal', 'lstm', 'gru']);
    expect(candidates[0].patches[0]).toEqual({ clip: 'norm', clipThreshold: 1 });
    expect(candidates[2].patches[0]).toEqual({ init: 'orthogonal', initGain: 1 });
    // None of the MLP's own: no layer norm, no residual connections, no activation swap.
    expect(ids('exploding', rnn)).not.toContain('norm');
  });

  it('against vanishing: a gated cell, and the orthogonal matrix unless it is there already; a gated run is offered no cell', () => {
    expect(ids('vanishing', { ...rnn, initGain: 0.8 })).toEqual(['orthogonal', 'lstm', 'gru']);
    expect(ids('vanishing', { ...rnn, initGain: 1 })).toEqual(['lstm', 'gru']);
    expect(ids('vanishing', { ...rnn, initGain: 1, cell: 'lstm' })).toEqual([]);
  });

  it('says where through time a trial still fails, and that a clipped run stayed finite', () => {
    const t = trial('clip', { clip: 'norm', clipThreshold: 1 }, { verdict: 'explodes', layer: 3, loss: 0.2 });
    expect(describeOutcome(t, 'diverged', rnn)).toBe('stays finite (loss 0.2), but explodes (time step 3) after 200 steps');
  });
});
