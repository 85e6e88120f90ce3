import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from './config';
import { editRun, patchFrom, promote, runConfigs, SHARED_FIELDS, variantConfig } from './runSet';
import type { StepStats } from './stepStats';
import { createTrainer } from './trainer';

const small: RunConfig = { ...DEFAULT_CONFIG, depth: 6, width: 16, samples: 256 };

const curve = (steps: StepStats[]) => steps.map((s) => [s.loss, s.gradNormBeforeClip, s.gradNormAfterClip, Array.from(s.layers.preactGradNorm)]);

async function train(config: RunConfig, steps: number) {
  const t = createTrainer(config);
  const out: StepStats[] = [];
  for (let i = 0; i < steps; i++) out.push(await t.step());
  t.dispose();
  return out;
}

describe('run set: runs that share a seed', () => {
  it('two runs that differ only in a clipping threshold never reached give identical curves', async () => {
    const a = { ...small, clip: 'norm' as const, clipThreshold: 1e4 };
    const b = { ...small, clip: 'norm' as const, clipThreshold: 5e3 };
    const [sa, sb] = [await train(a, 40), await train(b, 40)];
    // The threshold is never reached: the gradient is never clipped.
    expect(Math.max(...sa.map((s) => s.gradNormBeforeClip))).toBeLessThan(5e3);
    expect(curve(sb)).toEqual(curve(sa));
  });

  it('a run that differs only in its gain starts from A’s weights times the gain ratio', async () => {
    const a = createTrainer({ ...small, initGain: 1 });
    const b = createTrainer({ ...small, initGain: 2.5 });
    for (let layer = 0; layer <= small.depth; layer++) {
      const [wa, wb] = [await a.readWeights(layer), await b.readWeights(layer)];
      expect(wb.length).toBe(wa.length);
      let worst = 0;
      for (let i = 0; i < wa.length; i++) worst = Math.max(worst, Math.abs(wb[i] - 2.5 * wa[i]) / (Math.abs(2.5 * wa[i]) + 1e-12));
      // float32 rounding of each entry, nothing more.
      expect(worst).toBeLessThan(1e-6);
    }
    // Same data and batches too: the same first batch's inputs.
    expect(Array.from(b.dataset.trainX)).toEqual(Array.from(a.dataset.trainX));
    a.dispose();
    b.dispose();
  });

  it('clipping acts after the gradient: step 0 statistics agree, and the clipped run stays finite where A diverges', async () => {
    // Exploding: ReLU, gain 2 over 30 layers.
    const a: RunConfig = { ...DEFAULT_CONFIG, depth: 30, width: 32, initGain: 2, learningRate: 0.01 };
    const b: RunConfig = { ...a, clip: 'norm', clipThreshold: 1 };
    const [sa, sb] = [await train(a, 40), await train(b, 40)];
    expect(sb[0].loss).toBe(sa[0].loss);
    expect(sb[0].gradNormBeforeClip).toBe(sa[0].gradNormBeforeClip);
    expect(Array.from(sb[0].layers.preactGradNorm)).toEqual(Array.from(sa[0].layers.preactGradNorm));
    expect(sb[0].gradNormAfterClip).toBeCloseTo(1, 5);
    expect(sa.some((s) => s.health.status === 'diverged')).toBe(true);
    expect(sb.every((s) => Number.isFinite(s.loss) && s.health.status !== 'diverged')).toBe(true);
  });
});

describe('run set: configs', () => {
  const a = { ...DEFAULT_CONFIG };

  it('a variant always takes the data and the seed from A', () => {
    const b = variantConfig(a, { seed: 99, dataset: 'xor', learningRate: 0.1 } as Partial<RunConfig>);
    for (const f of SHARED_FIELDS) expect(b[f]).toBe(a[f]);
    expect(b.learningRate).toBe(0.1);
    expect(patchFrom(a, { ...a, seed: 3, clip: 'norm' })).toEqual({ clip: 'norm' });
  });

  it('editing A moves every variant except in the fields it changes; promote swaps A with a variant', () => {
    const variants = [{ letter: 'b' as const, name: '', patch: { clip: 'norm' as const } }];
    const edited = editRun(a, variants, 0, { depth: 50, clip: 'value' });
    const [, b] = runConfigs(edited.a, edited.variants);
    expect(b.depth).toBe(50);
    expect(b.clip).toBe('norm');
    const swapped = promote(edited.a, edited.variants, 1);
    expect(swapped.a).toEqual(b);
    expect(runConfigs(swapped.a, swapped.variants)[1]).toEqual(edited.a);
  });
});
