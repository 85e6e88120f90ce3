// A verdict's cause in the page's language (core/health.ts gives it as a code and numbers).
import { formatRatio, type HealthVerdict } from '../core/health';
import { type Lang, type MessageKey, t } from '../i18n/i18n';

/** The statistics a verdict can name, as the charts write them. */
const FIELD_SYMBOLS: Record<string, string> = {
  activationMean: 'mean(h)',
  activationStd: 'std(h)',
  weightNorm: '‖W‖',
  preactGradNorm: '‖δ‖',
  weightGradNorm: '‖∇W‖',
  biasGradNorm: '‖∇b‖',
  weightGradMaxAbs: 'max |∇W|',
  updateRatio: '‖ΔW‖ / ‖W‖',
};

/** Why the run is healthy, exploding, vanishing or diverged: "the gradient at layer 3 is 2.1e4x that of the last hidden layer". */
export function causeText(health: HealthVerdict, lang: Lang): string {
  const cause = health.cause;
  if (!cause) return health.reason;
  const value = 'value' in cause ? formatRatio(cause.value) : '';
  const field = 'field' in cause ? (FIELD_SYMBOLS[cause.field] ?? cause.field) : '';
  return t(lang, `cause.${cause.code}` as MessageKey, { site: health.layer ?? 0, value, field });
}
