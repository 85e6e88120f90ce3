// Labels, hints and grouping of the controls. Limits come from core/config.ts.
import type { RunConfig } from '../core/config';

export interface ControlSpec {
  field: keyof RunConfig;
  label: string;
  hint: string;
  /** Show only when this returns true. */
  when?: (c: RunConfig) => boolean;
}

export interface ControlGroup {
  title: string;
  controls: ControlSpec[];
}

const mlp = (c: RunConfig) => c.model === 'mlp';
const rnn = (c: RunConfig) => c.model === 'rnn';

export const CONTROL_GROUPS: ControlGroup[] = [
  {
    title: 'Network',
    controls: [
      { field: 'model', label: 'Model', hint: 'A deep feed-forward network, or a recurrent one unrolled through time.' },
      { field: 'cell', label: 'Cell', hint: 'Vanilla: h_t = φ(x_t W_in + h_(t−1) W_rec + b). LSTM and GRU gate what they keep.', when: rnn },
      { field: 'seqLength', label: 'Sequence length', hint: 'Time steps T; the loss is read at the last one only.', when: rnn },
      { field: 'depth', label: 'Depth', hint: 'Hidden layers. 0 is a single linear layer.', when: mlp },
      { field: 'width', label: 'Width', hint: 'Units per hidden layer; the RNN’s hidden size.' },
      { field: 'activation', label: 'Activation', hint: 'The nonlinearity after each hidden layer (the vanilla cell’s φ; LSTM and GRU use their own).' },
      { field: 'normalization', label: 'Normalization', hint: 'Layer norm rescales each layer’s pre-activations.', when: mlp },
      { field: 'residual', label: 'Residual connections', hint: 'Adds each layer’s input to its output: an identity path for gradients.', when: mlp },
    ],
  },
  {
    title: 'Initialization',
    controls: [
      { field: 'init', label: 'Scheme', hint: 'How initial weights are drawn.' },
      { field: 'initGain', label: 'Gain', hint: 'Multiplies the weights’ standard deviation: gain 2 means variance ×4.' },
      { field: 'initStd', label: 'Std (normal)', hint: 'Standard deviation of the plain normal scheme.', when: (c) => c.init === 'normal' },
      { field: 'biasStd', label: 'Bias std σ_b', hint: 'Hidden biases start as N(0, σ_b²); 0 starts them at zero. The readout’s bias starts at zero.', when: mlp },
    ],
  },
  {
    title: 'Optimizer',
    controls: [
      { field: 'optimizer', label: 'Optimizer', hint: 'How gradients become weight updates.' },
      { field: 'learningRate', label: 'Learning rate', hint: 'Step size (log scale).' },
      {
        field: 'momentum',
        label: 'Momentum / decay',
        hint: 'Momentum’s β, or RMSprop’s decay of squared gradients.',
        when: (c) => c.optimizer === 'momentum' || c.optimizer === 'rmsprop',
      },
      { field: 'beta1', label: 'Adam β₁', hint: 'Decay of the running mean of gradients.', when: (c) => c.optimizer === 'adam' },
      { field: 'beta2', label: 'Adam β₂', hint: 'Decay of the running mean of squared gradients.', when: (c) => c.optimizer === 'adam' },
    ],
  },
  {
    title: 'Clipping and regularization',
    controls: [
      { field: 'clip', label: 'Gradient clipping', hint: 'By global norm rescales the whole gradient; by value clamps each entry.' },
      { field: 'clipThreshold', label: 'Clip threshold', hint: 'τ for norm clipping, c for value clipping.', when: (c) => c.clip !== 'none' },
      { field: 'weightClip', label: 'Weight clipping', hint: 'Clamp every weight to [−w, w] after each step. 0 is off.' },
      { field: 'weightDecay', label: 'Weight decay', hint: 'L2 penalty added to each weight’s gradient.' },
    ],
  },
  {
    title: 'Data',
    controls: [
      { field: 'dataset', label: 'Dataset', hint: 'MLP: four 2-D classification tasks and a 1-D regression (sine). RNN: two sequence tasks.' },
      { field: 'noise', label: 'Noise', hint: 'Gaussian noise added to the inputs (to the target for sine).', when: mlp },
      { field: 'samples', label: 'Samples', hint: 'Points (or sequences) in the dataset, training and test together.' },
      { field: 'batchSize', label: 'Batch size', hint: 'Examples per training step.' },
      { field: 'testSplit', label: 'Test share', hint: 'Held out to measure overfitting.' },
      { field: 'seed', label: 'Seed', hint: 'Fixes data, weights and batch order: the same seed gives the same run.' },
    ],
  },
];

export const OPTION_LABELS: Record<string, string> = {
  linear: 'linear',
  relu: 'ReLU',
  leaky_relu: 'leaky ReLU',
  elu: 'ELU',
  selu: 'SELU',
  tanh: 'tanh',
  sigmoid: 'sigmoid',
  zeros: 'zeros',
  uniform: 'uniform U(−½, ½)',
  normal: 'normal (std)',
  xavier_normal: 'Xavier normal',
  xavier_uniform: 'Xavier uniform',
  he_normal: 'He normal',
  he_uniform: 'He uniform',
  lecun_normal: 'LeCun normal',
  orthogonal: 'orthogonal',
  identity: 'identity (IRNN)',
  mlp: 'MLP (deep network)',
  lstm: 'LSTM',
  gru: 'GRU',
  adding: 'adding problem (regression)',
  memory: 'memory (recall the first symbol)',
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  none: 'none',
  norm: 'by global norm',
  value: 'by value',
  layer: 'layer norm',
  spiral: 'spiral (3 classes)',
  circles: 'circles',
  xor: 'xor',
  gaussians: 'gaussians (3 blobs)',
  sine: 'sine (regression)',
};

/** Where one option name means different things in two fields ('rnn': the family, the vanilla cell). */
const FIELD_OPTION_LABELS: Partial<Record<keyof RunConfig, Record<string, string>>> = {
  model: { rnn: 'RNN (recurrent)' },
  cell: { rnn: 'vanilla RNN' },
};

/** The words the controls show for option `option` of `field`. */
export const optionLabel = (field: keyof RunConfig, option: string): string => FIELD_OPTION_LABELS[field]?.[option] ?? OPTION_LABELS[option] ?? option;
