// The classroom gallery: each preset is a config (a URL), a title, two sentences on
// what to watch and a "try this next". src/url/presets.test.ts trains each one on the
// cpu backend and checks that it does what its text promises.

import { DEFAULT_CONFIG, type RunConfig } from '../core/config';
import type { HealthStatus } from '../core/health';
import { encodeUrl } from './presetCodec';

export interface Preset {
  id: string;
  title: string;
  watch: string;
  tryNext: string;
  config: RunConfig;
  /** What the text promises, checked by the tests: the verdict within `within` steps. */
  promise: { status: HealthStatus | 'never-unhealthy'; within: number };
}

const make = (p: Omit<Preset, 'config'> & { patch: Partial<RunConfig> }): Preset => {
  const { patch, ...rest } = p;
  return { ...rest, config: { ...DEFAULT_CONFIG, ...patch } };
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
      'The initialization is healthy, but each step is far larger than the weights: the update-to-weight ratio shoots past 1 and the loss turns to NaN. Training stops and the banner says where it broke.',
    tryNext: 'Lower the learning rate tenfold, or try the next preset: clipping.',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3 },
    promise: { status: 'diverged', within: 200 },
  }),
  make({
    id: 'clipping-rescues',
    title: 'Clipping rescues it',
    watch:
      'The same learning rate of 3, but every gradient is rescaled to a global norm of at most 0.1 before the step. The orange before-clipping norm jumps around, the green after-clipping norm sits on the threshold, and the network learns instead of blowing up.',
    tryNext: 'Raise the clip threshold to 1 and watch the ReLUs die (the banner turns to vanishing).',
    patch: { depth: 10, activation: 'relu', init: 'he_normal', initGain: 1, optimizer: 'sgd', learningRate: 3, clip: 'norm', clipThreshold: 0.1 },
    promise: { status: 'never-unhealthy', within: 300 },
  }),
  make({
    id: 'adam-vs-sgd',
    title: 'Adam versus SGD on the same bad initialization',
    watch:
      'Gain 0.5 makes ReLU gradients shrink fourfold in variance per layer, so the first layers get almost nothing. Adam divides each gradient by its own running size, so every layer still takes steps of about the learning rate: the update ratios stay level where SGD’s would fall apart.',
    tryNext: 'Switch the optimizer to SGD with learning rate 0.05 and compare the update-ratio chart.',
    patch: { depth: 20, activation: 'relu', init: 'he_normal', initGain: 0.5, optimizer: 'adam', learningRate: 0.001 },
    promise: { status: 'vanishing', within: 1 },
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
      'A 30-layer tanh network whose weights are too small (gain 0.5) would shrink gradients a thousandfold, but each layer adds its input to its output. The identity path carries the gradient back untouched, so the first layers learn too.',
    tryNext: 'Turn residual connections off and watch the first layers’ gradients collapse.',
    patch: { depth: 30, activation: 'tanh', init: 'xavier_normal', initGain: 0.5, residual: true, optimizer: 'sgd', learningRate: 0.02 },
    promise: { status: 'never-unhealthy', within: 150 },
  }),
  make({
    id: 'layernorm-rescues',
    title: 'Layer norm rescues a deep network',
    watch:
      'The exploding initialization (gain 2, 30 layers), but every layer’s pre-activations are normalised to mean 0 and variance 1 before the ReLU. The weight scale cancels out and gradients stay level.',
    tryNext: 'Switch normalization off to see the explosion it was hiding.',
    patch: { depth: 30, activation: 'relu', init: 'he_normal', initGain: 2, normalization: 'layer', optimizer: 'momentum', learningRate: 0.01 },
    promise: { status: 'never-unhealthy', within: 100 },
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
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The shareable query string of a preset. */
export function presetQuery(preset: Preset): string {
  return encodeUrl(preset.config, { view: { preset: preset.id } });
}
