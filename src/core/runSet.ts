// A run set: run A and up to three variants (B, C, D), each run A with a few fields
// changed. Every run takes the data fields and the seed from A, so all runs see the
// same data, the same batches and (where the shapes agree) the same initial draws:
// the trainer forks one seeded generator into data, init and batch streams, so a run
// that differs only in its gain starts from A's weights times the gain ratio.
// Pure functions over RunConfig: the store, the URL codec and the presets share them.

import { CONFIG_FIELDS, type RunConfig } from './config';

/** The letters of the variants, in order. */
export const VARIANT_LETTERS = ['b', 'c', 'd'] as const;
export type VariantLetter = (typeof VARIANT_LETTERS)[number];
/** A run's letter: 'a' for run A. */
export type RunLetter = 'a' | VariantLetter;
export const MAX_RUNS = 1 + VARIANT_LETTERS.length;

/** Fields every run takes from run A: the model family, the data (sequence length included) and the seed. */
export const SHARED_FIELDS: readonly (keyof RunConfig)[] = ['model', 'dataset', 'seqLength', 'noise', 'samples', 'testSplit', 'seed'];
export const MAX_VARIANT_NAME_LENGTH = 24;

/** A run beside run A: the fields it changes, and an optional label. */
export interface VariantSpec {
  letter: VariantLetter;
  patch: Partial<RunConfig>;
  name: string;
}

/** The config of a variant: A with its patch, the shared fields always A's. */
export function variantConfig(a: RunConfig, patch: Partial<RunConfig>): RunConfig {
  const config = { ...a, ...patch };
  for (const field of SHARED_FIELDS) (config as Record<string, unknown>)[field] = a[field];
  return config;
}

/** The fields of `config` that differ from A (shared fields never do), as a patch. */
export function patchFrom(a: RunConfig, config: RunConfig): Partial<RunConfig> {
  const patch: Partial<Record<keyof RunConfig, unknown>> = {};
  for (const field of CONFIG_FIELDS) {
    if (SHARED_FIELDS.includes(field)) continue;
    if (config[field] !== a[field]) patch[field] = config[field];
  }
  return patch as Partial<RunConfig>;
}

/** Every run's config, A first. */
export function runConfigs(a: RunConfig, variants: readonly VariantSpec[]): RunConfig[] {
  return [a, ...variants.map((v) => variantConfig(a, v.patch))];
}

/** The first letter no variant uses, or null when the set is full. */
export function freeLetter(variants: readonly VariantSpec[]): VariantLetter | null {
  return VARIANT_LETTERS.find((letter) => !variants.some((v) => v.letter === letter)) ?? null;
}

/**
 * Applies an edit to run `index` (0 = A). Shared fields always go to A (every run
 * follows); other fields change that run alone. Variants keep what makes them differ.
 */
export function editRun(
  a: RunConfig,
  variants: readonly VariantSpec[],
  index: number,
  edit: Partial<RunConfig>,
): { a: RunConfig; variants: VariantSpec[] } {
  const shared: Partial<Record<keyof RunConfig, unknown>> = {};
  const own: Partial<Record<keyof RunConfig, unknown>> = {};
  for (const [field, value] of Object.entries(edit) as [keyof RunConfig, unknown][]) {
    if (index === 0 || SHARED_FIELDS.includes(field)) shared[field] = value;
    else own[field] = value;
  }
  const nextA = { ...a, ...(shared as Partial<RunConfig>) };
  const next = variants.map((v, i) => {
    // A variant's own config: as before, with the edit when it is the one edited.
    const before = variantConfig(a, v.patch);
    const after = i + 1 === index ? { ...before, ...(own as Partial<RunConfig>) } : before;
    // Fields it did not set follow A; fields it set stay.
    const kept = { ...patchFrom(a, after) };
    return { ...v, patch: patchFrom(nextA, variantConfig(nextA, kept)) };
  });
  return { a: nextA, variants: next };
}

/**
 * Makes variant `index` (1-based in the set) run A: its config becomes A's, the old A
 * takes its place (and letter) as a variant, and every other variant keeps its config.
 */
export function promote(a: RunConfig, variants: readonly VariantSpec[], index: number): { a: RunConfig; variants: VariantSpec[] } {
  const chosen = variants[index - 1];
  if (!chosen) return { a, variants: [...variants] };
  const nextA = variantConfig(a, chosen.patch);
  const next = variants.map((v, i) =>
    i === index - 1 ? { letter: v.letter, name: '', patch: patchFrom(nextA, a) } : { ...v, patch: patchFrom(nextA, variantConfig(a, v.patch)) },
  );
  return { a: nextA, variants: next };
}
