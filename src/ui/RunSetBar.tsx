// The run set's picker, above the settings: a tab per run (A, and the variants B, C, D
// beside it), "Compare" to add a variant as a copy of the selected run, and for the
// selected variant its label, "Make run A" and "Remove". The settings below edit the
// selected run and mark the fields where it differs from A.
import { useEffect, useState } from 'react';
import { MAX_RUNS, MAX_VARIANT_NAME_LENGTH } from '../core/runSet';
import { runLabel, useStore } from '../store/store';
import { RunKey } from './charts/RunPanels';
import { patchSummary } from './runDiff';
import { useLang, useT } from './useT';

export function RunSetBar() {
  const variants = useStore((s) => s.variants);
  const selected = useStore((s) => Math.min(s.selectedRun, s.variants.length));
  const selectRun = useStore((s) => s.selectRun);
  const addVariant = useStore((s) => s.addVariant);
  const full = variants.length + 1 >= MAX_RUNS;
  const letters = ['a', ...variants.map((v) => v.letter)] as const;
  const variant = selected > 0 ? variants[selected - 1] : null;
  const t = useT();
  const lang = useLang();
  return (
    <div className="run-set" data-testid="run-set" data-run-count={variants.length + 1}>
      <div className="run-set-row">
        {variants.length > 0 && (
          <div className="run-tabs" role="tablist" aria-label={t('runset.tabs')}>
            {letters.map((letter, i) => (
              <button
                key={letter}
                type="button"
                role="tab"
                className="run-tab"
                aria-selected={i === selected}
                data-run={letter}
                title={i === 0 ? t('runset.runA') : t('runset.run', { letter: letter.toUpperCase(), diff: patchSummary(variants[i - 1].patch, lang) })}
                onClick={() => selectRun(i)}
              >
                <RunKey index={i} label={runLabel(letter, variants)} />
              </button>
            ))}
          </div>
        )}
        <button
          type="button"
          className="small"
          data-testid="compare"
          disabled={full}
          title={full ? t('runset.full', { max: MAX_RUNS }) : t('runset.compare.hint')}
          onClick={() => addVariant()}
        >
          {t(variants.length === 0 ? 'runset.compare' : 'runset.variant')}
        </button>
      </div>
      {variant && <VariantTools index={selected} />}
      {variants.length > 0 && (
        <p className="hint run-set-hint">
          {selected === 0 ? t('runset.editingA') : t('runset.editing', { letter: variant?.letter.toUpperCase() ?? '' })}
        </p>
      )}
    </div>
  );
}

function VariantTools({ index }: { index: number }) {
  const variant = useStore((s) => s.variants[index - 1]);
  const removeVariant = useStore((s) => s.removeVariant);
  const promoteVariant = useStore((s) => s.promoteVariant);
  const nameVariant = useStore((s) => s.nameVariant);
  const [name, setName] = useState(variant?.name ?? '');
  const t = useT();
  const lang = useLang();
  useEffect(() => setName(variant?.name ?? ''), [variant?.name]);
  if (!variant) return null;
  const commitName = () => nameVariant(index, name);
  return (
    <div className="variant-tools" data-testid="variant-tools">
      <p className="variant-diff" data-testid="variant-diff">
        <strong>{t('runset.differs')}</strong> {patchSummary(variant.patch, lang)}
      </p>
      <div className="run-set-row">
        <label className="variant-name">
          {t('runset.label')}{' '}
          <input
            type="text"
            value={name}
            maxLength={MAX_VARIANT_NAME_LENGTH}
            placeholder={variant.letter.toUpperCase()}
            onChange={(e) => setName(e.target.value)}
            onBlur={commitName}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
        </label>
        <button type="button" className="small" data-testid="promote-variant" title={t('runset.promote.hint')} onClick={() => promoteVariant(index)}>
          {t('runset.promote')}
        </button>
        <button type="button" className="small" data-testid="remove-variant" onClick={() => removeVariant(index)}>
          {t('runset.remove')}
        </button>
      </div>
    </div>
  );
}
