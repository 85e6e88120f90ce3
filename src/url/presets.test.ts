// Each preset does what its text promises, trained on the cpu backend.
import { describe, expect, it } from 'vitest';
import { configIssues } from '../core/config';
import type { StepStats } from '../core/stepStats';
import { createTrainer } from '../core/trainer';
import { decodeUrl } from './presetCodec';
import { PRESETS, presetById, presetQuery } from './presets';

async function train(config: Parameters<typeof createTrainer>[0], steps: number): Promise<StepStats[]> {
  const trainer = createTrainer(config);
  const out: StepStats[] = [];
  for (let i = 0; i < steps; i++) {
    const s = await trainer.step();
    out.push(s);
    if (s.health.status === 'diverged') break;
  }
  trainer.dispose();
  return out;
}

describe('presets', () => {
  it('the gallery has every required lesson, each with a title, what to watch and what to try', () => {
    for (const id of ['healthy', 'exploding', 'vanishing', 'lr-too-high', 'clipping-rescues', 'adam-vs-sgd', 'edge-of-chaos', 'residual-rescues', 'layernorm-rescues', 'classic', 'overfitting']) {
      const p = presetById(id);
      expect(p, id).toBeDefined();
      expect(p?.title.length).toBeGreaterThan(5);
      expect(p?.watch.split(/[.!?](\s|$)/).filter((x) => x.trim().length > 3).length).toBeGreaterThanOrEqual(2);
      expect(p?.tryNext.length).toBeGreaterThan(5);
    }
  });

  it('every preset is a valid config and round-trips through its URL', () => {
    for (const p of PRESETS) {
      expect(configIssues(p.config as unknown as Record<string, unknown>)).toEqual([]);
      const decoded = decodeUrl(presetQuery(p));
      expect(decoded.config).toEqual(p.config);
      expect(decoded.view.preset).toBe(p.id);
      expect(decoded.warnings).toEqual([]);
    }
  });

  for (const p of PRESETS) {
    it(`${p.id}: ${p.promise.status} within ${p.promise.within} steps`, async () => {
      const steps = Math.max(1, p.promise.within);
      const stats = await train(p.config, steps);
      if (p.promise.status === 'never-unhealthy') {
        const bad = stats.find((s) => s.health.status !== 'healthy');
        expect(bad?.health, `step ${bad?.step}`).toBeUndefined();
        expect(stats).toHaveLength(steps);
      } else {
        expect(stats.some((s) => s.health.status === p.promise.status)).toBe(true);
      }
    });
  }

  it('overfitting: training loss falls while the held-out loss turns up; weight decay keeps it down', async () => {
    const p = presetById('overfitting');
    if (!p) throw new Error('missing preset');
    const plain = await train(p.config, 200);
    const tests = plain.filter((s) => s.testLoss !== null).map((s) => s.testLoss as number);
    const best = Math.min(...tests);
    expect(plain[plain.length - 1].loss).toBeLessThan(plain[0].loss * 0.2);
    expect(tests[tests.length - 1]).toBeGreaterThan(best * 1.5);
    const decayed = await train({ ...p.config, weightDecay: 0.01 }, 200);
    const decayedTests = decayed.filter((s) => s.testLoss !== null).map((s) => s.testLoss as number);
    expect(decayedTests[decayedTests.length - 1]).toBeLessThan(tests[tests.length - 1] * 0.7);
  }, 180_000);

  it('residual connections and layer norm are what rescue their presets', async () => {
    const residual = presetById('residual-rescues');
    const layerNorm = presetById('layernorm-rescues');
    if (!residual || !layerNorm) throw new Error('missing preset');
    expect((await train({ ...residual.config, residual: false }, 1))[0].health.status).toBe('vanishing');
    expect((await train({ ...layerNorm.config, normalization: 'none' }, 1))[0].health.status).toBe('exploding');
  });

  it('clipping rescues the learning rate that diverges without it', async () => {
    const rescued = presetById('clipping-rescues');
    const diverging = presetById('lr-too-high');
    if (!rescued || !diverging) throw new Error('missing preset');
    expect({ ...rescued.config, clip: 'none' }).toMatchObject({ ...diverging.config, clip: 'none', clipThreshold: rescued.config.clipThreshold });
    const stats = await train(rescued.config, 300);
    expect(stats[stats.length - 1].loss).toBeLessThan(stats[0].loss);
    expect(Math.max(...stats.map((s) => s.gradNormAfterClip))).toBeLessThanOrEqual(rescued.config.clipThreshold * (1 + 1e-5));
  });
});
