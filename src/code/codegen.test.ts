// "Show code": the TensorFlow.js program runs in Node and prints the per-layer gradient
// norms the lab's engine measures at step 0; the PyTorch and Keras programs build the same network.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import { createMlpTrainer } from '../core/trainer';
import { kerasProgram, pytorchProgram, tfjsProgram } from './codegen';

const run = promisify(execFile);
// Inside the repository, so the program's import of @tensorflow/tfjs resolves; git ignores node_modules.
const dir = join(process.cwd(), 'node_modules', '.cache', 'gradscope-codegen');

async function programDeltas(config: RunConfig, name: string): Promise<{ deltas: number[]; losses: number[] }> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, tfjsProgram(config));
  const { stdout } = await run(process.execPath, [file], { timeout: 120_000 });
  const deltas = [...stdout.matchAll(/^layer (\d+): \|\|delta\|\| = (\S+)$/gm)].map((m) => Number(m[2]));
  const losses = [...stdout.matchAll(/^step \d+: loss (\S+)$/gm)].map((m) => Number(m[1]));
  return { deltas, losses };
}

async function labDeltas(config: RunConfig): Promise<number[]> {
  const trainer = createMlpTrainer(config, { testEvery: Number.MAX_SAFE_INTEGER });
  try {
    return Array.from((await trainer.step()).layers.preactGradNorm).slice(0, config.depth);
  } finally {
    trainer.dispose();
  }
}

const base: RunConfig = { ...DEFAULT_CONFIG, depth: 16, width: 48 };
// Each case: its name, what it changes, and whether it trains without blowing up (the exploding one, like the lab's, does not).
const cases: [string, Partial<RunConfig>, boolean?][] = [
  ['relu-he', {}],
  ['relu-he-gain2', { initGain: 2 }, false],
  ['tanh-xavier-bias', { activation: 'tanh', init: 'xavier_normal', biasStd: 0.3 }],
  ['sigmoid', { activation: 'sigmoid', init: 'xavier_normal', depth: 10 }],
  ['residual-layernorm', { residual: true, normalization: 'layer', activation: 'tanh', init: 'lecun_normal' }],
  ['sine-adam-clip', { dataset: 'sine', optimizer: 'adam', learningRate: 0.003, clip: 'norm', clipThreshold: 1, weightDecay: 0.001 }],
];

describe('the TensorFlow.js program of a run', () => {
  for (const [name, patch, trains = true] of cases) {
    it(`${name}: prints ||delta_l|| for every hidden layer at step 0, matching the lab's engine (trend across depth within 0.75 decades, level within 3x), and trains${trains ? ' with finite losses' : ''}`, async () => {
      const config = { ...base, ...patch };
      const [program, lab] = [await programDeltas(config, name), await labDeltas(config)];
      expect(program.deltas).toHaveLength(config.depth);
      const trend = (d: number[]) => Math.log10(d[0] / d[d.length - 1]);
      expect(Math.abs(trend(program.deltas) - trend(lab))).toBeLessThan(0.75);
      const level = program.deltas[config.depth - 1] / lab[config.depth - 1];
      expect(level).toBeGreaterThan(1 / 3);
      expect(level).toBeLessThan(3);
      expect(program.losses.length).toBeGreaterThan(5);
      expect(Number.isFinite(program.losses[0])).toBe(true);
      if (trains) for (const loss of program.losses) expect(Number.isFinite(loss)).toBe(true);
    }, 150_000);
  }
});

describe('the PyTorch and Keras programs', () => {
  it('draw the weights with the initializer’s exact variance times the gain, the biases with σ_b, and use the run’s optimizer and clipping', () => {
    const config: RunConfig = { ...base, init: 'he_normal', initGain: 1.5, biasStd: 0.2, optimizer: 'adam', clip: 'norm', clipThreshold: 2, normalization: 'layer', residual: true };
    const torch = pytorchProgram(config);
    expect(torch).toContain('nn.init.normal_(w, 0.0, GAIN * math.sqrt(2 / fan_in))');
    expect(torch).toContain('DEPTH, WIDTH, GAIN, BIAS_STD = 16, 48, 1.5, 0.2');
    expect(torch).toContain('torch.optim.Adam(params, lr=LR, betas=(0.9, 0.999))');
    expect(torch).toContain('clip_grad_norm_(params, 2)');
    expect(torch).toContain('F.layer_norm');
    expect(torch).toContain('h + a if l > 0 else a');
    expect(torch).toContain('z.retain_grad()');
    const keras = kerasProgram(config);
    expect(keras).toContain('keras.initializers.RandomNormal(0.0, GAIN * math.sqrt(2 / fan_in), seed=SEED + l)');
    expect(keras).toContain('global_clipnorm=2');
    expect(keras).toContain('tape.gradient(loss, zs)');
    expect(pytorchProgram({ ...config, init: 'xavier_uniform', clip: 'value', clipThreshold: 0.5 })).toContain('nn.init.uniform_(w, -(GAIN * math.sqrt(6 / (fan_in + fan_out))), GAIN * math.sqrt(6 / (fan_in + fan_out)))');
    expect(pytorchProgram({ ...config, clip: 'value', clipThreshold: 0.5 })).toContain('clip_grad_value_(params, 0.5)');
  });
});
