// RunConfig: every option of a run, its default and its limits, in one place.
// The page, the worker, the URL codec and the tests all import these tables, so a
// limit changed here changes everywhere.

export const ACTIVATIONS = ['linear', 'relu', 'leaky_relu', 'elu', 'selu', 'tanh', 'sigmoid'] as const;
export const INIT_SCHEMES = [
  'zeros',
  'uniform',
  'normal',
  'xavier_normal',
  'xavier_uniform',
  'he_normal',
  'he_uniform',
  'lecun_normal',
  'orthogonal',
  'identity',
] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'] as const;
export const CLIP_MODES = ['none', 'norm', 'value'] as const;
export const NORMALIZATIONS = ['none', 'layer'] as const;
/** Model families: the multilayer perceptron (the default) and a recurrent network. */
export const MODELS = ['mlp', 'rnn'] as const;
/** Recurrent cells (model=rnn): vanilla, LSTM, GRU. */
export const CELLS = ['rnn', 'lstm', 'gru'] as const;
/** Point datasets (the MLP's) and sequence tasks (the RNN's): a family offers only its own. */
export const POINT_DATASETS = ['spiral', 'circles', 'xor', 'gaussians', 'sine'] as const;
export const SEQUENCE_DATASETS = ['adding', 'memory'] as const;
export const DATASETS = [...POINT_DATASETS, ...SEQUENCE_DATASETS] as const;

export type Activation = (typeof ACTIVATIONS)[number];
export type InitScheme = (typeof INIT_SCHEMES)[number];
export type OptimizerKind = (typeof OPTIMIZERS)[number];
export type ClipMode = (typeof CLIP_MODES)[number];
export type Normalization = (typeof NORMALIZATIONS)[number];
export type DatasetKind = (typeof DATASETS)[number];
export type ModelFamily = (typeof MODELS)[number];
export type Cell = (typeof CELLS)[number];

export interface RunConfig {
  /** The model family; the fields after it that only one family reads say so. */
  model: ModelFamily;
  /** Recurrent cell (rnn only). */
  cell: Cell;
  /** Time steps per sequence (rnn only). */
  seqLength: number;
  /** Hidden layers (mlp only); 0 is a single linear layer from input to output. */
  depth: number;
  width: number;
  activation: Activation;
  init: InitScheme;
  /** Multiplies the initializer's standard deviation: gain 2 means variance x4. */
  initGain: number;
  /** Standard deviation of the plain `normal` initializer (before the gain). */
  initStd: number;
  /**
   * Standard deviation of the hidden layers' initial biases (mlp only; the readout's
   * start at 0): σ_b of mean-field theory. 0, the default, starts every bias at 0.
   */
  biasStd: number;
  optimizer: OptimizerKind;
  learningRate: number;
  /** Momentum coefficient (momentum optimizer) and RMSprop's decay. */
  momentum: number;
  beta1: number;
  beta2: number;
  clip: ClipMode;
  /** tau for clipping by global norm, c for clipping by value. */
  clipThreshold: number;
  /** Clamp every weight to [-w, w] after the update; 0 is off. */
  weightClip: number;
  /** L2 weight decay coefficient, added to the gradient of the weights. */
  weightDecay: number;
  normalization: Normalization;
  residual: boolean;
  dataset: DatasetKind;
  samples: number;
  noise: number;
  batchSize: number;
  /** Share of the samples held out for the test loss and accuracy. */
  testSplit: number;
  seed: number;
}

export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze({
  model: 'mlp',
  cell: 'rnn',
  seqLength: 50,
  depth: 20,
  width: 32,
  activation: 'relu',
  init: 'he_normal',
  initGain: 1,
  initStd: 0.1,
  biasStd: 0,
  optimizer: 'sgd',
  learningRate: 0.01,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  clip: 'none',
  clipThreshold: 1,
  weightClip: 0,
  weightDecay: 0,
  normalization: 'none',
  residual: false,
  dataset: 'spiral',
  samples: 512,
  noise: 0.1,
  batchSize: 64,
  testSplit: 0.2,
  seed: 42,
});

export interface NumberLimit {
  kind: 'number';
  min: number;
  max: number;
  integer: boolean;
  /** Controls show this field on a log scale. */
  log: boolean;
  /** Fields where 0 means "off" and is allowed below `min`. */
  zeroMeansOff?: boolean;
}
export interface EnumLimit<T extends string = string> {
  kind: 'enum';
  options: readonly T[];
}
export interface BooleanLimit {
  kind: 'boolean';
}
export type FieldLimit = NumberLimit | EnumLimit | BooleanLimit;

const num = (min: number, max: number, opts: Partial<Omit<NumberLimit, 'kind' | 'min' | 'max'>> = {}): NumberLimit => ({
  kind: 'number',
  min,
  max,
  integer: opts.integer ?? false,
  log: opts.log ?? false,
  zeroMeansOff: opts.zeroMeansOff,
});
const oneOf = <T extends string>(options: readonly T[]): EnumLimit<T> => ({ kind: 'enum', options });

export const CONFIG_LIMITS: { readonly [K in keyof RunConfig]: FieldLimit } = {
  model: oneOf(MODELS),
  cell: oneOf(CELLS),
  seqLength: num(2, 200, { integer: true }),
  depth: num(0, 100, { integer: true }),
  width: num(2, 256, { integer: true }),
  activation: oneOf(ACTIVATIONS),
  init: oneOf(INIT_SCHEMES),
  initGain: num(0.01, 100, { log: true }),
  initStd: num(1e-4, 10, { log: true }),
  biasStd: num(1e-3, 10, { log: true, zeroMeansOff: true }),
  optimizer: oneOf(OPTIMIZERS),
  learningRate: num(1e-5, 10, { log: true }),
  momentum: num(0, 0.999),
  beta1: num(0, 0.999),
  beta2: num(0, 0.99999),
  clip: oneOf(CLIP_MODES),
  clipThreshold: num(1e-4, 1e4, { log: true }),
  weightClip: num(1e-3, 100, { log: true, zeroMeansOff: true }),
  weightDecay: num(0, 1),
  normalization: oneOf(NORMALIZATIONS),
  residual: { kind: 'boolean' },
  dataset: oneOf(DATASETS),
  samples: num(16, 4096, { integer: true }),
  noise: num(0, 1),
  batchSize: num(1, 1024, { integer: true }),
  testSplit: num(0, 0.9),
  seed: num(0, 2 ** 31 - 1, { integer: true }),
};

