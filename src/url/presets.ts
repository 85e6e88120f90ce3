// The classroom gallery: each preset is a config (a URL), a title, two sentences on
// what to watch and a "try this next". Where the lesson is a fix, the preset is a
// comparison: the problem as run A, the fix as run B beside it, on the same seed.
// src/url/presets.test.ts trains every run of each one on the cpu backend and checks
// that it does what its text promises.

import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { HealthStatus } from '../core/health';
import type { PhaseSpec } from '../core/phase/grid';
import type { VariantSpec } from '../core/runSet';
import { type DecodedUrl, encodeUrl } from './presetCodec';

/**
 * What a run's text promises, checked by the tests: the verdict within `within` steps;
 * never-unhealthy: healthy on every one of them; finite: never diverged on any of them.
 */
export interface RunPromise {
  status: HealthStatus | 'never-unhealthy' | 'finite';
  within: number;
}

export interface Preset {
  id: string;
  title: string;
  watch: string;
  tryNext: string;
  config: RunConfig;
  /** Run A's promise. */
  promise: RunPromise;
  /** The runs beside A (a comparison), each with its own promise; none for a single run. */
  variants: (VariantSpec & { promise: RunPromise })[];
  /**
   * A phase-diagram lesson opens on the phase diagram of run A's network with this grid
   * (its promise, checked by the tests: wherever theory predicts more than a decade
   * either way, the measurement agrees in sign).
   */
  phase?: PhaseSpec;
}

interface VariantDraft {
  name: string;
  patch: Partial<RunConfig>;
  promise: RunPromise;
}

const make = (p: Omit<Preset, 'config' | 'variants'> & { patch: Partial<RunConfig>; variants?: VariantDraft[]; phase?: PhaseSpec }): Preset => {
  const { patch, variants = [], ...rest } = p;
  const letters = ['b', 'c', 'd'] as const;
  return { ...rest, config: { ...DEFAULT_CONFIG, ...patch }, variants: variants.map((v, i) => ({ letter: letters[i], ...v })) };
};

