// "Show code": a short, runnable program of the current MLP run in TensorFlow.js,
// PyTorch or Keras. Each builds the same network (depth, width, activation, layer norm,
// residual connections), draws its weights with exactly the variance the lab's
// initializer promises (untruncated, times the gain; hidden biases N(0, σ_b²)), makes the
// same kind of data, prints the per-layer ||delta_l|| = ||dL/dz_l|| the lab shows at step 0
// (RMS over the batch of each example's own gradient), then trains with the run's
// optimizer, clipping and weight decay. Pure: config in, source text out. The TensorFlow.js
// program is run by the unit tests and compared with the lab's engine.

import type { Activation, InitScheme, RunConfig } from '../core/config';
import { DATASET_CLASSES, INPUT_NOISE_SCALE } from '../core/datasets';
import { LAYER_NORM_EPSILON, LEAKY_RELU_SLOPE } from '../core/model';

import { CODE_STEPS, type CodeLanguage } from './languages';

const num = (v: number) => (Number.isInteger(v) ? `${v}` : `${Number(v.toPrecision(6))}`);

/** The scheme's standard deviation (or uniform bound) as an expression of fanIn, fanOut and GAIN, in the target language. */
function scaleExpr(scheme: InitScheme, std: number, lang: 'js' | 'py'): { kind: 'normal' | 'uniform' | 'orthogonal' | 'identity' | 'zeros'; expr: string } {
  const sqrt = lang === 'js' ? 'Math.sqrt' : 'math.sqrt';
  switch (scheme) {
    case 'zeros':
      return { kind: 'zeros', expr: '0' };
    case 'uniform':
      // (u - 0.5) * gain: U(-gain/2, gain/2).
      return { kind: 'uniform', expr: 'GAIN / 2' };
    case 'normal':
      return { kind: 'normal', expr: `GAIN * ${num(std)}` };
    case 'xavier_normal':
      return { kind: 'normal', expr: `GAIN * ${sqrt}(2 / (fanIn + fanOut))` };
    case 'xavier_uniform':
      return { kind: 'uniform', expr: `GAIN * ${sqrt}(6 / (fanIn + fanOut))` };
    case 'he_normal':
      return { kind: 'normal', expr: `GAIN * ${sqrt}(2 / fanIn)` };
    case 'he_uniform':
      return { kind: 'uniform', expr: `GAIN * ${sqrt}(6 / fanIn)` };
    case 'lecun_normal':
      return { kind: 'normal', expr: `GAIN * ${sqrt}(1 / fanIn)` };
    case 'orthogonal':
      return { kind: 'orthogonal', expr: 'GAIN' };
    case 'identity':
      return { kind: 'identity', expr: 'GAIN' };
  }
}


/** The data generator, in JavaScript or Python (the same shapes as the lab's datasets, its own random numbers). */
function dataJs(config: RunConfig): string {
  const noise = `${num(config.noise)}`;
  const body: Record<string, string> = {
    spiral: `    const label = i % 3, t = rand();
    const angle = (label * 2 * Math.PI) / 3 + t * 3 * Math.PI, r = 0.1 + 0.85 * t;
    xs.push([r * Math.cos(angle) + ${num(INPUT_NOISE_SCALE)} * NOISE * randn(), r * Math.sin(angle) + ${num(INPUT_NOISE_SCALE)} * NOISE * randn()]);
    ys.push(label);`,
    circles: `    const label = i % 2, angle = rand() * 2 * Math.PI;
    const r = label === 0 ? 0.45 * Math.sqrt(rand()) : 0.7 + 0.25 * rand();
    xs.push([r * Math.cos(angle) + ${num(INPUT_NOISE_SCALE)} * NOISE * randn(), r * Math.sin(angle) + ${num(INPUT_NOISE_SCALE)} * NOISE * randn()]);
    ys.push(label);`,
    xor: `    const a = rand() * 2 - 1, b = rand() * 2 - 1;
    const px = a + Math.sign(a) * 0.05, py = b + Math.sign(b) * 0.05;
    xs.push([px + ${num(INPUT_NOISE_SCALE)} * NOISE * randn(), py + ${num(INPUT_NOISE_SCALE)} * NOISE * randn()]);
    ys.push(px * py > 0 ? 1 : 0);`,
    gaussians: `    const label = i % 3, angle = (label * 2 * Math.PI) / 3 + Math.PI / 2;
    xs.push([0.55 * Math.cos(angle) + 0.18 * randn() + ${num(INPUT_NOISE_SCALE)} * NOISE * randn(), 0.55 * Math.sin(angle) + 0.18 * randn() + ${num(INPUT_NOISE_SCALE)} * NOISE * randn()]);
    ys.push(label);`,
    sine: `    const x = rand() * 2 - 1;
    xs.push([x]);
    ys.push(Math.sin(Math.PI * x) + NOISE * randn());`,
  };
  return `const NOISE = ${noise};
// A small seeded generator, so the same SEED gives the same data.
let state = SEED >>> 0;
const rand = () => ((state = (state + 0x6d2b79f5) >>> 0), (((state ^ (state >>> 15)) * (state | 1)) >>> 0) / 4294967296);
const randn = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
function makeData(n) {
  const xs = [], ys = [];
  for (let i = 0; i < n; i++) {
${body[config.dataset] ?? body.spiral}
  }
  return { xs, ys };
}`;
}

