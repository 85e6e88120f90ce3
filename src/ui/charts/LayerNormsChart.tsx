// Per-layer gradient norms over training: one line per layer on a log axis, coloured by
// depth (viridis: input dark purple, readout yellow). Lines that fan out by orders of
// magnitude are exploding or vanishing gradients. A legend highlights one layer (stored
// in `highlightedLayer`, shared with the other per-layer charts).
import { type CSSProperties, useMemo, useState } from 'react';
import { useStore } from '../../store/store';
import { useHistory } from '../useHistory';
import { ChartCard } from './ChartCard';
import { ChartFrame, PlotClip, SeriesPath } from './ChartFrame';
import {
  layerIndices,
  layerName,
  layerSeries,
  quickLayers,
  statForView,
  statLabel,
  SWATCH_LEGEND_MAX,
  toggleLayer,
  validLayer,
} from './layerNormsModel';
import { layerColor, viridis } from './palette';
import { GradientViewToggle } from './GradientViewToggle';
import { formatNumber, logTicks, stepDomain } from './scale';
import './charts-extra.css';

/** A latest value for the legend; NaN spelled out (formatNumber shows a dash). */
function formatLatest(v: number): string {
  return Number.isNaN(v) ? 'NaN' : formatNumber(v);
}


export function LayerNormsChart() {
  const { history, version } = useHistory();
  const gradientView = useStore((s) => s.gradientView);
  const stored = useStore((s) => s.highlightedLayer);
  const setHighlighted = useStore((s) => s.setHighlightedLayer);
  const [preview, setPreview] = useState<number | null>(null);
  const stat = statForView(gradientView);
  const label = statLabel(gradientView);

  const view = useMemo(() => {
    void version;
    const L = history.numLayers;
    const lines = layerSeries(
      history.length,
      L,
      (i) => history.stepAt(i),
      (i) => history.layerRow(stat, i),
    );
    const latest = history.stepsSeen > 0 ? history.latestLayer(stat).slice() : new Float64Array(L).fill(Number.NaN);
    const lastStep = Math.max(1, history.lastStep);
    return {
      ...lines,
      L,
      latest,
      xDomain: stepDomain(lastStep),
    };
  }, [history, version, stat]);

  const { L } = view;
  const highlighted = validLayer(stored, L);
  const shown = validLayer(preview, L) ?? highlighted;
  const pick = (layer: number) => {
    setPreview(null);
    setHighlighted(toggleLayer(highlighted, layer));
  };
  const hover = {
    enter: (layer: number) => () => setPreview(layer),
    leave: () => setPreview(null),
  };

  // Draw order: every other layer first, the shown one last (on top).
  const order = layerIndices(L).filter((l) => l !== shown);
  if (shown !== null) order.push(shown);

  const footer = (
    <div className="layer-legend">
      {L <= SWATCH_LEGEND_MAX ? (
        <fieldset className="layer-swatches" aria-label="Highlight a layer">
          {layerIndices(L).map((l) => (
            <button
              key={l}
              type="button"
              className="layer-swatch"
              aria-pressed={highlighted === l}
              onClick={() => pick(l)}
              onMouseEnter={hover.enter(l)}
              onMouseLeave={hover.leave}
              onFocus={hover.enter(l)}
              onBlur={hover.leave}
            >
              <span className="swatch" style={{ background: layerColor(l, L) }} aria-hidden="true" />
              {layerName(l, L)}
            </button>
          ))}
        </fieldset>
      ) : (
        <CompactLegend L={L} highlighted={highlighted} pick={pick} set={setHighlighted} enter={hover.enter} leave={hover.leave} />
      )}
      <span className="layer-readout" aria-live="polite">
        {shown === null ? (
          'Pick a layer to highlight it.'
        ) : (
          <>
            <span className="swatch" style={{ background: layerColor(shown, L) }} aria-hidden="true" />
            <strong>{layerName(shown, L)}</strong>: latest {label} = {formatLatest(view.latest[shown])}
          </>
        )}
      </span>
      {view.nonFinite > 0 && <span className="flag">{view.nonFinite} non-finite values (NaN/∞) not drawn</span>}
    </div>
  );

  return (
    <ChartCard
      id="layer-norms"
      title="Per-layer gradient norms over training"
      explain={
        <>
          One line per layer, coloured from the input layer (dark purple) to the readout (yellow), log scale. Lines spread apart by orders
          of magnitude mean the gradient explodes or vanishes with depth; in a healthy network they stay close together.
        </>
      }
      actions={<GradientViewToggle />}
      footer={footer}
    >
      <ChartFrame
        ariaLabel={`Gradient norm ${label} of each of ${L} layers over training steps`}
        x={{ domain: [0, view.xDomain[1]], label: 'step' }}
        y={{ domain: view.yDomain, label, log: true, ticks: logTicks(view.yDomain) }}
      >
        <PlotClip>
          {order.map((l) => (
            <SeriesPath
              key={l}
              points={view.series[l]}
              color={layerColor(l, L)}
              width={l === shown ? 3.5 : 1.5}
              opacity={shown === null || l === shown ? 1 : 0.2}
              testId={`series-layer-${l}`}
            />
          ))}
        </PlotClip>
      </ChartFrame>
    </ChartCard>
  );
}

interface CompactLegendProps {
  L: number;
  highlighted: number | null;
  pick: (layer: number) => void;
  set: (layer: number | null) => void;
  enter: (layer: number) => () => void;
  leave: () => void;
}

/** For many layers: a colour ramp with a slider over it, and buttons for a few layers. */
function CompactLegend({ L, highlighted, pick, set, enter, leave }: CompactLegendProps) {
  const ramp: CSSProperties = {
    background: `linear-gradient(to right, ${Array.from({ length: 11 }, (_, i) => viridis(i / 10)).join(', ')})`,
  };
  return (
    <div className="layer-compact">
      <div className="layer-ramp-wrap">
        <div className="layer-ramp" style={ramp} aria-hidden="true" />
        <input
          type="range"
          className="layer-range"
          min={0}
          max={L - 1}
          step={1}
          value={highlighted ?? 0}
          aria-label="Highlighted layer"
          aria-valuetext={highlighted === null ? 'none' : layerName(highlighted, L)}
          onChange={(e) => set(Number(e.currentTarget.value))}
        />
        <div className="layer-ramp-ends" aria-hidden="true">
          <span>input</span>
          <span>readout</span>
        </div>
      </div>
      <fieldset className="layer-swatches" aria-label="Highlight a layer">
        {quickLayers(L).map((l) => (
          <button
            key={l}
            type="button"
            className="layer-swatch"
            aria-pressed={highlighted === l}
            onClick={() => pick(l)}
            onMouseEnter={enter(l)}
            onMouseLeave={leave}
            onFocus={enter(l)}
            onBlur={leave}
          >
            <span className="swatch" style={{ background: layerColor(l, L) }} aria-hidden="true" />
            {layerName(l, L)}
          </button>
        ))}
        <button type="button" className="small" disabled={highlighted === null} onClick={() => set(null)}>
          Clear
        </button>
      </fieldset>
    </div>
  );
}
