// How a variant differs from run A, in the words the controls use: "Gradient clipping:
// by norm · Clip threshold: 1". Shared by the run picker, the summary table and tests.
import { CONFIG_FIELDS, type RunConfig } from '../core/config';
import { CONTROL_GROUPS, OPTION_LABELS, optionLabel } from './controlSpecs';

const LABELS = new Map<keyof RunConfig, string>(CONTROL_GROUPS.flatMap((g) => g.controls.map((c) => [c.field, c.label] as const)));

export interface FieldChange {
  field: keyof RunConfig;
  label: string;
  /** The value, as the controls show it. */
  value: string;
}

export function formatFieldValue(value: RunConfig[keyof RunConfig], field?: keyof RunConfig): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'string') return field ? optionLabel(field, value) : (OPTION_LABELS[value] ?? value);
  return String(value);
}

/** The fields of a patch, in the controls' order. */
export function describePatch(patch: Partial<RunConfig>): FieldChange[] {
  return CONFIG_FIELDS.filter((f) => patch[f] !== undefined).map((field) => ({
    field,
    label: LABELS.get(field) ?? field,
    value: formatFieldValue(patch[field] as RunConfig[keyof RunConfig], field),
  }));
}

/** One line: "Gradient clipping: by norm · Clip threshold: 1", or "same as A". */
export function patchSummary(patch: Partial<RunConfig>): string {
  const changes = describePatch(patch);
  return changes.length === 0 ? 'same as A' : changes.map((c) => `${c.label}: ${c.value}`).join(' · ');
}