function dataPy(config: RunConfig): string {
  const s = num(INPUT_NOISE_SCALE);
  const body: Record<string, string> = {
    spiral: `        label = i % 3; t = rng.random()
        angle = label * 2 * math.pi / 3 + t * 3 * math.pi; r = 0.1 + 0.85 * t
        xs.append([r * math.cos(angle) + ${s} * NOISE * rng.gauss(0, 1), r * math.sin(angle) + ${s} * NOISE * rng.gauss(0, 1)]); ys.append(label)`,
    circles: `        label = i % 2; angle = rng.random() * 2 * math.pi
        r = 0.45 * math.sqrt(rng.random()) if label == 0 else 0.7 + 0.25 * rng.random()
        xs.append([r * math.cos(angle) + ${s} * NOISE * rng.gauss(0, 1), r * math.sin(angle) + ${s} * NOISE * rng.gauss(0, 1)]); ys.append(label)`,
    xor: `        a = rng.random() * 2 - 1; b = rng.random() * 2 - 1
        px = a + math.copysign(0.05, a); py = b + math.copysign(0.05, b)
        xs.append([px + ${s} * NOISE * rng.gauss(0, 1), py + ${s} * NOISE * rng.gauss(0, 1)]); ys.append(1 if px * py > 0 else 0)`,
    gaussians: `        label = i % 3; angle = label * 2 * math.pi / 3 + math.pi / 2
        xs.append([0.55 * math.cos(angle) + 0.18 * rng.gauss(0, 1) + ${s} * NOISE * rng.gauss(0, 1), 0.55 * math.sin(angle) + 0.18 * rng.gauss(0, 1) + ${s} * NOISE * rng.gauss(0, 1)]); ys.append(label)`,
    sine: `        x = rng.random() * 2 - 1
        xs.append([x]); ys.append(math.sin(math.pi * x) + NOISE * rng.gauss(0, 1))`,
  };
  return `NOISE = ${num(config.noise)}


def make_data(n):
    rng = random.Random(SEED)
    xs, ys = [], []
    for i in range(n):
${body[config.dataset] ?? body.spiral}
    return xs, ys`;
}

function header(config: RunConfig, comment: string, run: string): string {
  const lines = [
    `Gradscope run: ${config.depth} hidden layers of ${config.width} ${config.activation} units, ${config.init} x gain ${num(config.initGain)}${config.biasStd > 0 ? `, hidden biases N(0, ${num(config.biasStd)}²)` : ''}${config.normalization === 'layer' ? ', layer norm' : ''}${config.residual ? ', residual connections' : ''};`,
    `${config.optimizer} at learning rate ${num(config.learningRate)}${config.clip !== 'none' ? `, clipping by ${config.clip} ${num(config.clipThreshold)}` : ''}${config.weightDecay > 0 ? `, weight decay ${num(config.weightDecay)}` : ''}${config.weightClip > 0 ? `, weights clipped to ±${num(config.weightClip)}` : ''}; ${config.dataset} data, batch ${config.batchSize}, seed ${config.seed}.`,
    `Prints ||delta_l|| = ||dL/dz_l|| per layer at step 0 (as the lab's gradient-flow chart), then trains ${CODE_STEPS} steps.`,
    run,
  ];
  return lines.map((l) => `${comment} ${l}`).join('\n');
}

const JS_ACT: Record<Activation, string> = {
  linear: 'z',
  relu: 'tf.relu(z)',
  leaky_relu: `tf.leakyRelu(z, ${LEAKY_RELU_SLOPE})`,
  elu: 'tf.elu(z)',
  selu: 'tf.selu(z)',
  tanh: 'tf.tanh(z)',
  sigmoid: 'tf.sigmoid(z)',
};

