import { useShownGradientView, useStore } from '../../store/store';
import { useT } from '../useT';

/** The δ / ∇W switch (the store's `gradientView`), for a card's `actions`. */
export function GradientViewToggle() {
  // A lesson's symbol under the pointer previews a view: the switch shows what the charts show.
  const view = useShownGradientView();
  const setView = useStore((s) => s.setGradientView);
  const t = useT();
  return (
    <fieldset className="segmented" aria-label={t('chart.view.label')}>
      <button
        type="button"
        aria-pressed={view === 'delta'}
        title={t('chart.view.delta')}
        onClick={() => setView('delta')}
      >
        δ = dL/dz
      </button>
      <button
        type="button"
        aria-pressed={view === 'weight'}
        title={t('chart.view.weight')}
        onClick={() => setView('weight')}
      >
        dL/dW
      </button>
    </fieldset>
  );
}
