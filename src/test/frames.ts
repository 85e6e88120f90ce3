// Frames as the worker sends them, for the tests of what carries them into the store.
import { FRAME_LAYER_STATS, FRAME_SCALARS, type Frame } from '../protocol';

/**
 * A frame of one step: every scalar 0.5 but the step, every per-layer statistic 1, an
 * "exploding" verdict that began at this step, 42 steps/s.
 */
export function oneStepFrame(runId: number, numLayers: number, step: number): Frame {
  const scalars = new Float64Array(FRAME_SCALARS.length).fill(0.5);
  scalars[0] = step;
  return {
    runId,
    count: 1,
    numLayers,
    scalars,
    layers: new Float64Array(FRAME_LAYER_STATS.length * numLayers).fill(1),
    health: { status: 'exploding', layer: 2, reason: 'test', since: step },
    stepsPerSecond: 42,
  };
}