export function tfjsProgram(config: RunConfig): string {
  const classes = DATASET_CLASSES[config.dataset];
  const classification = config.dataset !== 'sine';
  const init = scaleExpr(config.init, config.initStd, 'js');
  const draw =
    init.kind === 'zeros'
      ? 'tf.zeros([fanIn, fanOut])'
      : init.kind === 'normal'
        ? `tf.randomNormal([fanIn, fanOut], 0, ${init.expr}, 'float32', nextSeed())`
        : init.kind === 'uniform'
          ? `tf.randomUniform([fanIn, fanOut], -(${init.expr}), ${init.expr}, 'float32', nextSeed())`
          : init.kind === 'orthogonal'
            ? 'tf.initializers.orthogonal({ gain: GAIN, seed: nextSeed() }).apply([fanIn, fanOut])'
            : 'tf.mul(tf.eye(fanIn, fanOut), GAIN)';
  const optimizer: Record<RunConfig['optimizer'], string> = {
    sgd: `tf.train.sgd(LR)`,
    momentum: `tf.train.momentum(LR, ${num(config.momentum)})`,
    adam: `tf.train.adam(LR, ${num(config.beta1)}, ${num(config.beta2)})`,
    rmsprop: `tf.train.rmsprop(LR, ${num(config.momentum)})`,
    adagrad: `tf.train.adagrad(LR)`,
  };
  const clip =
    config.clip === 'norm'
      ? `  // Clip by global norm.
  const norm = Math.sqrt(Object.values(grads).reduce((s, g) => s + g.square().sum().dataSync()[0], 0));
  const scale = norm > ${num(config.clipThreshold)} ? ${num(config.clipThreshold)} / norm : 1;
  for (const k of Object.keys(grads)) grads[k] = grads[k].mul(scale);`
      : config.clip === 'value'
        ? `  for (const k of Object.keys(grads)) grads[k] = grads[k].clipByValue(-${num(config.clipThreshold)}, ${num(config.clipThreshold)});`
        : '';
  const decay = config.weightDecay > 0 ? `  for (const [i, w] of W.entries()) grads[w.name] = grads[w.name].add(W[i].mul(${num(config.weightDecay)}));\n` : '';
  const wclip = config.weightClip > 0 ? `  for (const w of W) w.assign(w.clipByValue(-${num(config.weightClip)}, ${num(config.weightClip)}));\n` : '';
  return `${header(config, '//', 'Node: npm install @tensorflow/tfjs && node gradscope.mjs')}
import * as tf from '@tensorflow/tfjs';

const DEPTH = ${config.depth}, WIDTH = ${config.width}, GAIN = ${num(config.initGain)}, BIAS_STD = ${num(config.biasStd)};
const LR = ${num(config.learningRate)}, BATCH = ${config.batchSize}, SAMPLES = ${config.samples}, SEED = ${config.seed};
${dataJs(config)}

let seedCounter = SEED;
const nextSeed = () => seedCounter++;
const { xs, ys } = makeData(SAMPLES);
const X = tf.tensor2d(xs);
const Y = ${classification ? `tf.oneHot(tf.tensor1d(ys, 'int32'), ${classes}).toFloat()` : 'tf.tensor2d(ys, [ys.length, 1])'};
const sizes = [X.shape[1], ...Array(DEPTH).fill(WIDTH), ${classification ? classes : 1}];

// Weights with exactly the variance the initializer promises (${config.init}, untruncated) times the gain.
const init = (fanIn, fanOut) => ${draw};
const W = [], b = [];
for (let l = 0; l + 1 < sizes.length; l++) {
  const fanIn = sizes[l], fanOut = sizes[l + 1];
  W.push(tf.variable(init(fanIn, fanOut), true, \`W\${l + 1}\`));
  const hidden = l + 1 < sizes.length - 1 && BIAS_STD > 0;
  b.push(tf.variable(hidden ? tf.randomNormal([fanOut], 0, BIAS_STD, 'float32', nextSeed()) : tf.zeros([fanOut]), true, \`b\${l + 1}\`));
}

// The forward pass; taps[l] is added to z_l, so d(loss)/d(taps[l]) is delta_l = dL/dz_l.
function loss(x, y, taps) {
  let h = x;
  for (let l = 0; l < DEPTH; l++) {
    let z = h.matMul(W[l]).add(b[l]);
    if (taps) z = z.add(taps[l]);
${config.normalization === 'layer' ? `    const { mean, variance } = tf.moments(z, 1, true);\n    const u = z.sub(mean).mul(variance.add(${LAYER_NORM_EPSILON}).rsqrt());\n` : '    const u = z;\n'}    const a = ${JS_ACT[config.activation].replace(/z/g, 'u')};
    h = ${config.residual ? 'l > 0 ? h.add(a) : a' : 'a'};
  }
  const logits = h.matMul(W[DEPTH]).add(b[DEPTH]);
  return ${classification ? 'tf.losses.softmaxCrossEntropy(y, logits)' : 'tf.losses.meanSquaredError(y, logits)'};
}

// Step 0: the first batch's per-layer ||delta_l||, RMS over the batch of each example's own.
const batch = (step) => {
  const idx = tf.tensor1d(Array.from({ length: BATCH }, (_, i) => (step * BATCH + i) % SAMPLES), 'int32');
  return [X.gather(idx), Y.gather(idx)];
};
const [x0, y0] = batch(0);
const taps = sizes.slice(1, -1).map((n) => tf.zeros([BATCH, n]));
const deltas = tf.grads((...t) => loss(x0, y0, t))(taps);
deltas.forEach((d, l) => console.log(\`layer \${l + 1}: ||delta|| = \${(d.norm().dataSync()[0] * Math.sqrt(BATCH)).toExponential(3)}\`));

// Training.
const optimizer = ${optimizer[config.optimizer]};
for (let step = 0; step < ${CODE_STEPS}; step++) {
  const [x, y] = batch(step);
  const { value, grads } = tf.variableGrads(() => loss(x, y));
${decay}${clip ? `${clip}\n` : ''}  optimizer.applyGradients(grads);
${wclip}  if (step % 20 === 0) console.log(\`step \${step}: loss \${value.dataSync()[0].toFixed(4)}\`);
}
`;
}

