// The optimizers, written out so that the applied step of every weight is a tensor
// the trainer can measure (update-to-weight ratio) and so that the learning rate and
// its coefficients can change on a running network.
//
// All of them apply coupled L2 weight decay (g + wd * w) after clipping, as PyTorch does.

import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind, RunConfig } from './config';

export const OPTIMIZER_EPSILON = 1e-8;

export type OptimizerSettings = Pick<RunConfig, 'optimizer' | 'learningRate' | 'momentum' | 'beta1' | 'beta2' | 'weightDecay'>;

export interface Optimizer {
  readonly kind: OptimizerKind;
  /**
   * Computes the step for every parameter and applies it (w <- w - step). Returns the
   * steps, in the order of `params`. Call inside tf.tidy: the returned tensors are
   * ordinary tidy-scoped tensors.
   */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[], settings: OptimizerSettings): tf.Tensor[];
  dispose(): void;
}

export function createOptimizer(kind: OptimizerKind): Optimizer {
  // Slots are variables so that `assign` keeps them alive across tidy scopes.
  const slots = new Map<string, tf.Variable>();
  let t = 0;
  const slot = (name: string, like: tf.Tensor): tf.Variable => {
    let v = slots.get(name);
    if (!v) {
      v = tf.variable(tf.zerosLike(like), false);
      slots.set(name, v);
    }
    return v;
  };

  return {
    kind,
    apply(params, grads, s) {
      t += 1;
      const lr = tf.scalar(s.learningRate);
      const eps = OPTIMIZER_EPSILON;
      return params.map((p, i) => {
        let g = grads[i];
        if (s.weightDecay > 0) g = tf.add(g, tf.mul(p, s.weightDecay));
        let step: tf.Tensor;
        switch (kind) {
          case 'sgd':
            step = tf.mul(g, lr);
            break;
          case 'momentum': {
            const v = slot(`v${i}`, p);
            v.assign(tf.add(tf.mul(v, s.momentum), g));
            step = tf.mul(v, lr);
            break;
          }
          case 'adam': {
            const m = slot(`m${i}`, p);
            const v = slot(`v${i}`, p);
            m.assign(tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1)));
            v.assign(tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2)));
            const lrHat = (s.learningRate * Math.sqrt(1 - s.beta2 ** t)) / (1 - s.beta1 ** t);
            step = tf.mul(tf.div(m, tf.add(tf.sqrt(v), eps)), lrHat);
            break;
          }
          case 'rmsprop': {
            // RMSprop's decay is the momentum field (0.9 by default).
            const v = slot(`v${i}`, p);
            v.assign(tf.add(tf.mul(v, s.momentum), tf.mul(tf.square(g), 1 - s.momentum)));
            step = tf.mul(tf.div(g, tf.add(tf.sqrt(v), eps)), lr);
            break;
          }
          case 'adagrad': {
            const v = slot(`v${i}`, p);
            v.assign(tf.add(v, tf.square(g)));
            step = tf.mul(tf.div(g, tf.add(tf.sqrt(v), eps)), lr);
            break;
          }
        }
        p.assign(tf.sub(p, step));
        return step;
      });
    },
    dispose() {
      for (const v of slots.values()) v.dispose();
      slots.clear();
    },
  };
}
