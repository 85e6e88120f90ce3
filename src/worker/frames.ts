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
    const r = s.recurrent;
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
      sigmaMax: r?.sigmaMax ?? Number.NaN,
      gateMean: r?.gateMean ?? Number.NaN,
      gradInput: r?.groupGradNorm[0] ?? Number.NaN,
      gradRecurrent: r?.groupGradNorm[1] ?? Number.NaN,
      gradBias: r?.groupGradNorm[2] ?? Number.NaN,
      gradReadout: r?.groupGradNorm[3] ?? Number.NaN,
      ratioInput: r?.groupUpdateRatio[0] ?? Number.NaN,
      ratioRecurrent: r?.groupUpdateRatio[1] ?? Number.NaN,
      ratioBias: r?.groupUpdateRatio[2] ?? Number.NaN,
      ratioReadout: r?.groupUpdateRatio[3] ?? Number.NaN,
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
    numLayers: trainer.numSites,
    widths: [...trainer.widths],
    theory: trainer.theory,
    classification: ds.classification,
    numClasses: ds.outputDim,
    // The data plot shows point data; a sequence task's rows are not points.
    points: trainer.family === 'mlp' ? ds.trainX.slice() : new Float32Array(0),
    labels: trainer.family === 'mlp' ? ds.trainY.slice() : new Float32Array(0),
    inputDim: ds.inputDim,
  };
}
