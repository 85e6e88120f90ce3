// Words of the phase diagram: its fields, line notes and cell outcomes.
import type { PhaseField } from '../../core/phase/grid';
import type { LineNote } from '../../core/phase/lines';

export const FIELD_WORDS: Record<PhaseField, { option: string; axis: string }> = {
  gain: { option: 'Gain', axis: 'initialization gain' },
  sw2: { option: 'σ_w² (weight variance × fan-in)', axis: 'σ_w²  (fan-in × weight variance)' },
  sb2: { option: 'σ_b² (bias variance)', axis: 'σ_b²  (bias variance)' },
  depth: { option: 'Depth', axis: 'depth L (hidden layers)' },
  width: { option: 'Width', axis: 'width (units per layer)' },
};

export const LINE_NOTES: Record<LineNote, string> = {
  'not-plain':
    'Layer norm or residual connections: the mean-field lines are for plain networks, so none are drawn. Each cell’s prediction still follows the lab’s own theory.',
  'xi-infinite':
    'For this activation without biases the correlation between inputs never settles to a fixed point at a finite rate (ξ_c is infinite), so there is no 6 ξ_c depth limit to draw.',
  'one-phase': 'χ₁ is on one side of 1 everywhere on this map: the whole map is in one phase, so there is no critical line to draw.',
  'trainable-outside': 'The depth limit 6 ξ_c lies outside this map’s range.',
};
