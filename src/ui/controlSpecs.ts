// Grouping of the controls, and which control shows when; their words are the
// catalogue's (src/i18n: control.<field>, control.<field>.hint, group.*, option.*).
// Limits come from core/config.ts.
import type { RunConfig } from '../core/config';
import { en as CATALOGUE_KEYS } from '../i18n/en';
import { type Lang, type MessageKey, t } from '../i18n/i18n';

export interface ControlSpec {
  field: keyof RunConfig;
  /** Show only when this returns true. */
  when?: (c: RunConfig) => boolean;
}

export interface ControlGroup {
  title: MessageKey;
  controls: ControlSpec[];
}

const mlp = (c: RunConfig) => c.model === 'mlp';
const rnn = (c: RunConfig) => c.model === 'rnn';

export const CONTROL_GROUPS: ControlGroup[] = [
  {
    title: 'group.network',
    controls: [
      { field: 'model' },
      { field: 'cell', when: rnn },
      { field: 'seqLength', when: rnn },
      { field: 'depth', when: mlp },
      { field: 'width' },
      { field: 'activation' },
      { field: 'normalization', when: mlp },
      { field: 'residual', when: mlp },
    ],
  },
  {
    title: 'group.initialization',
    controls: [{ field: 'init' }, { field: 'initGain' }, { field: 'initStd', when: (c) => c.init === 'normal' }, { field: 'biasStd', when: mlp }],
  },
  {
    title: 'group.optimizer',
    controls: [
      { field: 'optimizer' },
      { field: 'learningRate' },
      { field: 'momentum', when: (c) => c.optimizer === 'momentum' || c.optimizer === 'rmsprop' },
      { field: 'beta1', when: (c) => c.optimizer === 'adam' },
      { field: 'beta2', when: (c) => c.optimizer === 'adam' },
    ],
  },
  {
    title: 'group.clipping',
    controls: [{ field: 'clip' }, { field: 'clipThreshold', when: (c) => c.clip !== 'none' }, { field: 'weightClip' }, { field: 'weightDecay' }],
  },
  {
    title: 'group.data',
    controls: [{ field: 'dataset' }, { field: 'noise', when: mlp }, { field: 'samples' }, { field: 'batchSize' }, { field: 'testSplit' }, { field: 'seed' }],
  },
];

/** A field's label and hint. */
export const fieldLabel = (lang: Lang, field: keyof RunConfig): string => t(lang, `control.${field}` as MessageKey);
export const fieldHint = (lang: Lang, field: keyof RunConfig): string => t(lang, `control.${field}.hint` as MessageKey);

/** The words the controls show for option `option` of `field` ('rnn' is the family in one field and the vanilla cell in another). */
export function optionLabel(lang: Lang, field: keyof RunConfig | null, option: string): string {
  const specific = field ? (`option.${field}.${option}` as MessageKey) : null;
  for (const key of [specific, `option.${option}` as MessageKey]) {
    if (key && key in CATALOGUE_KEYS) return t(lang, key);
  }
  return option;
}

