import { describe, expect, it } from 'vitest';
import {
  layerDetails,
  layerIndices,
  layerName,
  quickLayers,
  statForView,
  toggleLayer,
  validLayer,
} from './layerNormsModel';

describe('layerDetails', () => {
  const values: Record<string, number> = {
    weightGradNorm: 0.5,
    weightGradMaxAbs: 0.02,
    biasGradNorm: 0.1,
    preactGradNorm: 1.5,
    weightNorm: 4,
    updateRatio: 0.001,
    activationMean: 0.4,
    activationStd: 0.6,
    saturation: 0.25,
  };
  const value = (stat: string) => values[stat];

  it('lists every statistic of a hidden layer, dead units for relu and saturated units for tanh', () => {
    const relu = layerDetails(value, 'relu', false);
    expect(relu.map((d) => d.label)).toEqual(['‖∇W‖', 'max |∇W|', '‖∇b‖', '‖δ‖', '‖W‖', 'update / weight', 'output mean ± std', 'dead units']);
    expect(relu.find((d) => d.label === 'output mean ± std')?.value).toBe('0.4 ± 0.6');
    expect(relu.find((d) => d.label === 'dead units')?.value).toBe('25%');
    expect(layerDetails(value, 'tanh', false).at(-1)).toEqual({ label: 'saturated units', value: '25%' });
  });

  it('has no unit count for the readout or a linear network', () => {
    expect(layerDetails(value, 'relu', true).map((d) => d.label)).not.toContain('dead units');
    expect(layerDetails(value, 'relu', true).at(-1)?.label).toBe('logits mean ± std');
    expect(layerDetails(value, 'linear', false).map((d) => d.label)).not.toContain('saturated units');
  });
});

describe('layer legend logic', () => {
  it('maps the gradient view to the layer statistic', () => {
    expect(statForView('delta')).toBe('preactGradNorm');
    expect(statForView('weight')).toBe('weightGradNorm');
  });

  it('names layers 1-based, the last one "readout"', () => {
    expect(layerName(0, 4)).toBe('layer 1');
    expect(layerName(2, 4)).toBe('layer 3');
    expect(layerName(3, 4)).toBe('readout');
    expect(layerName(100, 101)).toBe('readout');
  });

  it('offers first, quartiles and last as quick picks, without duplicates', () => {
    expect(quickLayers(101)).toEqual([0, 25, 50, 75, 100]);
    expect(quickLayers(13)).toEqual([0, 3, 6, 9, 12]);
    expect(quickLayers(3)).toEqual([0, 1, 2]);
    expect(quickLayers(1)).toEqual([0]);
    expect(quickLayers(0)).toEqual([]);
  });

  it('clears the highlight when the highlighted layer is picked again', () => {
    expect(toggleLayer(null, 3)).toBe(3);
    expect(toggleLayer(3, 5)).toBe(5);
    expect(toggleLayer(5, 5)).toBeNull();
  });

  it('ignores a highlighted layer the run does not have', () => {
    expect(validLayer(4, 5)).toBe(4);
    expect(validLayer(5, 5)).toBeNull();
    expect(validLayer(-1, 5)).toBeNull();
    expect(validLayer(null, 5)).toBeNull();
    expect(layerIndices(3)).toEqual([0, 1, 2]);
  });
});
