import { useStore } from '../../store/store';

/** The δ / ∇W switch (the store's `gradientView`), for a card's `actions`. */
export function GradientViewToggle() {
  const view = useStore((s) => s.gradientView);
  const setView = useStore((s) => s.setGradientView);
  return (
    <fieldset className="segmented" aria-label="Gradient shown">
      <button
        type="button"
        aria-pressed={view === 'delta'}
        title="δ = ∂loss/∂(pre-activation): the gradient flowing backwards through each layer"
        onClick={() => setView('delta')}
      >
        δ = dL/dz
      </button>
      <button
        type="button"
        aria-pressed={view === 'weight'}
        title="∂loss/∂W: the gradient of each layer's weights"
        onClick={() => setView('weight')}
      >
        dL/dW
      </button>
    </fieldset>
  );
}
