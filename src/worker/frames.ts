// What the run loop sends the page about its runs: a run's meta before its first frame,
// and the steps of about a frame's time packed into typed arrays (transferred, not copied).

import type { RunConfig } from '../core/config';
import type { StepStats } from '../core/stepStats';
import type { Trainer } from '../core/trainer';
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame, HEALTH_CODES, type RunMeta } from '../protocol';

export function packFrame(runId: number, steps: StepStats[], stepsPerSecond: number): Frame {
  const count = steps.length;
  const numLayers = steps[0].layers.weightGradNorm.length;
  const scalars = new Float64Array(count * FRAME_SCALARS.length);
  const layers = new Float64Array(count * FRAME_LAYER_STATS.length * numLayers);
  steps.forEach((s, i) => {
    const row: Record<(typeof FRAME_SCALARS)[number], number> = {
      step: s.step,
      loss: s.loss,
      accuracy: s.accuracy ?? Number.NaN,
      testLoss: s.testLoss ?? Number.NaN,
      testAccuracy: s.testAccuracy ?? Number.NaN,
      gradNormBeforeClip: s.gradNormBeforeClip,
      gradNormAfterClip: s.gradNormAfterClip,
      health: HEALTH_CODES.indexOf(s.health.status),
      healthLayer: s.health.layer ?? Number.NaN,
    };
    FRAME_SCALARS.forEach((name, k) => {
      scalars[i * FRAME_SCALARS.length + k] = row[name];
    });
    FRAME_LAYER_STATS.forEach((name, k) => {
      layers.set(s.layers[name], (i * FRAME_LAYER_STATS.length + k) * numLayers);
    });
  });
  return { runId, count, numLayers, scalars, layers, health: steps[count - 1].health, stepsPerSecond };
}

export function runMetaOf(runId: number, config: RunConfig, trainer: Trainer): RunMeta {
  const ds = trainer.dataset;
  return {
    runId,
    config,
    numLayers: config.depth + 1,
    widths: [...Array.from({ length: config.depth }, () => config.width), ds.outputDim],
    theory: trainer.theory,
    classification: ds.classification,
    numClasses: ds.outputDim,
    points: ds.trainX.slice(),
    labels: ds.trainY.slice(),
    inputDim: ds.inputDim,
  };
}