const PY_TORCH_ACT: Record<Activation, string> = {
  linear: 'z',
  relu: 'torch.relu(z)',
  leaky_relu: `F.leaky_relu(z, ${LEAKY_RELU_SLOPE})`,
  elu: 'F.elu(z)',
  selu: 'F.selu(z)',
  tanh: 'torch.tanh(z)',
  sigmoid: 'torch.sigmoid(z)',
};

export function pytorchProgram(config: RunConfig): string {
  const classes = DATASET_CLASSES[config.dataset];
  const classification = config.dataset !== 'sine';
  const init = scaleExpr(config.init, config.initStd, 'py');
  const expr = init.expr.replace(/fanIn/g, 'fan_in').replace(/fanOut/g, 'fan_out');
  const draw =
    init.kind === 'zeros'
      ? 'nn.init.zeros_(w)'
      : init.kind === 'normal'
        ? `nn.init.normal_(w, 0.0, ${expr})`
        : init.kind === 'uniform'
          ? `nn.init.uniform_(w, -(${expr}), ${expr})`
          : init.kind === 'orthogonal'
            ? 'nn.init.orthogonal_(w, gain=GAIN)'
            : 'with torch.no_grad(): w.copy_(torch.eye(fan_out, fan_in) * GAIN)';
  const optimizer: Record<RunConfig['optimizer'], string> = {
    sgd: 'torch.optim.SGD(params, lr=LR)',
    momentum: `torch.optim.SGD(params, lr=LR, momentum=${num(config.momentum)})`,
    adam: `torch.optim.Adam(params, lr=LR, betas=(${num(config.beta1)}, ${num(config.beta2)}))`,
    rmsprop: `torch.optim.RMSprop(params, lr=LR, alpha=${num(config.momentum)})`,
    adagrad: 'torch.optim.Adagrad(params, lr=LR)',
  };
  const clip =
    config.clip === 'norm'
      ? `    torch.nn.utils.clip_grad_norm_(params, ${num(config.clipThreshold)})\n`
      : config.clip === 'value'
        ? `    torch.nn.utils.clip_grad_value_(params, ${num(config.clipThreshold)})\n`
        : '';
  return `${header(config, '#', 'Run: pip install torch && python gradscope.py')}
import math
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

DEPTH, WIDTH, GAIN, BIAS_STD = ${config.depth}, ${config.width}, ${num(config.initGain)}, ${num(config.biasStd)}
LR, BATCH, SAMPLES, SEED = ${num(config.learningRate)}, ${config.batchSize}, ${config.samples}, ${config.seed}
${dataPy(config)}


torch.manual_seed(SEED)
xs, ys = make_data(SAMPLES)
X = torch.tensor(xs, dtype=torch.float32)
Y = torch.tensor(ys, dtype=${classification ? 'torch.long' : 'torch.float32'})
sizes = [X.shape[1]] + [WIDTH] * DEPTH + [${classification ? classes : 1}]

layers = nn.ModuleList()
for l in range(len(sizes) - 1):
    fan_in, fan_out = sizes[l], sizes[l + 1]
    layer = nn.Linear(fan_in, fan_out)
    w = layer.weight  # ${config.init}, untruncated, times the gain
    ${draw}
    if l < DEPTH and BIAS_STD > 0:
        nn.init.normal_(layer.bias, 0.0, BIAS_STD)
    else:
        nn.init.zeros_(layer.bias)
    layers.append(layer)


def forward(x, keep=None):
    h = x
    for l in range(DEPTH):
        z = layers[l](h)
        if keep is not None:
            z.retain_grad()
            keep.append(z)
        u = ${config.normalization === 'layer' ? `F.layer_norm(z, z.shape[1:], eps=${LAYER_NORM_EPSILON})` : 'z'}
        a = ${PY_TORCH_ACT[config.activation].replace(/z/g, 'u')}
        h = ${config.residual ? 'h + a if l > 0 else a' : 'a'}
    return layers[DEPTH](h)


def loss_of(out, y):
    return ${classification ? 'F.cross_entropy(out, y)' : 'F.mse_loss(out.squeeze(1), y)'}


def batch(step):
    idx = torch.tensor([(step * BATCH + i) % SAMPLES for i in range(BATCH)])
    return X[idx], Y[idx]


# Step 0: the first batch's per-layer ||delta_l||, RMS over the batch of each example's own.
x0, y0 = batch(0)
zs = []
loss_of(forward(x0, zs), y0).backward()
for l, z in enumerate(zs):
    print(f"layer {l + 1}: ||delta|| = {z.grad.norm().item() * math.sqrt(BATCH):.3e}")

params = [p for layer in layers for p in layer.parameters()]
optimizer = ${optimizer[config.optimizer]}
for step in range(${CODE_STEPS}):
    x, y = batch(step)
    optimizer.zero_grad()
    loss = loss_of(forward(x), y)
${config.weightDecay > 0 ? `    loss = loss + ${num(config.weightDecay / 2)} * sum((layer.weight ** 2).sum() for layer in layers)\n` : ''}    loss.backward()
${clip}    optimizer.step()
${config.weightClip > 0 ? `    with torch.no_grad():\n        for layer in layers:\n            layer.weight.clamp_(-${num(config.weightClip)}, ${num(config.weightClip)})\n` : ''}    if step % 20 == 0:
        print(f"step {step}: loss {loss.item():.4f}")
`;
}

