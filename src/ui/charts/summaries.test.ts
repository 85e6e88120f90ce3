import { describe, expect, it } from 'vitest';
import type { StepStats } from '../../core/stepStats';
import { createTrainer } from '../../core/trainer';
import { RunHistory } from '../../store/history';
import { decodeUrl } from '../../url/presetCodec';
import { packFrame } from '../../worker/frames';
import { chartSummary, gradientSummary, lossSummary, normSummary } from './summaries';

async function train(query: string, steps: number): Promise<RunHistory> {
  const trainer = createTrainer(decodeUrl(query).config);
  const history = new RunHistory(trainer.numSites);
  const batch: StepStats[] = [];
  for (let i = 0; i < steps; i++) batch.push(await trainer.step());
  history.appendFrame(packFrame(1, batch, 0));
  trainer.dispose();
  return history;
}

/** The "N times" a sentence says. */
const times = (text: string) => Number(/(\d[\d.e+-]*) times/.exec(text)?.[1]);

describe('chart summaries say what the chart shows, from the measured run', () => {
  it('an exploding network: the gradient grows towards the input by the measured ratio', async () => {
    const h = await train('depth=30&gain=2&seed=42', 1);
    const text = gradientSummary(h, 'en');
    expect(text).toMatch(/^At step 0, the gradient grows .* times from the last layer to the first/);
    const row = h.latestLayer('preactGradNorm');
    // The sentence's ratio is the chart's first point over its last (two significant figures).
    expect(times(text) / (row[0] / row[row.length - 1])).toBeCloseTo(1, 1);
    expect(times(text)).toBeGreaterThan(1e6);
    expect(gradientSummary(h, 'zh-CN')).toMatch(/增大了 .* 倍/);
  });

  it('a deep sigmoid network: the gradient shrinks towards the input', async () => {
    const h = await train('depth=20&act=sigmoid&init=xavier_normal&seed=42', 1);
    const text = gradientSummary(h, 'en');
    expect(text).toMatch(/shrinks .* times/);
    expect(times(text)).toBeGreaterThan(100);
  });

  it('a healthy network stays level; the loss and norm sentences carry the numbers', async () => {
    const h = await train('depth=6&seed=42', 5);
    expect(gradientSummary(h, 'en')).toMatch(/stays within a factor of/);
    expect(lossSummary(h, 'en')).toMatch(/^At step 4, the training loss is \d.* \(it was \d.* at step 0\)\. Accuracy \d/);
    expect(normSummary(h, 'en')).toMatch(/^At step 4, the global gradient norm is \d/);
    expect(chartSummary('data', h, 'en', 'mlp')).toBeNull();
  });

  it('before the first step, it says so', () => {
    const empty = new RunHistory(4);
    expect(gradientSummary(empty, 'en')).toBe('Waiting for the first step.');
    expect(lossSummary(empty, 'zh-CN')).toBe('等待第一步训练。');
  });
});