export const PRESETS: readonly Preset[] = [
  make({
    id: 'healthy',
    title: 'Healthy: ReLU + He initialization',
    watch:
      'He initialization scales each layer’s weights so that a ReLU layer passes gradients back at the same size: the gradient-flow line is flat across all 20 layers. The theory line sits on the measured one.',
    tryNext: 'Raise the gain to 2 and watch the line tilt.',
    patch: { depth: 20, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.01 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'exploding',
    title: 'Exploding: ReLU with weights too large',
    watch:
      'Gain 2 quadruples each layer’s weight variance, so gradients double on every layer back towards the input: the gradient-flow chart is a straight line on its log axis, exactly as theory predicts. Within a few steps the loss blows up.',
    tryNext: 'Click “Clip by norm”, or set the gain back to 1.',
    patch: { depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, optimizer: 'sgd', learningRate: 0.01 },
    promise: { status: 'exploding', within: 1 },
  }),
  make({
    id: 'vanishing',
    title: 'Vanishing: a deep sigmoid network',
    watch:
      'The sigmoid’s slope is at most 1/4, so each layer shrinks the gradient about fourfold: by the first layer it is a billion times smaller. The early layers barely learn, and the loss hardly moves.',
    tryNext: 'Switch on residual connections, or switch the activation to ReLU with He initialization.',
    patch: { depth: 20, activation: 'sigmoid', init: 'xavier_normal', initGain: 1, optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'vanishing', within: 1 },
  }),
  make({
    id: 'lr-too-high',
    title: 'Learning rate too high',
    watch:
      'Run A’s initialization is healthy, but each step is far larger than the weights: its update-to-weight ratio shoots past 1 and the loss turns to NaN, and A stops where it broke. Run B is the same network with a learning rate a hundred times smaller: compare the two update-ratio panels, and B’s loss going down.',
    tryNext: 'Select run B and raise its learning rate step by step until it breaks too, or try the next preset: clipping.',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 },
    promise: { status: 'diverged', within: 200 },
    variants: [{ name: 'lr 0.03', patch: { learningRate: 0.03 }, promise: { status: 'never-unhealthy', within: 300 } }],
  }),
  make({
    id: 'clipping-rescues',
    title: 'Clipping rescues it',
    watch:
      'Both runs take steps with the learning rate of 3 that blows up run A. Run B rescales every gradient to a global norm of at most 0.1 before the step: in the global-norm chart its before-clipping norm jumps around while the after-clipping band sits on its threshold, and B learns while A turns to NaN.',
    tryNext: 'Select run B and raise its clip threshold to 1: the ReLUs die and its verdict turns to vanishing.',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 },
    promise: { status: 'diverged', within: 200 },
    variants: [{ name: 'clip by norm 0.1', patch: { clip: 'norm', clipThreshold: 0.1 }, promise: { status: 'never-unhealthy', within: 300 } }],
  }),
  make({
    id: 'adam-vs-sgd',
    title: 'Adam versus SGD on the same bad initialization',
    watch:
      'Gain 0.5 makes ReLU gradients shrink fourfold in variance per layer, so the first layers get almost nothing: both runs show the same vanishing gradient flow. Compare the update-ratio panels: SGD (A) moves its first layers a thousand times less than its last, while Adam (B) divides each gradient by its own running size, so every layer takes steps of about the learning rate.',
    tryNext: 'Select run B and set its gain to 1: Adam is not needed once the initialization is right.',
    patch: { depth: 20, activation: 'relu', init: 'he_normal', initGain: 0.5, optimizer: 'sgd', learningRate: 0.05 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'Adam', patch: { optimizer: 'adam', learningRate: 0.001 }, promise: { status: 'vanishing', within: 1 } }],
  }),
  make({
    id: 'edge-of-chaos',
    title: 'tanh at the edge of chaos',
    watch:
      'With Xavier initialization a tanh network sits at the boundary between order (vanishing) and chaos (exploding): chi is 1 and gradients keep their size through 50 layers. A little less gain and they vanish, a little more and they grow.',
    tryNext: 'Set the gain to 0.7, then to 1.5, and watch the flow line tilt each way.',
    patch: { depth: 50, width: 64, activation: 'tanh', init: 'xavier_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.005 },
    promise: { status: 'never-unhealthy', within: 100 },
  }),
  make({
    id: 'residual-rescues',
    title: 'Residual connections rescue a deep network',
    watch:
      'A 30-layer tanh network whose weights are too small (gain 0.5): in run A the gradient shrinks a thousandfold on its way to the first layer. Run B adds each layer’s input to its output, and that identity path carries the gradient back untouched: compare the two profiles in the gradient-flow chart.',
    tryNext: 'Select run B and set its gain to 0.1: the identity path still carries the gradient.',
    patch: { depth: 30, activation: 'tanh', init: 'xavier_normal', initGain: 0.5, residual: false, optimizer: 'sgd', learningRate: 0.02 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'residual', patch: { residual: true }, promise: { status: 'never-unhealthy', within: 150 } }],
  }),
  make({
    id: 'layernorm-rescues',
    title: 'Layer norm rescues a deep network',
    watch:
      'Both runs start from the exploding initialization (gain 2, 30 layers). Run B normalises every layer’s pre-activations to mean 0 and variance 1 before the ReLU, so the weight scale cancels out: its gradient-flow profile is level where A’s climbs by orders of magnitude, and its heatmap panel stays one colour.',
    tryNext: 'Select run A and set its gain to 1: He initialization alone does what layer norm did.',
    patch: { depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, normalization: 'none', optimizer: 'momentum', learningRate: 0.01 },
    promise: { status: 'exploding', within: 1 },
    variants: [{ name: 'layer norm', patch: { normalization: 'layer' }, promise: { status: 'never-unhealthy', within: 100 } }],
  }),
  make({
    id: 'classic',
    title: 'The classic: one linear layer, plain gradient descent',
    watch:
      'No hidden layers at all: softmax regression trained by plain gradient descent, the loss printed every 100 steps. It cannot bend its boundaries around the circles, so the loss levels off well above zero.',
    tryNext: 'Add 3 hidden layers and watch the loss break through the floor.',
    patch: { depth: 0, dataset: 'circles', optimizer: 'sgd', learningRate: 0.5, init: 'zeros', batchSize: 410, noise: 0.05 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'overfitting',
    title: 'Overfitting: little data, a wide network',
    watch:
      'Only 48 noisy training points and a wide network: the training loss falls towards zero while the held-out (orange) loss turns up after a few dozen steps. The network is memorising the noise.',
    tryNext: 'Set weight decay to 0.01 and watch the test loss stay down.',
    patch: { depth: 3, width: 256, activation: 'relu', init: 'he_normal', optimizer: 'adam', learningRate: 0.003, dataset: 'circles', noise: 1, samples: 96, testSplit: 0.5, batchSize: 48 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'rnn-exploding',
    title: 'An RNN explodes through time',
    watch:
      'A vanilla tanh RNN reads 50 time steps and is scored at the last one only. Its recurrent matrix is orthogonal times 2: every singular value is 2, so γ·σ_max = 2 > 1, and on its way back from the last step the gradient can double at every step. The gradient through time rises steeply towards t = 1, a thousand times larger there than where the loss is read, and within about 50 training steps the weights blow up.',
    tryNext: 'Click “Clip by norm”, or set the gain back to 1.',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 32, activation: 'tanh', init: 'orthogonal', initGain: 2, dataset: 'adding', optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'exploding', within: 1 },
  }),
  make({
    id: 'rnn-vanishing',
    title: 'Vanishing through time',
    watch:
      'The task: remember the symbol shown at t = 1 through 49 distractors. W_rec is orthogonal times 0.8, so γ·σ_max = 0.8 < 1, Pascanu’s sufficient condition for vanishing: the gradient that reaches t = 1, where the symbol is, is about a ten-millionth of the one at the last step. The network cannot learn which symbol came first, and the loss stays near chance (ln 4 ≈ 1.39).',
    tryNext: 'Switch the cell to LSTM, or set the gain to 1 and watch the slope flatten.',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 16, activation: 'tanh', init: 'orthogonal', initGain: 0.8, dataset: 'memory', optimizer: 'sgd', learningRate: 0.01 },
    promise: { status: 'vanishing', within: 1 },
  }),
  make({
    id: 'rnn-clipping',
    title: 'Clipping rescues the RNN',
    watch:
      'Run A is the RNN that explodes through time: its weights blow up within about 50 steps. Run B is the same network with Pascanu’s algorithm: whenever the gradient’s global norm passes 1 it is scaled back to 1, keeping its direction. In the global-norm chart B’s gradient before clipping keeps spiking while the steps it takes stay bounded, and B stays finite where A turns to NaN.',
    tryNext: 'Select run B and lower its learning rate to 0.01 as well: clipping keeps it finite, a smaller rate lets it learn.',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 50, width: 32, activation: 'tanh', init: 'orthogonal', initGain: 2, dataset: 'adding', optimizer: 'sgd', learningRate: 0.1 },
    promise: { status: 'diverged', within: 100 },
    variants: [{ name: 'clip by norm 1', patch: { clip: 'norm' }, promise: { status: 'finite', within: 200 } }],
  }),
  make({
    id: 'lstm-keeps-gradient',
    title: 'An LSTM keeps the gradient alive',
    watch:
      'Both runs must remember the symbol shown at t = 1 through 99 distractors. Run A, a vanilla tanh RNN even with the best recurrent matrix (orthogonal, gain 1), loses the gradient on the way back: at t = 1 it is below a thousandth of the last step’s, and A’s loss sits at chance (ln 4 ≈ 1.39) for its first hundred steps or so. Run B is an LSTM: its cell state passes the gradient on through the forget gate, added rather than multiplied by W_rec, so it reaches the first step and B learns at once.',
    tryNext: 'Watch run A’s σ_max: Adam grows W_rec until the gradient gets through and A learns late. Then select run B and switch its cell to GRU.',
    patch: { model: 'rnn', cell: 'rnn', seqLength: 100, width: 16, activation: 'tanh', init: 'orthogonal', initGain: 1, dataset: 'memory', optimizer: 'adam', learningRate: 0.003 },
    promise: { status: 'vanishing', within: 1 },
    variants: [{ name: 'LSTM', patch: { cell: 'lstm' }, promise: { status: 'never-unhealthy', within: 50 } }],
  }),
  make({
    id: 'phase-edge-of-chaos',
    title: 'The edge of chaos for tanh',
    watch:
      'Each cell is a 30-layer tanh network at initialization, its weight variance σ_w² across and its bias variance σ_b² up. Left of the solid line χ₁ = 1 (the ordered phase) the gradient vanishes towards the input, right of it (the chaotic phase) it explodes; the line starts at σ_w² = 1 without biases and bends right as σ_b² grows, to about 1.76 at σ_b² = 0.05. Between the dashed lines a network this deep is still within 6 ξ_c, where Schoenholz et al. found networks trainable.',
    tryNext: 'Set the depth to 60 and watch the trainable band narrow around the line; then show “measured − theory” to see where a width of 64 departs from the theory.',
    patch: { depth: 30, width: 64, activation: 'tanh', init: 'xavier_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.005, batchSize: 32 },
    promise: { status: 'never-unhealthy', within: 40 },
    phase: { x: { field: 'sw2', from: 0.5, to: 4, n: 24 }, y: { field: 'sb2', from: 0, to: 0.2, n: 24 }, seeds: 4 },
  }),
  make({
    id: 'phase-relu-gain',
    title: 'ReLU’s critical gain',
    watch:
      'ReLU networks of every depth from 2 to 100 against the gain of He initialization. He’s gain 1 (σ_w² = 2) is the critical line: below it each layer shrinks the gradient by the gain, above it each grows it, so the colour at depth L is (L − 1) log10 g decades, as the theory says cell by cell. In the top corners the forward pass itself overflows float32, or every unit goes to exactly zero.',
    tryNext: 'Click a cell near gain 2, depth 30 and open it in the lab: its gradient-flow chart shows the ratio the cell shows, about 10⁸. Then try a tanh network with Xavier initialization.',
    patch: { depth: 20, width: 64, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'momentum', learningRate: 0.01, batchSize: 32 },
    promise: { status: 'never-unhealthy', within: 40 },
    phase: { x: { field: 'gain', from: 0.25, to: 4, n: 24 }, y: { field: 'depth', from: 2, to: 100, n: 24 }, seeds: 4 },
  }),
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The shareable query string of a preset (every run of a comparison). */
export function presetQuery(preset: Preset): string {
  const phase = preset.phase ? { page: 'phase' as const, phase: preset.phase } : {};
  return encodeUrl(preset.config, { variants: preset.variants, view: { preset: preset.id, ...phase } });
}

/** A preset's runs as a set: A's config and the variants (without their promises). */
export function presetRuns(preset: Preset): { config: RunConfig; variants: VariantSpec[] } {
  return { config: preset.config, variants: preset.variants.map(({ letter, name, patch }) => ({ letter, name, patch })) };
}

/**
 * What a link says about its preset: an unknown one is dropped, and one whose runs the
 * link changes is dropped too (its card would claim what may no longer happen), each
 * with a warning that says so. `preset`: the id to show, or ''.
 */
export function checkPresetLink(decoded: Pick<DecodedUrl, 'config' | 'variants' | 'view'>): { preset: string; warnings: string[] } {
  const id = decoded.view.preset;
  if (!id) return { preset: '', warnings: [] };
  const preset = presetById(id);
  if (!preset) return { preset: '', warnings: [`preset=${id} is not a lesson this page knows: opened as a plain run`] };
  const runsOf = (config: RunConfig, variants: readonly VariantSpec[]) => new URLSearchParams(encodeUrl(config, { variants }));
  const lesson = runsOf(preset.config, preset.variants);
  const link = runsOf(decoded.config, decoded.variants);
  const changes: string[] = [];
  for (const key of new Set([...lesson.keys(), ...link.keys()])) {
    if (key.endsWith('.name') || key === 'backend') continue;
    const a = lesson.get(key);
    const b = link.get(key);
    if (a !== b) changes.push(b === null ? `no ${key} (the lesson has ${a})` : `${key}=${b} (the lesson has ${a ?? 'none'})`);
  }
  if (changes.length === 0) return { preset: id, warnings: [] };
  const shown = changes.slice(0, 4).join(', ') + (changes.length > 4 ? `, and ${changes.length - 4} more` : '');
  return {
    preset: '',
    warnings: [`this link changes the lesson “${preset.title}”: ${shown}. Its lesson card is not shown, since what it describes may not happen here`],
  };
}
