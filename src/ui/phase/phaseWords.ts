// Words of the phase diagram: its fields (as options and as axis titles) and the line notes, as catalogue keys.
import type { PhaseField } from '../../core/phase/grid';
import type { LineNote } from '../../core/phase/lines';
import type { MessageKey } from '../../i18n/i18n';

export const FIELD_WORDS: Record<PhaseField, { option: MessageKey; axis: MessageKey }> = {
  gain: { option: 'phase.field.gain', axis: 'phase.field.gain.axis' },
  sw2: { option: 'phase.field.sw2', axis: 'phase.field.sw2.axis' },
  sb2: { option: 'phase.field.sb2', axis: 'phase.field.sb2.axis' },
  depth: { option: 'phase.field.depth', axis: 'phase.field.depth.axis' },
  width: { option: 'phase.field.width', axis: 'phase.field.width.axis' },
};

export const LINE_NOTES: Record<LineNote, MessageKey> = {
  'not-plain': 'phase.note.not-plain',
  'xi-infinite': 'phase.note.xi-infinite',
  'one-phase': 'phase.note.one-phase',
  'trainable-outside': 'phase.note.trainable-outside',
};
