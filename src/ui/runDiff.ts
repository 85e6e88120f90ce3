// How a variant differs from run A, in the words the controls use: "Gradient clipping:
// by norm · Clip threshold: 1". Shared by the run picker, the summary table and tests.
import { CONFIG_FIELDS, type RunConfig } from '../core/config';
import { type Lang, t } from '../i18n/i18n';
import { fieldLabel, optionLabel } from './controlSpecs';

export interface FieldChange {
  field: keyof RunConfig;
  label: string;
  /** The value, as the controls show it. */
  value: string;
}

export function formatFieldValue(value: RunConfig[keyof RunConfig], field?: keyof RunConfig, lang: Lang = 'en'): string {
  if (typeof value === 'boolean') return t(lang, value ? 'value.on' : 'value.off');
  if (typeof value === 'string') return optionLabel(lang, field ?? null, value);
  return String(value);
}

/** The fields of a patch, in the controls' order. */
export function describePatch(patch: Partial<RunConfig>, lang: Lang = 'en'): FieldChange[] {
  return CONFIG_FIELDS.filter((f) => patch[f] !== undefined).map((field) => ({
    field,
    label: fieldLabel(lang, field),
    value: formatFieldValue(patch[field] as RunConfig[keyof RunConfig], field, lang),
  }));
}

/** One line: "Gradient clipping: by norm · Clip threshold: 1", or "same as A". */
export function patchSummary(patch: Partial<RunConfig>, lang: Lang = 'en'): string {
  const changes = describePatch(patch, lang);
  return changes.length === 0 ? t(lang, 'diff.same') : changes.map((c) => `${c.label}: ${c.value}`).join(' · ');
}
