// One comparison both engine benchmarks make: our trainer's bare and instrumented steps
// against a tfjs-layers model's trainOnBatch on the same data and batch size, interleaved
// (interleaved.ts). Disposes the trainer, the model and the data afterwards.
import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import type { Trainer } from '../src/core/training';
import { interleavedMedians } from './interleaved';

export async function againstLayers(
  trainer: Trainer,
  model: tfl.LayersModel,
  data: { x: tf.Tensor; y: tf.Tensor; batchSize: number },
  timing: { rounds: number; block: number; warmup: number },
): Promise<{ a: number; b: number; c: number }> {
  const n = data.x.shape[0];
  let cursor = 0;
  const layersStep = async () => {
    const idx = tf.tensor1d(Int32Array.from({ length: data.batchSize }, (_, i) => (cursor + i) % n), 'int32');
    cursor += data.batchSize;
    const x = tf.gather(data.x, idx);
    const y = tf.gather(data.y, idx);
    await model.trainOnBatch(x, y);
    tf.dispose([idx, x, y]);
  };
  const [a, b, c] = await interleavedMedians(
    [
      ['bare', () => trainer.stepBare()],
      ['instrumented', () => trainer.step()],
      ['layers', layersStep],
    ],
    timing.rounds,
    timing.block,
    timing.warmup,
  );
  trainer.dispose();
  model.dispose();
  tf.dispose([data.x, data.y]);
  return { a, b, c };
}
