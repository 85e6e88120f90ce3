// Keeps tfjs's shape helpers out of a deoptimisation loop in V8.
//
// tfjs passes tensor shapes around as plain arrays: most are packed (array literals), a
// few holey (`new Array(n)` filled in). Measured in Chromium 156 (V8, with Maglev and with
// TurboFan alike; `--js-flags=--trace-deopt`): once a shape site has seen both, its
// feedback keeps the holey map alone, the optimised code checks for that map, and the
// next packed shape throws the code away ("wrong map"); V8 recompiles it at once, and so
// on. While training, `sizeFromShape` and the Tensor constructor went round this loop
// 150-450 times a second, a quarter of a core of background compiler time on a 2-core
// machine, and the training steps ran ~7% slower for it (depth 100, wasm).
//
// Showing these sites every kind of array once, before anything trains, makes their
// feedback megamorphic: V8 then compiles a load that serves every kind, and the loop
// never starts. Elsewhere this costs a few microseconds, once per worker.

import * as tf from '@tensorflow/tfjs-core';

/** An array of the same values with holes in its elements kind (as `new Array(n)` makes). */
function holey<T>(values: readonly T[]): T[] {
  const array = new Array<T>(values.length);
  values.forEach((v, i) => {
    array[i] = v;
  });
  return array;
}

/** One array of each elements kind V8 tells apart (more than its 4 polymorphic maps). */
const shapesOfEveryKind = (): unknown[] => [
  [2, 3],
  holey([2, 3]),
  [2.5, 3],
  holey([2.5, 3]),
  [2, 'x'],
  holey([2, 'x']),
  new Int32Array([2, 3]),
];

let primed = false;

/**
 * Makes the feedback of tfjs's hot shape sites megamorphic (see above). Creates no tensor
 * the engine knows of: the Tensor objects built here are never registered, and hold no data.
 */
export function primeShapeFeedback(): void {
  if (primed) return;
  primed = true;
  for (let round = 0; round < 3; round++) {
    for (const shape of shapesOfEveryKind()) {
      tf.util.sizeFromShape(shape as number[]);
      new tf.Tensor(shape as number[], 'float32', {}, -1);
    }
  }
}
