// npm run bench: ms per training step, measured side by side in one run (the machine
// is shared and noisy, so only ratios measured together mean anything).
//   (a) bare:          our training step, reading back only the loss
//   (b) instrumented:  the same step plus every per-layer statistic (one readback)
//   (c) tfjs-layers:   model.trainOnBatch on the same network, data and batch size
// The three run interleaved in short blocks; each figure is the median block.
import '@tensorflow/tfjs';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, type RunConfig } from '../src/core/config';
import { createTrainer } from '../src/core/trainer';
import { selectBackend } from './backends';
import { againstLayers } from './againstLayers';

tf.env().set('PROD', true); // quiets the "install tfjs-node" banner

const DEPTHS = (process.env.BENCH_DEPTHS ?? '10,50').split(',').map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'cpu,wasm').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 15);

function layersModel(config: RunConfig, inputDim: number, outputDim: number) {
  const model = tfl.sequential();
  for (let l = 0; l < config.depth; l++) {
    model.add(
      tfl.layers.dense({
        units: config.width,
        activation: 'relu',
        kernelInitializer: 'heNormal',
        ...(l === 0 ? { inputShape: [inputDim] } : {}),
      }),
    );
  }
  model.add(tfl.layers.dense({ units: outputDim, ...(config.depth === 0 ? { inputShape: [inputDim] } : {}) }));
  model.compile({ optimizer: tf.train.sgd(config.learningRate), loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  return model;
}


async function benchDepth(depth: number) {
  const config: RunConfig = { ...DEFAULT_CONFIG, depth };
  // Held-out evaluation is not part of the step being compared.
  const trainer = createTrainer(config, { testEvery: Number.MAX_SAFE_INTEGER });
  const ds = trainer.dataset;
  const model = layersModel(config, ds.inputDim, ds.outputDim);
  const xAll = tf.tensor2d(ds.trainX, [ds.numTrain, ds.inputDim]);
  const yAll = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(ds.trainY), 'int32'), ds.outputDim), 'float32');
  return againstLayers(trainer, model, { x: xAll, y: yAll, batchSize: config.batchSize }, { rounds: ROUNDS, block: BLOCK, warmup: 5 });
}

console.log(`Gradscope training-step benchmark: width ${DEFAULT_CONFIG.width}, batch ${DEFAULT_CONFIG.batchSize}, relu + he_normal, sgd`);
console.log('backend depth   (a) bare  (b) instrumented  (c) tfjs-layers   b/a    b/c');
for (const backend of BACKENDS) {
  if (!(await selectBackend(backend))) {
    console.log(`${backend.padEnd(7)} skipped: backend not available here`);
    continue;
  }
  for (const depth of DEPTHS) {
    const { a, b, c } = await benchDepth(depth);
    const f = (x: number) => `${x.toFixed(2)} ms`.padStart(9);
    console.log(
      `${backend.padEnd(7)} ${String(depth).padStart(5)}  ${f(a)}  ${f(b).padStart(16)}  ${f(c).padStart(15)}  ${(b / a).toFixed(3)}  ${(b / c).toFixed(3)}`,
    );
  }
}
console.log('Budget: b/a <= 1.10 and b/c <= 1.0.');