export const CONFIG_FIELDS = Object.keys(CONFIG_LIMITS) as (keyof RunConfig)[];

export interface ConfigIssue {
  field: keyof RunConfig;
  value: unknown;
  message: string;
}

export function describeLimit(limit: FieldLimit): string {
  switch (limit.kind) {
    case 'number': {
      const range = `${limit.min} to ${limit.max}`;
      const kind = limit.integer ? 'an integer' : 'a number';
      return `${kind} from ${range}${limit.zeroMeansOff ? ' (or 0 for off)' : ''}`;
    }
    case 'enum':
      return `one of ${limit.options.join(', ')}`;
    case 'boolean':
      return 'true or false';
  }
}

export function checkField(field: keyof RunConfig, value: unknown): ConfigIssue | null {
  const limit = CONFIG_LIMITS[field];
  const bad = (): ConfigIssue => ({
    field,
    value,
    message: `${field} = ${formatValue(value)} is not allowed: expected ${describeLimit(limit)}`,
  });
  switch (limit.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return bad();
      if (limit.zeroMeansOff && value === 0) return null;
      if (value < limit.min || value > limit.max) return bad();
      if (limit.integer && !Number.isInteger(value)) return bad();
      return null;
    }
    case 'enum':
      return typeof value === 'string' && limit.options.includes(value) ? null : bad();
    case 'boolean':
      return typeof value === 'boolean' ? null : bad();
  }
}

/** Every way `config` breaks the limits; an empty list means it is valid. */
export function configIssues(config: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const field of CONFIG_FIELDS) {
    const issue = checkField(field, config[field]);
    if (issue) issues.push(issue);
  }
  if (issues.length === 0) {
    const family = config.model as ModelFamily;
    const dataset = config.dataset as DatasetKind;
    if (!datasetsOf(family).includes(dataset)) {
      issues.push({
        field: 'dataset',
        value: dataset,
        message: `dataset = ${formatValue(dataset)} does not fit model ${family}: expected ${describeLimit(oneOf(datasetsOf(family)))}`,
      });
    }
  }
  return issues;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'ConfigError';
  }
}

/** Throws a ConfigError naming every field outside its limits. */
export function assertValidConfig(config: RunConfig): void {
  const issues = configIssues(config as unknown as Record<string, unknown>);
  if (issues.length > 0) throw new ConfigError(issues);
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export const isClassification = (dataset: DatasetKind): boolean => dataset !== 'sine' && dataset !== 'adding';

/** How many sites a run's per-site statistics have: the MLP's layers (depth + 1, the readout last) or the RNN's time steps. */
export const sitesOf = (config: Pick<RunConfig, 'model' | 'depth' | 'seqLength'>): number => (config.model === 'rnn' ? config.seqLength : config.depth + 1);

/** The datasets a model family can train on. */
export const datasetsOf = (model: ModelFamily): readonly DatasetKind[] => (model === 'rnn' ? SEQUENCE_DATASETS : POINT_DATASETS);

/** A family's first dataset: what a config switched to that family starts with. */
export const defaultDatasetOf = (model: ModelFamily): DatasetKind => datasetsOf(model)[0];

/**
 * What a switch to another model family changes besides `model`: the family's first
 * dataset, and for the RNN a tanh cell with an orthogonal W_rec (the MLP's relu with He
 * normal would start a recurrent net far from where it can train); back to the MLP, the
 * defaults. A patch that sets these fields itself wins.
 */
export function familySwitch(from: RunConfig, model: ModelFamily): Partial<RunConfig> {
  if (from.model === model) return {};
  const base = model === 'rnn' ? { activation: 'tanh' as const, init: 'orthogonal' as const, initGain: 1 } : { activation: DEFAULT_CONFIG.activation, init: DEFAULT_CONFIG.init, initGain: DEFAULT_CONFIG.initGain };
  return { ...base, model, dataset: datasetsOf(model).includes(from.dataset) ? from.dataset : defaultDatasetOf(model) };
}

/** The fields a family reads (the others are kept, unused, so a switch back restores them). */
export const FAMILY_FIELDS: Record<ModelFamily, readonly (keyof RunConfig)[]> = {
  mlp: ['depth', 'normalization', 'residual', 'biasStd'],
  rnn: ['cell', 'seqLength'],
};
export const usesField = (model: ModelFamily, field: keyof RunConfig): boolean =>
  !FAMILY_FIELDS[model === 'mlp' ? 'rnn' : 'mlp'].includes(field);

/** Fields whose change needs a fresh network; the others apply to the running one. */
export const RESTART_FIELDS: readonly (keyof RunConfig)[] = [
  'model',
  'cell',
  'seqLength',
  'depth',
  'width',
  'activation',
  'init',
  'initGain',
  'initStd',
  'biasStd',
  'normalization',
  'residual',
  'dataset',
  'samples',
  'noise',
  'testSplit',
  'seed',
];

export function needsRestart(a: RunConfig, b: RunConfig): boolean {
  return RESTART_FIELDS.some((f) => a[f] !== b[f]);
}
