// npm run bench:rnn: ms per RNN training step, side by side in one run (only ratios
// measured together mean anything on a shared machine), at T = 50, width 32, batch 64,
// tanh, orthogonal W_rec, SGD, on the adding problem:
//   (a) bare:          our step, reading back only the loss
//   (b) instrumented:  the same step plus everything measured per time step and per
//                      parameter group, sigma_max(W_rec) and the gate (one read-back)
//   (c) tfjs-layers:   a simpleRNN (or lstm / gru) + dense model's trainOnBatch on the same data
// The three run interleaved in short blocks; each figure is the median block.
import '@tensorflow/tfjs';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { type Cell, DEFAULT_CONFIG, type RunConfig } from '../src/core/config';
import { createTrainer } from '../src/core/trainer';
import { selectBackend } from './backends';
import { againstLayers } from './againstLayers';

tf.env().set('PROD', true);

const CELLS = (process.env.BENCH_CELLS ?? 'rnn').split(',') as Cell[];
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'cpu,wasm').split(',');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const BLOCK = Number(process.env.BENCH_BLOCK ?? 8);
const T = Number(process.env.BENCH_SEQ ?? 50);

function layersModel(config: RunConfig, stepDim: number) {
  const recurrent = { units: config.width, inputShape: [T, stepDim], recurrentInitializer: 'orthogonal' as const, kernelInitializer: 'glorotNormal' as const };
  const layer =
    config.cell === 'lstm' ? tfl.layers.lstm(recurrent) : config.cell === 'gru' ? tfl.layers.gru(recurrent) : tfl.layers.simpleRNN({ ...recurrent, activation: 'tanh' });
  const model = tfl.sequential({ layers: [layer, tfl.layers.dense({ units: 1 })] });
  model.compile({ optimizer: tf.train.sgd(config.learningRate), loss: 'meanSquaredError' });
  return model;
}

async function benchCell(cell: Cell) {
  const config: RunConfig = {
    ...DEFAULT_CONFIG,
    model: 'rnn',
    cell,
    seqLength: T,
    width: 32,
    batchSize: 64,
    activation: 'tanh',
    init: 'orthogonal',
    dataset: 'adding',
    optimizer: 'sgd',
    learningRate: 0.01,
  };
  const trainer = createTrainer(config, { testEvery: Number.MAX_SAFE_INTEGER });
  const ds = trainer.dataset;
  const model = layersModel(config, ds.stepDim);
  const xAll = tf.tensor3d(ds.trainX, [ds.numTrain, T, ds.stepDim]);
  const yAll = tf.tensor2d(ds.trainY, [ds.numTrain, 1]);
  return againstLayers(trainer, model, { x: xAll, y: yAll, batchSize: config.batchSize }, { rounds: ROUNDS, block: BLOCK, warmup: 3 });
}

console.log(`Gradscope RNN training-step benchmark: T ${T}, width 32, batch 64, tanh, orthogonal W_rec, sgd, adding problem`);
console.log('backend cell    (a) bare  (b) instrumented  (c) tfjs-layers   b/a    b/c');
for (const backend of BACKENDS) {
  if (!(await selectBackend(backend))) {
    console.log(`${backend.padEnd(7)} skipped: backend not available here`);
    continue;
  }
  for (const cell of CELLS) {
    const { a, b, c } = await benchCell(cell);
    const f = (x: number) => `${x.toFixed(2)} ms`.padStart(9);
    console.log(`${backend.padEnd(7)} ${cell.padEnd(5)}  ${f(a)}  ${f(b).padStart(16)}  ${f(c).padStart(15)}  ${(b / a).toFixed(3)}  ${(b / c).toFixed(3)}`);
  }
}
console.log('Budget: b/a <= 1.10 and b/c <= 1.0 (the instrumented step at least as fast as tfjs-layers).');