const KERAS_ACT: Record<Activation, string> = {
  linear: 'z',
  relu: 'tf.nn.relu(z)',
  leaky_relu: `tf.nn.leaky_relu(z, ${LEAKY_RELU_SLOPE})`,
  elu: 'tf.nn.elu(z)',
  selu: 'tf.nn.selu(z)',
  tanh: 'tf.tanh(z)',
  sigmoid: 'tf.sigmoid(z)',
};

export function kerasProgram(config: RunConfig): string {
  const classes = DATASET_CLASSES[config.dataset];
  const classification = config.dataset !== 'sine';
  const init = scaleExpr(config.init, config.initStd, 'py');
  const expr = init.expr.replace(/fanIn/g, 'fan_in').replace(/fanOut/g, 'fan_out');
  const initializer =
    init.kind === 'zeros'
      ? 'keras.initializers.Zeros()'
      : init.kind === 'normal'
        ? `keras.initializers.RandomNormal(0.0, ${expr}, seed=SEED + l)`
        : init.kind === 'uniform'
          ? `keras.initializers.RandomUniform(-(${expr}), ${expr}, seed=SEED + l)`
          : init.kind === 'orthogonal'
            ? 'keras.initializers.Orthogonal(gain=GAIN, seed=SEED + l)'
            : 'keras.initializers.Identity(gain=GAIN)';
  const clipArg = config.clip === 'norm' ? `, global_clipnorm=${num(config.clipThreshold)}` : config.clip === 'value' ? `, clipvalue=${num(config.clipThreshold)}` : '';
  const optimizer: Record<RunConfig['optimizer'], string> = {
    sgd: `keras.optimizers.SGD(LR${clipArg})`,
    momentum: `keras.optimizers.SGD(LR, momentum=${num(config.momentum)}${clipArg})`,
    adam: `keras.optimizers.Adam(LR, beta_1=${num(config.beta1)}, beta_2=${num(config.beta2)}${clipArg})`,
    rmsprop: `keras.optimizers.RMSprop(LR, rho=${num(config.momentum)}${clipArg})`,
    adagrad: `keras.optimizers.Adagrad(LR${clipArg})`,
  };
  return `${header(config, '#', 'Run: pip install tensorflow && python gradscope_keras.py')}
import math
import random

import tensorflow as tf
from tensorflow import keras

DEPTH, WIDTH, GAIN, BIAS_STD = ${config.depth}, ${config.width}, ${num(config.initGain)}, ${num(config.biasStd)}
LR, BATCH, SAMPLES, SEED = ${num(config.learningRate)}, ${config.batchSize}, ${config.samples}, ${config.seed}
${dataPy(config)}


xs, ys = make_data(SAMPLES)
X = tf.constant(xs, tf.float32)
Y = ${classification ? `tf.one_hot(tf.constant(ys, tf.int32), ${classes})` : 'tf.constant(ys, tf.float32)[:, None]'}
sizes = [X.shape[1]] + [WIDTH] * DEPTH + [${classification ? classes : 1}]

# Dense layers without activation: the nonlinearity is applied by hand, so z_l can be watched.
layers = []
for l in range(len(sizes) - 1):
    fan_in, fan_out = sizes[l], sizes[l + 1]
    bias = keras.initializers.RandomNormal(0.0, BIAS_STD, seed=1000 + SEED + l) if l < DEPTH and BIAS_STD > 0 else "zeros"
    layer = keras.layers.Dense(fan_out, kernel_initializer=${initializer}, bias_initializer=bias)
    layer.build((None, fan_in))
    layers.append(layer)
${config.normalization === 'layer' ? `norms = [keras.layers.LayerNormalization(epsilon=${LAYER_NORM_EPSILON}, center=False, scale=False) for _ in range(DEPTH)]\n` : ''}

def forward(x, keep=None):
    h = x
    for l in range(DEPTH):
        z = layers[l](h)
        if keep is not None:
            keep.append(z)
        u = ${config.normalization === 'layer' ? 'norms[l](z)' : 'z'}
        a = ${KERAS_ACT[config.activation].replace(/z/g, 'u')}
        h = ${config.residual ? 'h + a if l > 0 else a' : 'a'}
    return layers[DEPTH](h)


loss_fn = ${classification ? 'keras.losses.CategoricalCrossentropy(from_logits=True)' : 'keras.losses.MeanSquaredError()'}


def batch(step):
    idx = [(step * BATCH + i) % SAMPLES for i in range(BATCH)]
    return tf.gather(X, idx), tf.gather(Y, idx)


# Step 0: the first batch's per-layer ||delta_l||, RMS over the batch of each example's own.
x0, y0 = batch(0)
with tf.GradientTape() as tape:
    zs = []
    loss = loss_fn(y0, forward(x0, zs))
for l, d in enumerate(tape.gradient(loss, zs)):
    print(f"layer {l + 1}: ||delta|| = {float(tf.norm(d)) * math.sqrt(BATCH):.3e}")

weights = [v for layer in layers for v in layer.trainable_variables]
optimizer = ${optimizer[config.optimizer]}
for step in range(${CODE_STEPS}):
    x, y = batch(step)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, forward(x))
${config.weightDecay > 0 ? `        loss += ${num(config.weightDecay / 2)} * tf.add_n([tf.reduce_sum(layer.kernel ** 2) for layer in layers])\n` : ''}    optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights))
${config.weightClip > 0 ? `    for layer in layers:\n        layer.kernel.assign(tf.clip_by_value(layer.kernel, -${num(config.weightClip)}, ${num(config.weightClip)}))\n` : ''}    if step % 20 == 0:
        print(f"step {step}: loss {float(loss):.4f}")
`;
}

export function programFor(config: RunConfig, language: CodeLanguage): string {
  switch (language) {
    case 'tfjs':
      return tfjsProgram(config);
    case 'pytorch':
      return pytorchProgram(config);
    case 'keras':
      return kerasProgram(config);
  }
}

